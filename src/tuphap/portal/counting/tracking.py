"""Counting one public page request: the visitor rules (``visitor.py``) decide what
it counts, the database or Redis stores it."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest
from django.utils import timezone

from tuphap.portal import visitor
from tuphap.portal.counting.base import CountRequest, Tracking, presence_key, redis_enabled
from tuphap.portal.counting.cookie import COOKIE_NAME, read_state, sign
from tuphap.portal.counting.database import db_count
from tuphap.portal.counting.redis_store import NotSent, redis_count

log = logging.getLogger("tuphap.portal.counting")


def track(
    raw_cookie: str | None,
    *,
    now: dt.datetime,
    article_id: int | None = None,
    slug: str | None = None,
    at: dt.datetime | None = None,
) -> Tracking:
    """Count one public page request and return the visitor's next cookie; for an
    article, also its views after this request and its version. ``at`` is the
    instant at which the article must be published (the real time; ``now`` is
    the request's time for the counting rules); ``slug``, when given, must still
    be the article's. Raises ``NotVisible`` (and counts nothing) when the
    article is not published."""
    state = read_state(raw_cookie)
    seconds = int(now.timestamp())
    outcome = visitor.track(state, seconds, article_id)
    request = CountRequest(
        key=presence_key(outcome.state.vid),
        now=now,
        at=at or timezone.now(),
        new_visitor=outcome.new_visitor,
        new_visit=outcome.new_visit,
        article_id=article_id,
        slug=slug,
        count_view=outcome.count_view and article_id is not None,
        # presence is kept to the second, as every rule counts: a second request
        # of the visitor in the same second has nothing to add
        touch_presence=state is None or state.last != seconds,
    )
    db = connections[DEFAULT_DB_ALIAS]
    if redis_enabled():
        try:
            counted = redis_count(db, request)
        except NotSent as exc:  # not when the command went out: it may have counted (an error then, never twice)
            log.warning("portal counters: Redis unavailable (%s); counting in the database", exc)
            counted = db_count(db, request)
    else:
        counted = db_count(db, request)
    views, version, generation = counted
    return Tracking(
        cookie=sign(visitor.encode(outcome.state)),
        new_visit=outcome.new_visit,
        counted_view=request.count_view,
        views=views,
        version=version,
        generation=generation,
    )


def track_request(request: HttpRequest, *, article_id: int | None = None, slug: str | None = None) -> Tracking:
    return track(request.COOKIES.get(COOKIE_NAME), now=timezone.now(), article_id=article_id, slug=slug)
