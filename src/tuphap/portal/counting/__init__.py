"""Counting on the server, as a public page is requested (before any cache answers).

The rules are in ``visitor.py`` (pure Python); this package stores what a
request counts, in one of two places:

- **the database** (the default, ``database.py``): one short transaction per
  request, with at most three single statements (``sql.py``; on SQLite
  straight on the connection, queued on a lock file: ``sqlite.py``);
- **Redis** (when ``REDIS_URL`` is set, ``redis_store.py``): one Lua script
  per request; ``flush()`` (``flush.py``) moves the pending counts to the
  database, each batch exactly once.

``tracking.py`` counts a request, ``cookie.py`` signs the visitor cookie,
``online.py`` answers "online now".

Counting is public and anonymous: no actor, no permission check, no audit event.
"""

from tuphap.portal.counting.base import PRESENCE_KEPT, NotVisible, Tracking, redis_enabled
from tuphap.portal.counting.cookie import COOKIE_NAME, SALT, set_visitor_cookie, sign, unsign
from tuphap.portal.counting.flush import flush, flush_apply, flush_begin, flush_end
from tuphap.portal.counting.online import online_count, presence_prune
from tuphap.portal.counting.redis_store import redis_prefix
from tuphap.portal.counting.tracking import track, track_request

__all__ = [
    "COOKIE_NAME",
    "PRESENCE_KEPT",
    "SALT",
    "NotVisible",
    "Tracking",
    "flush",
    "flush_apply",
    "flush_begin",
    "flush_end",
    "online_count",
    "presence_prune",
    "redis_enabled",
    "redis_prefix",
    "set_visitor_cookie",
    "sign",
    "track",
    "track_request",
    "unsign",
]
