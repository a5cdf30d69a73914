"""Counting on the server, as a public page is requested (before any cache answers).

The rules are in ``visitor.py`` (pure Python); this module stores what a request
counts, in one of two places:

- **the database** (the default): one short transaction per request, with at
  most three single statements: the article's views
  (``UPDATE … SET views = views + 1 … RETURNING``, what ``F()`` compiles to,
  which also checks that the article is published and returns what the page
  cache needs), the visitor's presence (an upsert, for "online now") and the
  day's visits (an upsert, when a visit starts). Increments happen in the
  database, so concurrent requests never lose one.
- **Redis** (when ``REDIS_URL`` is set): one Lua script per request adds to
  pending hashes (``HINCRBY``, atomic) and to a sorted set of visitors by last
  request (online now); the database is only read. ``flush()`` moves the
  pending counts to the database (the ``periodic`` command every minute, and
  every reader of totals first): the pending hashes are renamed into a batch
  atomically, and the batch is applied together with a ``CounterFlush`` row
  that names it, in one transaction, so that a batch is applied exactly once
  even when two processes flush at the same time or a process dies between
  applying it and removing it from Redis. Increments made during a flush go
  to fresh hashes and wait for the next one.

Counting is public and anonymous: no actor, no permission check, no audit event.
"""

from __future__ import annotations

import atexit
import base64
import contextlib
import datetime as dt
import fcntl
import hashlib
import hmac
import logging
import os
import threading
import uuid
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from tuphap.core.tz import LOCAL_TZ as PORTAL_TZ
from tuphap.portal import visitor
from tuphap.portal.models import (
    Article,
    ArticleStatus,
    ContentGeneration,
    CounterFlush,
    Presence,
    VisitDay,
)

log = logging.getLogger(__name__)

COOKIE_NAME = "tp_khach"
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


def local_day(at: dt.datetime) -> dt.date:
    """The calendar day of an instant in Asia/Ho_Chi_Minh."""
    return at.astimezone(PORTAL_TZ).date()


