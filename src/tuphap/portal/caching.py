"""The portal's page cache: rendered pages as bytes, in each server process's memory.

Keys carry the language and the **content generation**, a value in the
database (``ContentGeneration``) that every change of the content changes
inside its own transaction (``content_changed`` here, called for the model
layer by ``signals.py``). Every public request reads the generation in the
statement that counts it (``GENERATION_SUBQUERY`` in ``counting/sql.py``, no
extra query), so every process retires its pages
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
import secrets
import threading
import time
from collections.abc import Callable, Iterable

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone, translation

from tuphap.core.tz import LOCAL_TZ, local_day
from tuphap.portal.models import Article, ArticleStatus, ContentGeneration

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
        # before rendering: what is due by then is in the page; the page's life is counted from
        # that instant, not from the end of rendering (a slow render must not keep a page past
        # the next article's time)
        started = time.monotonic()
        keep = seconds_until_clock_change(timezone.now(), seconds)
        value = render().encode()
        keep -= time.monotonic() - started
        if keep > 0:
            pages.put(key, value, keep)
    return value


def seconds_until_clock_change(now: dt.datetime, seconds: float = PAGE_SECONDS) -> float:
    """How long a page rendered at ``now`` stays true with no change saved: until
    the next scheduled article reaches its time or the day changes in
    Asia/Ho_Chi_Minh, and ``seconds`` at most (one indexed query)."""
    midnight = dt.datetime.combine(local_day(now) + dt.timedelta(days=1), dt.time(), tzinfo=LOCAL_TZ)
    due = next_publication(now)
    until = min(midnight, due) if due is not None else midnight
    return min(float(seconds), (until - now).total_seconds())


def next_publication(after: dt.datetime) -> dt.datetime | None:
    """When the next scheduled article reaches its time (none: None)."""
    return (
        Article.objects.filter(status=ArticleStatus.PUBLISHED, published_at__gt=after)
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )


def clear() -> None:
    """Forget every cached page in this process (tests)."""
    pages.clear()


# --- the content generation ------------------------------------------------------

# ``{g}``: the quoted name of ``ContentGeneration``'s table (one row, id 1)
GENERATION_SELECT = 'SELECT "value" FROM {g} WHERE "id" = 1'
GENERATION_SUBQUERY = f"({GENERATION_SELECT})"
_GENERATION_SET = (
    'INSERT INTO {g} ("id", "value") VALUES (1, %s) ON CONFLICT ("id") DO UPDATE SET "value" = excluded."value"'
)

# Fields whose writes change no page: the counters (their live values are put
# into the cached pages per request).
COUNTER_FIELDS = frozenset({"views"})


def _generation_sql(template: str, db: BaseDatabaseWrapper) -> str:
    return template.format(g=db.ops.quote_name(ContentGeneration._meta.db_table))


def generation() -> int:
    """The content generation (one indexed read)."""
    with connection.cursor() as cursor:
        cursor.execute(_generation_sql(GENERATION_SELECT, connection))
        row = cursor.fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def generation_bump(using: str | None = None) -> int:
    """Give the content a new generation, in the caller's transaction (a random
    value, so that a rolled-back bump is never reused by the next one)."""
    db = connections[using or DEFAULT_DB_ALIAS]
    value = secrets.randbits(62) + 1
    with db.cursor() as cursor:
        cursor.execute(_generation_sql(_GENERATION_SET, db), [value])
    return value


def content_changed(using: str | None = None, fields: Iterable[str] | None = None) -> None:
    """Retire every process's cached public pages when the caller's transaction
    commits (writes of the counters alone retire nothing). Called for every
    change of the public content by the model layer (``signals.py``)."""
    if fields is not None and set(fields) <= COUNTER_FIELDS:
        return
    generation_bump(using)
