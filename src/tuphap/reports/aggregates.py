"""Fill and read the pre-aggregated counts.

``refresh()`` consumes the queue of changed dossiers (``dossiers.ChangedDossier``,
written with every dossier event): for each, it computes what the dossier
contributes now, subtracts what it contributed before (``DossierFact`` and
``DossierSpan``) and adds the difference to ``DailyCount``, by day, month and
year: counts by the day of receipt or finish, and the running counts (open,
overdue, waiting for a supplement, late by Decision 766) as deltas.
The periodic job runs it every minute (``reports.services.aggregates_refresh``);
reports only read, and say how fresh their figures are (the last run, and the
dossiers still queued: ``selectors.figures_freshness``).
"""

from __future__ import annotations

import datetime as dt
import operator
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from typing import Any, Final

from django.db import connection, transaction
from django.db.models import Min
from django.utils import timezone

from tuphap.core.rows import pg_cursor
from tuphap.core.tz import local_day
from tuphap.dossiers.models import ChangedDossier, Dossier, DossierPause
from tuphap.dossiers.workflow import State, timeliness
from tuphap.reports.index_rollup import forget_all, forget_lives
from tuphap.reports.index_selectors import moving_only
from tuphap.reports.models import (
    AggregationState,
    DailyCount,
    DossierFact,
    DossierSpan,
    IndexMoved,
    IndexRunning,
    IndexRunningOpen,
)
from tuphap.workdays.core import WorkdaysError
from tuphap.workdays.selectors import office_clock

Key = tuple[
    str, dt.date, dt.date, int, int, int, str, int
]  # measure, day, day2, unit, procedure, handler, channel, receiving point (day grain)
GRAINS: Final = ("d", "m", "y")
TWO_DAY: Final = frozenset({"rcv_late"})  # keyed by the day of receipt and the day it turns late

# 1-day measures by the day of receipt
BY_RECEIPT = ("rcv", "rcv_online", "rcv_pay", "rcv_digit")
# by the day of finish
BY_FINISH = (
    "fin",
    "fin_early",
    "fin_on_time",
    "fin_late",
    "fin_late_766",
    "proc_sec",
    "rated",
    "rate_good",
    "rate_acc",
    "rate_poor",
)
# running measures (deltas: +1 where a span starts, -1 where it ends), counted at an instant
RUNNING = ("open", "overdue", "waiting", "late766")


def classify(due_at: dt.datetime, finished_at: dt.datetime | None) -> str:
    """early / on_time / late against the appointment the law binds; '' if open."""
    if finished_at is None:
        return ""
    return timeliness(finished_at, due_at)


def _processing_seconds(dossier: Any, clocks: dict[int, Any] | None = None, pauses: list[Any] | None = None) -> int:
    if dossier.finished_at is None:
        return 0
    if clocks is None:
        clocks = {}
    clock = clocks.get(dossier.agency_id)
    if clock is None:
        clock = clocks[dossier.agency_id] = office_clock(dossier.agency_id)
    try:
        total = clock.elapsed(dossier.received_at, dossier.finished_at)
        for pause in dossier.pauses.all() if pauses is None else pauses:
            if pause.ended_at is not None:
                total -= clock.elapsed(
                    max(pause.started_at, dossier.received_at), min(pause.ended_at, dossier.finished_at)
                )
    except WorkdaysError:
        return 0
    return max(total, 0)


def _supplement_pauses(pauses: Iterable[Any]) -> list[Any]:
    return sorted((p for p in pauses if p.kind == "supplement"), key=lambda p: (p.started_at, p.pk or 0))


def _overdue_from(dossier: Any, finish_class: str) -> dt.datetime | None:
    """From when the dossier counts as late: its appointment, unless it finished
    on time or its clock stopped (an open pause) before the appointment: the
    appointment then moves when the clock resumes, and the dossier is not late."""
    assert dossier.due_at is not None  # noqa: S101 - fact_for checked
    if finish_class == "late":
        return dossier.due_at
    if finish_class:
        return None
    if dossier.paused_at is not None and dossier.paused_at <= dossier.due_at:
        return None
    return dossier.due_at


@dataclass(slots=True)
class Fact:
    """What one dossier counts for (a row of ``DossierFact``)."""

    dossier_id: int
    unit_id: int
    procedure_id: int
    handler_id: int
    channel: str
    received_at: dt.datetime
    due_at: dt.datetime
    finished_at: dt.datetime | None
    finish_class: str
    online: bool
    online_payment: bool
    digitised: bool
    rating: str
    processing_seconds: int
    overdue_from: dt.datetime | None
    supplement_requests: int
    point_id: int = 0  # the receiving point (0: none recorded)


