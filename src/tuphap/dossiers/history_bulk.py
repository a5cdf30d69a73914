"""Past dossiers written in batches: the bulk path for history.

A dossier that happened in the past (received, perhaps paused for a
supplement, extended with an apology, resolved, returned, rated) is played in
memory by :class:`PastDossier` with the same rules as the services: the state
machine of ``workflow``, the appointment of the office clock with its pauses,
the first finish of ``services._enter``, the once-only supplement request,
extension and rating. It collects the rows the services would write one by
one (the dossier, its events, pauses, national sync records, audit events and
the reports' queue) and :func:`write_batch` writes a batch of them with one
statement per table (multi-row inserts; on PostgreSQL ``COPY`` for a table's
rows of a large batch), in one transaction, after the day's code numbers were taken from ``CodeCounter``
in one statement (gap-free per agency and day: ``codes``).

Idempotent as the services' import: a dossier whose import key (or given
code) is already in the database is skipped. Historical dossiers notify
nobody (as ``services.quiet()``). The reports' queue gets one row per dossier:
the aggregates recount a queued dossier whole, whatever the number of events.

Live intake keeps the services: this path is for imports and the demo only.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import json
import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from json.encoder import encode_basestring_ascii as _quote  # json.dumps's quoting of a string (ensure_ascii)
from typing import Any, Unpack

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Model
from django.db.models.base import ModelState
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.core.context import current_ip
from tuphap.core.errors import ConflictError
from tuphap.core.models import AuditEvent
from tuphap.core.rows import pg_cursor
from tuphap.core.text import required_text
from tuphap.dossiers import codes, national, workflow
from tuphap.dossiers.applicants import clean_applicant
from tuphap.dossiers.models import (
    ChangedDossier,
    Dossier,
    DossierEvent,
    DossierPause,
    Procedure,
    SyncRecord,
)
from tuphap.dossiers.procedures import procedure_for
from tuphap.dossiers.regimes import regime_for
from tuphap.dossiers.services import (
    EARLIEST,
    INTAKE_FLAGS,
    EventDetails,
    _allowed,
    _enter,
    _receiving_point,
    apology_lateness,
    check_channel,
    due_on_clock,
    given_code,
    receipt_facts,
    supplement_items,
    supplement_lateness,
)
from tuphap.dossiers.workflow import State
from tuphap.orgs.models import Agency, ReceivingPoint
from tuphap.orgs.selectors import agency_in_force
from tuphap.workdays.core import OfficeClock
from tuphap.workdays.selectors import office_clock

#: dossiers per transaction: a bad batch is retried dossier by dossier
BATCH = 2000


@dataclass
class _Event:
    seq: int
    action: str
    from_state: str
    to_state: str
    at: dt.datetime
    note: str
    data: dict[str, Any]
    due_before: dt.datetime | None
    due_after: dt.datetime | None
    audit_due_after: dt.datetime | None
    # the dossier as the national portal saw it after this event (state changes only)
    synced: tuple[str, dt.datetime | None, dt.datetime | None] | None


@dataclass
class _Pause:
    kind: str
    started_at: dt.datetime
    ended_at: dt.datetime | None = None


#: every column of a new dossier at its model default (no default of the model is computed: none is a callable)
_DOSSIER_DEFAULTS: dict[str, Any] = {f.attname: f.get_default() for f in Dossier._meta.concrete_fields}
_OUTCOMES = frozenset(Dossier.Outcome.values)
_RATINGS = frozenset(Dossier.Rating.values)


def _new_dossier(
    agency: Agency, receiving_point: ReceivingPoint | None, procedure: Procedure, values: dict[str, Any]
) -> Dossier:
    """``Dossier(agency=…, receiving_point=…, procedure=…, unit=procedure.unit, **values)`` without the
    per-field work of ``Model.__init__`` (the bulk path builds one per past dossier): every column at its
    default, then ``values`` (column names), the foreign keys with their objects cached as the
    constructor caches them. The model has no ``pre_init``/``post_init`` receiver and no callable default."""
    d = Dossier.__new__(Dossier)
    d._state = ModelState()
    attrs = d.__dict__
    attrs.update(_DOSSIER_DEFAULTS)
    attrs.update(values)
    unit = procedure.unit
    attrs["agency_id"], attrs["receiving_point_id"] = agency.pk, receiving_point.pk if receiving_point else None
    attrs["procedure_id"], attrs["unit_id"] = procedure.pk, unit.pk
    d._state.fields_cache.update(agency=agency, receiving_point=receiving_point, procedure=procedure, unit=unit)
    return d


@functools.lru_cache(maxsize=4096)
def _applicant_fields(items: tuple[tuple[str, Any], ...]) -> tuple[tuple[str, Any], ...]:
    """``clean_applicant`` of the applicant's items, once per applicant (a pure function; the generators of
    history receive the same applicant many times over; an applicant refused raises, and is not cached)."""
    return tuple(clean_applicant(dict(items)).items())


def _clean_applicant(applicant: dict[str, Any]) -> dict[str, Any]:
    try:
        return dict(_applicant_fields(tuple(applicant.items())))
    except TypeError:  # a value that cannot be a key (not from a file or a plan): cleaned as it is
        return clean_applicant(applicant)


#: (a procedure version's channels, channel) that ``check_channel`` accepted (a pure check)
_CHANNELS_OK: set[tuple[tuple[str, ...], str]] = set()


def _check_channel(procedure: Procedure, channel: str) -> None:
    key = (tuple(procedure.channels or ()), channel)
    if key not in _CHANNELS_OK:
        check_channel(procedure, channel)
        _CHANNELS_OK.add(key)


def _aware(at: dt.datetime, column: str = "at") -> dt.datetime:
    if timezone.is_naive(at):
        raise ValidationError({column: _("The time must carry its time-zone offset.")})
    return at


class PastDossier:
    """One dossier of the past, played in memory by the services' rules.

    Build it with its receipt (which fixes the appointment), then call the
    steps in time order; each raises as the service would (ValidationError,
    ConflictError) on a step the rules refuse. ``write_batch`` writes it."""

    def __init__(
        self,
        *,
        procedure: Procedure,
        agency: Agency,
        clock: OfficeClock,
        channel: str,
        received_at: dt.datetime,
        applicant: dict[str, Any],
        import_key: str | None,
        code: str | None = None,
        flags: dict[str, bool] | None = None,
        note: str = "",
        receiving_point: ReceivingPoint | None = None,
        facts: dict[str, Any] | None = None,
    ) -> None:
        """``receiving_point``: where it was received (``Lookups.receiving_point``: what
        ``services._receiving_point`` picks for the channel that day); ``facts``: the
        service index's facts the history gives (``synced_to_national_at``,
        ``digitised_components``), over those the receipt sets."""
        received_at = _aware(received_at, "received_at")
        if received_at < EARLIEST:
            raise ValidationError({"received_at": _("The receipt time is before 2 September 1945.")})
        _check_channel(procedure, channel)
        fields = _clean_applicant(applicant)
        if code is not None:
            code = given_code(code)
        self.clock = clock
        self.given_code = code
        self.pauses: list[_Pause] = []
        self.events: list[_Event] = []
        fields.update(code=code or "", version=1, channel=channel, state=State.RECEIVED, received_at=received_at)
        fields["import_key"] = import_key
        for k, v in (flags or {}).items():
            if k in INTAKE_FLAGS:
                fields[k] = bool(v)
        self.dossier = _new_dossier(agency, receiving_point, procedure, fields)
        receipt_facts(self.dossier)
        for name, value in (facts or {}).items():
            if name not in {"synced_to_national_at", "digitised_components"}:
                raise ValueError(f"not a fact of the history: {name}")
            setattr(self.dossier, name, value)
        self.dossier.due_at = self._due()
        self._event("receive", received_at, from_state="", note=note, due_after=self.dossier.due_at)

    def copy(self, *, import_key: str | None) -> PastDossier:
        """This dossier under another import key, as a new one: what a ``PastDossier`` received and played with
        the same arguments and steps but that key would be (the rules never read the key). For a generator that
        receives the same dossier many times over; a dossier with a given code, or written, has no copy."""
        if self.given_code is not None or self.dossier.pk is not None:
            raise ValueError("only an unwritten dossier numbered on writing can be copied")
        new = PastDossier.__new__(PastDossier)
        new.clock = self.clock
        new.given_code = None
        new.pauses = [_Pause(q.kind, q.started_at, q.ended_at) for q in self.pauses]
        new.events = list(self.events)  # an event is never changed once recorded
        d = Dossier.__new__(Dossier)
        d.__dict__.update(self.dossier.__dict__)
        d._state = ModelState()  # its own (the copied one is the original's)
        d._state.fields_cache.update(self.dossier._state.fields_cache)
        d.import_key = import_key
        new.dossier = d
        return new

    # ------------------------------------------------------------------ the rules

    @property
    def due_at(self) -> dt.datetime:
        assert self.dossier.due_at is not None  # noqa: S101 - set at receipt
        return self.dossier.due_at

    def _due(self) -> dt.datetime:
        """The appointment the law binds (``services.due_on_clock``, as ``services._compute_due``; a past dossier
        has no time-limit variant applied)."""
        d = self.dossier
        closed = [p for p in self.pauses if p.ended_at is not None]
        return due_on_clock(
            self.clock,
            d.received_at,
            d.procedure.time_limit_amount,
            d.procedure.time_limit_unit,
            closed,
            channel=d.channel,
        )

    def _transition(self, action: str) -> workflow.Transition:
        return _allowed(action, self.dossier.state)

    def _event(self, action: str, at: dt.datetime, *, from_state: str, **details: Unpack[EventDetails]) -> None:
        """The event as ``services._Step.event`` writes it (``details``: the same keywords)."""
        d = self.dossier
        if self.events:
            d.version += 1  # every event after the receipt comes with one version bump (``services._save``)
        changed = from_state != d.state
        due_after = details.get("due_after")
        self.events.append(
            _Event(
                seq=d.version,
                action=action,
                from_state=from_state,
                to_state=d.state,
                at=at,
                note=details.get("note", ""),
                data=details.get("data") or {},
                due_before=details.get("due_before"),
                due_after=due_after,
                audit_due_after=due_after or d.due_at,
                synced=(d.state, d.due_at, d.finished_at) if changed else None,
            )
        )

    def request_supplement(
        self, *, items: Sequence[str], at: dt.datetime, reason: str = "", again: bool = False
    ) -> None:
        clean = supplement_items(items, reason, again=again)
        at = _aware(at)
        t = self._transition("request_supplement")
        d = self.dossier
        if d.supplement_requests >= 1 and not again:
            raise ConflictError(
                _("A supplement was already requested for this dossier; it is requested once only, with every item."),
                code="supplement_once",
            )
        before = d.state
        late, window = supplement_lateness(self.clock, d.received_at, at)
        _enter(d, t.target, at)
        self.pauses.append(_Pause("supplement", at))
        d.paused_at = at
        d.supplement_requests += 1
        if late:
            d.late_supplement_request = True
        self._event(
            "request_supplement",
            at,
            from_state=before,
            note=reason.strip(),
            data={"items": clean, "request": d.supplement_requests, "late": late, "window_days": window},
        )

    def supplement_received(self, *, at: dt.datetime, note: str = "") -> None:
        at = _aware(at)
        t = self._transition("supplement_received")
        d = self.dossier
        before = d.state
        _enter(d, t.target, at)
        open_pauses = [p for p in self.pauses if p.ended_at is None]
        if open_pauses:
            pause = max(open_pauses, key=lambda p: p.started_at)
            pause.ended_at = max(at, pause.started_at)
        d.paused_at = None
        due_before = d.due_at
        d.due_at = self._due()
        self._event(
            "supplement_received",
            at,
            from_state=before,
            note=note,
            due_before=due_before,
            due_after=d.due_at,
            data={
                "reason": "resume",
                "clock": regime_for(timezone.localtime(d.received_at).date()).supplement_clock.value,
            },
        )

    def extend(self, *, reason: str, new_due_at: dt.datetime, at: dt.datetime) -> None:
        """The apology with a new appointment (form 04), under ``services.dossier_extend``'s conditions: once,
        whenever the dossier will be late; sent later than the regime's lead time, flagged ``late_notice``."""
        reason = required_text(reason, field="reason", message=_("Give the reason for the extension."))
        new_due_at = _aware(new_due_at, "new_due_at")
        at = _aware(at)
        self._transition("extend")
        d = self.dossier
        if d.extensions >= 1:
            raise ConflictError(
                _("This dossier was already extended once; a dossier is extended once only."), code="extension_once"
            )
        if new_due_at <= self.due_at:
            raise ValidationError({"new_due_at": _("The new appointment must be later than the current one.")})
        if new_due_at <= at:
            raise ValidationError({"new_due_at": _("The new appointment must be in the future.")})
        if new_due_at >= self.clock.end_instant:
            raise ValidationError(
                {
                    "new_due_at": _(
                        "The new appointment lies beyond the working calendar (which ends on %(end)s): it cannot be counted in working days."  # noqa: E501
                    )
                    % {"end": f"{timezone.localtime(self.clock.end_instant):%d/%m/%Y}"}
                }
            )
        late, lead = apology_lateness(self.clock, d.received_at, at, self.due_at)
        d.extended_due_at = new_due_at
        d.extensions = 1
        d.late_notice = late
        self._event(
            "extend",
            at,
            from_state=d.state,
            note=reason,
            due_before=d.due_at,
            due_after=d.due_at,
            data={"new_due_at": new_due_at.isoformat(), "late_notice": late, "lead_days": lead},
        )

    def resolve(self, *, outcome: str, at: dt.datetime, reason: str = "", electronic_result: bool = False) -> None:
        if outcome not in _OUTCOMES:
            raise ValidationError({"outcome": _("The outcome must be approved or rejected.")})
        if outcome == Dossier.Outcome.REJECTED and not reason.strip():
            raise ValidationError({"reason": _("A rejected dossier must state the reasons.")})
        at = _aware(at)
        t = self._transition("resolve")
        d = self.dossier
        before = d.state
        _enter(d, t.target, at)
        d.outcome = outcome
        d.outcome_reason = reason.strip()
        d.electronic_result = d.electronic_result or electronic_result
        self._event("resolve", at, from_state=before, note=reason.strip(), data={"outcome": outcome})

    def return_(self, *, at: dt.datetime) -> None:
        at = _aware(at)
        t = self._transition("return")
        before = self.dossier.state
        _enter(self.dossier, t.target, at)
        self._event("return", at, from_state=before)

    def rate(self, *, rating: str, at: dt.datetime) -> None:
        if rating not in _RATINGS:
            raise ValidationError({"rating": _("The rating must be good, acceptable or poor.")})
        at = _aware(at)
        self._transition("rate")
        d = self.dossier
        if d.rating:
            raise ConflictError(_("The dossier was already rated."), code="rated_once")
        d.rating = rating
        self._event("rate", at, from_state=d.state, data={"rating": rating})


