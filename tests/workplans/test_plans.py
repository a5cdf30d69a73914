"""Plans and decisions: the Decree 80/2025 deadline and the period counts of the quarterly report."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tuphap.core.errors import ConflictError
from tuphap.orgs.roles import Role
from tuphap.workplans import selectors, services

D = dt.date.fromisoformat


def _plan(
    actor: Any,
    agency: Any,
    title: str,
    *,
    field: str = "violation_handling",
    kind: str = "plan",
    submitted: str | None = None,
    **kw: Any,
) -> Any:
    plan = services.plan_create(actor=actor, agency=agency, kind=kind, field=field, title=title, **kw)
    if submitted:
        plan = services.plan_submit(
            actor=actor, plan=plan, submitted_on=D(submitted), submission_number=f"{plan.pk}/TTr-STP"
        )
    return plan


def test_decree_80_rule_gives_the_implementation_plan_deadline(director: Any, department: Any) -> None:
    plan = _plan(
        director,
        department,
        "Kế hoạch triển khai Luật",
        field="law_implementation",
        basis="Kế hoạch của Thủ tướng",
        basis_issued_on=D("2025-07-16"),
        rule_code="implementation_plan",
    )
    assert plan.rule is not None and plan.rule.amount == 10 and "80/2025" in plan.rule.legal_basis
    assert plan.due_on == D("2025-07-28")  # 26/7 is a Saturday: the next working day
    with pytest.raises(ValidationError):  # the rule applies from 1 Apr 2025
        _plan(director, department, "Cũ", basis_issued_on=D("2024-07-16"), rule_code="implementation_plan")


def test_the_rule_is_configurable(director: Any, department: Any) -> None:
    services.deadline_rule_set(
        actor=director,
        code="implementation_plan",
        name="Kế hoạch triển khai (thử nghiệm)",
        amount=15,
        unit="working_days",
        legal_basis="Quy định thử nghiệm",
        valid_from=D("2026-01-01"),
    )
    old = _plan(director, department, "A", basis_issued_on=D("2025-12-01"), rule_code="implementation_plan")
    new = _plan(director, department, "B", basis_issued_on=D("2026-01-05"), rule_code="implementation_plan")
    assert old.rule.amount == 10 and new.rule.amount == 15
    assert new.due_on == D("2026-01-23")  # 15 working days after Monday 5/1/2026, Saturday 10/1 a make-up day


def test_period_counts_for_the_quarterly_report(director: Any, department: Any, make_task: Any) -> None:
    _plan(director, department, "KH quản lý XLVPHC 2022", submitted="2022-01-14")
    _plan(director, department, "KH theo dõi THPL 2022", field="enforcement_monitoring", submitted="2022-01-21")
    _plan(
        director,
        department,
        "QĐ lĩnh vực trọng tâm",
        kind="decision",
        field="enforcement_monitoring",
        submitted="2022-02-22",
    )
    _plan(director, department, "KH kiểm tra XLVPHC", submitted="2022-03-31")
    _plan(director, department, "KH quý II", submitted="2022-04-01")
    _plan(director, department, "Chưa trình")
    figures = selectors.quarter_figures(2022, 1)
    assert figures.plans_submitted == 4
    assert [p.title for p in figures.plans][0] == "KH quản lý XLVPHC 2022"
    assert figures.plans_by_field == {"violation_handling": 2, "enforcement_monitoring": 2}
    assert selectors.plans_submitted(D("2022-04-01"), D("2022-06-30")).count() == 1
    # tasks done in Q2/2022: one on time, one late; one overdue still open at the end
    on_time = make_task(due_on=D("2022-05-31"))
    late = make_task(due_on=D("2022-05-20"))
    make_task(due_on=D("2022-06-15"))
    services.task_complete(actor=director, task=on_time, result_document="BC 1", on=D("2022-05-30"))
    services.task_complete(actor=director, task=late, result_document="BC 2", on=D("2022-06-03"))
    q2 = selectors.quarter_figures(2022, 2)
    assert (q2.plans_submitted, q2.tasks_done, q2.tasks_done_on_time, q2.tasks_done_late, q2.tasks_open_overdue) == (
        1,
        2,
        1,
        1,
        1,
    )
    assert q2.on_time_rate == 0.5


def test_submit_and_issue_in_order(director: Any, department: Any, make_staff: Any) -> None:
    plan = _plan(director, department, "KH 2022")
    with pytest.raises(ConflictError):
        services.plan_record_issue(actor=director, plan=plan, issued_number="15/KH-UBND", issued_on=D("2022-01-20"))
    plan = services.plan_submit(actor=director, plan=plan, submitted_on=D("2022-01-14"))
    with pytest.raises(ConflictError):
        services.plan_submit(actor=director, plan=plan, submitted_on=D("2022-01-15"))
    with pytest.raises(ValidationError):
        services.plan_record_issue(actor=director, plan=plan, issued_number="15/KH-UBND", issued_on=D("2022-01-10"))
    plan = services.plan_record_issue(actor=director, plan=plan, issued_number="15/KH-UBND", issued_on=D("2022-01-20"))
    assert plan.issued_number == "15/KH-UBND"
    editor = make_staff("bientap", Role.EDITOR)
    with pytest.raises(PermissionDenied):
        services.plan_create(actor=editor, agency=department, kind="plan", field="other", title="x")