FACT_FIELDS: Final = tuple(f.name for f in fields(Fact))


@dataclass(slots=True)
class Span:
    """A running measure's interval (start_at, end_at] for one dossier (a row of ``DossierSpan``)."""

    dossier_id: int
    measure: str
    start_at: dt.datetime
    end_at: dt.datetime | None
    unit_id: int
    procedure_id: int
    handler_id: int
    channel: str
    point_id: int = 0


SPAN_FIELDS: Final = tuple(f.name for f in fields(Span))


@dataclass(slots=True)
class DossierRow:
    """The columns of a dossier the job reads (no model instance: the job reads thousands at a time)."""

    pk: int
    agency_id: int
    unit_id: int
    procedure_id: int
    handler_id: int | None
    channel: str
    state: str
    received_at: dt.datetime
    due_at: dt.datetime | None
    finished_at: dt.datetime | None
    paused_at: dt.datetime | None
    online_payment: bool
    scanned_components: bool
    electronic_result: bool
    rating: str
    receiving_point_id: int | None = None


@dataclass(slots=True)
class PauseRow:
    pk: int
    kind: str
    started_at: dt.datetime
    ended_at: dt.datetime | None


DOSSIER_FIELDS: Final = ("id", *tuple(f.name for f in fields(DossierRow))[1:])


def fact_for(dossier: Any, clocks: dict[int, Any] | None = None, pauses: list[Any] | None = None) -> Fact | None:
    """What the dossier counts for now; None if it was never received (or has no appointment).

    ``dossier`` is a Dossier or a ``DossierRow``; ``pauses`` its pauses (default: ``dossier.pauses.all()``).
    """
    if dossier.due_at is None or dossier.state == State.SUBMITTED:
        return None
    finish_class = classify(dossier.due_at, dossier.finished_at)
    if pauses is None:
        pauses = list(dossier.pauses.all())
    return Fact(
        dossier_id=dossier.pk,
        unit_id=dossier.unit_id,
        procedure_id=dossier.procedure_id,
        handler_id=dossier.handler_id or 0,
        channel=dossier.channel,
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        finished_at=dossier.finished_at,
        finish_class=finish_class,
        online=dossier.channel == "online",
        online_payment=dossier.online_payment,
        digitised=dossier.scanned_components or dossier.electronic_result,
        rating=dossier.rating,
        processing_seconds=_processing_seconds(dossier, clocks, pauses),
        overdue_from=_overdue_from(dossier, finish_class),
        supplement_requests=len(_supplement_pauses(pauses)),
        point_id=dossier.receiving_point_id or 0,
    )


Interval = tuple[dt.datetime, dt.datetime | None]  # (start, end]; end None: still running


def _clip(start: dt.datetime, end: dt.datetime | None, lo: dt.datetime, hi: dt.datetime | None) -> Interval | None:
    """(start, end] within (lo, hi]; None if empty."""
    s = max(start, lo)
    e = end if hi is None else (hi if end is None else min(end, hi))
    if e is not None and e <= s:
        return None
    return (s, e)


def intervals_766(
    received_at: dt.datetime,
    finished_at: dt.datetime | None,
    overdue_from: dt.datetime | None,
    supplement_pauses: list[tuple[dt.datetime, dt.datetime | None]],
) -> dict[str, list[Interval]]:
    """The running measures of one dossier as intervals (start, end].

    open: received, not finished. overdue: open and past ``overdue_from``.
    waiting: open and waiting for a supplement asked for once (Decision 766
    leaves it out). late766: open and late by Decision 766, i.e. a second
    supplement has been asked for, or overdue while not waiting.
    """
    out: dict[str, list[Interval]] = {"open": [(received_at, finished_at)], "overdue": [], "waiting": [], "late766": []}
    if overdue_from is not None:
        span = _clip(overdue_from, None, received_at, finished_at)
        if span:
            out["overdue"].append(span)
    first = _clip(*supplement_pauses[0], received_at, finished_at) if supplement_pauses else None
    if first:
        out["waiting"].append(first)
    second = supplement_pauses[1][0] if len(supplement_pauses) > 1 else None
    if out["overdue"] or second is not None:
        # piecewise: every indicator is constant on (b[i-1], b[i]]; evaluate at b[i]
        bounds = sorted({x for x in (received_at, finished_at, overdue_from, second, *(first or ())) if x is not None})
        far = dt.datetime.max.replace(tzinfo=dt.UTC)

        def inside(spans: list[Interval], at: dt.datetime) -> bool:
            return any(s < at and (e is None or at <= e) for s, e in spans)

        def late(at: dt.datetime) -> bool:
            if not inside(out["open"], at):
                return False
            return (second is not None and second < at) or (
                inside(out["overdue"], at) and not inside(out["waiting"], at)
            )

        points = [*bounds, far]
        begin: dt.datetime | None = None
        for i in range(1, len(points)):
            value = late(points[i])
            if value and begin is None:
                begin = points[i - 1]
            elif not value and begin is not None:
                out["late766"].append((begin, points[i - 1]))
                begin = None
        if begin is not None:
            out["late766"].append((begin, None))
    return out


