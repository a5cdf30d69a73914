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

    class RefundReason(models.TextChoices):
        REFUSED = "refused", _("The desk refused the application")
        WITHDRAWN = "withdrawn", _("The applicant withdrew the dossier")
        PAID_TWICE = "paid_twice", _("The fee was already paid")
        FEE_CHANGED = "fee_changed", _("The fee changed before the dossier was received")
        CLOSED = "closed", _("The dossier was closed before the payment was confirmed")

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
    #: when the payment was taken as the dossier's fee (the desk received a dossier paid at
    #: submission, or the fee the handler asked for was paid); empty while it is not (yet)
    settled_at = models.DateTimeField(_("settled at"), null=True, blank=True)
    #: a paid payment that nothing is paid for any more: the money is due back (the refund is the gateway's)
    refund_due_at = models.DateTimeField(_("refund due since"), null=True, blank=True)
    refund_reason = models.CharField(_("refund reason"), max_length=12, choices=RefundReason.choices, blank=True)

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
            models.CheckConstraint(
                condition=(Q(refund_due_at__isnull=True) & Q(refund_reason="")) | Q(status="paid"),
                name="payment_refund_only_when_paid",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def refund_is_due(self) -> bool:
        return self.refund_due_at is not None
