"""The measures of a period, from the pre-aggregated counts, and how fresh they are
(the direct recount that tests check them against is ``tests/reports/oracle.py``)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, fields
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from tuphap.core.tz import LOCAL_TZ as LOCAL
from tuphap.core.tz import midnight
from tuphap.dossiers.models import ChangedDossier, Dossier, HistoryLoad
from tuphap.reports import aggregates
from tuphap.reports.kpi import Counts, measures
from tuphap.reports.models import AggregationState, DailyCount, DossierFact, DossierSpan


@dataclass(frozen=True)
class Slice:
    unit_id: int | None = None
    procedure_id: int | None = None
    handler_id: int | None = None
    channel: str | None = None
    point_id: int | None = None  # the receiving point (0: none recorded)

    def filters(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in ("unit_id", "procedure_id", "handler_id", "channel", "point_id"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        return out


FAR_PAST = dt.date(1900, 1, 1)


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def range_pieces(first: dt.date, last_excl: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    """[first, last_excl) as whole years, whole months and stretches of days:
    (grain, from, to excluded) where from/to are grain starts."""
    out: list[tuple[str, dt.date, dt.date]] = []
    a, b = first, last_excl
    if a >= b:
        return out
    # leading days up to a month start, trailing days from the last month start
    a_month = a if a.day == 1 else _next_month(a)
    b_month = b.replace(day=1)
    if a_month > b_month:  # inside one month
        return [("d", a, b)]
    if a < a_month:
        out.append(("d", a, a_month))
    if b_month < b:
        out.append(("d", b_month, b))
    # months up to a year start, trailing months from the last year start, whole years between
    a_year = a_month if a_month.month == 1 else dt.date(a_month.year + 1, 1, 1)
    b_year = b_month.replace(month=1)
    if a_year > b_year:
        if a_month < b_month:
            out.append(("m", a_month, b_month))
        return out
    if a_month < a_year:
        out.append(("m", a_month, a_year))
    if b_year < b_month:
        out.append(("m", b_year, b_month))
    if a_year < b_year:
        out.append(("y", a_year, b_year))
    return out


#: a key every row shares when the counts are not grouped
ALL = None


class _Reader:
    """Reads the aggregates of one slice at instant T, as one total (``by`` None) or
    grouped by one of the slice's dimensions (``unit_id``, ``procedure_id``, …) or by several
    (a tuple: the key is the tuple of their values): the same queries either way, so a
    report's rows cost no query each."""

    def __init__(self, s: Slice, t: dt.datetime, by: str | tuple[str, ...] | None = None) -> None:
        self.where = s.filters()
        self.by = by
        self.by_fields: list[str] = [] if not by else [by] if isinstance(by, str) else list(by)
        self.t = t
        self.t_day = t.astimezone(LOCAL).date()
        self.t_day_start = midnight(self.t_day)

    def _key(self, row: dict[str, Any]) -> Any:
        if not self.by:
            return ALL
        if isinstance(self.by, str):
            return row[self.by]
        return tuple(row[name] for name in self.by)

    def days_by(
        self, measures: list[str], first: dt.date | None, last_excl: dt.date, also: Q | None = None, **extra: Any
    ) -> defaultdict[Any, dict[str, int]]:
        """Each measure summed over the days [first, last_excl) (first None: since the beginning), by group;
        with ``also``, the rows meeting it summed too, in the same read (under their measure's name)."""
        got: defaultdict[Any, dict[str, int]] = defaultdict(lambda: dict.fromkeys(measures, 0))
        fields = ["measure", *self.by_fields]
        pieces = range_pieces(first or FAR_PAST, last_excl)
        if not pieces:
            return got
        # the pieces are disjoint: one query sums them all (years, months and days alike)
        within = Q()
        for grain, a, b in pieces:
            within |= Q(grain=grain, day__gte=a, day__lt=b)
        which = Q(measure__in=measures, **extra)
        if also is not None:
            which |= also
        qs = DailyCount.objects.filter(within, which, **self.where)
        for row in qs.values(*fields).annotate(v=Sum("value")).order_by():
            values = got[self._key(row)]
            values[row["measure"]] = values.get(row["measure"], 0) + int(row["v"] or 0)
        return got

    def facts(self) -> QuerySet[DossierFact]:
        return DossierFact.objects.filter(**self.where)

    def aggregate(self, qs: QuerySet[Any], **aggregates_: Any) -> dict[Any, dict[str, Any]]:
        """``qs.aggregate(...)`` by group."""
        if not self.by:
            return {ALL: qs.aggregate(**aggregates_)}
        return {self._key(row): row for row in qs.values(*self.by_fields).annotate(**aggregates_).order_by()}

    def count(self, qs: QuerySet[Any]) -> dict[Any, int]:
        return {key: int(row["n"]) for key, row in self.aggregate(qs, n=Count("pk")).items()}


