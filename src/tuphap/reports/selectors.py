"""The measures of a period, from the pre-aggregated counts (and a direct
recount over the dossier table, for tests and benchmarks)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from tuphap.reports import aggregates
from tuphap.reports.kpi import Counts, measures
from tuphap.reports.models import DailyCount, DossierFact

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass(frozen=True)
class Slice:
    unit_id: int | None = None
    procedure_id: int | None = None
    handler_id: int | None = None
    channel: str | None = None

    def filters(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in ("unit_id", "procedure_id", "handler_id", "channel"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        return out


def midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=LOCAL)


def _sum(qs: QuerySet[DailyCount]) -> int:
    return int(qs.aggregate(v=Sum("value"))["v"] or 0)


class _Reader:
    def __init__(self, s: Slice, t: dt.datetime) -> None:
        self.where = s.filters()
        self.t = t
        self.t_day = t.astimezone(LOCAL).date()
        self.t_day_start = midnight(self.t_day)

    def days(self, measure: str, first: dt.date | None, last_excl: dt.date) -> int:
        qs = DailyCount.objects.filter(measure=measure, day__lt=last_excl, **self.where)
        if first is not None:
            qs = qs.filter(day__gte=first)
        return _sum(qs)

    def days_by(self, measures: list[str], first: dt.date | None, last_excl: dt.date) -> dict[str, int]:
        qs = DailyCount.objects.filter(measure__in=measures, day__lt=last_excl, **self.where)
        if first is not None:
            qs = qs.filter(day__gte=first)
        got = {row["measure"]: int(row["v"] or 0) for row in qs.values("measure").annotate(v=Sum("value"))}
        return {m: got.get(m, 0) for m in measures}

    def facts(self) -> QuerySet[DossierFact]:
        return DossierFact.objects.filter(**self.where)


def dossier_counts(
    start: dt.date, end: dt.date, *, as_of: dt.datetime | None = None, slice: Slice | None = None, refresh: bool = True
) -> Counts:
    """Counts for the dossiers of [start, end] (local days, inclusive) as known at ``as_of``.

    By receipt: the cohort received in the period (and before ``as_of``). By
    finish: dossiers finished in the period. In progress: at the period's end
    (or at ``as_of`` if earlier).
    """
    if refresh:
        aggregates.refresh()
    s = slice or Slice()
    as_of = as_of or timezone.now()
    period_start, period_end = midnight(start), midnight(end + dt.timedelta(days=1))
    t = min(period_end, as_of)
    c = Counts()
    if t <= period_start:
        return c
    r = _Reader(s, t)
    full_end = min(end + dt.timedelta(days=1), r.t_day)  # days counted whole
    partial = r.t_day_start < t and start <= r.t_day <= end  # the day of T, counted by instant

    receipt = r.days_by(["rcv", "rcv_online", "rcv_pay", "rcv_digit"], start, full_end)
    finish = r.days_by(
        ["fin", "fin_early", "fin_on_time", "fin_late", "proc_sec", "rated", "rate_good", "rate_acc", "rate_poor"], start, full_end
    )
    if partial:
        received = r.facts().filter(received_at__gte=r.t_day_start, received_at__lt=t)
        receipt["rcv"] += received.count()
        receipt["rcv_online"] += received.filter(online=True).count()
        receipt["rcv_pay"] += received.filter(online_payment=True).count()
        receipt["rcv_digit"] += received.filter(digitised=True).count()
        finished = r.facts().filter(finished_at__gte=r.t_day_start, finished_at__lt=t)
        finish["fin"] += finished.count()
        finish["fin_early"] += finished.filter(finish_class="early").count()
        finish["fin_on_time"] += finished.filter(finish_class="on_time").count()
        finish["fin_late"] += finished.filter(finish_class="late").count()
        finish["proc_sec"] += int(finished.aggregate(v=Sum("processing_seconds"))["v"] or 0)
        finish["rated"] += finished.exclude(rating="").count()
        finish["rate_good"] += finished.filter(rating="good").count()
        finish["rate_acc"] += finished.filter(rating="acceptable").count()
        finish["rate_poor"] += finished.filter(rating="poor").count()

    c.received, c.received_online = receipt["rcv"], receipt["rcv_online"]
    c.received_online_payment, c.received_digitised = receipt["rcv_pay"], receipt["rcv_digit"]
    c.finished, c.finished_early, c.finished_on_time, c.finished_late = finish["fin"], finish["fin_early"], finish["fin_on_time"], finish["fin_late"]
    c.processing_seconds = finish["proc_sec"]
    c.rated, c.rated_good, c.rated_acceptable, c.rated_poor = finish["rated"], finish["rate_good"], finish["rate_acc"], finish["rate_poor"]

    # the cohort's lateness, judged at as_of: not on time and due before as_of
    a_day = as_of.astimezone(LOCAL).date()
    a_day_start = midnight(a_day)
    late = _sum(DailyCount.objects.filter(measure="rcv_late", day__gte=start, day__lt=full_end, day2__lt=a_day, **r.where))
    late += (
        r.facts()
        .filter(received_at__gte=period_start, received_at__lt=t, due_at__gte=a_day_start, due_at__lt=as_of)
        .filter(Q(finish_class="") | Q(finish_class="late"))
        .count()
    )
    c.received_late = late

    # in progress at T: open(T) = received(<T) - finished(<T); overdue(T) = open_due(<T) - late_fin(<T)
    whole = r.days_by(["rcv", "fin", "open_due", "late_fin"], None, r.t_day)
    day_facts = r.facts()
    opened = whole["rcv"] + day_facts.filter(received_at__gte=r.t_day_start, received_at__lt=t).count()
    closed = whole["fin"] + day_facts.filter(finished_at__gte=r.t_day_start, finished_at__lt=t).count()
    due_open = whole["open_due"] + day_facts.filter(due_at__gte=r.t_day_start, due_at__lt=t).filter(Q(finish_class="") | Q(finish_class="late")).count()
    late_done = whole["late_fin"] + day_facts.filter(finished_at__gte=r.t_day_start, finished_at__lt=t, finish_class="late").count()
    c.in_progress_overdue = due_open - late_done
    c.in_progress_within = (opened - closed) - c.in_progress_overdue
    return c


def dossier_measures(start: dt.date, end: dt.date, *, as_of: dt.datetime | None = None, slice: Slice | None = None) -> dict[str, Any]:
    return measures(dossier_counts(start, end, as_of=as_of, slice=slice))


def dossier_counts_direct(start: dt.date, end: dt.date, *, as_of: dt.datetime | None = None, slice: Slice | None = None) -> Counts:
    """The same counts straight from the dossier table (no aggregates): slow, obvious."""
    from tuphap.dossiers.models import Dossier

    s = slice or Slice()
    as_of = as_of or timezone.now()
    period_start, period_end = midnight(start), midnight(end + dt.timedelta(days=1))
    t = min(period_end, as_of)
    c = Counts()
    if t <= period_start:
        return c
    where: dict[str, Any] = {}
    if s.unit_id is not None:
        where["unit_id"] = s.unit_id
    if s.procedure_id is not None:
        where["procedure_id"] = s.procedure_id
    if s.handler_id is not None:
        where["handler_id"] = s.handler_id or None
    if s.channel is not None:
        where["channel"] = s.channel
    for d in Dossier.objects.filter(**where).exclude(due_at__isnull=True).exclude(state="submitted").prefetch_related("pauses"):
        fact = aggregates.fact_for(d)
        if fact is None:
            continue
        klass = fact.finish_class
        if period_start <= d.received_at < t:
            c.received += 1
            c.received_online += fact.online
            c.received_online_payment += fact.online_payment
            c.received_digitised += fact.digitised
            if klass in ("", "late") and fact.due_at < as_of:
                c.received_late += 1
        if d.finished_at is not None and period_start <= d.finished_at < t:
            c.finished += 1
            c.finished_early += klass == "early"
            c.finished_on_time += klass == "on_time"
            c.finished_late += klass == "late"
            c.processing_seconds += fact.processing_seconds
            if d.rating:
                c.rated += 1
                c.rated_good += d.rating == "good"
                c.rated_acceptable += d.rating == "acceptable"
                c.rated_poor += d.rating == "poor"
        if d.received_at < t and (d.finished_at is None or d.finished_at >= t):
            if fact.due_at < t:
                c.in_progress_overdue += 1
            else:
                c.in_progress_within += 1
    return c
