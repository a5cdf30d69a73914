"""Official days off and make-up days shipped with the system (pure, no Django).

Lịch nghỉ lễ, Tết và ngày làm bù của cán bộ, công chức.  The ``holidays``
package (country "VN", including its in-lieu days and ``weekend_workdays``)
seeds every year; the years the government has announced and that we have
checked (2022–2026, see ``docs``/calendar-vn.md) replace the package's data
entirely, because the package is a good seed but not the truth (for 2026 it
misses Fri 2/1 and the make-up Sat 10/1, and lists Tue 24/11).

Each year is **official** (the government's announced schedule, entered and
checked: :data:`OFFICIAL_SOURCES` names the document) or **estimated** (derived
from the package, pinned to one version in ``pyproject.toml``). Two rules
hold for every estimated year:

- holiday names are the package's Vietnamese names, whatever the server's
  locale (the package translates by ``LANG`` otherwise);
- 24/11 (Ngày Văn hóa Việt Nam) is a working day, as in the official 2026
  schedule: Resolution 80-NQ/TW (2026) chose it as a paid day off in
  principle and Government Resolution 30/NQ-CP (2026) tasks an amendment of
  Labour Code art. 112(1), but no text in force makes it a day off yet; the
  package lists it from 2026 on. When the law changes, the official schedule
  entered for that year carries the day.

Only weekdays are stored as days off (weekends are off anyway); make-up days
are Saturdays or Sundays.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final, Literal

import holidays

from tuphap.workdays.core import OfficeHours, WorkCalendar

__all__ = [
    "CULTURE_DAY",
    "OFFICIAL_SOURCES",
    "OFFICIAL_YEARS",
    "PACKAGE_SOURCE",
    "PACKAGE_VERSION",
    "CalendarEntry",
    "calendar_from_entries",
    "default_calendar",
    "official_calendar_entries",
]

PACKAGE_SOURCE: Final = "holidays package (VN)"
PACKAGE_VERSION: Final = holidays.__version__
TABLE_SOURCE: Final = "Lịch nghỉ chính thức của Chính phủ (calendar-vn.md)"

#: 24/11, Vietnam Culture Day: a working day until a text in force says otherwise (module docstring).
CULTURE_DAY: Final = (11, 24)

#: The document(s) that announced each official year's schedule. Where the
#: number could not be checked, the entry says so (docs/domain/calendar-vn.md).
OFFICIAL_SOURCES: Final[dict[int, str]] = {
    2022: "Lịch nghỉ lễ, Tết năm 2022 do Chính phủ công bố (số văn bản chưa đối chiếu)",
    2023: "Lịch nghỉ lễ, Tết năm 2023 do Chính phủ công bố (số văn bản chưa đối chiếu)",
    2024: "Thông báo 5015/TB-LĐTBXH ngày 22/11/2023 (Tết Âm lịch, Quốc khánh) và lịch nghỉ 30/4–1/5/2024",
    2025: "Lịch nghỉ lễ, Tết năm 2025 do Chính phủ công bố (số văn bản chưa đối chiếu)",
    2026: "Lịch nghỉ lễ, Tết năm 2026; Công văn 12729/VPCP-KGVX (hoán đổi ngày 02/01/2026)",
}

EntryKind = Literal["day_off", "makeup_day"]


@dataclass(frozen=True, slots=True)
class CalendarEntry:
    """One date of the calendar data: a weekday off or a make-up weekend day."""

    date: date
    kind: EntryKind
    reason: str
    source: str


def _d(year: int, month: int, day: int) -> date:
    return date(year, month, day)


_TET = "Tết Nguyên đán"
_NEW_YEAR = "Tết Dương lịch"
_HUNG = "Giỗ Tổ Hùng Vương"
_VICTORY = "Ngày Chiến thắng 30/4"
_LABOUR = "Ngày Quốc tế Lao động 1/5"
_NATIONAL = "Quốc khánh"

# (date, kind, reason, source or None for TABLE_SOURCE)
_Official = tuple[date, EntryKind, str, str | None]

_OFFICIAL: Final[dict[int, tuple[_Official, ...]]] = {
    2022: (
        (_d(2022, 1, 3), "day_off", f"{_NEW_YEAR} (nghỉ bù cho thứ Bảy 01/01)", None),
        *((_d(2022, 1, 31), "day_off", _TET, None),),
        *((_d(2022, 2, day), "day_off", _TET, None) for day in (1, 2, 3, 4)),
        (_d(2022, 4, 11), "day_off", f"{_HUNG} (nghỉ bù cho Chủ nhật 10/4)", None),
        (_d(2022, 5, 2), "day_off", f"{_VICTORY} (nghỉ bù cho thứ Bảy 30/4)", None),
        (_d(2022, 5, 3), "day_off", f"{_LABOUR} (nghỉ bù cho Chủ nhật 01/5)", None),
        (_d(2022, 9, 1), "day_off", _NATIONAL, None),
        (_d(2022, 9, 2), "day_off", _NATIONAL, None),
    ),
    2023: (
        (_d(2023, 1, 2), "day_off", f"{_NEW_YEAR} (nghỉ bù cho Chủ nhật 01/01)", None),
        *((_d(2023, 1, day), "day_off", _TET, None) for day in (20, 23, 24, 25, 26)),
        (_d(2023, 5, 1), "day_off", _LABOUR, None),
        (_d(2023, 5, 2), "day_off", f"{_HUNG} (nghỉ bù cho thứ Bảy 29/4)", None),
        (_d(2023, 5, 3), "day_off", f"{_VICTORY} (nghỉ bù cho Chủ nhật 30/4)", None),
        (_d(2023, 9, 1), "day_off", _NATIONAL, None),
        (_d(2023, 9, 4), "day_off", f"{_NATIONAL} (nghỉ bù cho thứ Bảy 02/9)", None),
    ),
    2024: (
        (_d(2024, 1, 1), "day_off", _NEW_YEAR, None),
        *((_d(2024, 2, day), "day_off", _TET, None) for day in (8, 9, 12, 13, 14)),
        (_d(2024, 4, 18), "day_off", _HUNG, None),
        (_d(2024, 4, 29), "day_off", "Nghỉ hoán đổi (làm bù thứ Bảy 04/5)", None),
        (_d(2024, 4, 30), "day_off", _VICTORY, None),
        (_d(2024, 5, 1), "day_off", _LABOUR, None),
        (_d(2024, 9, 2), "day_off", _NATIONAL, None),
        (_d(2024, 9, 3), "day_off", _NATIONAL, None),
        (_d(2024, 5, 4), "makeup_day", "Làm bù cho thứ Hai 29/4", None),
    ),
    2025: (
        (_d(2025, 1, 1), "day_off", _NEW_YEAR, None),
        *((_d(2025, 1, day), "day_off", _TET, None) for day in (27, 28, 29, 30, 31)),
        (_d(2025, 4, 7), "day_off", _HUNG, None),
        (_d(2025, 4, 30), "day_off", _VICTORY, None),
        (_d(2025, 5, 1), "day_off", _LABOUR, None),
        (_d(2025, 5, 2), "day_off", "Nghỉ hoán đổi (làm bù thứ Bảy 26/4)", None),
        (_d(2025, 9, 1), "day_off", _NATIONAL, None),
        (_d(2025, 9, 2), "day_off", _NATIONAL, None),
        (_d(2025, 4, 26), "makeup_day", "Làm bù cho thứ Sáu 02/5", None),
    ),
    2026: (
        (_d(2026, 1, 1), "day_off", _NEW_YEAR, None),
        (
            _d(2026, 1, 2),
            "day_off",
            f"{_NEW_YEAR} (nghỉ hoán đổi, làm bù thứ Bảy 10/01)",
            "Công văn 12729/VPCP-KGVX",
        ),
        *((_d(2026, 2, day), "day_off", _TET, None) for day in (16, 17, 18, 19, 20)),
        (_d(2026, 4, 27), "day_off", f"{_HUNG} (nghỉ bù cho Chủ nhật 26/4)", None),
        (_d(2026, 4, 30), "day_off", _VICTORY, None),
        (_d(2026, 5, 1), "day_off", _LABOUR, None),
        (_d(2026, 8, 31), "day_off", f"{_NATIONAL} (nghỉ hoán đổi, làm bù thứ Bảy 22/8)", None),
        (_d(2026, 9, 1), "day_off", _NATIONAL, None),
        (_d(2026, 9, 2), "day_off", _NATIONAL, None),
        (_d(2026, 1, 10), "makeup_day", "Làm bù cho thứ Sáu 02/01", "Công văn 12729/VPCP-KGVX"),
        (_d(2026, 8, 22), "makeup_day", "Làm bù cho thứ Hai 31/8", None),
    ),
}

#: Years whose days off come from the official table instead of the package.
OFFICIAL_YEARS: Final = frozenset(_OFFICIAL)


def official_calendar_entries(first_year: int = 2015, last_year: int = 2030) -> list[CalendarEntry]:
    """Days off and make-up days for ``first_year..last_year``, sorted by date.

    Seeded from ``holidays.country_holidays("VN")`` (and its
    ``weekend_workdays`` when the installed version has it), with the years in
    :data:`OFFICIAL_YEARS` taken from the official table instead.
    """
    years = range(first_year, last_year + 1)
    package = holidays.country_holidays("VN", years=years, language="vi")
    entries: list[CalendarEntry] = []
    for day, name in sorted(package.items()):
        if (day.month, day.day) == CULTURE_DAY:
            continue
        if day.year in years and day.year not in OFFICIAL_YEARS and day.weekday() < 5:
            entries.append(CalendarEntry(day, "day_off", str(name), PACKAGE_SOURCE))
    weekend_workdays: set[date] = set(getattr(package, "weekend_workdays", ()) or ())
    for day in sorted(weekend_workdays):
        if day.year in years and day.year not in OFFICIAL_YEARS and day.weekday() >= 5:
            entries.append(CalendarEntry(day, "makeup_day", "Ngày làm bù", PACKAGE_SOURCE))
    for year in sorted(OFFICIAL_YEARS.intersection(years)):
        for day, kind, reason, source in _OFFICIAL[year]:
            entries.append(CalendarEntry(day, kind, reason, source or TABLE_SOURCE))
    entries.sort(key=lambda e: (e.date, e.kind))
    return entries


def calendar_from_entries(
    entries: list[CalendarEntry],
    first_year: int,
    last_year: int,
    hours: OfficeHours | None = None,
) -> WorkCalendar:
    """A :class:`WorkCalendar` from calendar entries (e.g. rows edited by an admin)."""
    days_off = {e.date: e.reason for e in entries if e.kind == "day_off"}
    makeup = {e.date: e.reason for e in entries if e.kind == "makeup_day"}
    return WorkCalendar(
        first_year=first_year,
        last_year=last_year,
        days_off=days_off,
        makeup_days=makeup,
        hours=hours if hours is not None else OfficeHours(),
    )


def default_calendar(first_year: int = 2015, last_year: int = 2030) -> WorkCalendar:
    """The shipped calendar: :func:`official_calendar_entries` with default office hours."""
    return calendar_from_entries(official_calendar_entries(first_year, last_year), first_year, last_year)
