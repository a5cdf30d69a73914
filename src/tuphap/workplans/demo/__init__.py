"""Demo data of plans and tasks, through the services; idempotent.

- The province leader's conclusion after the department's Q1/2022 review,
  split into its tasks (in the demo's own words), with a mix of statuses.
- A recent director's conclusion, so that the board has tasks due soon and
  overdue today.
- A year of plans and decisions (2022): four submitted in Q1/2022 on
  administrative-violation handling management and law-enforcement
  monitoring, more later in the year, and an implementation plan under the
  10-day rule of Decree 80/2025.
- Violation-handling figures of Q1/2022 by reporting body and field.

The data is in ``data/workplans.toml``; this module enters it through the services.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from importlib.resources import files
from typing import Any

from django.conf import settings
from django.utils import timezone

from tuphap.orgs.models import Agency, Unit
from tuphap.workplans import rules, services
from tuphap.workplans.models import Plan, Task, TaskSource

#: the demo's plans, decisions, tasks and figures: data, in ``data/workplans.toml``
DATA: dict[str, Any] = tomllib.loads(files(__package__).joinpath("data/workplans.toml").read_text(encoding="utf-8"))


def _task(source: TaskSource, units: dict[str, Unit], spec: dict[str, Any], today: dt.date, **more: Any) -> Task:
    """One of the source's tasks, assigned the day the source was issued; its deadline a date (``due_on``, or
    ``due_in_days`` calendar days from ``today``), a number of working days (``deadline_days``) or none."""
    due_on = spec.get("due_on")
    if "due_in_days" in spec:
        due_on = today + dt.timedelta(days=spec["due_in_days"])
    return services.task_create(
        actor=None,
        source=source,
        content=spec["content"],
        lead_unit=units.get(spec["lead"]),
        assigned_on=source.issued_on,
        deadline_kind=spec["deadline_kind"],
        due_on=due_on,
        deadline_days=spec.get("deadline_days"),
        **more,
    )


def _review(agency: Agency, units: dict[str, Unit], today: dt.date) -> int:
    review = DATA["review"]
    if TaskSource.objects.filter(
        agency=agency, number=review["source"]["number"], issued_on=review["source"]["issued_on"]
    ).exists():
        return 0
    source = services.task_source_create(actor=None, agency=agency, **review["source"])
    for spec in review["tasks"]:
        coordinating = [u for code, u in units.items() if code == "van-phong" and spec["lead"] != "van-phong"]
        task = _task(source, units, spec, today, coordinating_units=coordinating)
        if spec["state"] in ("in_progress", "done"):
            task = services.task_start(
                actor=None,
                task=task,
                on=source.issued_on + dt.timedelta(days=6),
                note="Đã phân công chuyên viên theo dõi.",
            )
        if spec["state"] == "done" and spec.get("done_on"):
            services.task_note(
                actor=None,
                task=task,
                note="Đã xây dựng dự thảo, lấy ý kiến các phòng.",
                on=source.issued_on + dt.timedelta(days=20),
            )
            services.task_complete(actor=None, task=task, result_document=spec["result"], on=spec["done_on"])
    return len(review["tasks"])


def _recent(agency: Agency, units: dict[str, Unit], today: dt.date) -> int:
    """A director's conclusion of three weeks ago: tasks due soon and overdue today."""
    recent = DATA["recent"]
    issued = today - dt.timedelta(days=21)
    number = f"{issued:%m}/TB-STP-demo"
    if TaskSource.objects.filter(agency=agency, number=number, issued_on=issued).exists():
        return 0
    source = services.task_source_create(actor=None, agency=agency, number=number, issued_on=issued, **recent["source"])
    for spec in recent["tasks"]:
        _task(source, units, spec, today)
    return len(recent["tasks"])


def _plans(agency: Agency, units: dict[str, Unit], today: dt.date) -> int:
    made = 0
    for spec in DATA["plans"]:
        if Plan.objects.filter(agency=agency, title=spec["title"]).exists():
            continue
        submitted_on = spec.get("submitted_on")
        if submitted_on is not None and submitted_on > today:
            continue
        plan = services.plan_create(
            actor=None,
            agency=agency,
            kind=spec["kind"],
            field=spec["field"],
            title=spec["title"],
            lead_unit=units.get(spec["lead"]),
            basis=spec.get("basis", ""),
            basis_issued_on=spec.get("basis_issued_on"),
            rule_code=spec.get("rule_code", ""),
        )
        if submitted_on is not None:
            plan = services.plan_submit(
                actor=None, plan=plan, submitted_on=submitted_on, submission_number=spec["submission_number"]
            )
        if spec.get("issued_number"):
            services.plan_record_issue(
                actor=None, plan=plan, issued_number=spec["issued_number"], issued_on=spec["issued_on"]
            )
        made += 1
    return made


def _ensure_decree_80_rule() -> None:
    """The rule a data migration seeds; restored here if the table was emptied
    (a flushed test database), so that the demo always loads."""
    from tuphap.workplans.models import DeadlineRule

    if not DeadlineRule.objects.filter(code="implementation_plan").exists():
        services.deadline_rule_set(
            actor=None,
            code="implementation_plan",
            name="Kế hoạch triển khai thi hành văn bản của tỉnh",
            amount=10,
            unit="calendar_days",
            legal_basis="Nghị định 80/2025/NĐ-CP (kể từ ngày Thủ tướng Chính phủ ban hành kế hoạch)",
            valid_from=dt.date(2025, 4, 1),
        )


def load(stdout: Any) -> None:
    agency = Agency.objects.filter(code=settings.TUPHAP_AGENCY_CODE).first()
    if agency is None:
        return
    units = {u.code: u for u in Unit.objects.filter(agency=agency)}
    today = timezone.localdate()
    _ensure_decree_80_rule()
    tasks = _review(agency, units, today) + _recent(agency, units, today)
    plans = _plans(agency, units, today)
    stats = DATA["violation_stats"]
    for row in stats["rows"]:
        services.violation_stat_save(actor=None, row=rules.StatRow(stats["year"], stats["quarter"], *row))
    stdout.write(
        f"Nhiệm vụ và kế hoạch: {tasks} nhiệm vụ mới, {plans} kế hoạch/quyết định mới, "
        f"{len(stats['rows'])} dòng số liệu XLVPHC quý I/2022."
    )
