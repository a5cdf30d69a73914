"""Reads of the working calendar: the office clock of an agency, year views."""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
import threading
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext as _

from tuphap.core import rows
from tuphap.workdays.core import OfficeClock, OfficeHours, WorkCalendar
from tuphap.workdays.models import CalendarDay, CalendarRevision, CalendarYear, DayKind, OfficeHoursRule, YearStatus
from tuphap.workdays.seed import PACKAGE_VERSION

FIRST_YEAR = 2015
LAST_YEAR = 2030

_lock = threading.Lock()
_clocks: dict[tuple[int | None, Any, Any], OfficeClock] = {}


Revision = tuple[int, dt.datetime | None]


def calendar_revision(agency_id: int | None) -> tuple[Revision, Revision]:
    """(province revision, agency revision), each its number and the time of its
    last change: changes whenever the calendar data does, also when a database
    was emptied and its counter started again at the same number."""
    sql = _REVISIONS.get(connection.vendor)
    if sql is None:
        quote = connection.ops.quote_name
        agency = quote("agency_id")
        sql = _REVISIONS[connection.vendor] = (
            f"SELECT {agency}, {quote('number')}, {quote('changed_at')} FROM {rows.table(CalendarRevision)} "  # noqa: S608 - names from the model
            f"WHERE {agency} IS NULL OR {agency} = %s"
        )
    with rows.cursor() as cursor:  # on every intake: one plain statement, no queryset to build
        cursor.execute(sql, [agency_id])
        found: dict[int | None, Revision] = {
            agency: (number, rows.value_of(_CHANGED_AT, changed_at)) for agency, number, changed_at in cursor.fetchall()
        }
    none: Revision = (0, None)
    return found.get(None, none), found.get(agency_id, none) if agency_id is not None else none


#: vendor -> the statement of ``calendar_revision``
_REVISIONS: dict[str, str] = {}
_CHANGED_AT = CalendarRevision._meta.get_field("changed_at")


def revision_columns(agency_column: str) -> str:
    """Four columns for a query that reads an agency anyway (its id in ``agency_column``): what
    ``calendar_revision`` reads, so that a hot path (the intake) makes no query of its own for it;
    ``revision_of`` reads the four values back, for ``office_clock(…, revision=…)``."""
    quote = connection.ops.quote_name
    table, agency = rows.table(CalendarRevision), quote("agency_id")
    return ", ".join(
        f"(SELECT cr.{quote(column)} FROM {table} cr WHERE cr.{agency} {which} LIMIT 1)"  # noqa: S608 - names from the model
        for which in ("IS NULL", f"= {agency_column}")
        for column in ("number", "changed_at")
    )


def revision_of(values: Any) -> tuple[Revision, Revision]:
    """The (province, agency) revisions from the four values of ``revision_columns``."""
    number, changed_at, agency_number, agency_changed_at = values
    none: Revision = (0, None)
    return (
        (number, rows.value_of(_CHANGED_AT, changed_at)) if number is not None else none,
        (agency_number, rows.value_of(_CHANGED_AT, agency_changed_at)) if agency_number is not None else none,
    )


def calendar_days(agency_id: int | None) -> dict[dt.date, CalendarDay]:
    """The effective special days: the province's, overridden by the agency's own."""
    days: dict[dt.date, CalendarDay] = {}
    for row in CalendarDay.objects.filter(agency__isnull=True).order_by("date"):
        days[row.date] = row
    if agency_id is not None:
        for row in CalendarDay.objects.filter(agency_id=agency_id).order_by("date"):
            days[row.date] = row
    return days


def work_calendar(agency_id: int | None = None) -> WorkCalendar:
    days = calendar_days(agency_id)
    hours = OfficeHours()
    if agency_id is not None:
        rule = OfficeHoursRule.objects.filter(agency_id=agency_id).first()
        if rule is not None:
            hours = OfficeHours(((rule.morning_start, rule.morning_end), (rule.afternoon_start, rule.afternoon_end)))
    return WorkCalendar(
        first_year=FIRST_YEAR,
        last_year=LAST_YEAR,
        days_off={d: r.reason for d, r in days.items() if r.kind == DayKind.DAY_OFF},
        makeup_days={d: r.reason for d, r in days.items() if r.kind == DayKind.MAKEUP_DAY},
        hours=hours,
    )


