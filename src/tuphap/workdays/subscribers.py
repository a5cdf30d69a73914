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

Retimer = Callable[[Any, dt.date], int]

_SUBSCRIBERS: dict[str, Retimer] = {}


def subscribe(name: str, retimer: Retimer) -> None:
    _SUBSCRIBERS[name] = retimer


def subscribers() -> dict[str, Retimer]:
    return dict(_SUBSCRIBERS)
