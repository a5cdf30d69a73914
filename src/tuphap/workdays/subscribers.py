"""Who re-times deadlines when the working calendar changes.

Apps that store deadlines computed by the office clock register a callable
here (in their ``AppConfig.ready``); the calendar-change task calls each with
the agency concerned (None: the whole province) and the first changed date.
Each subscriber returns how many deadlines it re-timed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from tuphap.core.notifications.language import in_vietnamese

Retimer = Callable[[Any, dt.date], int]

_SUBSCRIBERS: dict[str, Retimer] = {}


def subscribe(name: str, retimer: Retimer) -> None:
    _SUBSCRIBERS[name] = retimer


def subscribers() -> dict[str, Retimer]:
    return dict(_SUBSCRIBERS)


@in_vietnamese
def change_note(since: dt.date) -> str:
    """What a re-timed record's history says (a dossier's control slip, a task's): the calendar changed from
    ``since``. Kept in Vietnamese, as the records are, whatever the language of whoever changed the calendar."""
    return _("Working calendar changed from %(day)s") % {"day": f"{since:%d/%m/%Y}"}
