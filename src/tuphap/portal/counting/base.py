"""What the counting modules share: what a request asks to count, what it gets back."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.conf import settings

PRESENCE_KEPT = dt.timedelta(days=1)  # presence older than this is forgotten (only "online now" reads it)
FLUSHES_KEPT = dt.timedelta(days=7)  # how long an applied batch's name is remembered


class NotVisible(Exception):  # noqa: N818 - a state, not a failure
    """The article is not published (or no longer exists): nothing was counted."""


@dataclass(frozen=True, slots=True)
class Tracking:
    cookie: str
    new_visit: bool
    counted_view: bool
    views: int | None = None  # the article's views after this request (article pages only)
    version: str = ""  # the article's last change (article pages only), for the page cache's key
    generation: int = 0  # the content generation, for the page cache's keys


@dataclass(frozen=True, slots=True)
class CountRequest:
    """What one request counts, as the stores (database, Redis) take it."""

    key: str
    now: dt.datetime
    at: dt.datetime
    new_visitor: bool
    new_visit: bool
    article_id: int | None
    slug: str | None
    count_view: bool
    touch_presence: bool


def presence_key(vid: str) -> str:
    """What the server keeps of a visitor: a hash of the cookie's random id."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{vid}".encode()).hexdigest()[:32]


def redis_enabled() -> bool:
    return bool(settings.REDIS_URL)
