"""The department's one time zone: Vietnam (UTC+7, no daylight saving time).

Pure Python, so that the settings, the pure cores (``workdays.core``) and every
app take it from this one place; the database stores UTC and pages show this.
"""

from datetime import date, datetime, time
from typing import Final
from zoneinfo import ZoneInfo

LOCAL_TZ_NAME: Final = "Asia/Ho_Chi_Minh"
LOCAL_TZ: Final = ZoneInfo(LOCAL_TZ_NAME)


def local_day(at: datetime) -> date:
    """The calendar day of an instant in Vietnam."""
    return at.astimezone(LOCAL_TZ).date()


def midnight(day: date) -> datetime:
    """The first instant of a local day in Vietnam."""
    return datetime.combine(day, time(), tzinfo=LOCAL_TZ)
