"""Every write on dossiers: one service per workflow transition.

Each service checks the role (``workflow.TRANSITIONS``) and the unit scope,
locks the dossier row, checks the state and the optional expected version
(409 when another officer got there first), applies the change, appends the
dossier event (the control slip), queues the national-portal sync record and
the notifications, and writes the audit event, all in one transaction.

Around them: ``actions.dossier_act`` (an action's name to its service, for
the page and the API), ``applicants`` (the applicant's details, cleaned),
``national`` (the national portal's payload) and ``procedures`` (the
catalogue: publishing and the version in force).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from typing import Any, Required, TypedDict, Unpack

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.core import rows
from tuphap.core.errors import ConflictError
from tuphap.core.keywords import bundled
from tuphap.core.notifications import notify, quiet  # noqa: F401 - quiet: services.quiet() for imports and the demo
from tuphap.core.services import acting_user, audit_record
from tuphap.core.text import TextError, clean_code, required_text
from tuphap.core.tz import LOCAL_TZ
from tuphap.dossiers import codes, messages, national, workflow
from tuphap.dossiers.applicants import clean_applicant
from tuphap.dossiers.models import (
    ChangedDossier,
    Channel,
    Dossier,
    DossierEvent,
    DossierPause,
    Procedure,
    SyncRecord,
)
from tuphap.dossiers.online.rules import electronic_receipt_instant
from tuphap.dossiers.payments.settle import refund_if_paid, settle_at_receipt
from tuphap.dossiers.procedures import applied_time_limit, applied_variant, procedure_for
from tuphap.dossiers.procedures import (
    procedure_publish as procedure_publish,  # moved; callers (demo, bench) still find it here
)
from tuphap.dossiers.regimes import RESTART, regime_for
from tuphap.dossiers.workflow import State
from tuphap.orgs.models import Agency, ReceivingPoint, ReceivingPointKind, StaffProfile
from tuphap.orgs.permissions import can, roles_of
from tuphap.orgs.roles import Role
from tuphap.orgs.selectors import agency_in_force, lineage_ids, receiving_point_default
from tuphap.workdays.core import OfficeClock, WorkdaysError
from tuphap.workdays.selectors import estimated_years, office_clock
from tuphap.workdays.subscribers import change_note

User = AbstractBaseUser | AnonymousUser | None
#: No dossier of this department can be older than the state (2 September 1945).
EARLIEST = dt.datetime(1945, 9, 2, tzinfo=LOCAL_TZ)


# --------------------------------------------------------------------------- helpers


def _role_names(actor: User) -> set[str]:
    return {role.value for role in roles_of(actor)}


def _check_role(actor: User, action: str) -> None:
    """Actor None is the system (imports, the calendar's re-timing)."""
    if actor is None:
        return
    if not _role_names(actor) & workflow.TRANSITIONS[action].roles:
        raise PermissionDenied(action)


def _check_scope(actor: User, dossier: Dossier) -> None:
    """Staff act on their own unit's dossiers; the desk on its agency's; directors on all."""
    if actor is None or can(actor, "orgs.view_all_units"):
        return
    profile = getattr(actor, "staff_profile", None)
    unit = profile.unit if profile is not None else None
    if unit is None:
        raise PermissionDenied("no unit")
    if Role.RECEPTION in roles_of(actor) and (
        unit.agency_id == dossier.agency_id or unit.agency_id in lineage_ids(dossier.agency_id)
    ):
        # the desk of the agency in force handles its predecessors' dossiers still open (the 2025 merger)
        return
    if unit.pk != dossier.unit_id:
        raise PermissionDenied("other unit")


def _lock(dossier: Dossier | str, expected_version: int | None) -> Dossier:
    if isinstance(dossier, Dossier) and _PROCEDURE.is_cached(dossier) and _AGENCY.is_cached(dossier):
        # the caller holds the dossier with its procedure version and agency, which never change
        # under a dossier: lock the row alone, without joining them again
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if locked.procedure_id == dossier.procedure_id and locked.agency_id == dossier.agency_id:
            locked.procedure, locked.agency = dossier.procedure, dossier.agency
        if expected_version is not None and locked.version != expected_version:
            raise ConflictError(
                _("The dossier was just updated by someone else; reload it before you act on it."),
                code="stale_version",
            )
        return locked
    code = dossier.code if isinstance(dossier, Dossier) else dossier
    locked = Dossier.objects.select_for_update().select_related("procedure", "agency").get(code=code)
    if expected_version is not None and locked.version != expected_version:
        raise ConflictError(
            _("The dossier was just updated by someone else; reload it before you act on it."), code="stale_version"
        )
    return locked


_PROCEDURE = Dossier._meta.get_field("procedure")
_AGENCY = Dossier._meta.get_field("agency")


def _transition(actor: User, dossier: Dossier, action: str) -> workflow.Transition:
    _check_role(actor, action)
    _check_scope(actor, dossier)
    return _allowed(action, dossier.state)


def _allowed(action: str, state: str) -> workflow.Transition:
    """The workflow's transition for ``action`` from ``state``; a conflict (409) when there is none."""
    try:
        return workflow.transition(action, state)
    except workflow.TransitionError as exc:
        raise ConflictError(str(exc), code="invalid_transition") from None


def _now(at: dt.datetime | None) -> dt.datetime:
    if at is None:
        return timezone.now()
    if timezone.is_naive(at):
        raise ValidationError({"at": _("The time must carry its time-zone offset.")})
    return at


def _compute_due(dossier: Dossier, *, no_pauses: bool = False) -> dt.datetime:
    """The appointment the law binds: receipt + limit (the procedure's, or the
    variant the officer applied), skipping closed pauses (``due_on_clock``)."""
    closed = [] if no_pauses else [p for p in dossier.pauses.all() if p.ended_at is not None]
    amount, unit = applied_time_limit(dossier)
    # the calendar's revision read with the procedure (``procedure_for``), when it is the dossier's agency's
    read = getattr(dossier.procedure, "calendar_revision", None)
    revision = read[1] if read is not None and read[0] == dossier.agency_id else None
    clock = office_clock(dossier.agency_id, revision=revision)
    return due_on_clock(clock, dossier.received_at, amount, unit, closed, channel=dossier.channel)


def due_on_clock(
    clock: OfficeClock,
    received_at: dt.datetime,
    amount: int,
    unit: str,
    closed: Sequence[Any],
    *,
    channel: str = Channel.DESK,
) -> dt.datetime:
    """The appointment on an office clock: receipt + limit, skipping the closed
    pauses (each with ``kind``, ``started_at``, ``ended_at``); under a regime whose
    time limit restarts once the supplement arrives (``regimes.RESTART``), the
    full limit from the end of the last supplement pause. An electronic dossier
    received outside office hours counts from the next working time
    (``online.rules``); its receipt stays the instant it was received, so that
    nothing done on it can come before it. (Also the bulk path's, ``history_bulk``.)"""
    start = electronic_receipt_instant(clock, received_at) if channel == Channel.ONLINE else received_at
    if regime_for(timezone.localtime(start).date()).supplement_clock.value == RESTART:
        restarts = [p.ended_at for p in closed if p.kind == "supplement" and p.ended_at is not None]
        if restarts:
            start = max(restarts)
            closed = [p for p in closed if p.started_at >= start]
    pauses = [(p.started_at, p.ended_at) for p in closed if p.ended_at is not None]
    try:
        return clock.due_at(start, amount, unit, pauses)
    except WorkdaysError as exc:
        raise ValidationError({"received_at": str(exc)}) from None


def receipt_facts(dossier: Dossier) -> None:
    """The service index's facts at receipt (reports/service_index.py): the procedure's components and fee then."""
    dossier.components_required = len(dossier.procedure.components or [])
    dossier.fee_due = dossier.procedure.fee
    dossier.digitised_components = dossier.components_required if dossier.scanned_components else 0


def supplement_lateness(clock: OfficeClock, received_at: dt.datetime, at: dt.datetime) -> tuple[bool, int | str]:
    """Whether a supplement requested at ``at`` is later than the window of the receipt's regime (and the window)."""
    window = regime_for(timezone.localtime(received_at).date()).supplement_window_days
    try:
        late = clock.elapsed(received_at, at) > int(window.value) * clock.calendar.hours.seconds_per_day
    except WorkdaysError:
        late = False  # outside the working calendar: nothing to judge against
    return late, window.value


def apology_lateness(
    clock: OfficeClock, received_at: dt.datetime, at: dt.datetime, due_at: dt.datetime
) -> tuple[bool, int | str]:
    """Whether an apology sent at ``at`` comes later than the lead time of the regime of the receipt, and the lead."""
    lead = regime_for(timezone.localtime(received_at).date()).apology_lead_days
    try:
        room = clock.elapsed(at, due_at)
    except WorkdaysError as exc:
        raise ValidationError({"new_due_at": str(exc)}) from None
    return room < int(lead.value) * clock.calendar.hours.seconds_per_day, lead.value


class EventDetails(TypedDict, total=False):
    """What an event of the control slip says besides its dossier, action, time and states: the keywords of
    ``_Step.event`` and of the bulk path's ``PastDossier._event`` (``history_bulk``). Left out: no note, no data, and
    the appointment before and after not given (after it, the audit event reads the dossier's)."""

    note: str
    data: dict[str, Any] | None
    due_before: dt.datetime | None
    due_after: dt.datetime | None


class StepDetails(EventDetails, total=False):
    """An event's details (``EventDetails``), and at an assignment or a hand-over the officer it goes to and the
    step's own deadline."""

    to_user: Any
    step_due_at: dt.datetime | None


def _append(obj: models.Model) -> None:
    """Insert a new row of a model without hooks (the dossier, its events, the sync records) in one plain
    statement built once per model, in the caller's transaction (``core.rows.insert``)."""
    rows.insert(obj)


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _save(dossier: Dossier, fields: Iterable[str]) -> None:
    """Save under the row lock taken by ``_lock``; the version counts the events."""
    dossier.version += 1
    dossier.save(update_fields=[*fields, "version"])


def _enter(dossier: Dossier, target: State | None, at: dt.datetime) -> list[str]:
    """Move to ``target``; the first entry into a finishing state is the finish time."""
    if target is None or target == dossier.state:
        return []
    dossier.state = target
    changed = ["state"]
    resolved_like = {State.RESOLVED, State.REFUSED, State.WITHDRAWN, State.STOPPED}
    if target in resolved_like or (target == State.RETURNED and dossier.finished_at is None):
        if dossier.finished_at is None:
            dossier.finished_at = at
            changed.append("finished_at")
    return changed


@dataclass
class _Step:
    """An event under way: the dossier (under the row lock ``_step`` or ``_lock`` took, or new at intake), the
    action, who and when, its state before and the fields ``_enter`` changed (a transition's, ``_step``)."""

    dossier: Dossier
    action: str
    actor: User
    at: dt.datetime
    before: str
    changed: list[str]

    @bundled
    def record(self, fields: Iterable[str] = (), **details: Unpack[StepDetails]) -> None:
        """Save the fields ``_enter`` changed and ``fields``, then append the step's event (``event``)."""
        _save(self.dossier, [*self.changed, *fields])
        self.event(**details)

    @bundled
    def event(self, *, key: int | None = None, **details: Unpack[StepDetails]) -> DossierEvent:
        """Append the step's event to the control slip with what goes with it: the reports' queue, the national
        portal's sync record (a change of state) and the audit event. ``key``: the event's, drawn beforehand (the
        intake's, ``_number``), else the insert gives it."""
        dossier, user = self.dossier, acting_user(self.actor)
        due_before, due_after = details.get("due_before"), details.get("due_after")
        event = DossierEvent(
            id=key,
            dossier=dossier,
            seq=dossier.version,  # every event comes with exactly one version bump, under the row lock
            action=self.action,
            from_state=self.before,
            to_state=dossier.state,
            actor=user,
            actor_name=user.get_username() if user is not None else "",
            to_user=details.get("to_user"),
            at=self.at,
            note=details.get("note", ""),
            data=details.get("data") or {},
            due_before=due_before,
            due_after=due_after,
            step_due_at=details.get("step_due_at"),
        )
        _append(event)
        with rows.cursor() as cursor:  # the reports' queue: one plain row, no model machinery
            cursor.execute(
                f"INSERT INTO {ChangedDossier._meta.db_table} (dossier_id, created_at) VALUES (%s, %s)",  # noqa: S608 - model table
                [dossier.pk, connection.ops.adapt_datetimefield_value(timezone.now())],
            )
        if self.before != dossier.state:
            _append(
                SyncRecord(
                    dossier=dossier,
                    event=event,
                    status_code=workflow.NATIONAL_CODE[State(dossier.state)],
                    payload=national.sync_payload(dossier),
                )
            )
        audit_record(
            actor=user,
            action=f"dossier.{self.action}",
            obj=dossier,
            before={"state": self.before, "due_at": _iso(due_before)},
            after={"state": dossier.state, "due_at": _iso(due_after or dossier.due_at)},
        )
        return event


class Seen(TypedDict, total=False):
    """What a service acting on a dossier may be told besides its own keywords: the version of the dossier the
    officer acted on (``expected_version``: a 409 when someone else changed it since, ``_lock``)."""

    expected_version: int | None


class SeenAt(Seen, total=False):
    """A service an import or the demo replays may also be told when it happened (``at``, aware; else now)."""

    at: dt.datetime | None


@contextmanager
def _step(actor: User, dossier: Dossier | str, action: str, **seen: Unpack[SeenAt]) -> Iterator[_Step]:
    """A transition's transaction, at ``seen``'s time (``_now``): lock the row (``_lock``) at the version seen,
    check the role, the scope and the state (``_transition``) and enter the target state (``_enter``); the body
    changes the rest, then ``record``s."""
    at = _now(seen.get("at"))
    with transaction.atomic():
        locked = _lock(dossier, seen.get("expected_version"))
        t = _transition(actor, locked, action)
        before = locked.state
        yield _Step(locked, action, actor, at, before, _enter(locked, t.target, at))


def _record_due(
    dossier: Dossier,
    action: str,
    actor: User,
    at: dt.datetime,
    due_before: dt.datetime | None,
    fields: Iterable[str],
    **event: Any,
) -> None:
    """An event outside the workflow's transitions, under the row lock (``_lock``): the state stays, the appointment
    may have moved (a re-timing, a time-limit variant, a reissued receipt). Save ``fields`` (``_save``), then the
    event from ``due_before`` to the appointment now (``_Step.event``'s other keywords in ``event``)."""
    step = _Step(dossier, action, actor, at, dossier.state, [])
    step.record(fields, due_before=due_before, due_after=dossier.due_at, **event)


def _notify(dossier: Dossier, subject: str, body: str) -> None:
    """Queue an email and an SMS (where the applicant gave them) in the outbox of
    ``tuphap.core.notifications`` (nothing inside ``quiet()``); sent by the worker."""
    notify(about=dossier, email=dossier.applicant_email, phone=dossier.applicant_phone, subject=subject, body=body)


# --------------------------------------------------------------------------- intake


#: the point a channel without a counter is received at; the desk's is a service centre
_CHANNEL_POINT: dict[str, ReceivingPointKind] = {
    Channel.ONLINE: ReceivingPointKind.ONLINE,
    Channel.POST: ReceivingPointKind.PUBLIC_POST,
}
_CENTRES = {ReceivingPointKind.PROVINCIAL_CENTRE, ReceivingPointKind.COMMUNE_CENTRE}


def _receiving_point(actor: User, channel: str, code: str | None, on: dt.date) -> ReceivingPoint | None:
    """Where the dossier is received: the point named (which must be in force
    that day and fit the channel), else the online portal or the public post
    for those channels, the officer's own point, or the provincial centre.
    None when the department has entered no receiving points."""
    if code:
        point = ReceivingPoint.objects.filter(code=str(code).strip()).first()
        if point is None:
            raise ValidationError({"receiving_point": _("There is no receiving point “%(code)s”.") % {"code": code}})
        if not point.is_valid_on(on):
            raise ValidationError(
                {
                    "receiving_point": _("The receiving point “%(name)s” does not receive dossiers on %(day)s.")
                    % {"name": point.name, "day": f"{on:%d/%m/%Y}"}
                }
            )
        expected = {_CHANNEL_POINT[channel]} if channel in _CHANNEL_POINT else _CENTRES
        if point.kind not in expected:
            raise ValidationError(
                {
                    "receiving_point": _("The receiving point “%(name)s” does not take dossiers through this channel.")
                    % {"name": point.name}
                }
            )
        return point
    if channel in _CHANNEL_POINT:
        return receiving_point_default(_CHANNEL_POINT[channel], on)
    return _desk_point(actor, on)


def _desk_point(actor: User, on: dt.date) -> ReceivingPoint | None:
    """The officer's own receiving point when it is a service centre in force on
    ``on``, else the provincial centre in force then (the first by name and code,
    as ``orgs.selectors.receiving_point_default`` chooses): both read in one query."""
    by_user, own = False, None
    if actor is not None and actor.is_authenticated:
        profile = getattr(actor, "staff_profile", None) if _PROFILE.is_cached(actor) else None
        by_user, own = (False, profile.receiving_point_id) if profile is not None else (True, actor.pk)
    entry = _POINTS.get((connection.vendor, by_user))
    if entry is None:
        # one plain statement written once (every intake at the desk reads it): the centres and the officer's point,
        # the latter marked; the officer's point is given, or read from their profile by a subquery
        quote = connection.ops.quote_name
        point_columns, fields = rows.columns(ReceivingPoint, "r")
        own_id = (
            f"(SELECT s.{quote('receiving_point_id')} FROM {rows.table(StaffProfile)} s "  # noqa: S608 - names from the model
            f"WHERE s.{quote('user_id')} = %s)"
            if by_user
            else "%s"
        )
        sql = (
            f"SELECT {point_columns}, r.{quote('id')} = {own_id} FROM {rows.table(ReceivingPoint)} r "  # noqa: S608 - names from the model
            f"WHERE r.{quote('kind')} = %s OR r.{quote('id')} = {own_id} ORDER BY r.{quote('name')}, r.{quote('code')}"
        )
        entry = _POINTS[(connection.vendor, by_user)] = (sql, fields)
    sql, fields = entry
    with rows.cursor() as cursor:
        cursor.execute(sql, [own, ReceivingPointKind.PROVINCIAL_CENTRE.value, own])
        candidates = [(rows.instance(ReceivingPoint, fields, row[:-1]), bool(row[-1])) for row in cursor.fetchall()]
    for point, is_own in candidates:
        if is_own and point.is_valid_on(on) and point.kind in _CENTRES:
            return point
    return next(
        (p for p, _own in candidates if p.kind == ReceivingPointKind.PROVINCIAL_CENTRE and p.is_valid_on(on)), None
    )


#: (vendor, whether the officer's point is read from their profile) -> the statement of ``_desk_point`` and its fields
_POINTS: dict[tuple[str, bool], tuple[str, list[Any]]] = {}


_PROFILE = StaffProfile._meta.get_field("user").remote_field  # the user's side, ``user.staff_profile``


def check_channel(procedure: Procedure, channel: str) -> None:
    """A channel the workflow knows and the procedure's version takes (also the bulk path's, ``history_bulk``)."""
    if channel not in Channel.values:
        raise ValidationError({"channel": _("Invalid channel (desk, online, post).")})
    if procedure.channels and channel not in procedure.channels:
        raise ValidationError(
            {
                "channel": _("This procedure does not take dossiers through the “%(channel)s” channel.")
                % {"channel": channel}
            }
        )


#: the flags an intake takes (``flags``); others are left out (also the bulk path's, ``history_bulk``)
INTAKE_FLAGS = frozenset({"online_payment", "scanned_components", "electronic_result"})


def given_code(code: str) -> str:
    """A dossier code given at intake (an import's), cleaned (``core.text.clean_code``); a 422 naming ``code``
    when it cannot be one (also the bulk path's, ``history_bulk``)."""
    try:
        return clean_code(code)
    except TextError as exc:
        raise ValidationError({"code": _("Dossier code: %(error)s.") % {"error": exc}}) from None


class Intake(TypedDict, total=False):
    """What an intake is given (``dossier_submit``'s keywords; ``dossier_receive`` takes an ``Import``): the
    procedure's code, the applicant's details (``applicants.clean_applicant``), the channel (else the service's
    own), the flags (``INTAKE_FLAGS``) and the receiving point's code (else ``_receiving_point``'s choice)."""

    procedure_code: Required[str]
    applicant: Required[dict[str, Any]]
    channel: str
    flags: dict[str, bool] | None
    receiving_point: str | None


class Import(Intake, total=False):
    """``dossier_receive``'s keywords: an intake's, and what an import may also give, the agency (legacy data;
    else the agency in force at receipt), the dossier's code (else the next of the day) and its import key."""

    agency: Agency | None
    code: str | None
    import_key: str | None


def _prepare(intake: Import, *, actor: User, state: State, received_at: dt.datetime, default_channel: str) -> Dossier:
    """Every check and read of an intake, before its transaction opens (so that
    the write lock, SQLite's whole database or the day's code counter row, is
    held for the writes alone): the procedure's version in force that day, the
    channel, the applicant, the agency in force, the receiving point, the given
    code's form, the facts at receipt and the appointment. The dossier comes back
    unsaved, without its code unless one was given; ``_take_in`` writes it."""
    day = timezone.localtime(received_at).date()
    procedure = procedure_for(intake["procedure_code"], on=day)
    channel = intake.get("channel", default_channel)
    check_channel(procedure, channel)
    fields = clean_applicant(intake["applicant"])
    agency = intake.get("agency")
    if agency is None:
        # the agency in force at receipt: a dossier received after a merger takes the successor's code
        agency = agency_in_force(procedure.agency, day)
    point = _receiving_point(actor, channel, intake.get("receiving_point"), day)
    code = intake.get("code")
    if code is not None:
        code = given_code(code)
    dossier = Dossier(
        code=code or "",
        version=1,
        agency=agency,
        receiving_point=point,
        procedure=procedure,
        unit=procedure.unit,
        channel=channel,
        state=state,
        received_at=received_at,
        import_key=intake.get("import_key"),
        due_at=None,
        **fields,
        **{k: bool(v) for k, v in (intake.get("flags") or {}).items() if k in INTAKE_FLAGS},
    )
    receipt_facts(dossier)
    if state == State.RECEIVED:
        dossier.due_at = _compute_due(dossier, no_pauses=True)
    return dossier


def _number(dossier: Dossier) -> int | None:
    """In the caller's transaction: the dossier's code, the one given (checked free) or the next of the agency's
    day (``codes.next_code``). With the next code, on PostgreSQL, the same statement draws the keys of the dossier
    (set) and of its first event (returned; None where none was drawn)."""
    if dossier.code:
        if Dossier.objects.filter(code=dossier.code).exists():
            raise ConflictError(
                _("The dossier code “%(code)s” already exists.") % {"code": dossier.code}, code="duplicate_code"
            )
        return None
    numbered = codes.next_code(dossier.agency, dossier.received_at, keys_of=(Dossier, DossierEvent))
    dossier.code = numbered.code
    if not numbered.keys:
        return None
    dossier.pk, event_key = numbered.keys
    return event_key


def _take_in(dossier: Dossier, *, actor: User, action: str, note: str = "") -> Dossier:
    """The intake's transaction: the code (``_number``), the dossier's row, then the control slip's first event
    with what goes with it (``_Step.event``); a dossier received, not only submitted, also tells the applicant.
    When the code's statement drew the keys (PostgreSQL, a new code), the rows go to the server together
    (``rows.pipeline``: one statement, one round trip): the day's counter row, locked from the code to the commit,
    waits for that round trip instead of a statement and a round trip a row."""
    with transaction.atomic():
        event_key = _number(dossier)
        with rows.pipeline() if event_key is not None else nullcontext():
            _append(dossier)
            at = dossier.received_at
            _Step(dossier, action, actor, at, "", []).event(key=event_key, note=note, due_after=dossier.due_at)
            if dossier.state == State.RECEIVED:
                name = dossier.procedure.name
                _notify(dossier, *messages.received(code=dossier.code, procedure=name, at=at, due_at=dossier.due_at))
    return dossier


@bundled
def dossier_receive(
    *, actor: User, received_at: dt.datetime | None = None, note: str = "", **intake: Unpack[Import]
) -> Dossier:
    """Receive a complete dossier (form 01): code, appointment, control slip, notification.

    ``received_at``, ``code`` and ``import_key`` are for imports (actor None or
    an administrator); at the desk the receipt time is now. The channel is the desk
    unless given. Without ``agency``
    the dossier takes the agency in force at its receipt (``orgs.selectors.agency_in_force``
    of the procedure's agency); a given one is kept (legacy data).
    """
    if actor is not None:
        if not _role_names(actor) & workflow.TRANSITIONS["receive"].roles:
            raise PermissionDenied("receive")
        if (received_at is not None or intake.get("code") is not None) and not can(actor, "orgs.manage"):
            raise PermissionDenied("backdating is for imports")
    if received_at is not None and timezone.is_naive(received_at):
        raise ValidationError({"received_at": _("The receipt time must carry its time-zone offset (e.g. +07:00).")})
    at = _now(received_at)
    if at < EARLIEST:
        raise ValidationError({"received_at": _("The receipt time is before 2 September 1945.")})
    if actor is not None and at > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError(
            {"received_at": _("The receipt time is in the future: a dossier is received now or was received earlier.")}
        )
    dossier = _prepare(intake, actor=actor, state=State.RECEIVED, received_at=at, default_channel=Channel.DESK)
    return _take_in(dossier, actor=actor, action="receive", note=note)


@bundled
def dossier_submit(*, actor: User, submitted_at: dt.datetime | None = None, **intake: Unpack[Intake]) -> Dossier:
    """An application submitted online (the channel unless given) or by post, not yet checked (state 1; the clock
    has not started). ``flags``: ``scanned_components``, ``electronic_result`` (``dossiers.online``)."""
    at = _now(submitted_at)
    # an application is given none of what an import may also give: an ``Import`` without them
    dossier = _prepare(
        Import(**intake), actor=actor, state=State.SUBMITTED, received_at=at, default_channel=Channel.ONLINE
    )
    return _take_in(dossier, actor=actor, action="submit")


@bundled
def dossier_accept(*, actor: User, dossier: Dossier | str, **seen: Unpack[SeenAt]) -> Dossier:
    """Accept a submitted application as complete: the clock starts now (form 01); for one that came
    online, at the receipt instant of an electronic dossier (``online.rules``: the next working time
    when accepted outside office hours)."""
    with _step(actor, dossier, "receive", **seen) as step:
        dossier, now = step.dossier, step.at
        # received now, under the procedure's version in force that day (refused, with who handles it now, if
        # none); an electronic dossier accepted after office hours counts from the next working time (due_on_clock)
        start = (
            electronic_receipt_instant(office_clock(dossier.agency_id), now)
            if dossier.channel == Channel.ONLINE
            else now
        )
        dossier.procedure = procedure_for(dossier.procedure.code, on=timezone.localtime(start).date())
        dossier.received_at = now
        dossier.due_at = _compute_due(dossier, no_pauses=True)
        prepaid = settle_at_receipt(dossier, now)  # a fee paid online at submission settles the fee (payments)
        step.record(
            ["received_at", "due_at", "procedure", "online_payment"],
            due_after=dossier.due_at,
            data={"fee_paid_online": prepaid} if prepaid else None,
        )
        _notify(dossier, *messages.accepted(code=dossier.code, due_at=dossier.due_at))
    return step.dossier


@bundled
def dossier_refuse(*, actor: User, dossier: Dossier | str, reason: str, **seen: Unpack[Seen]) -> Dossier:
    """Refuse a submitted application at intake (form 03), with the reason."""
    reason = required_text(reason, field="reason", message=_("Give the reason for the refusal."))
    with _step(actor, dossier, "refuse", **seen) as step:
        dossier, now = step.dossier, step.at
        dossier.outcome_reason = reason
        step.record(["outcome_reason"], note=reason)
        refund_if_paid(dossier, now)  # a fee paid online at submission is due back
        _notify(dossier, *messages.refused(code=dossier.code, reason=reason))
    return step.dossier


# --------------------------------------------------------------------------- processing


def _staff(username: str | Any) -> Any:
    user_model = get_user_model()
    if isinstance(username, user_model):
        return username
    user = user_model.objects.filter(username=username, is_active=True).select_related("staff_profile").first()
    if user is None:
        raise ValidationError({"handler": _("There is no officer “%(username)s”.") % {"username": username}})
    return user


@bundled
def dossier_assign(
    *, actor: User, dossier: Dossier | str, handler: Any, note: str = "", **seen: Unpack[Seen]
) -> Dossier:
    """The unit head assigns a handler (a specialist or the head of the dossier's unit).

    The actor's right is checked before the handler's name is looked up, so one
    without it learns nothing of which names exist (issue 16)."""
    with _step(actor, dossier, "assign", **seen) as step:
        dossier = step.dossier
        user = _staff(handler)
        profile = getattr(user, "staff_profile", None)
        if (
            profile is None
            or profile.unit_id != dossier.unit_id
            or not {Role.SPECIALIST, Role.UNIT_HEAD} & roles_of(user)
        ):
            raise ValidationError(
                {"handler": _("The handler must be a specialist or the head of the unit that handles the dossier.")}
            )
        dossier.handler = user
        step.record(["handler"], note=note, to_user=user, step_due_at=dossier.due_at)
    return step.dossier


@bundled
def dossier_forward(
    *, actor: User, dossier: Dossier | str, to: Any, note: str = "", step_days: int | None = None, **seen: Unpack[Seen]
) -> Dossier:
    """Hand the dossier over to another officer; the step has its own deadline
    (the actor's right checked before the officer's name is looked up)."""
    with _step(actor, dossier, "forward", **seen) as step:
        dossier, now = step.dossier, step.at
        user = _staff(to)
        from tuphap.dossiers.selectors import dossiers_visible

        if not can(user, "dossiers.view") or not dossiers_visible(user).filter(pk=dossier.pk).exists():
            # a dossier handed to someone who cannot open it would sit with nobody
            raise ValidationError({"handler": _("A dossier can only be handed over to an officer who may see it.")})
        step_due: dt.datetime | None
        if step_days is not None:
            if not 0 < step_days <= 365:
                raise ValidationError({"step_days": _("The time for a step must be from 1 to 365 working days.")})
            try:
                step_due = office_clock(dossier.agency_id).due_at(now, step_days, "working_days")
            except WorkdaysError as exc:
                raise ValidationError({"step_days": str(exc)}) from None
            if dossier.due_at is not None:
                step_due = min(step_due, dossier.due_at)
        else:
            step_due = dossier.due_at
        dossier.handler = user
        step.record(["handler"], note=note, to_user=user, step_due_at=step_due)
    return step.dossier


def _pause(dossier: Dossier, kind: str, at: dt.datetime) -> None:
    DossierPause.objects.create(dossier=dossier, kind=kind, started_at=at)
    dossier.paused_at = at


def _resume(dossier: Dossier, at: dt.datetime) -> tuple[dt.datetime | None, dt.datetime]:
    pause = dossier.pauses.filter(ended_at__isnull=True).order_by("-started_at").first()
    if pause is not None:
        pause.ended_at = max(at, pause.started_at)
        pause.save(update_fields=["ended_at"])
    dossier.paused_at = None
    before = dossier.due_at
    dossier.due_at = _compute_due(dossier)
    return before, dossier.due_at


def supplement_items(items: Iterable[Any], reason: str, *, again: bool) -> list[str]:
    """The items of a request to supplement, each on one line; a 422 when there is none, or when a further
    request (``again``) gives no reason (also the bulk path's, ``history_bulk``)."""
    clean = [" ".join(str(i).split()) for i in items if str(i).strip()]
    if not clean:
        raise ValidationError({"items": _("List every item to be supplemented.")})
    if again and not reason.strip():
        raise ValidationError({"reason": _("A further request to supplement must give its reason.")})
    return clean


@bundled
def dossier_request_supplement(
    *,
    actor: User,
    dossier: Dossier | str,
    items: list[str],
    reason: str = "",
    again: bool = False,
    **seen: Unpack[SeenAt],
) -> Dossier:
    """Ask once for every missing item (form 02); the clock stops.

    The law allows one request. ``again`` records a further request, with its
    reason, where one was made anyway: Decision 766 counts such a dossier late.
    A request made later than the window the regime of the receipt allows
    (``regimes``: working days after receipt) is taken and flagged on the
    dossier (``late_supplement_request``), and the reports count it.
    """
    clean = supplement_items(items, reason, again=again)
    with _step(actor, dossier, "request_supplement", **seen) as step:
        dossier, now = step.dossier, step.at
        if dossier.supplement_requests >= 1 and not again:
            raise ConflictError(
                _("A supplement was already requested for this dossier; it is requested once only, with every item."),
                code="supplement_once",
            )
        late, window = supplement_lateness(office_clock(dossier.agency_id), dossier.received_at, now)
        _pause(dossier, "supplement", now)
        dossier.supplement_requests += 1
        if late:
            dossier.late_supplement_request = True
            step.changed.append("late_supplement_request")
        step.record(
            ["paused_at", "supplement_requests"],
            note=reason.strip(),
            data={"items": clean, "request": dossier.supplement_requests, "late": late, "window_days": window},
        )
        _notify(dossier, *messages.supplement_requested(code=dossier.code, items=clean, reason=reason))
    return step.dossier


@bundled
def dossier_supplement_received(
    *, actor: User, dossier: Dossier | str, note: str = "", **seen: Unpack[SeenAt]
) -> Dossier:
    """The supplement arrived: the appointment is re-timed by the rule of the
    regime in force at receipt (``regimes.supplement_clock``): under Decree
    61/2018 the time limit goes on with what was left; under Decree 118/2025 it
    runs again in full from now."""
    with _step(actor, dossier, "supplement_received", **seen) as step:
        dossier = step.dossier
        due_before, due_after = _resume(dossier, step.at)
        step.record(
            ["paused_at", "due_at"],
            note=note,
            due_before=due_before,
            due_after=due_after,
            data={
                "reason": "resume",
                "clock": regime_for(timezone.localtime(dossier.received_at).date()).supplement_clock.value,
            },
        )
        _notify(dossier, *messages.supplement_received(code=dossier.code, due_at=due_after))
    return step.dossier


@bundled
def dossier_request_fee(*, actor: User, dossier: Dossier | str, note: str = "", **seen: Unpack[Seen]) -> Dossier:
    with _step(actor, dossier, "request_fee", **seen) as step:
        dossier = step.dossier
        _pause(dossier, "fee", step.at)
        step.record(["paused_at"], note=note, data={"fee": dossier.procedure.fee})
        _notify(dossier, *messages.fee_requested(code=dossier.code, fee=dossier.procedure.fee))
    return step.dossier


@bundled
def dossier_fee_paid(
    *,
    actor: User,
    dossier: Dossier | str,
    online: bool = False,
    data: dict[str, Any] | None = None,
    **seen: Unpack[Seen],
) -> Dossier:
    """The fee is paid: the clock runs again. ``data`` (the online payment's
    reference and receipt) goes on the event."""
    with _step(actor, dossier, "fee_paid", **seen) as step:
        due_before, due_after = _resume(step.dossier, step.at)
        step.dossier.online_payment = step.dossier.online_payment or online
        step.record(
            ["paused_at", "due_at", "online_payment"],
            due_before=due_before,
            due_after=due_after,
            data={**(data or {}), "online": online},
        )
    return step.dossier


@bundled
def dossier_extend(
    *, actor: User, dossier: Dossier | str, reason: str, new_due_at: dt.datetime, **seen: Unpack[SeenAt]
) -> Dossier:
    """The apology with a new appointment (form 04), once, whenever the dossier
    will be late: also on its last working day or after the appointment. An
    apology sent less than the lead time the regime of the receipt sets
    (``regimes``: working days before the appointment) is taken and recorded as
    a late notice (``late_notice``, and on the event), which the reports count.
    Lateness is still judged against ``due_at``."""
    reason = required_text(reason, field="reason", message=_("Give the reason for the extension."))
    if timezone.is_naive(new_due_at):
        raise ValidationError({"new_due_at": _("The new appointment must carry its time-zone offset.")})
    with _step(actor, dossier, "extend", **seen) as step:
        dossier, now = step.dossier, step.at
        if dossier.extensions >= 1:
            raise ConflictError(
                _("This dossier was already extended once; a dossier is extended once only."), code="extension_once"
            )
        if dossier.due_at is None:
            raise ConflictError(_("The dossier has no appointment yet."), code="no_due")
        if new_due_at <= dossier.due_at:
            raise ValidationError({"new_due_at": _("The new appointment must be later than the current one.")})
        if new_due_at <= now:
            raise ValidationError({"new_due_at": _("The new appointment must be in the future.")})
        clock = office_clock(dossier.agency_id)
        if new_due_at >= clock.end_instant:
            raise ValidationError(
                {
                    "new_due_at": _(
                        "The new appointment lies beyond the working calendar (which ends on %(end)s): it cannot be counted in working days."  # noqa: E501
                    )
                    % {"end": f"{timezone.localtime(clock.end_instant):%d/%m/%Y}"}
                }
            )
        late, lead = apology_lateness(clock, dossier.received_at, now, dossier.due_at)
        dossier.extended_due_at = new_due_at
        dossier.extensions = 1
        dossier.late_notice = late
        step.record(
            ["extended_due_at", "extensions", "late_notice"],
            note=reason,
            due_before=dossier.due_at,
            due_after=dossier.due_at,
            data={"new_due_at": new_due_at.isoformat(), "late_notice": late, "lead_days": lead},
        )
        _notify(dossier, *messages.apology(code=dossier.code, reason=reason, due_at=new_due_at))
    return step.dossier


@bundled
def dossier_resolve(
    *,
    actor: User,
    dossier: Dossier | str,
    outcome: str,
    reason: str = "",
    electronic_result: bool = False,
    **seen: Unpack[SeenAt],
) -> Dossier:
    if outcome not in Dossier.Outcome.values:
        raise ValidationError({"outcome": _("The outcome must be approved or rejected.")})
    if outcome == Dossier.Outcome.REJECTED and not reason.strip():
        raise ValidationError({"reason": _("A rejected dossier must state the reasons.")})
    with _step(actor, dossier, "resolve", **seen) as step:
        dossier = step.dossier
        dossier.outcome = outcome
        dossier.outcome_reason = reason.strip()
        dossier.electronic_result = dossier.electronic_result or electronic_result
        step.record(["outcome", "outcome_reason", "electronic_result"], note=reason.strip(), data={"outcome": outcome})
        _notify(dossier, *messages.result_ready(code=dossier.code, outcome=outcome, reason=reason))
    return step.dossier


def _finish_with_reason(
    actor: User, dossier: Dossier | str, action: str, reason: str, **seen: Unpack[SeenAt]
) -> Dossier:
    reason = required_text(reason, field="reason", message=_("Give the reason, please."))
    with _step(actor, dossier, action, **seen) as step:
        dossier, now = step.dossier, step.at
        dossier.outcome_reason = reason
        due_before = due_after = None
        if dossier.paused_at is not None:
            # the clock stood still while paused: the appointment moves, as on a resume,
            # so a dossier stopped or withdrawn while waiting is not made late by the wait
            dossier.pauses.filter(ended_at__isnull=True).update(ended_at=now)
            due_before = dossier.due_at
            dossier.paused_at = None
            if dossier.due_at is not None:
                dossier.due_at = due_after = _compute_due(dossier)
            step.changed += ["paused_at", "due_at"]
        step.record(["outcome_reason"], note=reason, due_before=due_before, due_after=due_after)
        refund_if_paid(dossier, now)  # withdrawn: a fee paid online is due back
    return step.dossier


@bundled
def dossier_stop(*, actor: User, dossier: Dossier | str, reason: str, **seen: Unpack[Seen]) -> Dossier:
    """Stop processing (form 05), with the reason."""
    with transaction.atomic():
        stopped = _finish_with_reason(actor, dossier, "stop", reason, **seen)
        _notify(stopped, *messages.stopped(code=stopped.code, reason=reason))
    return stopped


@bundled
def dossier_withdraw(*, actor: User, dossier: Dossier | str, reason: str, **seen: Unpack[SeenAt]) -> Dossier:
    """The applicant withdraws the dossier."""
    return _finish_with_reason(actor, dossier, "withdraw", reason, **seen)


@bundled
def dossier_return(*, actor: User, dossier: Dossier | str, **seen: Unpack[SeenAt]) -> Dossier:
    """The result is handed to the applicant."""
    with _step(actor, dossier, "return", **seen) as step:
        step.record()
    return step.dossier


@bundled
def dossier_rate(*, actor: User, dossier: Dossier | str, rating: str, **seen: Unpack[SeenAt]) -> Dossier:
    if rating not in Dossier.Rating.values:
        raise ValidationError({"rating": _("The rating must be good, acceptable or poor.")})
    with _step(actor, dossier, "rate", **seen) as step:
        if step.dossier.rating:
            raise ConflictError(_("The dossier was already rated."), code="rated_once")
        step.dossier.rating = rating
        step.record(["rating"], data={"rating": rating})
    return step.dossier


# --------------------------------------------------------------------------- re-timing


@bundled
def dossier_reissue_receipt(*, actor: User, dossier: Dossier | str, note: str = "", **seen: Unpack[Seen]) -> Dossier:
    """Issue the receipt (form 01) again with the appointment in force now, after a
    calendar change re-timed it (e.g. an official schedule replaced an estimated
    year). The earlier issues stay as they were: each issue is an event, and the
    receipt document is built from the issue asked for. Reception (or a
    director) only; refused when the appointment has not moved since the last issue."""
    if actor is not None and not (Role.RECEPTION in roles_of(actor) or can(actor, "orgs.view_all_units")):
        raise PermissionDenied("reissue_receipt")
    with transaction.atomic():
        dossier = _lock(dossier, seen.get("expected_version"))
        _check_scope(actor, dossier)
        if dossier.state not in workflow.RECEIVED_OPEN_STATES:
            raise ConflictError(_("Only an open dossier's receipt can be reissued."), code="reissue_closed")
        last = (
            dossier.events.filter(action__in=("receive", "reissue_receipt")).order_by("-seq").only("due_after").first()
        )
        printed = last.due_after if last is not None else None
        if dossier.due_at is None or printed == dossier.due_at:
            raise ConflictError(
                _("The appointment has not changed since the receipt was last issued."), code="reissue_unchanged"
            )
        # the estimated years as they stood at this issue: a later official schedule does not rewrite it
        issued = {"estimated_years": estimated_years(dossier.received_at, dossier.due_at)}
        _record_due(dossier, "reissue_receipt", actor, timezone.now(), printed, [], note=note.strip(), data=issued)
        _notify(dossier, *messages.receipt_reissued(code=dossier.code, due_at=dossier.due_at))
    return dossier


def dossier_retime(*, dossier: Dossier, reason: str) -> bool:
    """Recompute the appointment of an open dossier (calendar change); records an event if it moved."""
    with transaction.atomic():
        dossier = _lock(dossier, None)
        if dossier.state not in workflow.RECEIVED_OPEN_STATES:
            return False
        before = dossier.due_at
        after = _compute_due(dossier)
        if after == before:
            return False
        dossier.due_at = after
        _record_due(dossier, "retime", None, timezone.now(), before, ["due_at"], note=reason, data={"reason": reason})
    return True


def retime_open_dossiers(agency: Agency | None, since: dt.date) -> int:
    """Calendar-change subscriber: re-time every open dossier whose deadline may move."""
    qs = Dossier.objects.filter(state__in=list(workflow.RECEIVED_OPEN_STATES))
    if agency is not None:
        qs = qs.filter(agency=agency)
    start = dt.datetime.combine(since, dt.time(0), tzinfo=LOCAL_TZ)
    # a change on day D can only move deadlines that fall on or after D
    qs = qs.filter(Q(due_at__gte=start) | Q(due_at__isnull=True) | Q(paused_at__isnull=False))
    count = 0
    for dossier in qs.iterator(chunk_size=500):
        count += dossier_retime(dossier=dossier, reason=change_note(since))
    return count


# --------------------------------------------------------------------------- time-limit variants

#: the roles that apply a time-limit variant (the desk at intake, the handler while processing)
TIME_VARIANT_ROLES = frozenset({Role.RECEPTION.value, Role.SPECIALIST.value})
TIME_VARIANT_STATES = workflow.RECEIVED_OPEN_STATES


@bundled
def dossier_apply_time_variant(
    *,
    actor: User,
    dossier: Dossier | str,
    variant: str,
    reason: str,
    **seen: Unpack[SeenAt],
) -> Dossier:
    """Apply a time-limit variant of the dossier's procedure version (e.g. 15
    days when verification is needed): the appointment is computed again from
    the receipt with the variant's limit on the office clock (pauses kept
    out), one event records it, and the receipt shows it. Reception and
    specialists, on an open dossier, once per variant."""
    reason = required_text(reason, field="reason", message=_("Give the reason for applying the time limit variant."))
    now = _now(seen.get("at"))
    with transaction.atomic():
        dossier = _lock(dossier, seen.get("expected_version"))
        if actor is not None and not _role_names(actor) & TIME_VARIANT_ROLES:
            raise PermissionDenied("time_variant")
        _check_scope(actor, dossier)
        if dossier.state not in TIME_VARIANT_STATES:
            raise ConflictError(
                _("A time limit variant applies only to a dossier being processed."), code="invalid_transition"
            )
        chosen = next((v for v in dossier.procedure.time_limit_variants if v.get("key") == variant), None)
        if chosen is None:
            raise ValidationError(
                {
                    "variant": _("The procedure has no time limit variant “%(variant)s” (it has: %(keys)s).")
                    % {
                        "variant": variant,
                        "keys": ", ".join(v["key"] for v in dossier.procedure.time_limit_variants) or "—",
                    }
                }
            )
        current = applied_variant(dossier)
        if current and current.get("key") == chosen["key"]:
            raise ConflictError(_("This time limit variant is already applied to the dossier."), code="variant_applied")
        before = dossier.due_at
        data = {k: chosen[k] for k in ("key", "label", "amount", "unit", "condition", "basis")}
        # the event first holds the variant the new appointment is computed with
        pauses = [(p.started_at, p.ended_at) for p in dossier.pauses.all() if p.ended_at is not None]
        try:
            after = office_clock(dossier.agency_id).due_at(dossier.received_at, data["amount"], data["unit"], pauses)
        except WorkdaysError as exc:
            raise ValidationError({"variant": str(exc)}) from None
        if dossier.paused_at is None:
            dossier.due_at = after
        _record_due(dossier, "time_variant", actor, now, before, ["due_at"], note=reason, data=data)
        if dossier.due_at != before:
            _notify(
                dossier,
                *messages.time_limit_applied(
                    code=dossier.code, label=data["label"], condition=data["condition"], due_at=dossier.due_at
                ),
            )
    return dossier