def spans_for(fact: Fact | None, pauses: list[Any]) -> list[Span]:
    """The running measures' intervals of a dossier, from its fact and its pauses."""
    if fact is None:
        return []
    supplements = [(p.started_at, p.ended_at) for p in _supplement_pauses(pauses)]
    dims = (fact.unit_id, fact.procedure_id, fact.handler_id, fact.channel, fact.point_id)
    return [
        Span(fact.dossier_id, measure, start, end, *dims)
        for measure, spans in intervals_766(fact.received_at, fact.finished_at, fact.overdue_from, supplements).items()
        for start, end in spans
    ]


def contributions(fact: Fact | None) -> Counter[Key]:
    """The DailyCount keys and values one dossier adds."""
    out: Counter[Key] = Counter()
    if fact is None:
        return out
    dims = (fact.unit_id, fact.procedure_id, fact.handler_id, fact.channel, fact.point_id)
    rday = local_day(fact.received_at)

    def add(measure: str, day: dt.date, value: int = 1, day2: dt.date | None = None) -> None:
        if value:
            out[(measure, day, day2 or day, *dims)] += value

    add("rcv", rday)
    if fact.online:
        add("rcv_online", rday)
    if fact.online_payment:
        add("rcv_pay", rday)
    if fact.digitised:
        add("rcv_digit", rday)
    if fact.overdue_from is not None:
        add("rcv_late", rday, 1, local_day(fact.overdue_from))  # late at T iff overdue_from < T
    if fact.finished_at is not None:
        fday = local_day(fact.finished_at)
        add("fin", fday)
        add({"early": "fin_early", "on_time": "fin_on_time", "late": "fin_late"}[fact.finish_class], fday)
        add("proc_sec", fday, fact.processing_seconds)
        if fact.finish_class == "late" or fact.supplement_requests > 1:
            add("fin_late_766", fday)
        if fact.rating:
            add("rated", fday)
            add({"good": "rate_good", "acceptable": "rate_acc", "poor": "rate_poor"}[fact.rating], fday)
    return out


def grain_start(grain: str, day: dt.date) -> dt.date:
    """The first day of the day's month (``m``) or year (``y``); the day itself for ``d``."""
    if grain == "m":
        return day.replace(day=1)
    if grain == "y":
        return day.replace(month=1, day=1)
    return day


def span_contributions(spans: Iterable[Span]) -> Counter[Key]:
    """The DailyCount keys and values of a dossier's spans (+1 where one starts, -1 where it ends)."""
    out: Counter[Key] = Counter()
    for span in spans:
        dims = (span.unit_id, span.procedure_id, span.handler_id, span.channel, span.point_id)
        start = local_day(span.start_at)
        out[(span.measure, start, start, *dims)] += 1
        if span.end_at is not None:
            end = local_day(span.end_at)
            out[(span.measure, end, end, *dims)] -= 1
    return out


def _apply(delta: Counter[Key]) -> None:
    """Add the day-grain differences to DailyCount at every grain (day, month, year)."""
    grained: Counter[tuple[Any, ...]] = Counter()
    for (measure, day, day2, *dims), value in delta.items():
        if value:
            for grain in GRAINS:
                start = grain_start(grain, day)
                grained[(measure, grain, start, day2 if measure in TWO_DAY else start, *dims)] += value
    rows = [(*k, v) for k, v in grained.items() if v]
    if not rows:
        return
    table = DailyCount._meta.db_table
    columns = (*DailyCount.KEY, "value")
    key = ", ".join(columns[:-1])
    _insert(DailyCount, columns, rows, f" ON CONFLICT ({key}) DO UPDATE SET value = {table}.value + excluded.value")


