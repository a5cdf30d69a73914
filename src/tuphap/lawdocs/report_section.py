"""This app's part of the quarterly report: draft documents appraised of those received."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tuphap.core.report_sections import ReportSection, number_vi
from tuphap.lawdocs.selectors import appraisals_count


def figures(start: dt.date, end: dt.date) -> dict[str, Any]:
    return appraisals_count(start, end)


def text(data: dict[str, Any]) -> str:
    if not data:
        return "Chưa có số liệu."
    appraised, received = number_vi(int(data.get("appraised", 0))), number_vi(int(data.get("received", 0)))
    return f"Trong kỳ, Sở đã thẩm định {appraised}/{received} hồ sơ dự thảo văn bản quy phạm pháp luật nhận được."


SECTION = ReportSection(key="lawdocs", title="Thẩm định văn bản quy phạm pháp luật", figures=figures, text=text)
