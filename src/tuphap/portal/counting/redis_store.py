"""Counting in Redis (when ``REDIS_URL`` is set): one Lua script per request adds to
pending hashes (``HINCRBY``, atomic) and to a sorted set of visitors by last
request (online now); the database is only read. ``flush.py`` moves the
pending counts to the database."""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from functools import cache
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper

from tuphap.core.tz import local_day
from tuphap.portal.counting.base import CountRequest, NotVisible
from tuphap.portal.counting.sql import article_statement, statements
from tuphap.portal.counting.sqlite import read_one

log = logging.getLogger("tuphap.portal.counting")

# KEYS: online (sorted set), visits (hash day -> n), views (hash article -> n)
# ARGV: visitor key, time (epoch seconds), day, article id or "", new visit 0/1, count view 0/1
_COUNT_LUA = """
redis.call('ZADD', KEYS[1], 'GT', ARGV[2], ARGV[1])
if ARGV[5] == '1' then redis.call('HINCRBY', KEYS[2], ARGV[3], 1) end
if ARGV[4] == '' then return 0 end
if ARGV[6] == '1' then return redis.call('HINCRBY', KEYS[3], ARGV[4], 1) end
return tonumber(redis.call('HGET', KEYS[3], ARGV[4]) or '0')
"""

# KEYS: views, visits, batch views, batch visits, batch name; ARGV: a new batch name.
# Returns the batch to apply (a batch left in flight first), or false when nothing is pending.
_FLUSH_BEGIN_LUA = """
if redis.call('EXISTS', KEYS[5]) == 0 then
  local any = false
  if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('RENAME', KEYS[1], KEYS[3]); any = true end
  if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('RENAME', KEYS[2], KEYS[4]); any = true end
  if not any then return false end
  redis.call('SET', KEYS[5], ARGV[1])
end
return {redis.call('GET', KEYS[5]), redis.call('HGETALL', KEYS[3]), redis.call('HGETALL', KEYS[4])}
"""

# KEYS: batch views, batch visits, batch name; ARGV: the batch applied.
_FLUSH_END_LUA = """
if redis.call('GET', KEYS[3]) == ARGV[1] then redis.call('DEL', KEYS[1], KEYS[2], KEYS[3]) end
return 1
"""


@cache
def client_for(url: str) -> Any:
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5, health_check_interval=30)
    scripts = {
        name: client.register_script(src) for name, src in [("begin", _FLUSH_BEGIN_LUA), ("end", _FLUSH_END_LUA)]
    }
    return client, scripts


# The per-request script goes over a connection of the thread's own, without
# the pool's bookkeeping (which costs more than the command itself); the
# flushes and the readers use the pooled client.
_connections = threading.local()
_COUNT_SHA = hashlib.sha1(_COUNT_LUA.encode()).hexdigest()  # noqa: S324 - the name Redis gives a script


def _run_count_script(*args: Any) -> Any:
    import redis

    url = settings.REDIS_URL
    held = getattr(_connections, "held", None)
    if held is None or held[0] != (os.getpid(), url):
        kwargs = {
            **redis.ConnectionPool.from_url(url).connection_kwargs,
            "socket_connect_timeout": 2,
            "socket_timeout": 5,
        }
        held = _connections.held = ((os.getpid(), url), redis.Connection(**kwargs))
    conn = held[1]
    try:
        conn.send_command("EVALSHA", _COUNT_SHA, 3, *args)
    except redis.ConnectionError as exc:
        conn.disconnect()
        raise NotSent(exc) from exc  # nothing was counted in Redis
    try:
        try:
            return conn.read_response()
        except redis.exceptions.NoScriptError:
            conn.send_command("EVAL", _COUNT_LUA, 3, *args)  # first use on this server: EVAL loads it
            return conn.read_response()
    except BaseException:
        conn.disconnect()  # a half-read answer must not be read by the next request
        raise


class NotSent(Exception):  # noqa: N818 - a state
    """Redis could not be reached: the request was not counted there."""


def redis_client() -> Any:
    """The Redis client of the counters (``REDIS_URL``)."""
    return client_for(settings.REDIS_URL)[0]


@cache
def _database_prefix(engine: str, name: str, host: str, port: str) -> str:
    return "tuphap:portal:" + hashlib.sha256(f"{engine}|{name}|{host}|{port}".encode()).hexdigest()[:12] + ":"


def redis_prefix() -> str:
    """Where the counters live in Redis: per database (pending counts belong to
    one database), unless ``PORTAL_COUNTER_PREFIX`` names the place."""
    configured = getattr(settings, "PORTAL_COUNTER_PREFIX", "")
    if configured:
        return str(configured)
    db = connection.settings_dict
    # SQLite under Django's engine name, as before the project's own backend (core.backends.sqlite3): counts
    # pending in Redis keep their keys across the upgrade
    engine = "django.db.backends.sqlite3" if connection.vendor == "sqlite" else str(db["ENGINE"])
    return _database_prefix(engine, str(db["NAME"]), str(db.get("HOST") or ""), str(db.get("PORT") or ""))


def keys(*names: str) -> list[str]:
    prefix = redis_prefix()
    return [prefix + name for name in names]


def redis_count(db: BaseDatabaseWrapper, request: CountRequest) -> tuple[int | None, str, int]:
    views, version = None, ""
    if request.article_id is not None:
        row = read_one(db, article_statement(db, request, count=False))
        if row is None:
            raise NotVisible
        views, version, generation = int(row[0]), str(row[1]), row[2]
    else:
        row = read_one(db, (statements(db)["generation"], []))
        generation = row[0] if row else None
    pending = _run_count_script(
        *keys("online", "visits", "views"),
        request.key,
        repr(request.now.timestamp()),
        local_day(request.now).isoformat(),
        "" if request.article_id is None else str(request.article_id),
        int(request.new_visit),
        int(request.count_view),
    )
    if views is not None:
        views += int(pending)  # shown: the database's views and those not flushed yet
    return views, version, int(generation or 0)
