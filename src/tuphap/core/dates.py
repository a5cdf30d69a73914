"""The days people type (a document's date, a task's deadline, a plan's basis):
not before the state was founded (2 September 1945), not after 2100, where
9999-12-31 and the like are typing errors (or "no end" written as a date).

Pure: no Django but gettext, so every app's services share one rule and one message.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

EARLIEST_DAY = dt.date(1945, 9, 2)
LATEST_DAY = dt.date(2100, 12, 31)


def implausible_day(day: dt.date) -> str | None:
    """Why ``day`` cannot be meant (the message for the person), or None when it can."""
    if day < EARLIEST_DAY:
        return _("%(date)s is before 2 September 1945.") % {"date": f"{day:%d/%m/%Y}"}
    if day > LATEST_DAY:
        return _("%(date)s is after 2100: a typing error? Leave the date empty when there is none.") % {
            "date": day.isoformat()
        }
    return None
