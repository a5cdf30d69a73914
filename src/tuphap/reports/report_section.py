"""The quarterly report's part on the service index of Decision 766/QĐ-TTg for its quarter
(through the sections registry, as the other apps' parts)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tuphap.core.report_sections import ReportSection


def _points(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def figures(start: dt.date, end: dt.date) -> dict[str, Any]:
    from tuphap.reports.index_selectors import service_index

    index = service_index(start, end)
    if index is None:
        return {}
    return {
        "version": index.version,
        "total": index.total,
        "max_total": index.max_total,
        "components": [
            {"label": c.label, "points": c.points, "max_points": c.max_points, "verified": c.verified}
            for c in index.components
        ],
    }


def text(data: dict[str, Any]) -> str:
    if not data:
        return "Kỳ báo cáo trước khi áp dụng Bộ chỉ số theo Quyết định 766/QĐ-TTg: không tính chỉ số."
    parts = [
        f"{c['label']} {_points(c['points'])}/{c['max_points']:g}"
        for c in data["components"]
        if c["points"] is not None
    ]
    missing = [c["label"] for c in data["components"] if c["points"] is None]
    sentence = (
        f"Chỉ số phục vụ người dân, doanh nghiệp của Sở trong kỳ (tự tính theo Quyết định 766/QĐ-TTg từ dữ liệu "
        f"của Sở): {_points(data['total'])}/{data['max_total']:g} điểm; " + "; ".join(parts) + "."
    )
    if missing:
        sentence += " Không có số liệu: " + "; ".join(missing) + "."
    if any(not c["verified"] for c in data["components"]):
        sentence += " Cách chia điểm trong từng nhóm chỉ số chưa xác nhận."
    return sentence


SECTION = ReportSection(key="reports", title="Chỉ số phục vụ người dân, doanh nghiệp", figures=figures, text=text)
