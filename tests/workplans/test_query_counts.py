"""Query counts of the plans' and tasks' lists: the same for N rows as for 2N.

Tasks of two units, with coordinating units, owners and every status; plans of both
kinds, submitted or not; violation figures of several reporting bodies; all through the
services. ``most`` is the count on the busier engine today plus about two, room for
other work being merged, so that a new query per page is noticed too."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.query_counts import assert_flat
from tuphap.workplans import rules, services

D = dt.date.fromisoformat


@pytest.fixture
def grow_tasks(make_task: Callable[..., Any], units: dict[str, Any], specialist: Any) -> Callable[[int], list[str]]:
    """n more tasks: started, done, or new; of hctp or btp, each with a coordinating unit."""
    made: list[Any] = []

    def grow(n: int) -> list[str]:
        contents = []
        for _ in range(n):
            k = len(made)
            task = make_task(
                f"Nhiệm vụ rà soát số {k:02d}",
                unit="btp" if k % 2 else "hctp",
                coordinating_units=[units["hctp" if k % 2 else "btp"]],
                owner=specialist if k % 2 == 0 else None,
                due_on=D("2022-05-31") if k % 3 else D("2022-04-30"),
            )
            if k % 3 == 1:
                services.task_start(actor=specialist if k % 2 == 0 else None, task=task, on=D("2022-04-20"))
            if k % 3 == 2:
                services.task_complete(actor=None, task=task, result_document=f"{k}/BC-STP", on=D("2022-05-10"))
            made.append(task)
            contents.append(task.content)
        return contents

    return grow


def test_task_board(client: Client, director: Any, grow_tasks: Callable[[int], list[str]]) -> None:
    client.force_login(director)
    assert_flat(client, "/nhiem-vu/", grow_tasks, most=8)


def test_summary(client: Client, director: Any, grow_tasks: Callable[[int], list[str]]) -> None:
    """Counts per lead unit (the tasks are not listed one by one: the units are)."""

    def grow(n: int) -> list[str]:
        grow_tasks(n)
        return ["Phòng Hành chính tư pháp", "Phòng Bổ trợ tư pháp"]

    client.force_login(director)
    assert_flat(client, "/nhiem-vu/tong-hop/", grow, most=9, params={"year": 2022, "quarter": 2})


def test_api_tasks(client: Client, director: Any, grow_tasks: Callable[[int], list[str]]) -> None:
    client.force_login(director)
    assert_flat(client, "/api/v1/workplans/tasks", grow_tasks, most=8)


@pytest.fixture
def grow_plans(director: Any, department: Any, units: dict[str, Any]) -> Callable[[int], list[str]]:
    """n more plans and decisions; two in three submitted, one in three issued too.
    Returns the titles of all of them; ``grow.submitted`` holds those submitted."""
    made: list[Any] = []
    submitted: list[str] = []

    def grow(n: int) -> list[str]:
        titles = []
        for _ in range(n):
            k = len(made)
            plan = services.plan_create(
                actor=director,
                agency=department,
                kind="decision" if k % 2 else "plan",
                field="violation_handling" if k % 3 else "enforcement_monitoring",
                title=f"Kế hoạch quản lý số {k:02d}",
                lead_unit=units["hctp"] if k % 2 else None,
            )
            if k % 3:
                plan = services.plan_submit(actor=director, plan=plan, submitted_on=D("2022-02-14"))
                submitted.append(plan.title)
            if k % 3 == 2:
                services.plan_record_issue(
                    actor=director, plan=plan, issued_number=f"{k}/KH-UBND", issued_on=D("2022-02-20")
                )
            made.append(plan)
            titles.append(plan.title)
        return titles

    grow.submitted = submitted  # type: ignore[attr-defined]
    return grow


def test_plans(client: Client, director: Any, grow_plans: Callable[[int], list[str]]) -> None:
    client.force_login(director)
    assert_flat(client, "/nhiem-vu/ke-hoach/", grow_plans, most=10, params={"year": 2022, "quarter": 1})


def test_api_plans(client: Client, director: Any, grow_plans: Callable[[int], list[str]]) -> None:
    """Plans submitted in the period: the others are built too, and not listed."""

    def grow(n: int) -> list[str]:
        grow_plans(n)
        return list(grow_plans.submitted)  # type: ignore[attr-defined]

    client.force_login(director)
    params = {"from": "2022-01-01", "to": "2022-12-31"}
    assert_flat(client, "/api/v1/workplans/plans", grow, most=7, params=params)


@pytest.fixture
def grow_stats(director: Any) -> Callable[[int], list[str]]:
    """Violation figures of n more reporting bodies in Q1/2022."""
    made: list[str] = []

    def grow(n: int) -> list[str]:
        names = []
        for _ in range(n):
            name = f"Cơ quan báo cáo số {len(made):02d}"
            services.violation_stat_save(
                actor=director,
                row=rules.StatRow(
                    year=2022,
                    quarter=1,
                    reporter=name,
                    field=rules.Field.TRAFFIC,
                    decisions=10,
                    fines_imposed=1000,
                    fines_collected=900,
                ),
            )
            made.append(name)
            names.append(name)
        return names

    return grow


def test_violation_figures(client: Client, director: Any, grow_stats: Callable[[int], list[str]]) -> None:
    client.force_login(director)
    assert_flat(client, "/nhiem-vu/xu-ly-vi-pham/", grow_stats, most=8, params={"year": 2022, "quarter": 1})


# --------------------------------------------------------------------------- lists inside a task's page


@pytest.fixture
def grow_history(
    make_task: Callable[..., Any], units: dict[str, Any], specialist: Any
) -> tuple[Any, Callable[[int], list[str]]]:
    """One task, and n more notes in its history, by its owner."""
    task = make_task("Theo dõi thi hành pháp luật", coordinating_units=[units["btp"]], owner=specialist)
    made: list[str] = []

    def grow(n: int) -> list[str]:
        notes = []
        for _ in range(n):
            note = f"Báo cáo tiến độ lần {len(made):02d}"
            services.task_note(actor=specialist, task=task.pk, note=note, on=D("2022-05-02"))
            made.append(note)
            notes.append(note)
        return notes

    return task, grow


def test_task_page(client: Client, director: Any, grow_history: tuple[Any, Callable[[int], list[str]]]) -> None:
    task, grow = grow_history
    client.force_login(director)
    assert_flat(client, f"/nhiem-vu/{task.pk}/", grow, most=8)


def test_api_task(client: Client, director: Any, grow_history: tuple[Any, Callable[[int], list[str]]]) -> None:
    task, grow = grow_history
    client.force_login(director)
    assert_flat(client, f"/api/v1/workplans/tasks/{task.pk}", grow, most=8)