def presence_key(vid: str) -> str:
    """What the server keeps of a visitor: a hash of the cookie's random id."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{vid}".encode()).hexdigest()[:32]


# --- the visitor cookie ----------------------------------------------------------
# Signed exactly as ``django.core.signing.Signer(salt=SALT)`` signs (so cookies
# stay valid either way), with the derived key computed once instead of twice
# per request; SECRET_KEY_FALLBACKS are honoured through Django's signer.

SALT = "tuphap.portal.visitor"


@cache
def _mac(secret: str) -> Any:
    return hmac.new(hashlib.sha256(f"{SALT}signer{secret}".encode()).digest(), digestmod=hashlib.sha256)


def _signature(value: str) -> str:
    mac = _mac(settings.SECRET_KEY).copy()
    mac.update(value.encode())
    return base64.urlsafe_b64encode(mac.digest()).rstrip(b"=").decode()


def sign(value: str) -> str:
    return f"{value}:{_signature(value)}"


def unsign(signed: str) -> str | None:
    value, sep, signature = signed.rpartition(":")
    if not sep:
        return None
    if hmac.compare_digest(signature, _signature(value)):
        return value
    if settings.SECRET_KEY_FALLBACKS:
        try:
            return signing.Signer(salt=SALT).unsign(signed)
        except signing.BadSignature:
            return None
    return None


def read_state(raw: str | None) -> visitor.VisitorState | None:
    if not raw or len(raw) > 1200:
        return None
    value = unsign(raw)
    return visitor.decode(value) if value is not None else None


# --- counting a request ------------------------------------------------------------


def redis_enabled() -> bool:
    return bool(settings.REDIS_URL)


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
    request = _Request(
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
            counted = _redis_count(db, request)
        except NotSent as exc:  # not when the command went out: it may have counted (an error then, never twice)
            log.warning("portal counters: Redis unavailable (%s); counting in the database", exc)
            counted = _db_count(db, request)
    else:
        counted = _db_count(db, request)
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


def set_visitor_cookie(response: HttpResponse, tracking: Tracking) -> None:
    """What ``response.set_cookie(max_age=…)`` sets, without the ``Expires`` date
    it adds for browsers that predate ``Max-Age`` (formatting it costs more
    than the rest of the cookie)."""
    response.cookies[COOKIE_NAME] = tracking.cookie
    morsel = response.cookies[COOKIE_NAME]
    morsel["max-age"] = visitor.COOKIE_LIFETIME
    morsel["path"] = "/"
    morsel["httponly"] = True
    morsel["samesite"] = "Lax"
    if settings.SESSION_COOKIE_SECURE:
        morsel["secure"] = True


@dataclass(frozen=True, slots=True)
class _Request:
    key: str
    now: dt.datetime
    at: dt.datetime
    new_visitor: bool
    new_visit: bool
    article_id: int | None
    slug: str | None
    count_view: bool
    touch_presence: bool


# The statements below run on every public request, so they are written once as
# plain SQL (the same on SQLite and PostgreSQL) instead of being rebuilt by the
# ORM each time. ``"views" = "views" + 1`` is what ``F("views") + 1`` compiles to.


def _sql(template: str) -> str:
    tables: dict[str, type[Model]] = {
        "a": Article,
        "p": Presence,
        "v": VisitDay,
        "g": ContentGeneration,
        "f": CounterFlush,
    }
    return template.format(**{name: connection.ops.quote_name(model._meta.db_table) for name, model in tables.items()})


_GENERATION = '(SELECT "value" FROM {g} WHERE "id" = 1)'


@cache
def _statements(vendor: str) -> dict[str, str]:
    visible = '"id" = %s AND "status" = %s AND "published_at" <= %s'
    count = 'UPDATE {{a}} SET "views" = "views" + 1 WHERE {visible} RETURNING "views", "updated_at", {generation}'
    peek = 'SELECT "views", "updated_at", {generation} FROM {{a}} WHERE {visible}'
    return {
        **{
            f"article_{name}{suffix}": _sql(template.format(visible=visible + condition, generation=_GENERATION))
            for name, template in [("count", count), ("peek", peek)]
            for suffix, condition in [("", ""), ("_slug", ' AND "slug" = %s')]
        },
        "generation": _sql('SELECT "value" FROM {g} WHERE "id" = 1'),
        "generation_set": _sql(
            'INSERT INTO {g} ("id", "value") VALUES (1, %s) ON CONFLICT ("id") DO UPDATE SET "value" = excluded."value"'
        ),
        "presence": _sql(
            'INSERT INTO {p} ("key", "last_seen") VALUES (%s, %s) ON CONFLICT ("key") DO UPDATE SET "last_seen" = excluded."last_seen"'
        ),
        "visits": _sql(
            'INSERT INTO {v} ("day", "visits") VALUES (%s, %s) ON CONFLICT ("day") DO UPDATE SET "visits" = {v}."visits" + excluded."visits"'
        ),
        "views_add": _sql('UPDATE {a} SET "views" = "views" + %s WHERE "id" = %s'),
        "flush_claim": _sql('INSERT INTO {f} ("batch", "at") VALUES (%s, %s) ON CONFLICT ("batch") DO NOTHING'),
    }


def _sqls(db: BaseDatabaseWrapper | None = None) -> dict[str, str]:
    return _statements((db or connection).vendor)


def _when(db: BaseDatabaseWrapper, value: dt.datetime) -> Any:
    """A datetime as the database takes it (what ``adapt_datetimefield_value`` does:
    SQLite stores naive UTC text; PostgreSQL takes the aware value)."""
    if db.vendor == "sqlite":
        return str(value.astimezone(dt.UTC).replace(tzinfo=None))
    return value


def _article_statement(db: BaseDatabaseWrapper, request: _Request, *, count: bool) -> tuple[str, list[Any]]:
    """The article's statement: count its view (or only read it) if it is published."""
    params: list[Any] = [request.article_id, ArticleStatus.PUBLISHED.value, _when(db, request.at)]
    name = "article_count" if count else "article_peek"
    if request.slug is not None:
        params.append(request.slug)
        name += "_slug"
    return _sqls(db)[name], params


