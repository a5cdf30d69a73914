"""Public, read-only API of the working calendar: /api/v1/calendar/{year}.

A year is ``official`` (the government's announced schedule, ``source`` names
the document) or ``estimated`` (derived from the ``holidays`` package, whose
pinned version ``source`` names): a deadline that crosses an estimated year
may move when the official schedule is entered.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Schema
from ninja.errors import HttpError

from tuphap.api import Router, errors
from tuphap.workdays import selectors

router = Router(tags=["calendar"])
routers = [("/calendar", router)]


class DayOut(Schema):
    date: dt.date
    name: str
    source: str


class CalendarYearOut(Schema):
    year: int
    status: str  # "official" | "estimated"
    source: str
    days_off: list[DayOut]  # weekdays off (weekends are off anyway)
    working_weekend_days: list[DayOut]  # make-up working Saturdays or Sundays


@router.public_get(
    "/{year}",
    response={200: CalendarYearOut, **errors(404, 422)},
    summary="A year of the province's working calendar: days off, working weekend days, official or estimated",
)
def calendar_year(request: HttpRequest, year: Path[int]) -> dict[str, Any]:
    if not selectors.FIRST_YEAR <= year <= selectors.LAST_YEAR:
        raise HttpError(
            404,
            _("The calendar covers %(first)s to %(last)s.")
            % {"first": selectors.FIRST_YEAR, "last": selectors.LAST_YEAR},
        )
    info = selectors.year_info(year)
    days_off, working = selectors.year_days(year)
    return {
        "year": year,
        "status": info.status,
        "source": info.source,
        "days_off": [{"date": d.date, "name": d.reason, "source": d.source} for d in days_off],
        "working_weekend_days": [{"date": d.date, "name": d.reason, "source": d.source} for d in working],
    }
