"""Reads of the service index: the facts of a period's dossiers and feedback, summed by
``reports.service_index`` (the pure rules), and the dossiers that lower it.

A period is read directly from the dossiers it concerns (received in it, finished in it,
or unfinished at its end), in four queries whatever their number, unless it is over and its
counts are stored (``models.IndexCount``, kept by ``index_rollup``) and no change waiting for
the periodic job touches it: then one row is read, whatever the history's size. A period not over
yet (the running quarter or month) reads the stored counts of its dossiers finished before the
current day (``models.IndexRunning``: final, they no longer move with the clock) when no change
waiting touches them, and classifies live only what still moves: the dossiers open or finished
since, and the feedback.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from tuphap.core.tz import local_day, midnight
from tuphap.dossiers.feedback import feedback_in_period
from tuphap.dossiers.models import ChangedDossier, Dossier, DossierPause, Feedback
from tuphap.dossiers.workflow import State
from tuphap.reports.models import DossierFact, IndexCount, IndexMoved, IndexRunning, IndexRunningOpen, IndexStale
from tuphap.reports.service_index import (
    RULES,
    DossierFacts,
    FeedbackFacts,
    Index,
    IndexCounts,
    classify,
    classify_feedback,
    components,
    lowering,
    rules_for,
)


def bounds(start: dt.date, end: dt.date, *, now: dt.datetime | None = None) -> tuple[dt.datetime, dt.datetime]:
    """[start 00:00, end+1 00:00) in local time, cut at now (a period not over yet is read as of now)."""
    return midnight(start), min(midnight(end + dt.timedelta(days=1)), now or timezone.now())


@dataclass(frozen=True)
class Named:
    """A dossier as the lists name it."""

    code: str
    procedure: str
    pk: int = 0


FACT_COLUMNS = (
    "pk",
    "code",
    "procedure__name",
    "received_at",
    "due_at",
    "finished_at",
    "channel",
    "synced_to_national_at",
    "electronic_result",
    "components_required",
    "digitised_components",
    "fee_due",
    "online_payment",
    "rating",
)


def _facts(
    lo: dt.datetime, hi: dt.datetime, unit_id: int | None, only: Q | None = None
) -> list[tuple[Named, DossierFacts]]:
    """The facts of every dossier that counts in [lo, hi): received in it, finished in it or unfinished at its
    start (and, with ``only``, meeting it); three queries (the pauses and the feedback by subquery: no list of
    ids, whatever their number)."""
    qs = (
        Dossier.objects.exclude(state=State.SUBMITTED)
        .exclude(due_at__isnull=True)
        .filter(received_at__lt=hi)
        .filter(Q(received_at__gte=lo) | Q(finished_at__isnull=True) | Q(finished_at__gte=lo))
    )
    if only is not None:
        qs = qs.filter(only)
    if unit_id is not None:
        qs = qs.filter(unit_id=unit_id)
    rows = list(qs.order_by().values_list(*FACT_COLUMNS))
    pauses: dict[int, list[tuple[dt.datetime, dt.datetime | None]]] = defaultdict(list)
    feedback: dict[int, list[dt.datetime]] = defaultdict(list)
    if rows:
        ids = qs.values("pk")
        for dossier_id, started, ended in (
            DossierPause.objects.filter(dossier__in=ids, kind="supplement")
            .order_by("started_at")
            .values_list("dossier_id", "started_at", "ended_at")
        ):
            pauses[dossier_id].append((started, ended))
        for dossier_id, at in (
            Feedback.objects.filter(dossier__in=ids).order_by().values_list("dossier_id", "received_at")
        ):
            feedback[dossier_id].append(at)
    empty: tuple[()] = ()
    return [
        (
            Named(code, procedure, pk),
            DossierFacts(
                received, due, finished, channel, synced, electronic, required, digitised, fee, paid, rating,
                tuple(pauses[pk]) if pk in pauses else empty,
                tuple(feedback[pk]) if pk in feedback else empty,
            ),
        )
        for (pk, code, procedure, received, due, finished, channel, synced, electronic, required, digitised, fee,
             paid, rating) in rows
    ]  # fmt: skip


def computed_series(spans: list[tuple[dt.datetime, dt.datetime]], unit_id: int | None) -> list[IndexCounts]:
    """The counts of each [lo, hi) classified from one read of their dossiers and feedback (four queries)."""
    return _classified(spans, unit_id)


def _classified(
    spans: list[tuple[dt.datetime, dt.datetime]], unit_id: int | None, only: Q | None = None, feedback: bool = True
) -> list[IndexCounts]:
    """``computed_series`` of the dossiers meeting ``only`` (None: all), with the feedback or without."""
    out = [IndexCounts() for _ in spans]
    live = [(lo, hi) for lo, hi in spans if hi > lo]
    if not live:
        return out
    first, last = min(lo for lo, _ in live), max(hi for _, hi in live)
    dossiers = _facts(first, last, unit_id, only)
    answers = (
        [
            FeedbackFacts(*f)
            for f in feedback_in_period(first, last, unit_id=unit_id).values_list(
                "received_at", "due_at", "answered_at", "sender_satisfied"
            )
        ]
        if feedback
        else []
    )
    for i, (lo, hi) in enumerate(spans):
        if hi <= lo:
            continue
        total = out[i]
        for _named, facts in dossiers:
            received, finished = facts.received_at, facts.finished_at
            if received >= hi or (received < lo and finished is not None and finished < lo):
                continue  # outside this period (the read covers all of them)
            total.add(classify(facts, lo, hi))
        for f in answers:
            total.add(classify_feedback(f, lo, hi))
    return out


def final_only(cut: dt.date) -> Q:
    """The dossiers whose contribution to a period not over no longer moves with the clock: finished before
    the day ``cut`` (its receipt, its finish, its pauses are then before any later end of the period; what
    can still change it is a change to the dossier or feedback about it, both queued for the job)."""
    return Q(finished_at__lt=midnight(cut))


def moving_only(cut: dt.date) -> Q:
    """The other dossiers: open, or finished from the day ``cut`` on."""
    return Q(finished_at__isnull=True) | Q(finished_at__gte=midnight(cut))


def final_series(periods: list[tuple[dt.date, dt.date]], unit_id: int | None, now: dt.datetime) -> list[IndexCounts]:
    """The counts of the periods' dossiers finished before ``now``'s day (classified as of ``now``; no
    feedback), from one read: the final part of what ``models.IndexRunning`` stores."""
    cut = local_day(now)
    return _classified([bounds(s, e, now=now) for s, e in periods], unit_id, final_only(cut), feedback=False)


def to_bits(counts: IndexCounts) -> int:
    """One dossier's contribution (each count 0 or 1) as one bit per count, in ``COUNT_FIELDS`` order."""
    return sum(1 << i for i, name in enumerate(COUNT_FIELDS) if getattr(counts, name))


