"""The department's one time zone: Vietnam (UTC+7, no daylight saving time).

Pure Python, so that the settings, the pure cores (``workdays.core``) and every
app take it from this one place; the database stores UTC and pages show this.
"""

from typing import Final
from zoneinfo import ZoneInfo

LOCAL_TZ_NAME: Final = "Asia/Ho_Chi_Minh"
LOCAL_TZ: Final = ZoneInfo(LOCAL_TZ_NAME)
