"""One electronic result issued for a dossier: its essentials, the PDF and the agency's signature."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ElectronicResult(models.Model):
    dossier = models.OneToOneField(
        "dossiers.Dossier", verbose_name=_("dossier"), on_delete=models.PROTECT, related_name="e_result"
    )
    number = models.CharField(_("document number"), max_length=60, unique=True)
    issued_on = models.DateField(_("issued on"))
    content_hash = models.CharField(_("hash of the essentials"), max_length=64)
    pdf = models.BinaryField(_("PDF"))
    pdf_sha256 = models.CharField(_("hash of the PDF"), max_length=64)
    signature = models.BinaryField(_("agency signature (CMS)"), blank=True)
    signer = models.CharField(_("signed by"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        app_label = "dossiers"
        verbose_name = _("electronic result")
        verbose_name_plural = _("electronic results")

    def __str__(self) -> str:
        return self.number
