"""Fill and read the pre-aggregated counts.

``refresh()`` consumes the queue of changed dossiers (``dossiers.ChangedDossier``,
written with every dossier event): for each, it computes what the dossier
contributes now, subtracts what it contributed before (``DossierFact``) and
adds the difference to ``DailyCount``. Reports call it before answering, so a
report never misses a committed dossier; the periodic job keeps it cheap.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.utils import timezone

from tuphap.dossiers.models import ChangedDossier, Dossier
from tuphap.dossiers.workflow import State
from tuphap.reports.models import AggregationState, DailyCount, DossierFact
from tuphap.workdays.core import WorkdaysError
from tuphap.workdays.selectors import office_clock

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
Key = tuple[str, dt.date, dt.date, int, int, int, str]  # measure, day, day2, unit, procedure, handler, channel

# 1-day measures by the day of receipt
BY_RECEIPT = ("rcv", "rcv_online", "rcv_pay", "rcv_digit")
# by the day of finish
BY_FINISH = ("fin", "fin_early", "fin_on_time", "fin_late", "proc_sec", "rated", "rate_good", "rate_acc", "rate_poor", "late_fin")


def local_day(value: dt.datetime) -> dt.date:
    return value.astimezone(LOCAL).date()


def classify(due_at: dt.datetime, finished_at: dt.datetime | None) -> str:
    """early / on_time / late against the appointment the law binds; '' if open."""
    if finished_at is None:
        return ""
    if finished_at > due_at:
        return "late"
    if local_day(finished_at) < local_day(due_at):
        return "early"
    return "on_time"


def _processing_seconds(dossier: Dossier, clocks: dict[int, Any] | None = None) -> int:
    if dossier.finished_at is None:
        return 0
    if clocks is None:
        clocks = {}
    clock = clocks.get(dossier.agency_id)
    if clock is None:
        clock = clocks[dossier.agency_id] = office_clock(dossier.agency_id)
    try:
        total = clock.elapsed(dossier.received_at, dossier.finished_at)
        for pause in dossier.pauses.all():
            if pause.ended_at is not None:
                total -= clock.elapsed(max(pause.started_at, dossier.received_at), min(pause.ended_at, dossier.finished_at))
    except WorkdaysError:
        return 0
    return max(total, 0)


def fact_for(dossier: Dossier, clocks: dict[int, Any] | None = None) -> DossierFact | None:
    """What the dossier counts for now; None if it was never received (or has no appointment)."""
    if dossier.due_at is None or dossier.state == State.SUBMITTED:
        return None
    return DossierFact(
        dossier_id=dossier.pk,
        unit_id=dossier.unit_id,
        procedure_id=dossier.procedure_id,
        handler_id=dossier.handler_id or 0,
        channel=dossier.channel,
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        finished_at=dossier.finished_at,
        finish_class=classify(dossier.due_at, dossier.finished_at),
        online=dossier.channel == "online",
        online_payment=dossier.online_payment,
        digitised=dossier.scanned_components or dossier.electronic_result,
        rating=dossier.rating,
        processing_seconds=_processing_seconds(dossier, clocks),
    )


def contributions(fact: DossierFact | None) -> Counter[Key]:
    """The DailyCount keys and values one dossier adds."""
    out: Counter[Key] = Counter()
    if fact is None:
        return out
    dims = (fact.unit_id, fact.procedure_id, fact.handler_id, fact.channel)
    rday = local_day(fact.received_at)
    dday = local_day(fact.due_at)

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
    not_on_time = fact.finish_class in ("", "late")
    if not_on_time:
        add("rcv_late", rday, 1, dday)  # late at T iff due < T
        add("open_due", dday)  # overdue at T = open_due(< T) - late_fin(< T)
    if fact.finished_at is not None:
        fday = local_day(fact.finished_at)
        add("fin", fday)
        add({"early": "fin_early", "on_time": "fin_on_time", "late": "fin_late"}[fact.finish_class], fday)
        add("proc_sec", fday, fact.processing_seconds)
        if fact.finish_class == "late":
            add("late_fin", fday)
        if fact.rating:
            add("rated", fday)
            add({"good": "rate_good", "acceptable": "rate_acc", "poor": "rate_poor"}[fact.rating], fday)
    return out


def _apply(delta: Counter[Key]) -> None:
    rows = [(k, v) for k, v in delta.items() if v]
    if not rows:
        return
    table = DailyCount._meta.db_table
    sql = (
        f"INSERT INTO {table} (measure, day, day2, unit_id, procedure_id, handler_id, channel, value) "  # noqa: S608 - model table
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s) "
        "ON CONFLICT (measure, day, day2, unit_id, procedure_id, handler_id, channel) "
        f"DO UPDATE SET value = {table}.value + excluded.value"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(*k, v) for k, v in rows])


def count_dossiers(ids: Iterable[int]) -> int:
    """Recount the given dossiers (old contribution out, new in). Call inside a transaction."""
    ids = sorted(set(ids))
    if not ids:
        return 0
    old = {f.dossier_id: f for f in DossierFact.objects.filter(dossier_id__in=ids)}
    delta: Counter[Key] = Counter()
    clocks: dict[int, Any] = {}
    fresh: list[DossierFact] = []
    for dossier in Dossier.objects.filter(pk__in=ids).prefetch_related("pauses"):
        new = fact_for(dossier, clocks)
        delta.update(contributions(new))
        delta.subtract(contributions(old.get(dossier.pk)))
        if new is not None:
            fresh.append(new)
    DossierFact.objects.filter(dossier_id__in=ids).delete()
    DossierFact.objects.bulk_create(fresh, batch_size=1000)
    _apply(delta)
    return len(ids)


def refresh(batch: int = 2000) -> int:
    """Bring the aggregates up to date; returns the number of dossiers recounted."""
    total = 0
    while True:
        with transaction.atomic():
            state, _created = AggregationState.objects.get_or_create(pk=1)
            state = AggregationState.objects.select_for_update().get(pk=1)  # one refresher at a time
            queued = list(ChangedDossier.objects.order_by("id").values_list("id", "dossier_id")[:batch])
            if not queued:
                if total:
                    state.last_run_at = timezone.now()
                    state.save(update_fields=["last_run_at"])
                return total
            counted = count_dossiers(d for _, d in queued)
            ChangedDossier.objects.filter(id__in=[i for i, _ in queued]).delete()
            state.dossiers_counted += counted
            state.save(update_fields=["dossiers_counted"])
            total += counted


def rebuild() -> int:
    """Recount everything from scratch (after a bug fix or a restore)."""
    with transaction.atomic():
        AggregationState.objects.get_or_create(pk=1)
        AggregationState.objects.select_for_update().get(pk=1)
        DailyCount.objects.all().delete()
        DossierFact.objects.all().delete()
        ChangedDossier.objects.all().delete()
        ids = list(Dossier.objects.values_list("pk", flat=True))
    done = 0
    for start in range(0, len(ids), 2000):
        with transaction.atomic():
            done += count_dossiers(ids[start : start + 2000])
    return done
