"""Reminders by email before deadlines, through the outbox and the task worker."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

from tuphap.core.models import Notification
from tuphap.workplans import services
from tuphap.workplans.models import TaskReminder

D = dt.date.fromisoformat


def test_due_soon_and_overdue_reminders_are_sent_once(
    make_task: Callable[..., Any], unit_head: Any, specialist: Any, director: Any
) -> None:
    specialist.email = "chuyenvien@example.invalid"
    specialist.save(update_fields=["email"])
    soon = make_task(
        "Báo cáo quý", due_on=D("2022-05-04"), owner=specialist
    )  # within 2 working days of Monday 2/5 (2/5 and 3/5/2022 are days off)
    late = make_task("Kế hoạch rà soát", due_on=D("2022-04-29"))
    make_task("Còn xa", due_on=D("2022-05-31"))
    services.task_complete(
        actor=director, task=make_task("Đã xong", due_on=D("2022-05-03")), result_document="BC", on=D("2022-04-20")
    )
    assert services.tasks_remind(today=D("2022-05-02")) == 2
    assert {(r.task_id, r.kind) for r in TaskReminder.objects.all()} == {(soon.pk, "due_soon"), (late.pk, "overdue")}
    rows = Notification.objects.order_by("to", "subject")
    assert {(n.to, "quá hạn" in n.subject) for n in rows} == {
        ("chuyenvien@example.invalid", False),
        ("truongphong@example.invalid", False),
        ("truongphong@example.invalid", True),
    }
    assert "Báo cáo quý" in rows.filter(to="chuyenvien@example.invalid").get().body
    assert services.tasks_remind(today=D("2022-05-03")) == 0  # once per kind and deadline
    # a new deadline is a new reminder
    services.task_reschedule(actor=director, task=late, reason="Lùi hạn", due_on=D("2022-05-03"))
    assert services.tasks_remind(today=D("2022-05-03")) == 1


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_the_reminders(make_task: Callable[..., Any], unit_head: Any) -> None:
    from tuphap.workplans.tasks import remind_deadlines

    make_task("Báo cáo quý", due_on=D("2022-05-04"))
    result = remind_deadlines.enqueue(today="2022-05-02")
    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*", verbosity=0)
    result.refresh()
    assert result.status == "SUCCESSFUL"
    assert result.return_value == {"reminders": 1, "sent": 1, "failed": 0}
    assert [m.to for m in mail.outbox] == [["truongphong@example.invalid"]]
    assert "Báo cáo quý" in mail.outbox[0].body


def test_the_command_enqueues_or_runs(db: Any) -> None:
    from io import StringIO

    out = StringIO()
    call_command("workplans_remind", "--now", stdout=out)
    assert "0 reminders" in out.getvalue()
