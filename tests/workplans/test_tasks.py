"""Tasks through the services: deadlines via workdays, statuses, scope, history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from tuphap.core.errors import ConflictError
from tuphap.core.models import AuditEvent
from tuphap.workplans import rules, selectors, services
from tuphap.workplans.models import Task

D = dt.date.fromisoformat


def test_working_day_deadline_skips_weekends_and_days_off(make_task: Callable[..., Any]) -> None:
    from tuphap.workdays.services import calendar_day_set

    plain = make_task(deadline_kind="working_days", deadline_days=5, assigned_on=D("2022-04-12"))
    assert plain.due_on == D("2022-04-19")  # Tue 12/4 -> Wed, Thu, Fri, Mon, Tue; the weekend skipped
    calendar_day_set(actor=None, date=D("2022-04-14"), kind="day_off", reason="Nghỉ (thử nghiệm)")
    task = make_task(deadline_kind="working_days", deadline_days=5, assigned_on=D("2022-04-12"))
    assert task.due_on == D("2022-04-20")  # Thursday 14/4 off
    friday = make_task(deadline_kind="working_days", deadline_days=1, assigned_on=D("2022-04-15"))
    assert friday.due_on == D("2022-04-18")
    calendar = make_task(deadline_kind="calendar_days", deadline_days=5, assigned_on=D("2022-04-12"))
    assert calendar.due_on == D("2022-04-18")  # Sunday 17/4 -> Monday


def test_calendar_change_retimes_open_working_day_tasks(make_task: Callable[..., Any], director: Any) -> None:
    from tuphap.workdays.services import calendar_day_set

    task = make_task(deadline_kind="working_days", deadline_days=5, assigned_on=D("2022-04-12"))
    dated = make_task(deadline_kind="date", due_on=D("2022-04-19"))
    done = make_task(deadline_kind="working_days", deadline_days=5, assigned_on=D("2022-04-12"))
    services.task_complete(actor=director, task=done, result_document="Báo cáo 1", on=D("2022-04-14"))
    calendar_day_set(actor=None, date=D("2022-04-14"), kind="day_off", reason="Nghỉ (thử nghiệm)")
    with translation.override("en"):  # whoever changed the calendar, the task's history says it in Vietnamese
        assert services.tasks_retime(None, D("2022-04-14")) == 1
    task.refresh_from_db()
    assert task.due_on == D("2022-04-20")
    assert task.events.last().action == "retime"
    assert task.events.last().note == "Lịch làm việc thay đổi từ ngày 14/04/2022"
    assert task.events.last().due_before == D("2022-04-19")
    dated.refresh_from_db()
    assert dated.due_on == D("2022-04-19")  # a date written in the source does not move
    done.refresh_from_db()
    assert done.due_on == D("2022-04-19")


def test_the_workdays_subscriber_is_registered() -> None:
    from tuphap.workdays.subscribers import subscribers

    assert subscribers()["workplans.tasks"] is services.tasks_retime


def test_status_changes_and_history(make_task: Callable[..., Any], specialist: Any) -> None:
    task = make_task(due_on=D("2022-05-31"))
    assert task.status(D("2022-05-31")) == rules.Status.NOT_STARTED
    assert task.status(D("2022-06-01")) == rules.Status.OVERDUE
    task = services.task_start(actor=specialist, task=task, on=D("2022-04-20"), note="Phân công chuyên viên")
    assert task.status(D("2022-05-01")) == rules.Status.IN_PROGRESS
    task = services.task_note(actor=specialist, task=task, note="Đã có dự thảo", on=D("2022-05-10"))
    task = services.task_complete(
        actor=specialist, task=task, result_document="Báo cáo số 12/BC-STP", on=D("2022-06-02")
    )
    assert task.status(D("2022-07-01")) == rules.Status.DONE_LATE
    assert [e.action for e in selectors.task_history(task)] == ["assign", "start", "note", "complete"]
    assert task.version == 4
    assert AuditEvent.objects.filter(action="workplans.task_complete", object_id=str(task.pk)).exists()


def test_done_on_time_and_reopen(make_task: Callable[..., Any], specialist: Any, director: Any) -> None:
    task = services.task_complete(
        actor=specialist, task=make_task(), result_document="Tờ trình 5/TTr-STP", on=D("2022-05-31")
    )
    assert task.status(D("2023-01-01")) == rules.Status.DONE_ON_TIME
    with pytest.raises(PermissionDenied):
        services.task_reopen(actor=specialist, task=task, reason="Chưa đạt")
    task = services.task_reopen(actor=director, task=task, reason="Kết quả chưa đạt yêu cầu")
    assert task.state == "in_progress" and task.completed_on is None


def test_invalid_transitions_and_stale_versions_conflict(make_task: Callable[..., Any], specialist: Any) -> None:
    task = services.task_complete(actor=specialist, task=make_task(), result_document="Báo cáo", on=D("2022-05-01"))
    with pytest.raises(ConflictError):
        services.task_start(actor=specialist, task=task)
    with pytest.raises(ConflictError):
        services.task_note(actor=specialist, task=task, note="x")
    other = make_task()
    with pytest.raises(ConflictError) as exc:
        services.task_start(actor=specialist, task=other, expected_version=other.version + 3)
    assert exc.value.code == "stale_version"


def test_reschedule_needs_the_director_and_a_reason(
    make_task: Callable[..., Any], specialist: Any, director: Any
) -> None:
    task = make_task()
    with pytest.raises(PermissionDenied):
        services.task_reschedule(actor=specialist, task=task, reason="Lùi hạn", due_on=D("2022-06-30"))
    with pytest.raises(ValidationError):
        services.task_reschedule(actor=director, task=task, reason=" ", due_on=D("2022-06-30"))
    task = services.task_reschedule(actor=director, task=task, reason="Theo đề nghị của phòng", due_on=D("2022-06-30"))
    assert task.due_on == D("2022-06-30")
    assert task.events.last().due_before == D("2022-05-31")


def test_units_act_on_their_own_tasks_only(
    make_task: Callable[..., Any], specialist: Any, other_specialist: Any, units: dict[str, Any]
) -> None:
    own = make_task(unit="hctp")
    theirs = make_task(unit="btp")
    coordinated = make_task(unit="btp", coordinating_units=[units["hctp"]])
    with pytest.raises(PermissionDenied):
        services.task_start(actor=specialist, task=theirs)
    with pytest.raises(PermissionDenied):
        services.task_complete(actor=specialist, task=coordinated, result_document="x")
    services.task_note(
        actor=specialist, task=coordinated, note="Phòng HCTP đã góp ý"
    )  # coordinating units report progress
    services.task_start(actor=specialist, task=own)
    assert set(selectors.tasks_visible(specialist)) == {own, coordinated}
    assert set(selectors.tasks_visible(other_specialist)) == {theirs, coordinated}


def test_directors_see_all_and_only_they_assign(
    make_task: Callable[..., Any], director: Any, specialist: Any, source: Any
) -> None:
    make_task(unit="hctp")
    make_task(unit="btp")
    make_task(unit=None)  # the department's own
    assert selectors.tasks_visible(director).count() == 3
    assert selectors.tasks_visible(specialist).count() == 1
    with pytest.raises(PermissionDenied):
        services.task_create(actor=specialist, source=source, content="Tự giao", lead_unit=None)


def test_conclusion_entered_once_and_split(director: Any, units: dict[str, Any], department: Any) -> None:
    source = services.conclusion_enter(
        actor=director,
        title="Kết luận giao ban",
        issued_on=D("2022-04-12"),
        number="12/TB-STP",
        agency=department,
        text="1. Xây dựng văn bản\n2. Thẩm định văn bản\n3. Rà soát thường xuyên",
        lead_unit=units["hctp"],
        deadline_kind="working_days",
        deadline_days=10,
    )
    tasks = list(source.tasks.order_by("seq"))
    assert [(t.seq, t.content) for t in tasks] == [
        (1, "Xây dựng văn bản"),
        (2, "Thẩm định văn bản"),
        (3, "Rà soát thường xuyên"),
    ]
    assert all(t.due_on == D("2022-04-26") for t in tasks)
    with pytest.raises(ConflictError):
        services.conclusion_enter(
            actor=director,
            title="Kết luận giao ban",
            issued_on=D("2022-04-12"),
            number="12/TB-STP",
            agency=department,
            text="1. Lại",
        )
    with pytest.raises(ValidationError):
        services.conclusion_enter(
            actor=director, title="Trống", issued_on=D("2022-04-12"), agency=department, text="  "
        )


def test_bad_deadlines_are_refused(make_task: Callable[..., Any]) -> None:
    with pytest.raises(ValidationError):
        make_task(deadline_kind="date", due_on=D("2022-01-01"))
    with pytest.raises(ValidationError):
        make_task(deadline_kind="working_days", deadline_days=0)
    with pytest.raises(ValidationError):
        make_task(deadline_kind="sometime")


def test_the_database_refuses_inconsistent_rows(make_task: Callable[..., Any]) -> None:
    from django.db import IntegrityError, transaction

    task = make_task()
    with pytest.raises(IntegrityError), transaction.atomic():
        Task.objects.filter(pk=task.pk).update(state="done")  # done without a completion date
    with pytest.raises(IntegrityError), transaction.atomic():
        Task.objects.filter(pk=task.pk).update(deadline_kind="none")  # a due date without a deadline


@pytest.mark.parametrize("status", [s.value for s in rules.Status])
def test_status_query_agrees_with_the_rule(status: str, make_task: Callable[..., Any], director: Any) -> None:
    today = D("2022-06-01")
    tasks = [
        make_task(due_on=D("2022-06-01")),
        make_task(due_on=D("2022-05-31")),
        make_task(deadline_kind="none"),
        services.task_start(actor=director, task=make_task(due_on=D("2022-05-31")), on=D("2022-05-01")),
        services.task_start(actor=director, task=make_task(due_on=D("2022-06-30")), on=D("2022-05-01")),
        services.task_complete(
            actor=director, task=make_task(due_on=D("2022-05-31")), result_document="x", on=D("2022-05-31")
        ),
        services.task_complete(
            actor=director, task=make_task(due_on=D("2022-05-20")), result_document="x", on=D("2022-05-31")
        ),
        services.task_complete(
            actor=director, task=make_task(deadline_kind="none"), result_document="x", on=D("2022-05-31")
        ),
    ]
    expected = {t.pk for t in tasks if t.status(today) == status}
    assert expected, status
    assert set(Task.objects.filter(selectors.status_q(status, today)).values_list("pk", flat=True)) == expected


def test_summary_counts_by_unit(make_task: Callable[..., Any], director: Any) -> None:
    make_task(unit="hctp", due_on=D("2022-05-01"))
    make_task(unit="hctp", due_on=D("2030-05-01"))
    make_task(unit="btp", due_on=D("2022-05-01"))
    rows = selectors.tasks_summary(selectors.tasks_visible(director), today=D("2022-06-01"))
    by_name = {r["lead_unit__name"]: r for r in rows if not r.get("is_total")}
    assert by_name["Phòng Hành chính tư pháp"]["overdue"] == 1
    assert by_name["Phòng Hành chính tư pháp"]["not_started"] == 1
    assert rows[-1]["total"] == 3 and rows[-1]["overdue"] == 2


@pytest.mark.parametrize("title", ["", "   ", "\u200b"])
def test_a_source_needs_a_title(department: Any, director: Any, title: str) -> None:
    with pytest.raises(ValidationError) as refused:
        services.task_source_create(
            actor=director, agency=department, kind="conclusion", issued_on=D("2022-04-12"), title=title
        )
    assert list(refused.value.message_dict) == ["title"]
    assert not AuditEvent.objects.filter(action="workplans.source_create").exists()