def onestop_flags(start: dt.date, end: dt.date, *, unit_id: int | None = None) -> dict[str, int]:
    """Dossiers received in [start, end] that broke a one-stop rule of the regime
    in force at their receipt: the apology sent later than the law's lead time
    (``late_notice``) and the supplement requested later than the law's window
    after receipt (``late_supplement_request``). Read from the dossiers directly."""
    qs = Dossier.objects.filter(received_at__gte=midnight(start), received_at__lt=midnight(end + dt.timedelta(days=1)))
    if unit_id is not None:
        qs = qs.filter(unit_id=unit_id)
    got = qs.aggregate(
        late_notice=Count("pk", filter=Q(late_notice=True)),
        late_supplement_request=Count("pk", filter=Q(late_supplement_request=True)),
    )
    return {key: int(value or 0) for key, value in got.items()}


def dossier_counts(
    start: dt.date, end: dt.date, *, as_of: dt.datetime | None = None, slice: Slice | None = None
) -> Counts:
    """Counts for the dossiers of [start, end] (local days, inclusive) as known at ``as_of``.

    By receipt: the cohort received in the period (and before ``as_of``). By
    finish: dossiers finished in the period. In progress: at the period's end
    (or at ``as_of`` if earlier). Read from the aggregates as last counted
    (``services.aggregates_refresh``; how fresh: ``figures_freshness``).
    """
    return dossier_counts_by(start, end, as_of=as_of, slice=slice).get(ALL, Counts())


