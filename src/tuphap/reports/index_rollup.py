"""The service index's roll-up: the counts of each period that is over, stored (``models.IndexCount``) so
that a report reads one row instead of classifying every dossier of the period again.

Filled by the periodic job (``periodic``: after the aggregates' ``refresh``), the most recent periods
first, within a time budget per run; deleted exactly where a change may alter them:

* ``aggregates.count_dossiers`` (every recounted dossier) calls ``forget_lives`` with the dossier's life
  (receipt to finish) as the job last counted it and as it is now: the periods that overlap either;
* feedback written (``dossiers.feedback.feedback_changed``, connected in ``apps``) queues its receipt
  (``IndexStale``); ``forget_pending`` deletes the periods that end from that day on.

The job takes the aggregates' lock (``AggregationState``) for each write, and stores a period only if no
change still waiting touches it: a change committed while it computed is either seen or queued, and
the reads (``index_selectors.stored_counts``) compute any period a queued change touches.

The periods not over yet (the running quarter and month) keep the same way the part that no longer moves
(``models.IndexRunning``: their dossiers finished before the current day), stored first and moved to the
new day by the first run of each day; deleted by a recounted dossier finished (before or after the change)
from the period's start to before the row's day, and by any feedback queued for the unit or the department
(``index_selectors.final_touched``: the reads classify such a period live).
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone

from tuphap.core.tz import local_day, midnight
from tuphap.dossiers.models import Dossier
from tuphap.orgs.models import Unit
from tuphap.reports.index_selectors import (
    COUNT_FIELDS,
    DayRange,
    Pending,
    Period,
    bounds,
    computed_series,
    final_series,
    final_touched,
    from_bits,
    is_over,
    life_days,
    open_contributions,
    pending_changes,
    pending_ranges,
    period_of,
    rules_version,
    touches,
)
from tuphap.reports.models import (
    AggregationState,
    IndexCount,
    IndexMoved,
    IndexRunning,
    IndexRunningOpen,
    IndexStale,
)
from tuphap.reports.service_index import RULES

BUDGET_SECONDS = 20.0  # a run of the job stops filling after this; the next minute goes on


def _lock() -> None:
    """The aggregates' lock (one writer of the counts at a time). Call inside a transaction."""
    AggregationState.objects.get_or_create(pk=1)
    AggregationState.objects.select_for_update().get(pk=1)


def _merged(ranges: Iterable[DayRange]) -> list[DayRange]:
    out: list[DayRange] = []
    for first, last in sorted(ranges, key=lambda r: r[0]):
        if out:
            top_first, top_last = out[-1]
            if top_last is None or first <= top_last + dt.timedelta(days=1):
                out[-1] = (top_first, None if top_last is None or last is None else max(top_last, last))
                continue
        out.append((first, last))
    return out


def _delete_where(model: Any, conditions: list[Q]) -> int:
    deleted = 0
    for i in range(0, len(conditions), 200):
        where = Q()
        for q in conditions[i : i + 200]:
            where |= q
        deleted += model.objects.filter(where).delete()[0]
    return deleted


def _forget(by_unit: dict[int, list[DayRange]]) -> int:
    """Delete the stored periods of each unit (0: the department) that a range of its touches."""
    conditions = []
    for unit, ranges in by_unit.items():
        for first, last in _merged(ranges):
            q = Q(unit_id=unit, end__gte=first)
            conditions.append(q if last is None else q & Q(start__lte=last))
    return _delete_where(IndexCount, conditions)


def _forget_final(finished_days: dict[int, set[dt.date]]) -> int:
    """Delete the stored final parts of running periods of each unit (0: the department) that count a dossier
    finished on one of the days (from the period's start to before the row's day)."""
    conditions = [
        Q(unit_id=unit, start__lte=day, cut__gt=day) for unit, days in finished_days.items() for day in sorted(days)
    ]
    return _delete_where(IndexRunning, conditions)


def forget_lives(lives: Iterable[tuple[int, dt.datetime, dt.datetime | None]]) -> int:
    """Delete the stored periods that dossiers with these lives (unit, received, finished) count in, for
    their unit and the department. Call in the transaction that recounts them."""
    by_unit: dict[int, list[DayRange]] = defaultdict(list)
    finished_days: dict[int, set[dt.date]] = defaultdict(set)
    for unit, received, finished in lives:
        days = life_days(received, finished)
        by_unit[unit].append(days)
        by_unit[0].append(days)
        if days[1] is not None:
            finished_days[unit].add(days[1])
            finished_days[0].add(days[1])
    return (_forget(by_unit) + _forget_final(finished_days)) if by_unit else 0