def _insert(model: Any, columns: tuple[str, ...], rows: list[tuple[Any, ...]], suffix: str = "") -> None:
    """INSERT the rows into the model's table (``suffix``: an ON CONFLICT clause).

    On PostgreSQL one statement per 5,000 rows, the columns sent as arrays
    (``unnest``): row by row, even pipelined, the fill job spent most of its
    time on round trips (619 dossiers/s before, on 10,000). Now by ``COPY``,
    whose rows the driver formats in C (quoting the arrays, in Python, was most
    of the job's time): straight into the table, or with ``suffix`` into a
    temporary table of the same columns, then one ``INSERT … SELECT`` from it."""
    if not rows:
        return
    table = model._meta.db_table
    if connection.vendor == "postgresql":
        names = ", ".join(columns)
        with pg_cursor() as cursor:
            if not suffix:
                _copy(cursor, table, names, rows)
                return
            staging = f"tuphap_staging_{table}"
            cursor.execute("SELECT to_regclass(%s)", [f"pg_temp.{staging}"])
            row = cursor.fetchone()
            if row is None or row[0] is None:  # once per session (or again after a rollback undid it)
                create = f"CREATE TEMPORARY TABLE {staging} ON COMMIT DELETE ROWS AS SELECT {names} FROM {table}"  # noqa: S608 - model tables
                cursor.execute(create + " WITH NO DATA")
            _copy(cursor, staging, names, rows)
            cursor.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM {staging}{suffix}")  # noqa: S608 - model tables
            cursor.execute(f"TRUNCATE {staging}")
        return
    rows = [_row(r) for r in rows]
    with connection.cursor() as cursor:
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))}){suffix}"  # noqa: S608 - model tables
        for start in range(0, len(rows), 1000):
            cursor.executemany(sql, rows[start : start + 1000])


def _copy(cursor: Any, table: str, names: str, rows: list[tuple[Any, ...]]) -> None:
    with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _select(model: Any, names: tuple[str, ...], key: str, ids: list[int]) -> list[tuple[Any, ...]]:
    """``model.objects.filter(<key>__in=ids).values_list(*names)``, on PostgreSQL with the ids as one array."""
    if connection.vendor != "postgresql":
        return list(model.objects.filter(**{f"{key}__in": ids}).order_by().values_list(*names))
    opts = model._meta
    columns = ", ".join(opts.get_field(name).column for name in names)
    with pg_cursor() as cursor:
        cursor.execute(
            f"SELECT {columns} FROM {opts.db_table} WHERE {opts.get_field(key).column} = ANY(%b)",  # noqa: S608 - model names
            [ids],
        )
        return cursor.fetchall()


def _delete(model: Any, key: str, ids: list[int]) -> None:
    """``model.objects.filter(<key>__in=ids).delete()`` of a model nothing cascades from, on PostgreSQL with
    the ids as one array."""
    if connection.vendor != "postgresql":
        model.objects.filter(**{f"{key}__in": ids}).delete()
        return
    opts = model._meta
    with pg_cursor() as cursor:
        cursor.execute(f"DELETE FROM {opts.db_table} WHERE {opts.get_field(key).column} = ANY(%b)", [ids])  # noqa: S608 - model names


def _row(values: tuple[Any, ...]) -> tuple[Any, ...]:
    adapt = connection.ops.adapt_datetimefield_value
    return tuple(adapt(v) if isinstance(v, dt.datetime) else v for v in values)


