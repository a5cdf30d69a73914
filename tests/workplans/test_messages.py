"""The reminder texts: gettext with English msgids, rendered in Vietnamese whatever language
the job runs in. The expected texts are those the Vietnamese literals of ``workplans/services.py``
produced before the texts moved to ``workplans/messages.py`` (not a byte may change)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import translation

from tuphap.core.models import Notification
from tuphap.workplans import messages, services

D = dt.date.fromisoformat
SOURCE = "Nguồn: Kết luận của lãnh đạo 86/TB-UBND ngày 12/04/2022"
UNIT = "Đơn vị chủ trì: Phòng Hành chính tư pháp"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_reminders_are_queued_in_todays_vietnamese(
    make_task: Callable[..., Any], unit_head: Any, language: str
) -> None:
    soon = make_task("Báo cáo quý", due_on=D("2022-05-04"))
    late = make_task("Kế hoạch rà soát", due_on=D("2022-04-29"))
    with translation.override(language):
        assert services.tasks_remind(today=D("2022-05-02")) == 2
    by_task = {n.object_id: (n.subject, n.body) for n in Notification.objects.filter(to="truongphong@example.invalid")}
    assert by_task[str(soon.pk)] == (
        "Nhắc hạn nhiệm vụ: hạn 04/05/2022",
        f"Nhắc hạn nhiệm vụ: hạn 04/05/2022\nNhiệm vụ: Báo cáo quý\n{SOURCE}\n{UNIT}",
    )
    assert by_task[str(late.pk)] == (
        "Nhiệm vụ quá hạn (hạn 29/04/2022)",
        f"Nhiệm vụ quá hạn (hạn 29/04/2022)\nNhiệm vụ: Kế hoạch rà soát\n{SOURCE}\n{UNIT}",
    )


def test_a_task_without_a_lead_unit_names_the_department(make_task: Callable[..., Any]) -> None:
    task = make_task("Tổng kết năm", unit=None, due_on=D("2022-04-29"))
    with translation.override("en"):
        assert messages.task_reminder(task, overdue=True) == (
            "Nhiệm vụ quá hạn (hạn 29/04/2022)",
            f"Nhiệm vụ quá hạn (hạn 29/04/2022)\nNhiệm vụ: Tổng kết năm\n{SOURCE}\nĐơn vị chủ trì: Sở Tư pháp",
        )
        assert translation.get_language() == "en"