def forget_all() -> int:
    """Delete every stored period (the aggregates rebuilt from scratch)."""
    IndexStale.objects.all().delete()
    IndexRunning.objects.all().delete()
    IndexMoved.objects.all().delete()
    return IndexCount.objects.all().delete()[0]


def mark_stale(sender: Any, feedback: Any, **kwargs: Any) -> None:
    """Receiver of ``dossiers.feedback.feedback_changed``: queue the feedback's receipt, in its transaction."""
    IndexStale.objects.create(at=feedback.received_at, unit_id=feedback.unit_id)


def forget_pending() -> int:
    """Apply the queued feedback: delete the periods ending from its day of receipt on (for its unit and the
    department: the feedback counts where it was received; a dossier's, where the dossier finished after)."""
    with transaction.atomic():
        _lock()
        rows = list(IndexStale.objects.values_list("id", "at", "unit_id"))
        if not rows:
            return 0
        by_unit: dict[int, list[DayRange]] = defaultdict(list)
        for _pk, at, unit in rows:
            for key in {unit or 0, 0}:
                by_unit[key].append((local_day(at), None))
        _forget(by_unit)
        IndexRunning.objects.filter(unit_id__in=list(by_unit)).delete()  # feedback about any of their dossiers
        ids = [pk for pk, _at, _unit in rows]
        for i in range(0, len(ids), 5000):
            IndexStale.objects.filter(id__in=ids[i : i + 5000]).delete()
    return len(rows)


def store(periods: list[tuple[dt.date, dt.date]], unit_id: int | None) -> int:
    """Compute and store the counts of the periods (over, under some rules) for the unit (None: the
    department), except those a change still waiting for the job touches; returns the rows stored."""
    with transaction.atomic():
        _lock()
        now = timezone.now()
        wanted = [(s, e) for s, e in periods if rules_version(s) and is_over(e, now)]
        if not wanted:
            return 0
        before = pending_ranges(unit_id)
        counts = computed_series([bounds(s, e, now=now) for s, e in wanted], unit_id)
        after = pending_ranges(unit_id)  # a change committed during the read is queued here
        # a queued dossier's life as the read saw it is in one of the two (unless it changed twice meanwhile)
        ranges = None if before is None or after is None else before + after
        rows = [
            _counts_row(IndexCount, s, e, unit_id, now, c)
            for (s, e), c in zip(wanted, counts, strict=True)
            if not touches(ranges, s, e)
        ]
        IndexCount.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def _counts_row(
    model: Any, start: dt.date, end: dt.date, unit_id: int | None, now: dt.datetime, counts: Any, **extra: Any
) -> Any:
    """A stored row of a period's counts (``IndexCount``, ``IndexRunning``): the unit 0 for the department."""
    return model(
        start=start,
        end=end,
        unit_id=unit_id or 0,
        rules=rules_version(start),
        computed_at=now,
        **extra,
        **{name: getattr(counts, name) for name in COUNT_FIELDS},
    )


def _both(before: Pending | None, after: Pending | None) -> Pending | None:
    return None if before is None or after is None else before + after


