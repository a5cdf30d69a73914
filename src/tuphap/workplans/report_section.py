"""This app's part of the quarterly report: plans and decisions submitted, tasks done on time and late."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tuphap.core.report_sections import ReportSection, number_vi
from tuphap.workplans.selectors import period_figures


def figures(start: dt.date, end: dt.date) -> dict[str, Any]:
    got = period_figures(start, end)
    return {
        "submitted": got.plans_submitted,
        "tasks_done": got.tasks_done,
        "tasks_done_on_time": got.tasks_done_on_time,
        "tasks_done_late": got.tasks_done_late,
        "tasks_open_overdue": got.tasks_open_overdue,
    }


def text(data: dict[str, Any]) -> str:
    if not data:
        return "Chưa có số liệu."

    def n(key: str) -> str:
        return number_vi(int(data.get(key, 0)))

    return (
        f"Trong kỳ, Sở đã tham mưu trình {int(data.get('submitted', 0)):02d} kế hoạch, quyết định; hoàn thành "
        f"{n('tasks_done')} nhiệm vụ được giao ({n('tasks_done_on_time')} đúng hạn, "
        f"{n('tasks_done_late')} trễ hạn); {n('tasks_open_overdue')} nhiệm vụ đang quá hạn."
    )


SECTION = ReportSection(key="workplans", title="Kế hoạch, quyết định đã tham mưu", figures=figures, text=text)
