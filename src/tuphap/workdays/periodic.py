"""The calendar's hook for the periodic jobs (``tuphap.core.periodic``): which
days are working days, so that daily jobs skip weekends and days off."""

from __future__ import annotations

import datetime as dt


def is_working_day(day: dt.date) -> bool:
    from tuphap.workdays.selectors import office_clock

    return office_clock().is_working_day(day)


JOBS: list[object] = []
