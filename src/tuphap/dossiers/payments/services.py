"""Opening a payment for a dossier awaiting its fee, and taking the gateway's
notification: checked, idempotent, recorded with an electronic receipt, and the
fee pause of the workflow resumed (``dossier_fee_paid`` with ``online=True``,
which is what the reports count as paid online)."""

from __future__ import annotations

import logging
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.core.errors import ConflictError
from tuphap.core.services import audit_record
from tuphap.dossiers import services as dossier_services
from tuphap.dossiers.models import Dossier
from tuphap.dossiers.payments.gateway import BadNotification, Gateway, Notification
from tuphap.dossiers.payments.models import Payment
from tuphap.dossiers.workflow import State

log = logging.getLogger(__name__)


def amount_due(dossier: Dossier) -> int:
    """The fee of the procedure version the dossier was received under. Reductions
    and exemptions (``fee_note``) are not computed: a dossier entitled to one is
    settled at the desk, not online."""
    return int(dossier.procedure.fee)


def check_payable(dossier: Dossier) -> int:
    """The amount to pay now; ``ConflictError`` when there is nothing to pay online."""
    if dossier.state != State.AWAITING_PAYMENT:
        raise ConflictError(_("This dossier is not waiting for a fee."), code="not_awaiting_payment")
    amount = amount_due(dossier)
    if amount <= 0:
        raise ConflictError(_("This procedure has no fee to pay online."), code="no_fee")
    return amount


def payment_open(*, dossier: Dossier, gateway: Gateway, return_url: str, notify_url: str) -> tuple[Payment, str]:
    """A new pending payment of the fee; the gateway's page to pay. ``return_url``
    may hold ``{reference}``, filled in here."""
    amount = check_payable(dossier)
    reference = f"TT{timezone.now():%y%m%d}{secrets.token_hex(6).upper()}"
    payment = Payment.objects.create(dossier=dossier, reference=reference, gateway=gateway.name, amount=amount)
    pay_url = gateway.create(
        reference=reference,
        amount=amount,
        description=f"Phí, lệ phí hồ sơ {dossier.code}",
        return_url=return_url.replace("{reference}", reference),
        notify_url=notify_url,
    )
    audit_record(actor=None, action="payment.open", obj=dossier, after={"reference": reference, "amount": amount})
    return payment, pay_url


def _receipt_number(payment: Payment) -> str:
    return f"BL{timezone.localtime(payment.finished_at):%Y}-{payment.pk:07d}"


def payment_notified(*, gateway: Gateway, body: bytes, signature: str) -> Payment:
    """Take one notification. Raises ``BadNotification`` when it is not signed
    with our secret or names no payment of ours, ``ConflictError`` when it
    contradicts what we hold (another amount, another transaction for a paid
    payment). A repeated notification changes nothing but the count."""
    note: Notification = gateway.verify(body, signature)
    with transaction.atomic():
        payment = Payment.objects.select_for_update().filter(reference=note.reference).first()
        if payment is None:
            raise BadNotification(f"unknown payment reference {note.reference!r}")
        payment.notifications += 1
        payment.save(update_fields=["notifications"])
        if note.amount != payment.amount:
            log.warning("payment %s: notified amount %s, expected %s", payment.reference, note.amount, payment.amount)
            raise ConflictError("amount mismatch", code="amount_mismatch")
        if payment.status != Payment.Status.PENDING:
            if payment.status == Payment.Status.PAID and note.paid and note.transaction != payment.transaction:
                raise ConflictError("another transaction for a paid payment", code="transaction_mismatch")
            return payment  # repeated: nothing more to do
        payment.transaction = note.transaction
        payment.finished_at = timezone.now()
        if not note.paid:
            payment.status = Payment.Status.FAILED
            payment.save(update_fields=["transaction", "finished_at", "status"])
            audit_record(
                actor=None, action="payment.failed", obj=payment.dossier, after={"reference": payment.reference}
            )
            return payment
        payment.status = Payment.Status.PAID
        payment.save(update_fields=["transaction", "finished_at", "status"])
        payment.receipt_number = _receipt_number(payment)
        payment.save(update_fields=["receipt_number"])
        dossier = Dossier.objects.select_related("procedure", "agency").get(pk=payment.dossier_id)
        if dossier.state == State.AWAITING_PAYMENT:
            dossier_services.dossier_fee_paid(
                actor=None,
                dossier=dossier,
                online=True,
                data={"reference": payment.reference, "receipt": payment.receipt_number, "amount": payment.amount},
            )
        else:
            # paid after the desk recorded the fee some other way: kept, flagged for the desk to refund or match
            log.warning("payment %s paid while dossier %s is %s", payment.reference, dossier.code, dossier.state)
        audit_record(
            actor=None,
            action="payment.paid",
            obj=dossier,
            after={"reference": payment.reference, "receipt": payment.receipt_number, "amount": payment.amount},
        )
    return payment
