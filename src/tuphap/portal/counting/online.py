"""Who is online now: visitors seen in the last five minutes (Redis's sorted set,
or the ``Presence`` table)."""

from __future__ import annotations

import datetime as dt
import logging

from tuphap.portal import visitor
from tuphap.portal.counting.base import redis_enabled
from tuphap.portal.counting.redis_store import keys, redis_client
from tuphap.portal.models import Presence

log = logging.getLogger("tuphap.portal.counting")


def presence_prune(*, before: dt.datetime) -> int:
    """Forget visitors not seen since ``before`` (only "online now" reads this table)."""
    deleted, _ = Presence.objects.filter(last_seen__lt=before).delete()
    return deleted


def online_count(now: dt.datetime) -> int:
    """Distinct visitors seen in the last five minutes (up to ``now``)."""
    since = now - dt.timedelta(seconds=visitor.ONLINE_WINDOW)
    if redis_enabled():
        import redis

        try:
            return int(redis_client().zcount(keys("online")[0], f"({since.timestamp()!r}", repr(now.timestamp())))
        except redis.ConnectionError as exc:
            log.warning("portal counters: Redis unavailable (%s); online from the database", exc)
    return Presence.objects.filter(last_seen__gt=since, last_seen__lte=now).count()
