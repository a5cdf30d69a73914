"""A payment of a dossier's fee through a gateway, and its electronic receipt."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Payment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the gateway")
        PAID = "paid", _("Paid")
        FAILED = "failed", _("Not paid")

    dossier = models.ForeignKey(
        "dossiers.Dossier", verbose_name=_("dossier"), on_delete=models.PROTECT, related_name="payments"
    )
    reference = models.CharField(_("payment reference"), max_length=40, unique=True)
    gateway = models.CharField(_("gateway"), max_length=20)
    amount = models.PositiveBigIntegerField(_("amount (VND)"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    transaction = models.CharField(_("gateway transaction"), max_length=64, blank=True)
    notifications = models.PositiveIntegerField(_("notifications received"), default=0)
    receipt_number = models.CharField(_("receipt number"), max_length=30, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        app_label = "dossiers"
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=["pending", "paid", "failed"]), name="payment_status_valid"),
            models.CheckConstraint(
                condition=Q(receipt_number__isnull=True) | Q(status="paid"), name="payment_receipt_only_when_paid"
            ),
        ]

    def __str__(self) -> str:
        return self.reference