# --------------------------------------------------------------------------- lookups, cached for a run


class Lookups:
    """The procedure version, agency in force, receiving point and office clock of past dossiers,
    each read once per run (``procedure_for``, ``agency_in_force``, ``services._receiving_point``, ``office_clock``)."""

    def __init__(self) -> None:
        self._versions: dict[str, list[Procedure]] = {}
        self._agencies: dict[str, Agency | None] = {}
        self._in_force: dict[tuple[int, dt.date], Agency] = {}
        self._clocks: dict[int, OfficeClock] = {}
        self._points: dict[tuple[str, int], ReceivingPoint | None] = {}
        self._point_bounds: list[dt.date] | None = None

    def procedure(self, code: str, on: dt.date) -> Procedure:
        """The version in force on ``on`` (versions never overlap: ``procedure_publish`` closes the previous one)."""
        for version in self._versions.get(code, ()):
            if version.valid_from <= on and (version.valid_to is None or on <= version.valid_to):
                return version
        version = procedure_for(code, on=on)
        self._versions.setdefault(code, []).append(version)
        if version.code != code:  # the code as typed, cleaned by procedure_for
            self._versions.setdefault(version.code, []).append(version)
        return version

    def agency(self, code: str) -> Agency | None:
        if code not in self._agencies:
            self._agencies[code] = Agency.objects.filter(code=code).first()
        return self._agencies[code]

    def agency_in_force(self, agency: Agency, on: dt.date) -> Agency:
        """The member of the agency's lineage in force on ``on`` (the agency of a dossier received that day)."""
        if agency.is_valid_on(on):
            return agency
        key = (agency.pk, on)
        if key not in self._in_force:
            self._in_force[key] = agency_in_force(agency, on)
        return self._in_force[key]

    def receiving_point(self, channel: str, on: dt.date) -> ReceivingPoint | None:
        """Where a dossier of the channel received on ``on`` without a named point and an officer was received
        (``services._receiving_point``: the online portal, the public post, the provincial centre).

        That choice reads the day only through the points' terms (``is_valid_on``, ``valid_from``/``valid_to``):
        it is the same on every day between two of their bounds, and is read once per channel and such span."""
        if self._point_bounds is None:
            self._point_bounds = sorted(
                {
                    day
                    for start, end in ReceivingPoint.objects.values_list("valid_from", "valid_to")
                    for day in (start, end + dt.timedelta(days=1) if end is not None else None)
                    if day is not None
                }
            )
        key = (channel, bisect.bisect_right(self._point_bounds, on))
        if key not in self._points:
            self._points[key] = _receiving_point(None, channel, None, on)
        return self._points[key]

    def clock(self, agency: Agency) -> OfficeClock:
        if agency.pk not in self._clocks:
            self._clocks[agency.pk] = office_clock(agency.pk)
        return self._clocks[agency.pk]