def dossier_counts_by(
    start: dt.date,
    end: dt.date,
    *,
    by: str | tuple[str, ...] | None = None,
    as_of: dt.datetime | None = None,
    slice: Slice | None = None,
) -> dict[Any, Counts]:
    """``dossier_counts`` of every value of ``by`` (a ``Slice`` dimension, or a tuple of them:
    keyed by the tuple of values) at once, in the same few queries as one total; a value
    without dossiers has no entry. With ``by`` None, the total under the key ``ALL``."""
    s = slice or Slice()
    as_of = as_of or timezone.now()
    period_start, period_end = midnight(start), midnight(end + dt.timedelta(days=1))
    t = min(period_end, as_of)
    if t <= period_start:
        return {}
    r = _Reader(s, t, by)
    full_end = min(end + dt.timedelta(days=1), r.t_day)  # days counted whole
    partial = r.t_day_start < t and start <= r.t_day <= end  # the day of T, counted by instant

    measures_ = [*aggregates.BY_RECEIPT, *aggregates.BY_FINISH]
    # the cohort's lateness, judged at as_of: late from overdue_from, which is before as_of (in the same read)
    a_day = as_of.astimezone(LOCAL).date()
    a_day_start = midnight(a_day)
    counted = r.days_by(measures_, start, full_end, also=Q(measure="rcv_late", day2__lt=a_day))
    if partial:
        # the day of T's receipts and finishes, in one read (each count filtered by its own instant)
        rcv = Q(received_at__gte=r.t_day_start, received_at__lt=t)
        fin = Q(finished_at__gte=r.t_day_start, finished_at__lt=t)

        def n(*also: Q) -> Count:
            where = also[0]
            for q in also[1:]:
                where &= q
            return Count("dossier_id", filter=where)

        today = r.aggregate(
            r.facts().filter(rcv | fin),
            rcv=n(rcv),
            rcv_online=n(rcv, Q(online=True)),
            rcv_pay=n(rcv, Q(online_payment=True)),
            rcv_digit=n(rcv, Q(digitised=True)),
            fin=n(fin),
            fin_early=n(fin, Q(finish_class="early")),
            fin_on_time=n(fin, Q(finish_class="on_time")),
            fin_late=n(fin, Q(finish_class="late")),
            fin_late_766=n(fin, Q(finish_class="late") | Q(supplement_requests__gt=1)),
            proc_sec=Sum("processing_seconds", filter=fin),
            rated=n(fin, ~Q(rating="")),
            rate_good=n(fin, Q(rating="good")),
            rate_acc=n(fin, Q(rating="acceptable")),
            rate_poor=n(fin, Q(rating="poor")),
        )
        for key, row in today.items():
            for name, value in row.items():
                if name in measures_:
                    counted[key][name] += int(value or 0)

    late_today = r.count(
        r.facts().filter(
            received_at__gte=period_start, received_at__lt=t, overdue_from__gte=a_day_start, overdue_from__lt=as_of
        )
    )
    # in progress at T: the running measures (open, overdue, waiting, late766) at T
    running = running_at(r)

    out: dict[Any, Counts] = {}
    for key in set(counted) | set(late_today) | set(running):
        got, run = counted[key], running[key]
        out[key] = Counts(
            received=got["rcv"],
            received_online=got["rcv_online"],
            received_online_payment=got["rcv_pay"],
            received_digitised=got["rcv_digit"],
            received_late=got.get("rcv_late", 0) + late_today.get(key, 0),
            finished=got["fin"],
            finished_early=got["fin_early"],
            finished_on_time=got["fin_on_time"],
            finished_late=got["fin_late"],
            finished_late_766=got["fin_late_766"],
            processing_seconds=got["proc_sec"],
            rated=got["rated"],
            rated_good=got["rate_good"],
            rated_acceptable=got["rate_acc"],
            rated_poor=got["rate_poor"],
            in_progress_overdue=run["overdue"],
            in_progress_within=run["open"] - run["overdue"],
            in_progress_waiting=run["waiting"],
            in_progress_late_766=run["late766"],
        )
    return out


def regroup(counts: dict[tuple[Any, ...], Counts], position: int | None) -> dict[Any, Counts]:
    """The counts grouped by several dimensions (``dossier_counts_by`` with a tuple) summed by the one at
    ``position`` of the tuple (None: the total, under ``ALL``): every count is a sum over dossiers, so the
    sum over a partition is the count of the whole, without reading the aggregates again."""
    names = [f.name for f in fields(Counts)]
    sums: dict[Any, list[int]] = {}
    for key, value in counts.items():
        group = ALL if position is None else key[position]
        total = sums.setdefault(group, [0] * len(names))
        for i, name in enumerate(names):
            total[i] += getattr(value, name)
    return {group: Counts(*total) for group, total in sums.items()}


def running_at(r: _Reader) -> defaultdict[Any, dict[str, int]]:
    """The running measures at instant T (by the reader's group): their deltas
    summed before T's day (whole years, then months of T's year, then days of T's
    month: flat however long the history), plus the spans starting or ending on
    T's day before T."""
    out = r.days_by(list(aggregates.RUNNING), None, r.t_day)
    if r.t_day_start < r.t:
        spans = DossierSpan.objects.filter(**r.where)
        fields = ["measure", *r.by_fields]
        began = Q(start_at__gte=r.t_day_start, start_at__lt=r.t)
        ended = Q(end_at__gte=r.t_day_start, end_at__lt=r.t)
        rows = (
            spans.filter(began | ended)
            .values(*fields)
            .annotate(began=Count("id", filter=began), ended=Count("id", filter=ended))
            .order_by()
        )
        for row in rows:  # the spans starting and the spans ending on T's day, in one read
            out[r._key(row)][row["measure"]] += row["began"] - row["ended"]
    return out