def count_dossiers(ids: Iterable[int]) -> int:
    """Recount the given dossiers (old contribution out, new in). Call inside a transaction."""
    ids = sorted(set(ids))
    if not ids:
        return 0
    old = {f.dossier_id: f for f in (Fact(*row) for row in _select(DossierFact, FACT_FIELDS, "dossier_id", ids))}
    old_spans = [Span(*row) for row in _select(DossierSpan, SPAN_FIELDS, "dossier_id", ids)]
    delta: Counter[Key] = Counter()
    delta.subtract(span_contributions(old_spans))
    clocks: dict[int, Any] = {}
    fresh: list[Fact] = []
    fresh_spans: list[Span] = []
    pauses: dict[int, list[PauseRow]] = {}
    for dossier_id, pk, kind, started_at, ended_at in _select(
        DossierPause, ("dossier_id", "id", "kind", "started_at", "ended_at"), "dossier_id", ids
    ):
        pauses.setdefault(dossier_id, []).append(PauseRow(pk, kind, started_at, ended_at))
    for row in _select(Dossier, DOSSIER_FIELDS, "id", ids):
        dossier = DossierRow(*row)
        mine = pauses.get(dossier.pk, [])
        new = fact_for(dossier, clocks, mine)
        delta.update(contributions(new))
        delta.subtract(contributions(old.get(dossier.pk)))
        if new is not None:
            fresh.append(new)
            fresh_spans.extend(spans_for(new, mine))
    delta.update(span_contributions(fresh_spans))
    # the service index's stored periods that these dossiers counted in or count in now
    forget_lives((f.unit_id, f.received_at, f.finished_at) for f in (*old.values(), *fresh))
    _delete(DossierFact, "dossier_id", ids)
    _delete(DossierSpan, "dossier_id", ids)
    _insert(DossierFact, FACT_FIELDS, [astuple_fact(f) for f in fresh])
    _insert(DossierSpan, SPAN_FIELDS, [astuple_span(x) for x in fresh_spans])
    _apply(delta)
    return len(ids)


astuple_fact: Final[Callable[[Fact], tuple[Any, ...]]] = operator.attrgetter(*FACT_FIELDS)
astuple_span: Final[Callable[[Span], tuple[Any, ...]]] = operator.attrgetter(*SPAN_FIELDS)


def refresh(batch: int = 2000) -> int:
    """Bring the aggregates up to date; returns the number of dossiers recounted.

    A run that counted something records when it emptied the queue (``AggregationState.last_run_at``):
    every change committed before then is counted (``selectors.figures_freshness``)."""
    total = 0
    while True:
        if not ChangedDossier.objects.exists():  # nothing (more) to count: no write lock taken
            if total:
                AggregationState.objects.filter(pk=1).update(last_run_at=timezone.now())
            return total
        with transaction.atomic():
            state, _created = AggregationState.objects.get_or_create(pk=1)
            state = AggregationState.objects.select_for_update().get(pk=1)  # one refresher at a time
            queued = list(ChangedDossier.objects.order_by("id").values_list("id", "dossier_id", "created_at")[:batch])
            if not queued:
                if total:
                    state.last_run_at = timezone.now()
                    state.save(update_fields=["last_run_at"])
                return total
            counted = count_dossiers(d for _, d, _at in queued)
            _delete(ChangedDossier, "id", [i for i, _d, _at in queued])
            _record_moved(queued)
            state.dossiers_counted += counted
            state.save(update_fields=["dossiers_counted"])
            total += counted


def _record_moved(queued: list[tuple[int, int, dt.datetime]]) -> None:
    """Record, for the running periods' stored parts (``IndexRunning``), the recounted dossiers whose
    contribution to one of them may have changed, with when their change was queued: those counted open at
    the oldest stored part's midnight or finished since, and those stored as open there (``IndexRunningOpen``).
    A dossier finished before then counts in a stored final part, which ``forget_lives`` deleted if the
    dossier finished in its period: an import of finished history records nothing."""
    oldest = IndexRunning.objects.aggregate(oldest=Min("cut"))["oldest"]
    if oldest is None:
        return
    ids = sorted({d for _, d, _at in queued})
    moved = set(
        DossierFact.objects.filter(moving_only(oldest), dossier_id__in=ids)  # the facts share the dossier's names
        .order_by()
        .values_list("dossier_id", flat=True)
        .union(IndexRunningOpen.objects.filter(dossier_id__in=ids).order_by().values_list("dossier_id", flat=True))
    )
    IndexMoved.objects.bulk_create([IndexMoved(dossier_id=d, at=at) for _, d, at in queued if d in moved])


def rebuild() -> int:
    """Recount everything from scratch (after a bug fix or a restore)."""
    with transaction.atomic():
        AggregationState.objects.get_or_create(pk=1)
        AggregationState.objects.select_for_update().get(pk=1)
        DailyCount.objects.all().delete()
        DossierSpan.objects.all().delete()
        DossierFact.objects.all().delete()
        ChangedDossier.objects.all().delete()
        forget_all()  # the queue is dropped: the index's stored periods would no longer be kept exact
        ids = list(Dossier.objects.values_list("pk", flat=True))
    done = 0
    for start in range(0, len(ids), 2000):
        with transaction.atomic():
            done += count_dossiers(ids[start : start + 2000])
    return done
