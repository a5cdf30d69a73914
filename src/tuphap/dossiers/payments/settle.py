"""What a fee paid online does to its dossier once the gateway confirmed it: settles the fee
(at once when the handler asked for it; at receipt for one paid at submission), or is due back
to the payer (the application refused or withdrawn, the fee paid twice, the fee changed before
receipt). The refund itself is the gateway's business: tuphap records that it is due, audits
it and shows it to staff.

The dossier services call these inside their transaction, under the dossier's row lock
(``dossier_accept``, ``dossier_refuse``, the withdrawal); this module imports no service, so that
the services may import it (``payments.services`` imports the services)."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db.models import QuerySet

from tuphap.core.services import audit_record
from tuphap.dossiers import workflow
from tuphap.dossiers.changes import queue_changed
from tuphap.dossiers.models import Dossier
from tuphap.dossiers.payments.models import Payment

log = logging.getLogger(__name__)


def paid(dossier: Dossier) -> QuerySet[Payment]:
    """The dossier's payments that the gateway confirmed and that are not due back."""
    return Payment.objects.filter(dossier=dossier, status=Payment.Status.PAID, refund_due_at__isnull=True)


def receipt_data(payment: Payment) -> dict[str, Any]:
    """What an event of the control slip carries of a payment."""
    return {"reference": payment.reference, "receipt": payment.receipt_number, "amount": payment.amount}


def mark_paid_online(dossier: Dossier) -> None:
    """``Dossier.online_payment`` (what the reports count as paid online) for a fee paid outside a
    workflow action; the reports' queue takes the change, as after an event."""
    if not dossier.online_payment:
        Dossier.objects.filter(pk=dossier.pk).update(online_payment=True)
        dossier.online_payment = True
        queue_changed([dossier.pk])


def settle(payment: Payment, at: dt.datetime) -> None:
    payment.settled_at = at
    payment.save(update_fields=["settled_at"])
    audit_record(actor=None, action="payment.settled", obj=payment.dossier, after=receipt_data(payment))


def refund(payment: Payment, at: dt.datetime, reason: str) -> None:
    """Record that a paid payment is due back, and why (``Payment.RefundReason``)."""
    payment.refund_due_at = at
    payment.refund_reason = reason
    payment.save(update_fields=["refund_due_at", "refund_reason"])
    log.info("payment %s of dossier %s is due back: %s", payment.reference, payment.dossier_id, reason)
    audit_record(
        actor=None,
        action="payment.refund_due",
        obj=payment.dossier,
        after={**receipt_data(payment), "reason": reason},
    )


def settle_at_receipt(dossier: Dossier, at: dt.datetime) -> dict[str, Any] | None:
    """In ``dossier_accept``, once the procedure version of the receipt is chosen: a fee paid online
    at submission settles the dossier's fee when it is that version's fee (no fee pause needed; the
    receipt event carries what is returned); otherwise it is due back, as is any second payment.
    Sets ``dossier.online_payment`` for the caller to save."""
    waiting = list(paid(dossier).filter(settled_at__isnull=True).select_for_update().order_by("finished_at", "id"))
    if not waiting:
        return None
    first, *others = waiting
    for extra in others:
        refund(extra, at, Payment.RefundReason.PAID_TWICE)
    if workflow.fee_settled_at_receipt(first.amount, int(dossier.procedure.fee)):
        settle(first, at)
        dossier.online_payment = True
        return receipt_data(first)
    refund(first, at, Payment.RefundReason.FEE_CHANGED)
    dossier.online_payment = paid(dossier).exclude(pk=first.pk).exists()
    return None


def refund_if_paid(dossier: Dossier, at: dt.datetime) -> int:
    """In ``dossier_refuse`` and the withdrawal: every fee paid online for the dossier is now due back.
    How many."""
    if not workflow.refund_due(dossier.state):
        return 0
    reason = Payment.RefundReason.REFUSED if dossier.state == workflow.State.REFUSED else Payment.RefundReason.WITHDRAWN
    payments = list(paid(dossier).select_for_update())
    for payment in payments:
        refund(payment, at, reason)
    return len(payments)


def taken_after_receipt(payment: Payment, dossier: Dossier, at: dt.datetime) -> None:
    """A payment the gateway confirmed while the dossier was not waiting for its fee (the
    ``awaiting_payment`` case is the workflow's ``fee_paid``): before receipt it is kept for the
    receipt to settle; for a dossier refused, withdrawn or closed, or whose fee is already settled,
    it is due back; for a dossier being handled whose fee is unsettled (the confirmation arrived
    after the desk received it) it settles the fee when it is the fee of the dossier's version."""
    state = workflow.State(dossier.state)
    others = paid(dossier).exclude(pk=payment.pk)
    if state == workflow.State.SUBMITTED:
        if others.exists():
            refund(payment, at, Payment.RefundReason.PAID_TWICE)
        else:
            mark_paid_online(dossier)
        return
    if workflow.refund_due(state):
        reason = Payment.RefundReason.REFUSED if state == workflow.State.REFUSED else Payment.RefundReason.WITHDRAWN
        refund(payment, at, reason)
        return
    if others.filter(settled_at__isnull=False).exists():
        refund(payment, at, Payment.RefundReason.PAID_TWICE)
        return
    if state not in workflow.OPEN_STATES:
        refund(payment, at, Payment.RefundReason.CLOSED)
        return
    if workflow.fee_settled_at_receipt(payment.amount, int(dossier.procedure.fee)):
        settle(payment, at)
        mark_paid_online(dossier)
        return
    refund(payment, at, Payment.RefundReason.FEE_CHANGED)