@dataclass(frozen=True)
class Freshness:
    """How fresh the aggregates are: every dossier change committed before ``counted_at`` is
    counted; ``pending`` dossiers changed since wait in the queue for the counting job."""

    counted_at: dt.datetime | None  # None: changes wait and nothing was ever counted
    pending: int


def figures_freshness(*, now: dt.datetime | None = None) -> Freshness:
    """With an empty queue the figures are complete now; else up to the job's last counting run."""
    pending = ChangedDossier.objects.values("dossier_id").distinct().count()
    if not pending:
        return Freshness(now or timezone.now(), 0)
    counted_at = AggregationState.objects.filter(pk=1).values_list("last_run_at", flat=True).first()
    return Freshness(counted_at, pending)


def history_loading() -> HistoryLoad | None:
    """A load of past dossiers still running (the demo's history, a large import), if any:
    while it runs every report is incomplete (by-finish and in-progress figures
    of any period depend on earlier receipts)."""
    return HistoryLoad.objects.filter(finished_at__isnull=True).order_by("started_at").first()


def dossier_measures(
    start: dt.date, end: dt.date, *, as_of: dt.datetime | None = None, slice: Slice | None = None
) -> dict[str, Any]:
    return measures(dossier_counts(start, end, as_of=as_of, slice=slice))


#: the row of the dossiers received before receiving points were recorded
NO_POINT = "Chưa ghi nơi tiếp nhận"


def receiving_point_counts(
    start: dt.date,
    end: dt.date,
    *,
    as_of: dt.datetime | None = None,
    slice: Slice | None = None,
    counted: dict[Any, Counts] | None = None,
) -> list[tuple[str, str, Counts]]:
    """The counts of [start, end] by receiving point, as ``(code, name, counts)`` (a point
    without dossiers in the period has no row; dossiers without a point come last,
    under ``NO_POINT``). Read from the aggregates, whose slices carry the receiving point
    (``dossier_counts_by`` by ``point_id``: the same few queries, flat in the number of
    dossiers), as fresh as ``figures_freshness`` says. Filled: received, received late,
    finished (early, on time, late), in progress within the time limit and overdue at
    the period's end; the other counts stay 0 and their rates are not shown by point.
    ``counted``: the counts by point already read (``regroup``), instead of reading them."""
    from tuphap.orgs.models import ReceivingPoint

    by_point = counted
    if by_point is None:
        by_point = dossier_counts_by(start, end, by="point_id", as_of=as_of, slice=slice)
    names = dict(
        (pk, (code, name))
        for pk, code, name in ReceivingPoint.objects.filter(pk__in=list(by_point)).values_list("pk", "code", "name")
    )
    out = []
    for point_id, got in by_point.items():
        counts = Counts(
            received=got.received,
            received_late=got.received_late,
            finished=got.finished,
            finished_early=got.finished_early,
            finished_on_time=got.finished_on_time,
            finished_late=got.finished_late,
            in_progress_within=got.in_progress_within,
            in_progress_overdue=got.in_progress_overdue,
        )
        if not (counts.received or counts.finished or counts.in_progress_within or counts.in_progress_overdue):
            continue  # rows of earlier periods only: nothing in this one
        code, name = names.get(point_id, ("", NO_POINT))
        out.append((code, name, counts))
    return sorted(out, key=lambda item: (not item[0], item[1]))


def agency_periods(start: dt.date, end: dt.date, agency: Any = None) -> list[tuple[Any, dt.date, dt.date]]:
    """The members of the department's lineage (``agency``'s, or the installation's)
    in force during [start, end], each with the first and last day of the period it
    held, oldest first: one member when no change of agency falls in the period."""
    from tuphap.orgs.selectors import installation_agency, lineage

    agency = agency or installation_agency()
    if agency is None:
        return []
    held = []
    for member in lineage(agency):
        first = max(start, member.valid_from or start)
        last = min(end, member.valid_to or end)
        if first <= last:
            held.append((member, first, last))
    return held
