"""The pure rules: statuses, deadlines, conclusions, quarters, statistics rows."""

from __future__ import annotations

import datetime as dt

import pytest

from tuphap.workplans import rules
from tuphap.workplans.rules import Status

D = dt.date.fromisoformat


@pytest.mark.parametrize(
    ("state", "due", "done", "today", "expected"),
    [
        ("not_started", "2022-05-31", None, "2022-05-31", Status.NOT_STARTED),  # the deadline day counts whole
        ("not_started", "2022-05-31", None, "2022-06-01", Status.OVERDUE),
        ("in_progress", "2022-05-31", None, "2022-05-30", Status.IN_PROGRESS),
        ("in_progress", "2022-05-31", None, "2022-06-01", Status.OVERDUE),
        ("in_progress", None, None, "2030-01-01", Status.IN_PROGRESS),  # no deadline: never overdue
        ("done", "2022-05-31", "2022-05-31", "2022-07-01", Status.DONE_ON_TIME),
        ("done", "2022-05-31", "2022-06-01", "2022-07-01", Status.DONE_LATE),
        ("done", None, "2022-06-01", "2022-07-01", Status.DONE_ON_TIME),
    ],
)
def test_task_status(state: str, due: str | None, done: str | None, today: str, expected: Status) -> None:
    assert rules.task_status(state, D(due) if due else None, D(done) if done else None, D(today)) == expected


def test_transitions() -> None:
    assert rules.next_state("not_started", "start") == "in_progress"
    assert rules.next_state("not_started", "complete") == "done"
    assert rules.next_state("in_progress", "note") == "in_progress"
    assert rules.next_state("done", "reopen") == "in_progress"
    for state, action in [
        ("done", "start"),
        ("done", "complete"),
        ("done", "note"),
        ("in_progress", "start"),
        ("in_progress", "reopen"),
    ]:
        with pytest.raises(rules.RuleError):
            rules.next_state(state, action)


def _weekdays_only(day: dt.date, n: int) -> dt.date:
    """A stand-in for the office clock: weekdays are working days."""
    step = 1 if n >= 0 else -1
    count = 0
    if n == 0:
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        return day
    while count < abs(n):
        day += dt.timedelta(days=step)
        count += day.weekday() < 5
    return day


def test_due_date_kinds() -> None:
    monday = D("2022-04-11")
    assert rules.due_date("none", assigned_on=monday) is None
    assert rules.due_date("date", assigned_on=monday, due_on=D("2022-04-30")) == D("2022-04-30")
    assert rules.due_date("working_days", assigned_on=monday, days=5, add_working_days=_weekdays_only) == D(
        "2022-04-18"
    )
    # 5 calendar days from Tuesday 12/4 is Sunday 17/4: moved to Monday
    assert rules.due_date("calendar_days", assigned_on=D("2022-04-12"), days=5, add_working_days=_weekdays_only) == D(
        "2022-04-18"
    )
    with pytest.raises(rules.RuleError):
        rules.due_date("date", assigned_on=monday, due_on=D("2022-04-01"))
    with pytest.raises(rules.RuleError):
        rules.due_date("working_days", assigned_on=monday, days=0, add_working_days=_weekdays_only)


def test_remind_kind() -> None:
    today, until = D("2022-05-02"), D("2022-05-04")
    assert rules.remind_kind("in_progress", D("2022-05-04"), today, until) == "due_soon"
    assert rules.remind_kind("in_progress", D("2022-05-05"), today, until) is None
    assert rules.remind_kind("not_started", D("2022-05-01"), today, until) == "overdue"
    assert rules.remind_kind("done", D("2022-05-01"), today, until) is None
    assert rules.remind_kind("not_started", None, today, until) is None


def test_split_conclusion() -> None:
    text = """Chủ tịch UBND tỉnh kết luận:
1. Xây dựng và thẩm định văn bản
   đúng tiến độ.
2) Tham mưu chỉ thị về chất lượng văn bản.
- Rà soát thường xuyên.

a) Đổi mới phổ biến pháp luật."""
    assert rules.split_conclusion(text) == [
        "Xây dựng và thẩm định văn bản đúng tiến độ.",
        "Tham mưu chỉ thị về chất lượng văn bản.",
        "Rà soát thường xuyên.",
        "Đổi mới phổ biến pháp luật.",
    ]
    assert rules.split_conclusion("Một việc\n\nViệc khác\n") == ["Một việc", "Việc khác"]
    assert rules.split_conclusion("  \n") == []


def test_quarters() -> None:
    assert rules.quarter_bounds(2022, 1) == (D("2022-01-01"), D("2022-03-31"))
    assert rules.quarter_bounds(2024, 4) == (D("2024-10-01"), D("2024-12-31"))
    assert rules.quarter_of(D("2022-04-01")) == (2022, 2)
    with pytest.raises(rules.RuleError):
        rules.quarter_bounds(2022, 5)


def test_plan_status_and_rule_due() -> None:
    assert rules.plan_status(None, None, D("2025-07-24"), D("2025-07-25")) == rules.PlanStatus.OVERDUE
    assert rules.plan_status(None, None, D("2025-07-24"), D("2025-07-24")) == rules.PlanStatus.DRAFTING
    assert rules.plan_status(D("2025-07-25"), None, D("2025-07-24"), D("2025-08-01")) == rules.PlanStatus.SUBMITTED_LATE
    assert (
        rules.plan_status(D("2025-07-20"), D("2025-07-22"), D("2025-07-24"), D("2025-08-01")) == rules.PlanStatus.ISSUED
    )
    # 10 days from Monday 14/7/2025 is Thursday 24/7
    assert rules.rule_due(D("2025-07-14"), 10, "calendar_days", _weekdays_only) == D("2025-07-24")
    # ... from Wednesday 16/7 is Saturday 26/7: the next working day
    assert rules.rule_due(D("2025-07-16"), 10, "calendar_days", _weekdays_only) == D("2025-07-28")


def test_parse_stat_row() -> None:
    row, errors = rules.parse_stat_row([2022, 1, " Công an  tỉnh ", "Giao thông", 12, "1.500.000", 1_000_000.0])
    assert errors == []
    assert row == rules.StatRow(2022, 1, "Công an tỉnh", "traffic", 12, 1_500_000, 1_000_000)
    assert rules.parse_stat_row([2022, 1, "X", "giao thong", 1, 2, 3])[0] is not None  # without diacritics
    row, errors = rules.parse_stat_row([2022, 5, "", "Vũ trụ", -1, "abc", None])
    assert row is None
    assert len(errors) == 6
    assert any("Quý" in e for e in errors) and any("Lĩnh vực" in e for e in errors)
