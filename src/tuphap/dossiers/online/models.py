"""A file the citizen attached to a draft of an online application: kept with the draft so that
the citizen need not upload it again, stored privately (served only to its owner), one per
component (a new upload replaces it), moved to the dossier at submission, deleted with the draft."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OnlineDraftFile(models.Model):
    draft = models.ForeignKey(
        "dossiers.OnlineApplication", verbose_name=_("draft"), on_delete=models.CASCADE, related_name="draft_files"
    )
    component = models.CharField(_("component"), max_length=40)  # the component's id (``component_<id>``)
    file = models.FileField(_("file"), upload_to="online-drafts/%Y/%m/", max_length=255)
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now=True)

    class Meta:
        app_label = "dossiers"
        verbose_name = _("draft file")
        verbose_name_plural = _("draft files")
        ordering = ["draft", "component"]
        constraints = [models.UniqueConstraint(fields=["draft", "component"], name="online_draft_one_file_each")]

    def __str__(self) -> str:
        return f"{self.draft_id} {self.component} {self.name}"