# --------------------------------------------------------------------------- writing


@dataclass
class BatchResult:
    written: list[PastDossier] = field(default_factory=list)
    skipped: list[PastDossier] = field(default_factory=list)


def _take_codes(dossiers: list[PastDossier]) -> None:
    """Number the dossiers without a given code, in their order, from their agency's
    day counter (``codes.take``: one statement a group of days)."""
    wanted: dict[codes.Key, list[PastDossier]] = {}
    for p in dossiers:
        if p.given_code is None:
            wanted.setdefault((p.dossier.agency.pk, codes.code_day(p.dossier.received_at)), []).append(p)
    first = codes.take({key: len(group) for key, group in wanted.items()})
    for key, group in wanted.items():
        for number, p in enumerate(group, start=first[key]):
            p.dossier.code = codes.code_text(p.dossier.agency.code, key[1], number)


class JsonText(str):
    """A JSON column's value already as JSON text: written as it is (``_insert``)."""


def _audit_json(state: str, due_at: dt.datetime | None) -> JsonText:
    """``{"state": state, "due_at": due_at's ISO form}`` as ``json.dumps`` writes it, character for character
    (the audit's before and after of each event: most of a batch's JSON, written without the encoder's calls)."""
    due = "null" if due_at is None else _quote(due_at.isoformat())
    return JsonText(f'{{"state": {_quote(state)}, "due_at": {due}}}')


