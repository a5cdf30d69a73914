"""Flushing the Redis counters into the database.

``flush()`` moves the pending counts to the database (the ``periodic`` command
every minute, and every reader of totals first): the pending hashes are
renamed into a batch atomically, and the batch is applied together with a
``CounterFlush`` row that names it, in one transaction, so that a batch is
applied exactly once even when two processes flush at the same time or a
process dies between applying it and removing it from Redis. Increments made
during a flush go to fresh hashes and wait for the next one.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

from tuphap.portal.counting.base import FLUSHES_KEPT, PRESENCE_KEPT, redis_enabled
from tuphap.portal.counting.redis_store import client_for, keys, redis_client
from tuphap.portal.counting.sql import statements, when
from tuphap.portal.models import CounterFlush

log = logging.getLogger("tuphap.portal.counting")


def flush(*, now: dt.datetime | None = None) -> tuple[int, int]:
    """Move the views and visits counted in Redis to the database; returns the
    (views, visits) this call applied. Without Redis: nothing to do (0, 0).

    When it returns, every increment counted before it was called is in the
    database (a batch another process is applying is waited for or applied
    here, once)."""
    if not redis_enabled():
        return 0, 0
    import redis

    applied_views = applied_visits = 0
    try:
        for _ in range(4):  # a batch left in flight by another process, then what is pending now
            batch = flush_begin()
            if batch is None:
                break
            views, visits = flush_apply(batch)
            flush_end(batch)
            applied_views += views
            applied_visits += visits
        since = (now or timezone.now()) - PRESENCE_KEPT
        redis_client().zremrangebyscore(keys("online")[0], "-inf", f"({since.timestamp()!r}")
    except redis.ConnectionError as exc:  # the counts wait in Redis (or in the batch) for the next flush
        log.warning("portal counters: Redis unavailable (%s); nothing flushed", exc)
    return applied_views, applied_visits


@dataclass(frozen=True, slots=True)
class Batch:
    name: str
    views: list[tuple[str, int]]  # (article id, views)
    visits: list[tuple[str, int]]  # (ISO day, visits)


def flush_begin() -> Batch | None:
    """Step 1: the batch to apply: one left in flight, else the pending counts,
    renamed into a batch in one atomic step (later increments go to new ones)."""
    _, scripts = client_for(settings.REDIS_URL)
    begun = scripts["begin"](
        keys=keys("views", "visits", "batch:views", "batch:visits", "batch"), args=[uuid.uuid4().hex]
    )
    if not begun:
        return None
    return Batch(name=begun[0].decode(), views=_pairs(begun[1]), visits=_pairs(begun[2]))


def flush_apply(batch: Batch) -> tuple[int, int]:
    """Step 2: add the batch to the database with a row naming it, in one
    transaction; a batch applied before (its row exists) is not applied again."""
    db = connections[DEFAULT_DB_ALIAS]
    sql = statements(db)
    with transaction.atomic(using=db.alias), db.cursor() as cursor:
        cursor.execute(sql["flush_claim"], [batch.name, when(db, timezone.now())])
        if cursor.rowcount != 1:
            return 0, 0
        for article_id, n in batch.views:
            cursor.execute(sql["views_add"], [n, int(article_id)])
        for day, n in batch.visits:
            cursor.execute(sql["visits"], [day, n])
        CounterFlush.objects.using(db.alias).filter(at__lt=timezone.now() - FLUSHES_KEPT).delete()
    return sum(n for _, n in batch.views), sum(n for _, n in batch.visits)


def flush_end(batch: Batch) -> None:
    """Step 3: forget the batch in Redis (only if it is still the one in flight)."""
    _, scripts = client_for(settings.REDIS_URL)
    scripts["end"](keys=keys("batch:views", "batch:visits", "batch"), args=[batch.name])


def _pairs(flat: list[bytes]) -> list[tuple[str, int]]:
    return [(flat[i].decode(), int(flat[i + 1])) for i in range(0, len(flat), 2)]
