"""The columns of the report's tables (by month, unit, procedure) and how a cell is written."""

from __future__ import annotations

from typing import Any

from tuphap.reports.kpi import number_vi, percent_vi

#: (measure, heading, kind): "n" a count, "%" a rate
COLUMNS: list[tuple[str, str, str]] = [
    ("received", "Tiếp nhận", "n"),
    ("received_late", "Trễ hạn (theo tiếp nhận)", "n"),
    ("finished", "Đã giải quyết", "n"),
    ("finished_early", "Trước hạn", "n"),
    ("finished_on_time", "Đúng hạn", "n"),
    ("finished_late", "Quá hạn", "n"),
    ("in_progress_within", "Đang giải quyết trong hạn", "n"),
    ("in_progress_overdue", "Đang giải quyết quá hạn", "n"),
    ("late_rate_received", "Tỷ lệ trễ / tiếp nhận", "%"),
    ("on_time_rate_766", "Tỷ lệ đúng hạn (QĐ 766)", "%"),
]


def columns() -> list[tuple[str, str, str]]:
    return list(COLUMNS)


def point_columns() -> list[tuple[str, str, str]]:
    """The columns of the table by receiving point: its counts come from each dossier's
    facts, without the Decision 766 figures (``selectors.receiving_point_counts``)."""
    return [c for c in COLUMNS if c[0] != "on_time_rate_766"]


def cell(values: dict[str, Any], key: str, kind: str) -> str:
    value = values.get(key)
    if kind == "%":
        return percent_vi(value)
    return number_vi(int(value or 0))