def from_bits(bits: int) -> IndexCounts:
    return IndexCounts(*((bits >> i) & 1 for i in range(len(COUNT_FIELDS))))


def minus(a: IndexCounts, b: IndexCounts) -> IndexCounts:
    return IndexCounts(*(getattr(a, name) - getattr(b, name) for name in COUNT_FIELDS))


def open_contributions(start: dt.date, end: dt.date, unit_id: int | None, cut: dt.date) -> dict[int, int]:
    """What each dossier open at ``cut``'s midnight counts in the period [start, end] as of that instant (by
    dossier, as bits; the dossiers counting in nothing left out): the open part ``models.IndexRunning``
    stores, each contribution kept apart (``IndexRunningOpen``) so that a read can take it out again."""
    lo, hi = bounds(start, end, now=midnight(cut))
    if hi <= lo:
        return {}
    out = {}
    for named, facts in _facts(lo, hi, unit_id, moving_only(cut)):
        bits = to_bits(classify(facts, lo, hi))
        if bits:
            out[named.pk] = bits
    return out


def changed_since(cut: dt.date, hi: dt.datetime) -> QuerySet[Any, int]:
    """The dossiers whose contribution to a period may differ between ``cut``'s midnight and ``hi`` (not
    later than the period's end), as a subquery of their ids (never a list, however many: a bulk load or
    an import may have changed a whole period): changed since (queued, or recounted by the job:
    ``IndexMoved``), or one of the instants ``service_index.classify`` compares with the period's end
    between the two (received, appointment, finished, a supplement pause starting or ending; feedback about
    an open dossier counts only once it finishes). Bounds taken inclusive: a superset is exact, only
    slower. Each part by an index."""
    lo = midnight(cut)
    moving = Dossier.objects.filter(moving_only(cut))
    parts = [
        ChangedDossier.objects.order_by().values_list("dossier_id", flat=True),
        IndexMoved.objects.filter(at__gte=lo).order_by().values_list("dossier_id", flat=True),
        Dossier.objects.filter(received_at__gte=lo, received_at__lte=hi).order_by().values_list("pk", flat=True),
        moving.filter(due_at__gte=lo, due_at__lte=hi).order_by().values_list("pk", flat=True),
        Dossier.objects.filter(finished_at__gte=lo, finished_at__lte=hi).order_by().values_list("pk", flat=True),
        DossierPause.objects.filter(kind="supplement", started_at__gte=lo, started_at__lte=hi)
        .order_by()
        .values_list("dossier_id", flat=True),
        DossierPause.objects.filter(kind="supplement", ended_at__gte=lo, ended_at__lte=hi)
        .order_by()
        .values_list("dossier_id", flat=True),
    ]
    return parts[0].union(*parts[1:]).order_by()