def _payload_after_code(payload: dict[str, Any]) -> str:
    """``json.dumps(payload)`` after its first member, the dossier's code: ``'{"code": ' + json.dumps(code) + ", "``
    and this are ``json.dumps(payload)`` character for character."""
    keys = list(payload)
    if keys[0] != "code" or len(keys) < 2:  # noqa: PLR2004 - the code, then the rest
        raise ValueError("the national portal's payload no longer starts with the dossier's code")
    return json.dumps({k: payload[k] for k in keys[1:]})[1:]


def _json_text(value: Any) -> str | None:
    """A JSON column's value as JSON text (``json.dumps``), for ``COPY`` and ``unnest``."""
    if value is None or value.__class__ is JsonText:
        return value
    if value.__class__ is dict and not value:
        return "{}"
    return json.dumps(value)


_ROWS_PER_STATEMENT = 500


def _fields(model: type[Model], names: Sequence[str]) -> list[Any]:
    return [model._meta.get_field(name) for name in names]


def _pk_column(model: type[Model]) -> str:
    pk = model._meta.pk
    assert pk is not None and pk.column is not None  # noqa: S101 - every model here has its id
    return pk.column


def _insert(
    model: type[Model], names: Sequence[str], rows: list[tuple[Any, ...]], *, returning: bool = False
) -> list[int]:
    """INSERT ``rows`` (values of the fields ``names``, as Python values) into the model's table; with
    ``returning``, the new ids in the rows' order (as Django's ``bulk_create`` has them on both engines).

    Without the per-value machinery of the ORM's compiler: on PostgreSQL one
    ``INSERT … SELECT FROM unnest(arrays)`` per chunk (one parameter per column,
    as Django's own bulk insert there); on SQLite multi-row ``VALUES``."""
    if not rows:
        return []
    if connection.vendor == "postgresql":
        if len(rows) >= COPY_ROWS:
            return _insert_copy(model, names, rows, returning=returning)
        return _insert_unnest(model, names, rows, returning=returning)
    fields = _fields(model, names)
    ops = connection.ops
    adapted: list[tuple[int, Any]] = []
    for i, f in enumerate(fields):
        kind = f.get_internal_type()
        if kind == "DateTimeField":
            adapted.append((i, _sqlite_utc if connection.timezone_name == "UTC" else ops.adapt_datetimefield_value))
        elif kind == "DateField":
            adapted.append((i, ops.adapt_datefield_value))
        elif kind == "JSONField":
            adapted.append(
                (
                    i,
                    lambda v, encoder=f.encoder: (
                        v if v is None or v.__class__ is JsonText else ops.adapt_json_value(v, encoder)
                    ),
                )
            )
    table = ops.quote_name(model._meta.db_table)
    columns = ", ".join(ops.quote_name(f.column) for f in fields)
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), _ROWS_PER_STATEMENT):
            chunk = rows[start : start + _ROWS_PER_STATEMENT]
            params: list[Any] = []
            for row in chunk:
                values = list(row)
                for i, a in adapted:
                    values[i] = a(values[i])
                params += values
            sql = f"INSERT INTO {table} ({columns}) VALUES " + ", ".join([one] * len(chunk))  # noqa: S608 - model names
            if returning:
                cursor.execute(sql + " RETURNING " + ops.quote_name(_pk_column(model)), params)
                ids += [r[0] for r in cursor.fetchall()]
            else:
                cursor.execute(sql, params)
    return ids


