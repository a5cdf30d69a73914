"""Reads for the citizen's own dossiers: never another's (a code that is not theirs
is the same as a code that does not exist)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from tuphap.dossiers.models import Channel, Dossier, OnlineApplication
from tuphap.dossiers.online.models import OnlineDraftFile
from tuphap.dossiers.online.rules import electronic_receipt_instant
from tuphap.dossiers.payments.models import Payment
from tuphap.dossiers.selectors import dossiers_visible
from tuphap.dossiers.workflow import FEE_PAYABLE, State, fee_payable
from tuphap.workdays.selectors import office_clock


def citizen_dossiers(user: Any) -> QuerySet[Dossier]:
    """The citizen's submitted dossiers, newest first."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Dossier.objects.none()
    return (
        Dossier.objects.filter(online__citizen=user)
        .select_related("procedure", "online")
        .order_by("-received_at", "-id")
    )


def citizen_dossier(user: Any, code: str) -> Dossier | None:
    return citizen_dossiers(user).filter(code=code).first()


def fee_unpaid(dossiers: list[Dossier]) -> set[int]:
    """Of the citizen's dossiers, those whose fee may be paid online now and is not paid
    (``workflow.fee_payable``; the amount is the detail page's): one query for the list."""
    candidates = [d for d in dossiers if d.state in FEE_PAYABLE and d.procedure.fee > 0]
    if not candidates:
        return set()
    paid = set(
        Payment.objects.filter(
            dossier__in=candidates, status=Payment.Status.PAID, refund_due_at__isnull=True
        ).values_list("dossier_id", flat=True)
    )
    return {d.pk for d in candidates if fee_payable(d.state, online=d.channel == Channel.ONLINE, paid=d.pk in paid)}


def citizen_draft(user: Any, procedure_code: str) -> OnlineApplication | None:
    return OnlineApplication.objects.filter(citizen=user, procedure_code=procedure_code, dossier__isnull=True).first()


def citizen_draft_file(user: Any, procedure_code: str, pk: int) -> OnlineDraftFile | None:
    """A file kept with the user's own draft of a procedure; None for anyone else's."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return OnlineDraftFile.objects.filter(
        pk=pk, draft__citizen=user, draft__procedure_code=procedure_code, draft__dossier__isnull=True
    ).first()


def citizen_drafts(user: Any) -> QuerySet[OnlineApplication]:
    return OnlineApplication.objects.filter(citizen=user, dossier__isnull=True).order_by("-updated_at")


# --------------------------------------------------------------------------- the desk: online dossiers waiting


def counted_from(clock: Any, submitted_at: dt.datetime) -> dt.datetime:
    """When an online submission starts to count: the instant itself in office hours, else the
    next opening of the office (after hours, on a day off) on the agency's calendar."""
    return electronic_receipt_instant(clock, submitted_at)


def online_waiting(user: Any, *, at: dt.datetime | None = None) -> list[dict[str, Any]]:
    """Online dossiers waiting for the desk (state ``submitted``) that the officer may see, oldest
    first, each with the office time it has waited since it started to count, against
    ``TUPHAP_ONLINE_INTAKE_WORKING_HOURS`` (the desk's time to check an online dossier: a setting,
    its legal figure unconfirmed, docs/online.md)."""
    now = at or timezone.now()
    limit = int(getattr(settings, "TUPHAP_ONLINE_INTAKE_WORKING_HOURS", 8)) * 3600
    rows = []
    qs = (
        dossiers_visible(user)
        .filter(state=State.SUBMITTED, channel=Channel.ONLINE)
        .select_related("online")
        .order_by("received_at", "id")
    )
    for dossier in qs[:500]:
        clock = office_clock(dossier.agency)
        start = counted_from(clock, dossier.received_at)
        waited = clock.elapsed(start, now)
        rows.append({"d": dossier, "counted_from": start, "waited_hours": waited / 3600, "late": waited > limit})
    return rows