#: more changes than this waiting for the job: every stored period is taken as stale (a bulk load)
PENDING_LIMIT = 1000

DayRange = tuple[dt.date, dt.date | None]  # the days a change touches: [first, last], None: up to now


def life_days(received_at: dt.datetime, finished_at: dt.datetime | None) -> DayRange:
    """The days of the periods a dossier counts in: a period [start, end] counts it when it was received
    before the end's midnight and finished (if ever) from the start's midnight on."""
    return local_day(received_at), None if finished_at is None else local_day(finished_at)


@dataclass(frozen=True)
class Pending:
    """The changes not yet applied to the stored counts, for a unit (or the department)."""

    lives: list[DayRange]  # the queued dossiers' lives, as the job last counted them and as they are now
    feedback: list[dt.date]  # the days of receipt of the feedback queued (``IndexStale``)

    def ranges(self) -> list[DayRange]:
        return [*((day, None) for day in self.feedback), *self.lives]

    def __add__(self, other: Pending) -> Pending:
        return Pending(self.lives + other.lives, self.feedback + other.feedback)


def pending_ranges(unit_id: int | None) -> list[DayRange] | None:
    """The day ranges that changes not yet applied to the stored counts touch, for the unit (None: the whole
    department): the queued dossiers' lives as the job last counted them and as they are now, and the
    feedback received from a day on (``IndexStale``). None: too many to tell (every period is stale)."""
    pending = pending_changes(unit_id)
    return None if pending is None else pending.ranges()


def pending_changes(unit_id: int | None) -> Pending | None:
    """``pending_ranges``, the dossiers' lives and the feedback apart. None: too many to tell."""

    def mine(unit: int | None) -> bool:
        return unit_id is None or unit == unit_id

    stale = list(IndexStale.objects.order_by().values_list("at", "unit_id")[: PENDING_LIMIT + 1])
    now = list(
        ChangedDossier.objects.order_by().values_list(
            "dossier__unit_id", "dossier__received_at", "dossier__finished_at"
        )[: PENDING_LIMIT + 1]
    )
    before = list(
        DossierFact.objects.filter(dossier_id__in=ChangedDossier.objects.values("dossier_id"))
        .order_by()
        .values_list("unit_id", "received_at", "finished_at")[: PENDING_LIMIT + 1]
    )
    if max(len(stale), len(now), len(before)) > PENDING_LIMIT:
        return None
    return Pending(
        [life_days(rcv, fin) for unit, rcv, fin in (*now, *before) if rcv is not None and mine(unit)],
        [local_day(at) for at, unit in stale if mine(unit)],
    )


def touches(ranges: list[DayRange] | None, start: dt.date, end: dt.date) -> bool:
    """Whether a change over ``ranges`` (None: any) may alter the counts of [start, end]."""
    if ranges is None:
        return True
    return any(first <= end and (last is None or start <= last) for first, last in ranges)


def final_touched(pending: Pending | None, start: dt.date, cut: dt.date) -> bool:
    """Whether a change waiting may alter the stored final part of a period from ``start``, finished before
    ``cut``: a queued dossier finished (before the change or after) from ``start`` to before ``cut``, or any
    feedback queued (it may be about one of them). None: any."""
    if pending is None or pending.feedback:
        return True
    return any(last is not None and start <= last < cut for _first, last in pending.lives)