def _sqlite_utc(value: dt.datetime | None) -> str | None:
    """``adapt_datetimefield_value`` of Django's SQLite backend for a database in UTC, without its checks:
    the naive UTC wall time as ``str()`` writes it."""
    if value is None:
        return None
    return str(value.astimezone(dt.UTC).replace(tzinfo=None))


_UNNEST_ROWS = 10_000


def _insert_unnest(
    model: type[Model], names: Sequence[str], rows: list[tuple[Any, ...]], *, returning: bool
) -> list[int]:
    ops = connection.ops
    fields = _fields(model, names)
    casts: list[str] = []
    json_columns: list[int] = []
    for i, f in enumerate(fields):
        kind = f.get_internal_type()
        if kind == "JSONField":
            json_columns.append(i)
            casts.append("jsonb")
        elif kind == "GenericIPAddressField":
            casts.append("inet")
        else:
            casts.append(f.rel_db_type(connection) if f.is_relation else f.db_type(connection))
    array_types = ["text" if c in {"jsonb", "inet"} else c for c in casts]
    table = ops.quote_name(model._meta.db_table)
    columns = ", ".join(ops.quote_name(f.column) for f in fields)
    aliases = [f"c{i}" for i in range(len(fields))]
    select = ", ".join(
        f"{alias}::{cast}" if cast in {"jsonb", "inet"} else alias for alias, cast in zip(aliases, casts, strict=True)
    )
    sql = (
        f"INSERT INTO {table} ({columns}) SELECT {select} FROM unnest("  # noqa: S608 - model names
        + ", ".join(f"%b::{t}[]" for t in array_types)
        + f") AS u({', '.join(aliases)})"
    )
    if returning:
        sql += " RETURNING " + ops.quote_name(_pk_column(model))
    ids: list[int] = []
    # psycopg's own cursor, parameters bound on the server and sent in binary (Django's client-side binding
    # would quote every value of every array in Python); the driver's errors as Django's (IntegrityError: the
    # batch is retried row by row)
    with pg_cursor() as cursor:
        for start in range(0, len(rows), _UNNEST_ROWS):
            chunk = rows[start : start + _UNNEST_ROWS]
            arrays = [list(column) for column in zip(*chunk, strict=True)]
            for i in json_columns:
                arrays[i] = [_json_text(v) for v in arrays[i]]
            cursor.execute(sql, arrays)
            if returning:
                ids += [r[0] for r in cursor.fetchall()]
    return ids


