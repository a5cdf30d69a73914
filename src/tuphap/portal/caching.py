"""The portal's page cache: rendered pages as bytes, in each server process's memory.

Keys carry the language and the **content generation**, a value in the
database (``ContentGeneration``) that every change of the content changes
inside its own transaction (``counting.generation_bump``, called by the model
layer: ``signals.py``). Every public request reads the generation in the
statement that counts it (no extra query), so every process retires its pages
the moment a publication, withdrawal or edit commits; an article's key also
carries its ``updated_at``, read by the same statement.
What changes with the clock alone bounds how long a page is kept: it expires
when the next scheduled article reaches its time, at midnight in
Asia/Ho_Chi_Minh (announcements' validity), and after ``PAGE_SECONDS`` at most.

Pages are kept as encoded bytes (no pickling, no re-encoding per request); the
live numbers are put in place of markers per request. The statistics box is
kept the same way for ``STATS_SECONDS``.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable

from django.utils import timezone, translation

from tuphap.portal import selectors
from tuphap.portal.counting import PORTAL_TZ, local_day

PAGE_SECONDS = 60
STATS_SECONDS = 30
MAX_ENTRIES = 512  # pages of about 10–40 kB: at most some 20 MB per process


class LocalCache:
    """A small time-limited, size-bounded map, safe to share between threads."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._data: dict[tuple[object, ...], tuple[float, bytes]] = {}
        self._lock = threading.Lock()

    def get(self, key: tuple[object, ...]) -> bytes | None:
        entry = self._data.get(key)
        if entry is None or entry[0] < time.monotonic():
            return None
        return entry[1]

    def put(self, key: tuple[object, ...], value: bytes, seconds: float) -> None:
        with self._lock:
            self._data.pop(key, None)
            self._data[key] = (time.monotonic() + seconds, value)
            while len(self._data) > self.size:  # the oldest entry goes first
                del self._data[next(iter(self._data))]

    def get_or_set(self, key: tuple[object, ...], make: Callable[[], bytes], seconds: float) -> bytes:
        value = self.get(key)
        if value is None:
            value = make()
            self.put(key, value, seconds)
        return value

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


pages = LocalCache(MAX_ENTRIES)


def page_key(generation: int, *parts: object) -> tuple[object, ...]:
    return (translation.get_language() or "vi", generation, *parts)


def cached_page(key: tuple[object, ...], render: Callable[[], str], seconds: int = PAGE_SECONDS) -> bytes:
    value = pages.get(key)
    if value is None:
        keep = seconds_until_clock_change(
            timezone.now(), seconds
        )  # before rendering: what is due by then is in the page
        value = render().encode()
        if keep > 0:
            pages.put(key, value, keep)
    return value


def seconds_until_clock_change(now: dt.datetime, seconds: float = PAGE_SECONDS) -> float:
    """How long a page rendered at ``now`` stays true with no change saved: until
    the next scheduled article reaches its time or the day changes in
    Asia/Ho_Chi_Minh, and ``seconds`` at most (one indexed query)."""
    midnight = dt.datetime.combine(local_day(now) + dt.timedelta(days=1), dt.time(), tzinfo=PORTAL_TZ)
    due = selectors.next_publication(now)
    until = min(midnight, due) if due is not None else midnight
    return min(float(seconds), (until - now).total_seconds())


def clear() -> None:
    """Forget every cached page in this process (tests)."""
    pages.clear()