def is_over(end: dt.date, now: dt.datetime) -> bool:
    """A period is over (its counts no longer move with time) from its last day's following midnight."""
    return midnight(end + dt.timedelta(days=1)) <= now


def rules_version(start: dt.date) -> str:
    rules = rules_for(start)
    return "" if rules is None else rules.version


COUNT_FIELDS = tuple(f.name for f in fields(IndexCounts))

#: a stored row's key: the period's start and end and the version of the rules it was counted under
RowKey = tuple[dt.date, dt.date, str]


def _wanted(periods: list[tuple[dt.date, dt.date]], keep: Callable[[dt.date, dt.date], bool]) -> dict[RowKey, int]:
    """The periods under a version of the rules for which ``keep(start, end)`` holds, each with its position."""
    return {
        (start, end, rules_version(start)): i
        for i, (start, end) in enumerate(periods)
        if rules_for(start) is not None and keep(start, end)
    }


def _stored_rows(
    model: type[IndexCount | IndexRunning], unit_id: int | None, wanted: dict[RowKey, int]
) -> QuerySet[Any]:
    """The unit's stored rows (the department's: unit id 0) whose start and end are among the wanted periods'."""
    return model.objects.filter(
        unit_id=unit_id or 0,
        start__in={start for start, _e, _r in wanted},
        end__in={end for _s, end, _r in wanted},
    )


def stored_counts(
    periods: list[tuple[dt.date, dt.date]], unit_id: int | None, now: dt.datetime | None = None
) -> dict[int, IndexCounts]:
    """The stored counts of those periods (by position) that are over and untouched by changes waiting for
    the job (``index_rollup`` fills and deletes them; a read never writes)."""
    now = now or timezone.now()
    wanted = _wanted(periods, lambda _start, end: is_over(end, now))
    if not wanted:
        return {}
    rows = _stored_rows(IndexCount, unit_id, wanted).values_list("start", "end", "rules", *COUNT_FIELDS)
    found = {wanted[key]: (key, values) for key, values in ((tuple(r[:3]), r[3:]) for r in rows) if key in wanted}
    if not found:
        return {}
    ranges = pending_ranges(unit_id)
    return {
        i: IndexCounts(*values)
        for i, ((start, end, _rules), values) in found.items()
        if not touches(ranges, start, end)
    }


def running_counts(
    periods: list[tuple[dt.date, dt.date]], unit_id: int | None, now: dt.datetime | None = None
) -> dict[int, IndexCounts]:
    """The counts of those periods (by position) that have begun and are not over, whose final part is stored
    and untouched by changes waiting for the job: the stored part plus the dossiers that still move and the
    feedback, classified live (four queries a period, besides the stored rows and the queue)."""
    now = now or timezone.now()
    today = local_day(now)
    wanted = _wanted(periods, lambda start, end: start <= today and not is_over(end, now))
    if not wanted:
        return {}
    rows = (
        _stored_rows(IndexRunning, unit_id, wanted)
        .filter(cut__lte=today, computed_at__lte=now)
        .values_list("start", "end", "rules", "cut", "pk", *COUNT_FIELDS)
    )
    found = {wanted[key]: (key, r[3], r[4], r[5:]) for key, r in ((tuple(r[:3]), r) for r in rows) if key in wanted}
    if not found:
        return {}
    pending = pending_changes(unit_id)
    out = {}
    for i, ((start, end, _rules), cut, pk, values) in found.items():
        if final_touched(pending, start, cut):
            continue
        lo, hi = bounds(start, end, now=now)
        ids = changed_since(cut, hi)
        taken = IndexRunningOpen.objects.filter(running_id=pk, dossier_id__in=ids).values_list("bits")
        stored = IndexCounts(*values)
        for (bits,) in taken:  # their contributions as stored, taken out, and classified as of now instead
            stored = minus(stored, from_bits(bits))
        out[i] = stored + _classified([(lo, hi)], unit_id, Q(pk__in=ids) & moving_only(cut))[0]
    return out


