"""The portal's page cache: rendered pages as bytes, in each server process's memory.

Keys carry the language and the **content generation**, a value in the
database (``ContentGeneration``) that every content service changes inside its
own transaction (``counting.generation_bump``). Every public request reads the
generation in the statement that counts it (no extra query), so every process
retires its pages the moment a publication, withdrawal or edit commits; an
article's key also carries its ``updated_at``, read by the same statement.
``PAGE_SECONDS`` only bounds what changes with the clock alone (a scheduled
article reaching its time in the lists, an announcement's last day).

Pages are kept as encoded bytes (no pickling, no re-encoding per request); the
live numbers are put in place of markers per request. The statistics box is
kept the same way for ``STATS_SECONDS``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from django.utils import translation

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
    return pages.get_or_set(key, lambda: render().encode(), seconds)


def clear() -> None:
    """Forget every cached page in this process (tests)."""
    pages.clear()
