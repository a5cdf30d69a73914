"""Reads of dossiers: scoped lists, overdue and due-soon, the public look-up."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from tuphap.dossiers.models import Dossier, Procedure
from tuphap.dossiers.workflow import Facts, State, timeliness
from tuphap.orgs.permissions import can, roles_of
from tuphap.orgs.roles import Role
from tuphap.workdays.selectors import office_clock

RUNNING = [State.RECEIVED, State.IN_PROCESS]
OPEN = [State.SUBMITTED, State.RECEIVED, State.IN_PROCESS, State.SUPPLEMENT_REQUESTED, State.AWAITING_PAYMENT]


def procedures_current(on: dt.date | None = None) -> QuerySet[Procedure]:
    """The catalogue in force on a date: the latest valid version of each code."""
    day = on or timezone.localdate()
    return (
        Procedure.objects.filter(valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .select_related("unit", "agency")
        .order_by("code", "-version")
        .distinct()
    )


def procedures_catalogue(on: dt.date | None = None) -> list[Procedure]:
    """The catalogue in force as the desk and the public pages list it: one (the
    newest valid) version per code, by field and name."""
    seen: set[str] = set()
    out = []
    for p in procedures_current(on):
        if p.code not in seen:
            seen.add(p.code)
            out.append(p)
    return sorted(out, key=lambda p: (p.field, p.name))


def staff_scope[M: Model](
    user: Any, qs: QuerySet[M], *, desk: Callable[[QuerySet[M], Any], QuerySet[M]]
) -> QuerySet[M]:
    """What a staff member sees of ``qs`` by where they sit: all for directors (``orgs.view_all_units``);
    nothing without a unit; for the one-stop desk, ``desk(qs, their staff profile)``; else their unit's."""
    if can(user, "orgs.view_all_units"):
        return qs
    profile = getattr(user, "staff_profile", None)
    if profile is None or profile.unit_id is None:
        return qs.none()
    if Role.RECEPTION in roles_of(user):
        return desk(qs, profile)
    return qs.filter(unit_id=profile.unit_id)


def _desk_dossiers(qs: QuerySet[Dossier], profile: Any) -> QuerySet[Dossier]:
    """The desk sees its agency's dossiers and those of its predecessors and successors (the 2025 merger)."""
    from tuphap.orgs.selectors import lineage_ids

    return qs.filter(agency_id__in=sorted(lineage_ids(profile.unit.agency_id)))


def dossiers_visible(user: Any) -> QuerySet[Dossier]:
    """The dossiers a staff member may see: all for directors; the agency's for the desk; the unit's otherwise."""
    qs = Dossier.objects.select_related("procedure", "unit", "handler", "agency", "receiving_point")
    return staff_scope(user, qs, desk=_desk_dossiers)


def dossiers_overdue(*, unit: Any = None, at: dt.datetime | None = None) -> QuerySet[Dossier]:
    """Open, clock running, appointment passed (uses the unit/state/due index)."""
    now = at or timezone.now()
    qs = Dossier.objects.filter(state__in=RUNNING, due_at__lt=now)
    if unit is not None:
        qs = qs.filter(unit=unit)
    return qs.order_by("due_at")


def dossiers_due_soon(*, unit: Any = None, at: dt.datetime | None = None) -> QuerySet[Dossier]:
    """Open, clock running, appointment within the next working day."""
    now = at or timezone.now()
    clock = office_clock()
    limit = clock.due_at(now, 1, "working_days")
    qs = Dossier.objects.filter(state__in=RUNNING, due_at__gte=now, due_at__lte=limit)
    if unit is not None:
        qs = qs.filter(unit=unit)
    return qs.order_by("due_at")


def public_lookup(code: str, phone_last4: str) -> Dossier | None:
    """The dossier if the code and the last four phone digits match; else None
    (the same answer for a wrong code and a wrong phone)."""
    if not code or len(code) > 40 or len(phone_last4) != 4 or not phone_last4.isdigit():
        return None
    dossier = Dossier.objects.select_related("procedure").filter(code=code.strip()).first()
    if dossier is None or not dossier.applicant_phone.endswith(phone_last4):
        return None
    return dossier


def dossier_facts(dossier: Dossier) -> Facts:
    """The facts ``workflow.allowed_actions`` decides a page's offers from."""
    return Facts(
        state=State(dossier.state),
        has_due=dossier.due_at is not None,
        extended=dossier.extensions >= 1,
        supplement_requested=dossier.supplement_requests >= 1,
        rated=bool(dossier.rating),
    )


def lateness(dossier: Dossier, at: dt.datetime | None = None) -> str:
    """early / on_time / late for finished dossiers; within / overdue for open ones."""
    if dossier.due_at is None:
        return "none"
    if dossier.finished_at is not None:
        return timeliness(dossier.finished_at, dossier.due_at)
    now = at or timezone.now()
    if dossier.state in (State.SUPPLEMENT_REQUESTED, State.AWAITING_PAYMENT):
        return "within"
    return "overdue" if now > dossier.due_at else "within"


# --------------------------------------------------------------------------- the desk and the inbox (issue 5)

DESK_WORK = [State.SUBMITTED, State.RESOLVED, State.STOPPED]


def dossiers_inbox(
    user: Any, *, scope: str = "unit", state: str = "", due: str = "", q: str = "", at: dt.datetime | None = None
) -> QuerySet[Dossier]:
    """The inbox of a staff member: ``mine`` (handled by me; for the desk,
    dossiers waiting at the desk) or ``unit`` (everything I may see), with
    the state, deadline and text filters."""
    from tuphap.orgs.permissions import roles_of
    from tuphap.orgs.roles import Role

    qs = dossiers_visible(user)
    if scope == "mine":
        mine = Q(handler_id=user.pk)
        if Role.RECEPTION in roles_of(user):
            mine |= Q(state__in=DESK_WORK)
        qs = qs.filter(mine)
    if state:
        qs = qs.filter(state=state)
    now = at or timezone.now()
    if due == "overdue":
        qs = qs.filter(state__in=RUNNING, due_at__lt=now)
    elif due == "due_soon":
        limit = office_clock().due_at(now, 1, "working_days")
        qs = qs.filter(state__in=RUNNING, due_at__gte=now, due_at__lte=limit)
    text = " ".join(q.split())[:100]
    if text:
        qs = qs.filter(Q(code__icontains=text) | Q(applicant_name__icontains=text) | Q(procedure__name__icontains=text))
    return qs.order_by("due_at", "-received_at", "-id") if due else qs.order_by("-received_at", "-id")


def time_left(dossier: Dossier, *, clock: Any, at: dt.datetime) -> dict[str, Any]:
    """The office time left before the appointment: ``level`` is ``ok``,
    ``amber`` (within one working day), ``red`` (overdue), ``paused`` or
    ``done``; ``seconds`` counts office seconds (negative once overdue)."""
    if dossier.due_at is None or dossier.state not in RUNNING:
        level = "paused" if dossier.state in (State.SUPPLEMENT_REQUESTED, State.AWAITING_PAYMENT) else "done"
        return {"level": level, "seconds": None, "timeliness": lateness(dossier, at)}
    if at > dossier.due_at:
        return {"level": "red", "seconds": -clock.elapsed(dossier.due_at, at), "timeliness": "overdue"}
    left = clock.elapsed(at, dossier.due_at)
    day = clock.calendar.hours.seconds_per_day
    return {"level": "amber" if left <= day else "ok", "seconds": left, "timeliness": "within", "seconds_per_day": day}