def _db_count(db: BaseDatabaseWrapper, request: _Request) -> tuple[int | None, str, int]:
    sql = _sqls(db)
    if request.article_id is not None:
        first = _article_statement(db, request, count=request.count_view)
    else:
        first = (sql["generation"], [])
    writes: list[tuple[str, list[Any]]] = []
    if request.touch_presence:
        writes.append((sql["presence"], [request.key, _when(db, request.now)]))
    if request.new_visit:
        writes.append((sql["visits"], [str(local_day(request.now)), 1]))
    writing = request.count_view or bool(writes)
    if db.vendor == "sqlite" and not db.in_atomic_block and db.get_autocommit():
        row = _sqlite_run(db, first, writes, writing=writing)
    else:
        row = _django_run(db, first, writes)
    if request.article_id is not None:
        if row is None:
            raise NotVisible
        views, version, generation = int(row[0]), str(row[1]), row[2]
    else:
        views, version, generation = None, "", row[0] if row else None
    if request.new_visitor and request.key.startswith("00"):  # about one new visitor in 256 sweeps: no scheduler needed
        presence_prune(before=request.now - PRESENCE_KEPT)
    return views, version, int(generation or 0)


def _django_run(db: BaseDatabaseWrapper, first: tuple[str, list[Any]], writes: list[tuple[str, list[Any]]]) -> Any:
    """The statements in one transaction, through Django's cursor; the writes only
    when the first statement found the article (``None``: nothing written)."""
    with transaction.atomic(using=db.alias), db.cursor() as cursor:
        cursor.execute(*first)
        row = cursor.fetchone()
        if row is None and first[0] != _sqls(db)["generation"]:
            return None
        for statement in writes:
            cursor.execute(*statement)
    return row


# SQLite, outside any transaction of Django's (the case of every public request):
# the same statements straight on the DB-API connection, between BEGIN IMMEDIATE
# and COMMIT. The writers of the server's processes also queue on an flock()
# (held only for those few statements): SQLite's own busy handler would
# otherwise make a process that finds the database locked sleep a millisecond
# or more before it tries again, many times the transaction itself.


@cache
def _qmark(sql: str) -> str:
    return sql.replace("%s", "?")


_lock_files: dict[tuple[int, str], int] = {}  # by process: a forked child must not share its parent's lock


def _sqlite_run(
    db: BaseDatabaseWrapper, first: tuple[str, list[Any]], writes: list[tuple[str, list[Any]]], *, writing: bool
) -> Any:
    db.ensure_connection()
    raw = db.connection
    if not writing:
        return raw.execute(_qmark(first[0]), first[1]).fetchone()
    fd = _lock_file(db)
    if fd is not None:
        fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        raw.execute("BEGIN IMMEDIATE")
        try:
            row = raw.execute(_qmark(first[0]), first[1]).fetchone()
            if row is not None or first[0] == _sqls(db)["generation"]:
                for sql, params in writes:
                    raw.execute(_qmark(sql), params)
            else:
                row = None
            raw.execute("COMMIT")
        except BaseException:
            if raw.in_transaction:
                raw.execute("ROLLBACK")
            raise
    finally:
        if fd is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)
    return row


def _read_one(db: BaseDatabaseWrapper, statement: tuple[str, list[Any]]) -> Any:
    if db.vendor == "sqlite" and not db.in_atomic_block and db.get_autocommit():
        return _sqlite_run(db, statement, [], writing=False)
    with db.cursor() as cursor:
        cursor.execute(*statement)
        return cursor.fetchone()


def _lock_path(name: str) -> str:
    return f"{name}-counting.lock"