def index_counts_series(
    periods: list[tuple[dt.date, dt.date]], *, unit_id: int | None = None, now: dt.datetime | None = None
) -> list[IndexCounts]:
    """The counts of several periods as of ``now`` (None: the present): the stored ones when fresh, the
    running ones from their stored final part when fresh, the others from one read of their dossiers and
    feedback (four queries)."""
    now = now or timezone.now()
    stored = stored_counts(periods, unit_id, now)
    stored.update(running_counts(periods, unit_id, now))  # the periods not over: none of the stored ones
    missing = [i for i in range(len(periods)) if i not in stored]
    computed = iter(computed_series([bounds(*periods[i], now=now) for i in missing], unit_id)) if missing else iter(())
    return [stored[i] if i in stored else next(computed) for i in range(len(periods))]


def index_counts(
    start: dt.date, end: dt.date, *, unit_id: int | None = None, now: dt.datetime | None = None
) -> IndexCounts:
    return index_counts_series([(start, end)], unit_id=unit_id, now=now)[0]


def service_index(
    start: dt.date, end: dt.date, *, unit_id: int | None = None, now: dt.datetime | None = None
) -> Index | None:
    """The index of the period under the rules in force on its first day (None before 766 applied), as of
    ``now`` (None: the present)."""
    return service_index_series([(start, end)], unit_id=unit_id, now=now)[0]


def service_index_series(
    periods: list[tuple[dt.date, dt.date]], *, unit_id: int | None = None, now: dt.datetime | None = None
) -> list[Index | None]:
    """The index of each period (the trend), from one read."""
    rules = [rules_for(start) for start, _end in periods]
    wanted = [p for p, r in zip(periods, rules, strict=True) if r is not None]
    counts = iter(index_counts_series(wanted, unit_id=unit_id, now=now))
    return [None if r is None else components(next(counts), r) for r in rules]


@dataclass(frozen=True)
class Lowering:
    code: str
    procedure: str
    reasons: list[str]


def dossiers_lowering(start: dt.date, end: dt.date, *, unit_id: int | None = None, limit: int = 50) -> list[Lowering]:
    """The period's dossiers that lower the index, the most reasons first (late, second supplement, not digitised…)."""
    lo, hi = bounds(start, end)
    if hi <= lo:
        return []
    out = []
    for named, facts in _facts(lo, hi, unit_id):
        reasons = lowering(facts, lo, hi)
        if reasons:
            out.append(Lowering(named.code, named.procedure, reasons))
    out.sort(key=lambda row: (-len(row.reasons), row.code))
    return out[:limit]


@dataclass(frozen=True)
class Period:
    key: str  # 2026-11 | 2026Q4
    label: str
    start: dt.date
    end: dt.date
    quarter: bool

    def previous(self) -> Period:
        return period_of(self.start - dt.timedelta(days=1), quarter=self.quarter)


def period_of(day: dt.date, *, quarter: bool) -> Period:
    if quarter:
        q = (day.month - 1) // 3 + 1
        start = dt.date(day.year, 3 * q - 2, 1)
        end = dt.date(day.year, 3 * q, calendar.monthrange(day.year, 3 * q)[1])
        return Period(f"{day.year}Q{q}", f"Quý {q}/{day.year}", start, end, True)
    start = day.replace(day=1)
    end = day.replace(day=calendar.monthrange(day.year, day.month)[1])
    return Period(f"{day.year}-{day.month:02d}", f"Tháng {day.month}/{day.year}", start, end, False)


def recent_periods(day: dt.date, count: int, *, quarter: bool) -> list[Period]:
    """``count`` periods ending with the one of ``day``, oldest first, none before the index existed."""
    out: list[Period] = []
    current = period_of(day, quarter=quarter)
    for _i in range(count):
        if current.end < RULES[0].valid_from:
            break
        out.append(current)
        current = current.previous()
    out.reverse()
    return out


def index_trend(periods: list[Period], *, unit_id: int | None = None) -> list[tuple[Period, Index]]:
    """Each period's index (a period that starts before the index existed counts from its first day)."""
    first = RULES[0].valid_from
    indexes = service_index_series([(max(p.start, first), p.end) for p in periods], unit_id=unit_id)
    return [(p, i) for p, i in zip(periods, indexes, strict=True) if i is not None]


def published_index(months: int = 3) -> list[dict[str, Any]]:
    """The department's index of the last months, newest first, for the public transparency page (no dossier,
    no name)."""
    trend = index_trend(recent_periods(timezone.localdate(), months, quarter=False))
    return [{"label": p.label, "index": i} for p, i in reversed(trend)]
