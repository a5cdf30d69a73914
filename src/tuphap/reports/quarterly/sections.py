"""The parts of the report that other apps write (``core.apps_registry.report_sections``).

A section that fails is never dropped in silence: with
``TUPHAP_REPORT_SECTIONS_STRICT`` (development, tests) the error is raised; in
production the report is still produced and says in the section's place that
it could not be written, and why, and the traceback goes to the log.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from tuphap.core.apps_registry import report_sections
from tuphap.core.report_sections import ReportSection

log = logging.getLogger(__name__)
#: part I is the one-stop desk's; the sections follow from II
NUMERALS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


@dataclass(frozen=True)
class SectionPart:
    """A section as the report prints it: numbered heading and paragraph (or why it is missing)."""

    key: str
    heading: str  # "II. THẨM ĐỊNH VĂN BẢN QUY PHẠM PHÁP LUẬT"
    text: str
    figures: dict[str, Any] | None  # None: the section failed
    error: str | None = None


def unavailable(section: ReportSection, reason: str) -> str:
    return _("Part %(name)s: could not be produced (%(reason)s)") % {"name": section.title, "reason": reason}


def run_section(section: ReportSection, number: str, start: dt.date, end: dt.date) -> SectionPart:
    heading = f"{number}. {section.heading}"
    try:
        figures = section.figures(start, end)
        return SectionPart(section.key, heading, section.text(figures), figures)
    except Exception as exc:
        if settings.TUPHAP_REPORT_SECTIONS_STRICT:
            raise
        log.exception("quarterly report: the section %r (%s to %s) failed", section.key, start, end)
        reason = (str(exc) or type(exc).__name__)[:300]
        return SectionPart(section.key, heading, unavailable(section, reason), None, reason)


def section_parts(start: dt.date, end: dt.date) -> list[SectionPart]:
    """Every registered section for [start, end], numbered from II."""
    return [
        run_section(section, NUMERALS[index] if index < len(NUMERALS) else str(index + 1), start, end)
        for index, section in enumerate(report_sections(), start=1)
    ]
