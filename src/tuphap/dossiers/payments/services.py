"""Opening a payment of a dossier's fee, and taking the gateway's notification:
checked, idempotent, recorded with an electronic receipt. Two moments to pay
(``workflow.fee_payable``): an application made online, right after submission
and until the desk receives it (the receipt settles the fee, ``payments.settle``);
and a dossier whose fee the handler asked for, whose fee pause the payment
resumes (``dossier_fee_paid`` with ``online=True``). Either sets
``Dossier.online_payment``, which is what the reports count as paid online."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.core.errors import ConflictError
from tuphap.core.services import audit_record
from tuphap.dossiers import services as dossier_services
from tuphap.dossiers import workflow
from tuphap.dossiers.models import Channel, Dossier, Procedure
from tuphap.dossiers.online.rules import electronic_receipt_instant
from tuphap.dossiers.payments import settle
from tuphap.dossiers.payments.gateway import BadNotification, Gateway, Notification
from tuphap.dossiers.payments.models import Payment
from tuphap.dossiers.procedures import procedure_for
from tuphap.dossiers.workflow import State
from tuphap.workdays.selectors import office_clock

log = logging.getLogger(__name__)


def version_at_receipt(dossier: Dossier, *, at: dt.datetime | None = None) -> Procedure:
    """The procedure version a dossier still waiting for the desk would be received under if the
    desk received it now (``dossier_accept``: the version in force at the receipt instant, for an
    online dossier the next working time after office hours); the version of its submission when
    none is in force then (the desk would refuse it)."""
    now = at or timezone.now()
    start = (
        electronic_receipt_instant(office_clock(dossier.agency_id), now) if dossier.channel == Channel.ONLINE else now
    )
    try:
        return procedure_for(dossier.procedure.code, on=timezone.localtime(start).date())
    except ValidationError:
        return dossier.procedure


def amount_due(dossier: Dossier) -> int:
    """The fee to pay: the fee of the procedure version the dossier was received under, or, before
    receipt, of the version it will be received under (``version_at_receipt``; the receipt checks
    it again, ``settle.settle_at_receipt``). Reductions and exemptions (``fee_note``) are not
    computed: a dossier entitled to one is settled at the desk, not online."""
    if dossier.state == State.SUBMITTED:
        return int(version_at_receipt(dossier).fee)
    return int(dossier.procedure.fee)


def has_paid(dossier: Dossier) -> bool:
    """Whether a payment of the dossier's fee is confirmed and not due back."""
    return settle.paid(dossier).exists()


def check_payable(dossier: Dossier) -> int:
    """The amount to pay now; ``ConflictError`` when there is nothing to pay online."""
    online = dossier.channel == Channel.ONLINE
    if not workflow.fee_payable(
        dossier.state, online=online, paid=dossier.state == State.SUBMITTED and has_paid(dossier)
    ):
        if dossier.state == State.SUBMITTED and online:
            raise ConflictError(_("The fee of this dossier is already paid."), code="already_paid")
        raise ConflictError(_("This dossier is not waiting for a fee."), code="not_awaiting_payment")
    amount = amount_due(dossier)
    if amount <= 0:
        raise ConflictError(_("This procedure has no fee to pay online."), code="no_fee")
    return amount


def may_pay(dossier: Dossier) -> bool:
    """Whether the pages offer paying online now (``check_payable`` would take it)."""
    try:
        check_payable(dossier)
    except ConflictError:
        return False
    return True


def payment_open(*, dossier: Dossier, gateway: Gateway, return_url: str, notify_url: str) -> tuple[Payment, str]:
    """A new pending payment of the fee; the gateway's page to pay. ``return_url``
    may hold ``{reference}``, filled in here."""
    amount = check_payable(dossier)
    reference = f"TT{timezone.now():%y%m%d}{secrets.token_hex(6).upper()}"
    with transaction.atomic():  # the gateway down (GatewayError): nothing recorded
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
        owner = Payment.objects.filter(reference=note.reference).values_list("dossier_id", flat=True).first()
        if owner is None:
            raise BadNotification(f"unknown payment reference {note.reference!r}")
        # the dossier's row lock first, as the workflow's actions take it (the desk's receipt settles
        # payments under it): a notification and a receipt at once wait for each other, never cross
        dossier = Dossier.objects.select_for_update().select_related("procedure", "agency").get(pk=owner)
        payment = Payment.objects.select_for_update().get(reference=note.reference)
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
            audit_record(actor=None, action="payment.failed", obj=dossier, after={"reference": payment.reference})
            return payment
        payment.status = Payment.Status.PAID
        payment.save(update_fields=["transaction", "finished_at", "status"])
        payment.receipt_number = _receipt_number(payment)
        payment.save(update_fields=["receipt_number"])
        audit_record(
            actor=None,
            action="payment.paid",
            obj=dossier,
            after={"reference": payment.reference, "receipt": payment.receipt_number, "amount": payment.amount},
        )
        if dossier.state == State.AWAITING_PAYMENT:
            dossier_services.dossier_fee_paid(
                actor=None, dossier=dossier, online=True, data=settle.receipt_data(payment)
            )
            settle.settle(payment, payment.finished_at or timezone.now())
        else:
            # paid at submission (kept for the receipt to settle), or for nothing (due back)
            settle.taken_after_receipt(payment, dossier, payment.finished_at or timezone.now())
    return payment


def payment_summary(dossier: Dossier) -> dict[str, Any]:
    """What the citizen's pages and the API say of the dossier's fee: the amount, the state
    (``none`` no fee to pay online, ``due`` to pay now, ``pending`` waiting for the gateway,
    ``failed`` the last attempt failed, ``paid``, ``refund_due``), the receipt and whether the
    fee is settled."""
    payments = list(dossier.payments.all())  # newest first
    good = [p for p in payments if p.status == Payment.Status.PAID and p.refund_due_at is None]
    refunded = [p for p in payments if p.refund_due_at is not None]
    payable = may_pay(dossier)
    fee = amount_due(dossier) if payable else 0
    shown = good[0] if good else (refunded[0] if refunded else (payments[0] if payments else None))
    if good:
        state = "paid"
    elif refunded:
        state = "refund_due"
    elif payments and payments[0].status == Payment.Status.PENDING:
        state = "pending"
    elif payable and payments and payments[0].status == Payment.Status.FAILED:
        state = "failed"
    elif payable:
        state = "due"
    else:
        state = "none"
    return {
        "amount": shown.amount if shown is not None and state in {"paid", "refund_due", "pending"} else fee,
        "state": state,
        "may_pay": payable,
        "reference": shown.reference if shown is not None else "",
        "receipt_number": (shown.receipt_number or "") if shown is not None else "",
        "paid_at": shown.finished_at if shown is not None and shown.status == Payment.Status.PAID else None,
        "settled": bool(good and good[0].settled_at),
        "refund_reason": refunded[0].get_refund_reason_display() if refunded and not good else "",
        "payment": shown,
    }
