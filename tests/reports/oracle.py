"""The test oracle of the reports: the counts of a period recounted directly over the
dossier table, dossier by dossier (slow, obvious), against which the pre-aggregated
counts (``tuphap.reports.selectors.dossier_counts``) are checked."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from tuphap.core.tz import midnight
from tuphap.dossiers.models import Dossier
from tuphap.reports import aggregates
from tuphap.reports.kpi import Counts
from tuphap.reports.selectors import Slice


def dossier_counts_direct(
    start: dt.date, end: dt.date, *, as_of: dt.datetime | None = None, slice: Slice | None = None
) -> Counts:
    """The same counts as ``dossier_counts``, straight from the dossier table (no aggregates): slow, obvious."""
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
    for d in (
        Dossier.objects.filter(**where)
        .exclude(due_at__isnull=True)
        .exclude(state="submitted")
        .prefetch_related("pauses")
    ):
        fact = aggregates.fact_for(d)
        if fact is None:
            continue
        klass = fact.finish_class
        supplements = sorted((p for p in d.pauses.all() if p.kind == "supplement"), key=lambda p: p.started_at)
        if period_start <= d.received_at < t:
            c.received += 1
            c.received_online += fact.online
            c.received_online_payment += fact.online_payment
            c.received_digitised += fact.digitised
            if fact.overdue_from is not None and fact.overdue_from < as_of:
                c.received_late += 1
        if d.finished_at is not None and period_start <= d.finished_at < t:
            c.finished += 1
            c.finished_early += klass == "early"
            c.finished_on_time += klass == "on_time"
            c.finished_late += klass == "late"
            c.finished_late_766 += klass == "late" or len(supplements) > 1
            c.processing_seconds += fact.processing_seconds
            if d.rating:
                c.rated += 1
                c.rated_good += d.rating == "good"
                c.rated_acceptable += d.rating == "acceptable"
                c.rated_poor += d.rating == "poor"
        if d.received_at < t and (d.finished_at is None or d.finished_at >= t):
            overdue = fact.overdue_from is not None and fact.overdue_from < t
            if overdue:
                c.in_progress_overdue += 1
            else:
                c.in_progress_within += 1
            asked_twice = len(supplements) > 1 and supplements[1].started_at < t
            first = supplements[0] if supplements else None
            waiting = (
                first is not None
                and first.started_at < t
                and (first.ended_at is None or t <= first.ended_at)
                and not asked_twice
            )
            c.in_progress_waiting += waiting
            c.in_progress_late_766 += asked_twice or (overdue and not waiting)
    return c
