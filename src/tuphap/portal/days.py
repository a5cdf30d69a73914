"""The portal's calendar days: visits, announcements and cached pages go by the
day in Asia/Ho_Chi_Minh (pure Python)."""

from __future__ import annotations

import datetime as dt

from tuphap.core.tz import LOCAL_TZ as PORTAL_TZ

__all__ = ["PORTAL_TZ", "local_day"]


def local_day(at: dt.datetime) -> dt.date:
    """The calendar day of an instant in Asia/Ho_Chi_Minh."""
    return at.astimezone(PORTAL_TZ).date()
