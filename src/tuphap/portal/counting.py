"""Counting on the server, as a public page is requested (before any cache answers).

One request makes at most three single-statement writes, in one transaction:
the visitor's presence (for "online now"), the day's visits when a visit
starts, and the article's views when the view counts. Counters are
incremented in the database (``UPDATE … SET n = n + 1``, what ``F()``
compiles to), so concurrent requests never lose an increment. Counting is public and anonymous: it has no actor,
no permission check and no audit event (it is not a decision of anyone).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from functools import cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import signing
from django.db import connection, transaction
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from tuphap.portal import visitor
from tuphap.portal.models import Article, Presence, VisitDay

PORTAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
COOKIE_NAME = "tp_khach"
_signer = signing.Signer(salt="tuphap.portal.visitor")


@dataclass(frozen=True)
class Tracking:
    cookie: str
    new_visit: bool
    counted_view: bool
    views: int | None = None  # the article's views after a counted view


def local_day(at: dt.datetime) -> dt.date:
    """The calendar day of an instant in Asia/Ho_Chi_Minh."""
    return at.astimezone(PORTAL_TZ).date()


def presence_key(vid: str) -> str:
    """What the server keeps of a visitor: a hash of the cookie's random id."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{vid}".encode()).hexdigest()[:32]


def read_state(raw: str | None) -> visitor.VisitorState | None:
    if not raw or len(raw) > 1200:
        return None
    try:
        return visitor.decode(_signer.unsign(raw))
    except signing.BadSignature:
        return None


def track(raw_cookie: str | None, *, now: dt.datetime, article_id: int | None = None) -> Tracking:
    """Count one public page request; return the visitor's next cookie (and the
    article's views after this request when its view was counted)."""
    outcome = visitor.track(read_state(raw_cookie), int(now.timestamp()), article_id)
    views = None
    with transaction.atomic():
        touch_presence(key=presence_key(outcome.state.vid), now=now, new=outcome.new_visitor)
        if outcome.new_visit:
            visits_increment(day=local_day(now))
        if outcome.count_view and article_id is not None:
            views = views_increment(article_id=article_id)
    return Tracking(
        cookie=_signer.sign(visitor.encode(outcome.state)),
        new_visit=outcome.new_visit,
        counted_view=outcome.count_view,
        views=views,
    )


# The statements below run on every public request, so they are written once as
# plain SQL (the same on SQLite and PostgreSQL) instead of being rebuilt by the
# ORM each time: each is the ``UPDATE … SET n = n + 1`` that ``F("n") + 1``
# compiles to, atomic in the database.


def _sql(template: str, **models: type[Model]) -> str:
    return template.format(**{name: connection.ops.quote_name(model._meta.db_table) for name, model in models.items()})


@cache
def _statements() -> dict[str, str]:
    return {
        "presence_update": _sql('UPDATE {p} SET "last_seen" = %s WHERE "key" = %s', p=Presence),
        "presence_upsert": _sql(
            'INSERT INTO {p} ("key", "last_seen") VALUES (%s, %s) ON CONFLICT ("key") DO UPDATE SET "last_seen" = excluded."last_seen"',
            p=Presence,
        ),
        "visits_update": _sql('UPDATE {v} SET "visits" = "visits" + %s WHERE "day" = %s', v=VisitDay),
        "visits_insert": _sql('INSERT INTO {v} ("day", "visits") VALUES (%s, 0) ON CONFLICT ("day") DO NOTHING', v=VisitDay),
        "views_update": _sql('UPDATE {a} SET "views" = "views" + 1 WHERE "id" = %s RETURNING "views"', a=Article),
        "views_select": _sql('SELECT "views" FROM {a} WHERE "id" = %s', a=Article),
    }


PRESENCE_KEPT = dt.timedelta(days=1)


def touch_presence(*, key: str, now: dt.datetime, new: bool) -> None:
    at = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        if not new:
            cursor.execute(_statements()["presence_update"], [at, key])
            if cursor.rowcount:
                return
        cursor.execute(_statements()["presence_upsert"], [key, at])
    if key.startswith("00"):  # about one new visitor in 256 sweeps the table: amortised, no scheduler needed
        presence_prune(before=now - PRESENCE_KEPT)


def presence_prune(*, before: dt.datetime) -> int:
    """Forget visitors not seen since ``before`` (only "online now" reads this table)."""
    deleted, _ = Presence.objects.filter(last_seen__lt=before).delete()
    return deleted


def visits_increment(*, day: dt.date, by: int = 1) -> None:
    value = connection.ops.adapt_datefield_value(day)
    with connection.cursor() as cursor:
        cursor.execute(_statements()["visits_update"], [by, value])
        if cursor.rowcount:
            return
        cursor.execute(_statements()["visits_insert"], [value])
        cursor.execute(_statements()["visits_update"], [by, value])


def views_increment(*, article_id: int) -> int | None:
    with connection.cursor() as cursor:
        cursor.execute(_statements()["views_update"], [article_id])
        row = cursor.fetchone()
    return int(row[0]) if row else None


def article_views(article_id: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(_statements()["views_select"], [article_id])
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def track_request(request: HttpRequest, *, article_id: int | None = None) -> Tracking:
    return track(request.COOKIES.get(COOKIE_NAME), now=timezone.now(), article_id=article_id)


def set_visitor_cookie(response: HttpResponse, tracking: Tracking) -> None:
    response.set_cookie(
        COOKIE_NAME,
        tracking.cookie,
        max_age=visitor.COOKIE_LIFETIME,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