def _lock_file(db: BaseDatabaseWrapper) -> int | None:
    name = str(db.settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        return None
    key = (os.getpid(), name)
    fd = _lock_files.get(key)
    if fd is None:
        try:
            fd = os.open(_lock_path(name), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        except OSError:
            return None  # e.g. a read-only directory: SQLite's own locking alone
        _lock_files[key] = fd
    return fd


def _lock_files_forget() -> None:
    """At exit, remove the lock files of databases that are gone (a test run's
    database, destroyed at its end), and SQLite's ``-wal`` and ``-shm`` files
    with them, so that nothing is left behind next to them: this process's own, and those of the SQLite databases it was
    configured with, test databases included (a server process started against
    a test database may have been killed, with no chance to clean up). The
    lock of a database that is still there stays: another process may be
    queueing on it."""
    names = set()
    for (pid, name), fd in list(_lock_files.items()):
        if pid == os.getpid():
            del _lock_files[(pid, name)]
            os.close(fd)
            names.add(name)
    with contextlib.suppress(Exception):  # settings unusable at exit: only this process's own
        for db in connections.all(initialized_only=True):
            if db.vendor == "sqlite":
                names.update(
                    str(n) for n in (db.settings_dict["NAME"], (db.settings_dict.get("TEST") or {}).get("NAME")) if n
                )
    for name in names:
        if name != ":memory:" and not name.startswith("file:") and not os.path.exists(name):
            # with them SQLite's own files, which a killed process leaves (a WAL
            # left behind a database that is gone must not meet a new one)
            for left in (_lock_path(name), f"{name}-wal", f"{name}-shm"):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(left)


atexit.register(_lock_files_forget)


def presence_prune(*, before: dt.datetime) -> int:
    """Forget visitors not seen since ``before`` (only "online now" reads this table)."""
    deleted, _ = Presence.objects.filter(last_seen__lt=before).delete()
    return deleted


def generation() -> int:
    """The content generation (one indexed read)."""
    with connection.cursor() as cursor:
        cursor.execute(_sqls()["generation"])
        row = cursor.fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def generation_bump(using: str | None = None) -> int:
    """Give the content a new generation, in the caller's transaction (a random
    value, so that a rolled-back bump is never reused by the next one). Called
    for every change of the public content by the model layer (``signals.py``)."""
    import secrets

    db = connections[using or DEFAULT_DB_ALIAS]
    value = secrets.randbits(62) + 1
    with db.cursor() as cursor:
        cursor.execute(_sqls(db)["generation_set"], [value])
    return value


# --- Redis -----------------------------------------------------------------------

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
def _client_for(url: str) -> Any:
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
    return _client_for(settings.REDIS_URL)[0]


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
    return _database_prefix(db["ENGINE"], str(db["NAME"]), str(db.get("HOST") or ""), str(db.get("PORT") or ""))


def _keys(*names: str) -> list[str]:
    prefix = redis_prefix()
    return [prefix + name for name in names]


def _redis_count(db: BaseDatabaseWrapper, request: _Request) -> tuple[int | None, str, int]:
    views, version = None, ""
    if request.article_id is not None:
        row = _read_one(db, _article_statement(db, request, count=False))
        if row is None:
            raise NotVisible
        views, version, generation = int(row[0]), str(row[1]), row[2]
    else:
        row = _read_one(db, (_sqls(db)["generation"], []))
        generation = row[0] if row else None
    pending = _run_count_script(
        *_keys("online", "visits", "views"),
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
        redis_client().zremrangebyscore(_keys("online")[0], "-inf", f"({since.timestamp()!r}")
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
    _, scripts = _client_for(settings.REDIS_URL)
    begun = scripts["begin"](
        keys=_keys("views", "visits", "batch:views", "batch:visits", "batch"), args=[uuid.uuid4().hex]
    )
    if not begun:
        return None
    return Batch(name=begun[0].decode(), views=_pairs(begun[1]), visits=_pairs(begun[2]))


def flush_apply(batch: Batch) -> tuple[int, int]:
    """Step 2: add the batch to the database with a row naming it, in one
    transaction; a batch applied before (its row exists) is not applied again."""
    db = connections[DEFAULT_DB_ALIAS]
    sql = _sqls(db)
    with transaction.atomic(using=db.alias), db.cursor() as cursor:
        cursor.execute(sql["flush_claim"], [batch.name, _when(db, timezone.now())])
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
    _, scripts = _client_for(settings.REDIS_URL)
    scripts["end"](keys=_keys("batch:views", "batch:visits", "batch"), args=[batch.name])


def _pairs(flat: list[bytes]) -> list[tuple[str, int]]:
    return [(flat[i].decode(), int(flat[i + 1])) for i in range(0, len(flat), 2)]


# --- reading ----------------------------------------------------------------------


def online_count(now: dt.datetime) -> int:
    """Distinct visitors seen in the last five minutes (up to ``now``)."""
    since = now - dt.timedelta(seconds=visitor.ONLINE_WINDOW)
    if redis_enabled():
        import redis

        try:
            return int(redis_client().zcount(_keys("online")[0], f"({since.timestamp()!r}", repr(now.timestamp())))
        except redis.ConnectionError as exc:
            log.warning("portal counters: Redis unavailable (%s); online from the database", exc)
    return Presence.objects.filter(last_seen__gt=since, last_seen__lte=now).count()