def office_clock(agency: Any = None, *, revision: tuple[Revision, Revision] | None = None) -> OfficeClock:
    """The office clock of an agency (None: the province's default calendar).

    Built once per calendar revision and process; a change made through
    ``services.calendar_day_set`` bumps the revision, so the next call rebuilds.
    ``revision``: the agency's, when the caller read it in its own query
    (``revision_columns``) in the same request; else it is read here.
    """
    agency_id = getattr(agency, "pk", agency)
    province_rev, agency_rev = revision if revision is not None else calendar_revision(agency_id)
    key = (agency_id, province_rev, agency_rev)
    clock = _clocks.get(key)
    if clock is None:
        with _lock:
            clock = _clocks.get(key)
            if clock is None:
                clock = OfficeClock(work_calendar(agency_id))
                for old in [k for k in _clocks if k[0] == agency_id]:
                    del _clocks[old]
                _clocks[key] = clock
    return clock


@dataclass(frozen=True)
class DayCell:
    date: dt.date
    working: bool
    kind: str  # "working", "weekend", "day_off", "makeup_day"
    reason: str
    source: str


def year_view(year: int, agency_id: int | None = None) -> list[dict[str, Any]]:
    """Twelve months of weeks of DayCell (None outside the month) for the year page."""
    days = calendar_days(agency_id)
    months = []
    cal = pycalendar.Calendar(firstweekday=0)
    for month in range(1, 13):
        weeks = []
        for week in cal.monthdatescalendar(year, month):
            row: list[DayCell | None] = []
            for day in week:
                if day.month != month:
                    row.append(None)
                    continue
                special = days.get(day)
                if special is not None:
                    kind = str(special.kind)
                    working = kind == DayKind.MAKEUP_DAY
                    row.append(DayCell(day, working, kind, special.reason, special.source))
                elif day.weekday() >= 5:
                    row.append(DayCell(day, False, "weekend", "", ""))
                else:
                    row.append(DayCell(day, True, "working", "", ""))
            weeks.append(row)
        months.append({"month": month, "weeks": weeks})
    return months


def special_days(year: int, agency_id: int | None = None) -> list[CalendarDay]:
    qs = CalendarDay.objects.filter(date__year=year).select_related("agency")
    if agency_id is None:
        qs = qs.filter(agency__isnull=True)
    else:
        qs = qs.filter(Q(agency__isnull=True) | Q(agency_id=agency_id))
    return list(qs.order_by("date", "agency_id"))


def working_day_count(year: int, agency_id: int | None = None) -> int:
    clock = office_clock(agency_id)
    day = dt.date(year, 1, 1)
    count = 0
    while day.year == year:
        count += clock.is_working_day(day)
        day += dt.timedelta(days=1)
    return count


@dataclass(frozen=True)
class YearInfo:
    """Where a calendar year comes from: ``official`` (the government's announced
    schedule, ``source`` names the document) or ``estimated`` (derived from the
    ``holidays`` package; ``source`` names the package and version)."""

    year: int
    status: str
    source: str

    @property
    def estimated(self) -> bool:
        return self.status == YearStatus.ESTIMATED


def estimated_source() -> str:
    return _("Estimated from the holidays package %(version)s (no official schedule entered yet)") % {
        "version": PACKAGE_VERSION
    }


def year_infos(first: int, last: int) -> dict[int, YearInfo]:
    """The provenance of every year from ``first`` to ``last`` (one query)."""
    rows = {row.year: row for row in CalendarYear.objects.filter(year__gte=first, year__lte=last)}
    infos = {}
    for year in range(first, last + 1):
        row = rows.get(year)
        if row is not None and row.status == YearStatus.OFFICIAL:
            infos[year] = YearInfo(year, YearStatus.OFFICIAL, row.source)
        else:
            infos[year] = YearInfo(
                year, YearStatus.ESTIMATED, (row.source if row and row.source else estimated_source())
            )
    return infos


def year_info(year: int) -> YearInfo:
    return year_infos(year, year)[year]


def estimated_years(start: dt.datetime | dt.date, end: dt.datetime | dt.date) -> list[int]:
    """The estimated years a span of time crosses (e.g. from receipt to the
    appointment): a due date computed across them may move when the official
    schedule is entered."""
    first, last = sorted((start.year, end.year))
    return [year for year, info in year_infos(first, last).items() if info.estimated]


def year_days(year: int, agency_id: int | None = None) -> tuple[list[CalendarDay], list[CalendarDay]]:
    """(weekdays off, working weekend days) of a year, as in force for the agency."""
    days = [row for day, row in sorted(calendar_days(agency_id).items()) if day.year == year]
    return (
        [row for row in days if row.kind == DayKind.DAY_OFF],
        [row for row in days if row.kind == DayKind.MAKEUP_DAY],
    )