def store_running(periods: list[tuple[dt.date, dt.date]], unit_id: int | None, now: dt.datetime | None = None) -> int:
    """Compute and store the part (``models.IndexRunning``: the dossiers received before ``now``'s day, as of its
    midnight, each open one's contribution apart)
    of the periods that have begun and are not over, for the unit (None: the department), replacing the
    part stored on an earlier day, except where a change still waiting touches it; returns the rows stored."""
    with transaction.atomic():
        _lock()
        now = now or timezone.now()
        today = local_day(now)
        wanted = [(s, e) for s, e in periods if rules_version(s) and s <= today and not is_over(e, now)]
        if not wanted:
            return 0
        before = pending_changes(unit_id)
        counts = final_series(wanted, unit_id, now)
        opened = [open_contributions(s, e, unit_id, today) for s, e in wanted]
        pending = _both(before, pending_changes(unit_id))  # a change committed during the read is queued here
        rows, kept = [], []
        for (s, e), final, mine in zip(wanted, counts, opened, strict=True):
            if final_touched(pending, s, today):
                continue
            total = final
            for bits in mine.values():
                total = total + from_bits(bits)
            rows.append(_counts_row(IndexRunning, s, e, unit_id, now, total, cut=today))
            kept.append(mine)
        if rows:
            replaced = Q()
            for row in rows:
                replaced |= Q(start=row.start, end=row.end, rules=row.rules)
            IndexRunning.objects.filter(replaced, unit_id=unit_id or 0).delete()
            IndexRunning.objects.bulk_create(rows)
            IndexRunningOpen.objects.bulk_create(
                [
                    IndexRunningOpen(running_id=row.pk, dossier_id=dossier, bits=bits)
                    for row, mine in zip(rows, kept, strict=True)
                    for dossier, bits in mine.items()
                ],
                batch_size=5000,
            )
    return len(rows)


def running_periods(now: dt.datetime) -> list[tuple[dt.date, dt.date]]:
    """The quarter and the month of ``now`` (counted from the index's first day, as the reports read them)."""
    origin = RULES[0].valid_from
    day = local_day(now)
    return [
        (max(p.start, origin), p.end)
        for p in (period_of(day, quarter=True), period_of(day, quarter=False))
        if p.end >= origin
    ]


def history_groups(now: dt.datetime) -> list[list[tuple[dt.date, dt.date]]]:
    """Every quarter with its months since the index exists and the first dossier was received, the most
    recent first; each group the periods of it that are over (a period starting before the index existed
    counts from the index's first day, as the reports read it)."""
    first_received = Dossier.objects.aggregate(first=Min("received_at"))["first"]
    if first_received is None:
        return []
    origin = RULES[0].valid_from
    first = max(origin, local_day(first_received))
    out = []
    quarter: Period = period_of(local_day(now), quarter=True)
    while quarter.end >= first:
        members = [quarter]
        month = period_of(quarter.end, quarter=False)
        while month.end >= quarter.start:
            members.append(month)
            month = month.previous()
        group = [(max(p.start, origin), p.end) for p in members if is_over(p.end, now) and p.end >= first]
        if group:
            out.append(group)
        quarter = quarter.previous()
    return out


def _missing(
    periods: list[tuple[dt.date, dt.date]], units: list[int | None], have: set[Any]
) -> Iterator[tuple[list[tuple[dt.date, dt.date]], int | None]]:
    """Each unit's periods (the unit left out when there are none) whose row under their rules' version is not
    among ``have`` (``(start, end, unit_id, rules)``, the department's unit id 0)."""
    for unit in units:
        todo = [(s, e) for s, e in periods if (s, e, unit or 0, rules_version(s)) not in have]
        if todo:
            yield todo, unit


def fill(budget: float = BUDGET_SECONDS, now: dt.datetime | None = None) -> int:
    """The periodic job's part: apply the queued feedback, then store the periods not stored yet (every
    quarter and month of the history, for the department and each unit), the most recent first, until the
    budget is spent. Returns the rows stored."""
    forget_pending()
    now = now or timezone.now()
    today = local_day(now)
    deadline = time.monotonic() + budget
    units: list[int | None] = [None, *Unit.objects.order_by("pk").values_list("pk", flat=True)]
    stored = 0
    # the running periods first: their final part, stored once a day (a period since over is read from IndexCount)
    IndexRunning.objects.filter(end__lt=today).delete()
    running = running_periods(now)
    current = set(IndexRunning.objects.filter(cut=today).values_list("start", "end", "unit_id", "rules"))
    for todo, unit in _missing(running, units, current):
        if time.monotonic() > deadline:
            return stored
        stored += store_running(todo, unit, now)
    oldest = min(IndexRunning.objects.values_list("cut", flat=True), default=today)
    IndexMoved.objects.filter(at__lt=midnight(oldest)).delete()  # the changes before every stored part's instant
    have = set(IndexCount.objects.values_list("start", "end", "unit_id", "rules"))
    for group in history_groups(now):
        for todo, unit in _missing(group, units, have):
            if time.monotonic() > deadline:
                return stored
            stored += store(todo, unit)
    return stored
