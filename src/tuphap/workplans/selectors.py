"""Reads of plans, tasks and violation-handling figures: scoped lists, the
board, the directors' summary and the figures the quarterly report reads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from tuphap.orgs.models import Unit
from tuphap.orgs.permissions import can
from tuphap.workplans import rules
from tuphap.workplans.models import Plan, Task, TaskEvent, TaskState, TaskStatus, ViolationStat

STATUSES = [s.value for s in rules.Status]


def tasks_visible(user: Any) -> QuerySet[Task]:
    """Tasks a staff member may see: all with ``orgs.view_all_units`` (directors),
    else those their unit leads or coordinates."""
    qs = Task.objects.select_related("source", "lead_unit", "owner").prefetch_related(
        Prefetch("coordinating_units", queryset=Unit.objects.order_by("name"))
    )
    if can(user, "orgs.view_all_units"):
        return qs
    profile = getattr(user, "staff_profile", None)
    if profile is None or profile.unit_id is None:
        return qs.none()
    coordinated = Task.coordinating_units.through.objects.filter(unit_id=profile.unit_id).values("task_id")
    return qs.filter(Q(lead_unit_id=profile.unit_id) | Q(pk__in=coordinated))


def status_q(status: str, today: dt.date) -> Q:
    """The database condition of a derived status (mirrors ``rules.task_status``)."""
    late = Q(due_on__isnull=False, due_on__lt=today)
    match status:
        case rules.Status.OVERDUE:
            return ~Q(state=TaskState.DONE) & late
        case rules.Status.NOT_STARTED:
            return Q(state=TaskState.NOT_STARTED) & ~late
        case rules.Status.IN_PROGRESS:
            return Q(state=TaskState.IN_PROGRESS) & ~late
        case rules.Status.DONE_ON_TIME:
            return Q(state=TaskState.DONE) & (Q(due_on__isnull=True) | Q(completed_on__lte=F("due_on")))
        case rules.Status.DONE_LATE:
            return Q(state=TaskState.DONE, due_on__isnull=False, completed_on__gt=F("due_on"))
    raise ValueError(f"unknown status {status!r}")


def tasks_filter(
    qs: QuerySet[Task],
    *,
    status: str | None = None,
    unit: str | None = None,
    source: int | None = None,
    due_from: dt.date | None = None,
    due_to: dt.date | None = None,
    today: dt.date | None = None,
) -> QuerySet[Task]:
    day = today or timezone.localdate()
    if status:
        qs = qs.filter(status_q(status, day))
    if unit:
        qs = qs.filter(lead_unit__code=unit)
    if source:
        qs = qs.filter(source_id=source)
    if due_from:
        qs = qs.filter(due_on__gte=due_from)
    if due_to:
        qs = qs.filter(due_on__lte=due_to)
    return qs


@dataclass
class BoardGroup:
    unit: Unit | None
    rows: list[dict[str, Any]] = field(default_factory=list)
    overdue: int = 0


def task_board(qs: QuerySet[Task], today: dt.date | None = None, limit: int = 500) -> list[BoardGroup]:
    """Tasks grouped by lead unit (the department's own first), each by deadline."""
    day = today or timezone.localdate()
    groups: dict[int | None, BoardGroup] = {}
    tasks = qs.order_by(F("lead_unit__name").asc(nulls_first=True), F("due_on").asc(nulls_last=True), "id")[:limit]
    for task in tasks:
        group = groups.setdefault(task.lead_unit_id, BoardGroup(task.lead_unit))
        status = task.status(day)
        group.rows.append(
            {
                "task": task,
                "status": status,
                "label": TaskStatus(status).label,
                "overdue": status == rules.Status.OVERDUE,
            }
        )
        group.overdue += status == rules.Status.OVERDUE
    return list(groups.values())


def task_history(task: Task) -> list[TaskEvent]:
    return list(task.events.order_by("seq"))


def tasks_summary(qs: QuerySet[Task], today: dt.date | None = None) -> list[dict[str, Any]]:
    """Per lead unit: how many tasks in each status (one query), with a total line."""
    day = today or timezone.localdate()
    aggregates = {s: Count("id", filter=status_q(s, day)) for s in STATUSES}
    rows: list[dict[str, Any]] = [
        dict(row)
        for row in qs.order_by()
        .values("lead_unit_id", "lead_unit__name")
        .annotate(total=Count("id"), **aggregates)
        .order_by(F("lead_unit__name").asc(nulls_first=True))
    ]
    total: dict[str, Any] = {
        "lead_unit_id": None,
        "lead_unit__name": None,
        "total": 0,
        **dict.fromkeys(STATUSES, 0),
        "is_total": True,
    }
    for row in rows:
        for key in ["total", *STATUSES]:
            total[key] += row[key]
    return [*rows, total]


def tasks_to_remind(today: dt.date, warn_until: dt.date) -> QuerySet[Task]:
    """Open tasks due on or before the end of the warning window (overdue included)."""
    return (
        Task.objects.exclude(state=TaskState.DONE)
        .filter(due_on__isnull=False, due_on__lte=warn_until)
        .select_related("source", "lead_unit", "owner")
        .order_by("due_on", "id")
    )


# --------------------------------------------------------------------------- plans


def plans_submitted(start: dt.date | None = None, end: dt.date | None = None) -> QuerySet[Plan]:
    """Plans and decisions submitted to the province within [start, end] (either bound optional)."""
    rules.check_period(start, end)
    qs = Plan.objects.filter(submitted_on__isnull=False).select_related("lead_unit", "rule")
    if start is not None:
        qs = qs.filter(submitted_on__gte=start)
    if end is not None:
        qs = qs.filter(submitted_on__lte=end)
    return qs.order_by("submitted_on", "id")


def plans_all() -> QuerySet[Plan]:
    return Plan.objects.select_related("lead_unit", "rule").order_by(F("submitted_on").desc(nulls_first=True), "-id")


@dataclass(frozen=True)
class PeriodFigures:
    """What the quarterly report reads from this app for a period."""

    start: dt.date
    end: dt.date
    plans_submitted: int
    plans: list[Plan]
    plans_by_field: dict[str, int]
    tasks_done: int
    tasks_done_on_time: int
    tasks_done_late: int
    tasks_open_overdue: int  # not done at the end of the period, deadline passed

    @property
    def on_time_rate(self) -> float | None:
        return self.tasks_done_on_time / self.tasks_done if self.tasks_done else None


def period_figures(start: dt.date, end: dt.date) -> PeriodFigures:
    """Plans/decisions submitted in [start, end] (count and list) and the tasks
    done in the period, on time and late; tasks still open and overdue at its end."""
    rules.check_period(start, end)
    plans = list(plans_submitted(start, end))
    by_field: dict[str, int] = {}
    for plan in plans:
        by_field[plan.field] = by_field.get(plan.field, 0) + 1
    done = Task.objects.filter(state=TaskState.DONE, completed_on__gte=start, completed_on__lte=end).aggregate(
        done=Count("id"),
        on_time=Count("id", filter=status_q(TaskStatus.DONE_ON_TIME, end)),
        late=Count("id", filter=status_q(TaskStatus.DONE_LATE, end)),
    )
    # open at the end of the period: not done, or done after it
    open_overdue = (
        Task.objects.filter(assigned_on__lte=end, due_on__lt=end)
        .filter(Q(completed_on__isnull=True) | Q(completed_on__gt=end))
        .count()
    )
    return PeriodFigures(
        start=start,
        end=end,
        plans_submitted=len(plans),
        plans=plans,
        plans_by_field=by_field,
        tasks_done=done["done"],
        tasks_done_on_time=done["on_time"],
        tasks_done_late=done["late"],
        tasks_open_overdue=open_overdue,
    )


def quarter_figures(year: int, quarter: int) -> PeriodFigures:
    start, end = rules.quarter_bounds(year, quarter)
    return period_figures(start, end)


# --------------------------------------------------------------------------- violation-handling figures


@dataclass(frozen=True)
class StatReport:
    year: int
    quarter: int
    by_field: list[dict[str, Any]]
    by_reporter: list[dict[str, Any]]
    total: dict[str, int]


def violation_report(year: int, quarter: int) -> StatReport:
    """The period's report table: totals by field and by reporting body."""
    qs = ViolationStat.objects.filter(year=year, quarter=quarter).order_by()
    sums = {
        "decisions": Sum("decisions"),
        "fines_imposed": Sum("fines_imposed"),
        "fines_collected": Sum("fines_collected"),
    }
    order = {f.value: i for i, f in enumerate(rules.Field)}
    by_field: list[dict[str, Any]] = sorted(
        (dict(r) for r in qs.values("field").annotate(**sums)), key=lambda r: order.get(r["field"], 99)
    )
    for row in by_field:
        row["name"] = rules.FIELD_NAMES_VI.get(row["field"], row["field"])
    by_reporter: list[dict[str, Any]] = [dict(r) for r in qs.values("reporter").annotate(**sums).order_by("reporter")]
    total: dict[str, int] = {k: sum(int(r[k] or 0) for r in by_field) for k in sums}
    return StatReport(year=year, quarter=quarter, by_field=by_field, by_reporter=by_reporter, total=total)


def stat_periods() -> list[tuple[int, int]]:
    return list(ViolationStat.objects.order_by("-year", "-quarter").values_list("year", "quarter").distinct())
