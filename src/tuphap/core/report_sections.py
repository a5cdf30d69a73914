"""The parts of the quarterly report that the domain apps write (pure Python).

The reports app owns the report; an app that has figures for it (appraisals
of draft documents, plans and tasks) says so in its ``report_section.py``
with a ``SECTION``, found by ``core.apps_registry.report_sections()``, the
way its URLs and API routers are found. The reports app runs each section
and decides what a failure does (raise in development and tests; say so in
the report in production), so the apps do not import the reports app, nor
it their modules by name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ReportSection:
    """One part of the quarterly report, after the one-stop results (part I)."""

    key: str  # the app's label
    title: str  # Vietnamese, sentence case: "Thẩm định văn bản quy phạm pháp luật"; the heading is upper case
    figures: Callable[[dt.date, dt.date], dict[str, Any]]  # the period's figures, [start, end] in local days
    text: Callable[[dict[str, Any]], str]  # the paragraph the report prints for those figures

    @property
    def heading(self) -> str:
        return self.title.upper()


def number_vi(value: int) -> str:
    """1635 -> '1.635' (the Vietnamese thousands separator), as every part of the report writes counts."""
    return f"{value:,}".replace(",", ".")