#: from this many rows of one table in a batch, PostgreSQL gets them by ``COPY`` (``_insert_copy``)
COPY_ROWS = 1000


def _insert_copy(
    model: type[Model], names: Sequence[str], rows: list[tuple[Any, ...]], *, returning: bool
) -> list[int]:
    """``COPY … FROM STDIN`` (text format) of the rows into the model's table, on PostgreSQL.

    psycopg formats a row for ``COPY`` in C, where ``unnest`` had it build one array per column in
    Python first: at 10,000 rows a batch that array building was most of the time of a batch. ``COPY``
    returns no ids, so with ``returning`` the ids are taken from the table's sequence first (one
    ``nextval`` per row, in one statement) and written with the rows: the rows get the ids in their
    order, as ``RETURNING`` gives them. A row that breaks a constraint fails the ``COPY`` as it fails
    the ``INSERT`` (Django's ``IntegrityError``: the batch is retried row by row)."""
    from psycopg import sql

    fields = _fields(model, names)
    json_columns = [i for i, f in enumerate(fields) if f.get_internal_type() == "JSONField"]
    columns = [f.column for f in fields]
    ids: list[int] = []
    with pg_cursor() as cursor:
        if returning:
            pk = _pk_column(model)
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [model._meta.db_table, pk, len(rows)],
            )
            ids = sorted(r[0] for r in cursor.fetchall())
            columns = [pk, *columns]
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(model._meta.db_table), sql.SQL(", ").join(map(sql.Identifier, columns))
        )
        with cursor.copy(statement) as copy:
            for n, row in enumerate(rows):
                values = list(row)
                for i in json_columns:
                    values[i] = _json_text(values[i])
                copy.write_row([ids[n], *values] if returning else values)
    return ids


_DOSSIER_FIELDS = [f.attname for f in Dossier._meta.concrete_fields if not f.primary_key]
_dossier_row = operator.attrgetter(*_DOSSIER_FIELDS)


def write_batch(batch: Iterable[PastDossier]) -> BatchResult:
    """Write a batch of past dossiers, whole or not at all; those already
    imported (import key or given code in the database, or earlier in the
    batch) are skipped."""
    batch = list(batch)
    result = BatchResult()
    with transaction.atomic():
        keys = [p.dossier.import_key for p in batch if p.dossier.import_key]
        codes = [p.given_code for p in batch if p.given_code]
        known_keys = set(Dossier.objects.filter(import_key__in=keys).values_list("import_key", flat=True))
        known_codes = set(Dossier.objects.filter(code__in=codes).values_list("code", flat=True)) if codes else set()
        for p in batch:
            key, code = p.dossier.import_key, p.given_code
            if (key and key in known_keys) or (code and code in known_codes):
                result.skipped.append(p)
                continue
            if key:
                known_keys.add(key)
            if code:
                known_codes.add(code)
            result.written.append(p)
        fresh = result.written
        if not fresh:
            return result
        _take_codes(fresh)
        now = timezone.now()
        for p in fresh:
            p.dossier.created_at = now
        ids = _insert(
            Dossier,
            _DOSSIER_FIELDS,
            [_dossier_row(p.dossier) for p in fresh],
            returning=True,
        )
        for p, pk in zip(fresh, ids, strict=True):
            p.dossier.pk = pk
            p.dossier._state.adding = False
            p.dossier._state.db = connection.alias
        event_ids = _insert(
            DossierEvent,
            [
                "dossier_id",
                "seq",
                "action",
                "from_state",
                "to_state",
                "actor_id",
                "actor_name",
                "to_user_id",
                "at",
                "note",
                "data",
                "due_before",
                "due_after",
                "step_due_at",
            ],
            [
                (
                    pk,
                    e.seq,
                    e.action,
                    e.from_state,
                    e.to_state,
                    None,
                    "",
                    None,
                    e.at,
                    e.note,
                    e.data,
                    e.due_before,
                    e.due_after,
                    None,
                )
                for pk, p in zip(ids, fresh, strict=True)
                for e in p.events
            ],
            returning=True,
        )
        _insert(
            DossierPause,
            ["dossier_id", "kind", "started_at", "ended_at"],
            [(pk, q.kind, q.started_at, q.ended_at) for pk, p in zip(ids, fresh, strict=True) for q in p.pauses],
        )
        syncs: list[tuple[Any, ...]] = []
        audits: list[tuple[Any, ...]] = []
        ip = current_ip.get()
        label = Dossier._meta.label_lower
        national_code = {str(k): v for k, v in workflow.NATIONAL_CODE.items()}  # looked up by the event's state text
        position = 0
        payloads: dict[tuple[Any, ...], str] = {}
        for p in fresh:
            d = p.dossier
            pk, object_id, object_repr = d.pk, str(d.pk), d.code[:255]
            final = (d.state, d.due_at, d.finished_at)
            for e in p.events:
                event_id = event_ids[position]
                position += 1
                if e.synced is not None:
                    # what the payload reads besides the code (the copies of a dossier share it)
                    seen = (d.procedure_id, d.agency_id, d.channel, d.received_at, e.synced)
                    rest = payloads.get(seen)
                    if rest is None:
                        d.state, d.due_at, d.finished_at = e.synced
                        rest = payloads[seen] = _payload_after_code(national.sync_payload(d))
                    payload = JsonText(f'{{"code": {_quote(d.code)}, {rest}')
                    syncs.append((pk, event_id, national_code[e.to_state], payload, now, None))
                audits.append(
                    (
                        now,
                        None,
                        "",
                        f"dossier.{e.action}",
                        label,
                        object_id,
                        object_repr,
                        _audit_json(e.from_state, e.due_before),
                        _audit_json(e.to_state, e.audit_due_after),
                        ip,
                    )
                )
            d.state, d.due_at, d.finished_at = final
        _insert(SyncRecord, ["dossier_id", "event_id", "status_code", "payload", "created_at", "exported_at"], syncs)
        _insert(
            AuditEvent,
            [
                "at",
                "actor_id",
                "actor_name",
                "action",
                "object_type",
                "object_id",
                "object_repr",
                "before",
                "after",
                "ip",
            ],
            audits,
        )
        _insert(ChangedDossier, ["dossier_id", "created_at"], [(pk, now) for pk in ids])
    return result
