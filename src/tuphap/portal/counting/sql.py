"""The counting statements, per database engine.

They run on every public request, so they are written once as plain SQL (the
same on SQLite and PostgreSQL) instead of being rebuilt by the ORM each time.
``"views" = "views" + 1`` is what ``F("views") + 1`` compiles to. Each
statement that answers a public page also reads the content generation of the
page cache (``caching.GENERATION_SUBQUERY``), so that reading it costs no query.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model

from tuphap.portal.caching import GENERATION_SELECT, GENERATION_SUBQUERY
from tuphap.portal.counting.base import CountRequest
from tuphap.portal.models import Article, ArticleStatus, ContentGeneration, CounterFlush, Presence, VisitDay


def _sql(template: str) -> str:
    tables: dict[str, type[Model]] = {
        "a": Article,
        "p": Presence,
        "v": VisitDay,
        "g": ContentGeneration,
        "f": CounterFlush,
    }
    return template.format(**{name: connection.ops.quote_name(model._meta.db_table) for name, model in tables.items()})


@cache
def _statements(vendor: str) -> dict[str, str]:
    visible = '"id" = %s AND "status" = %s AND "published_at" <= %s'
    count = 'UPDATE {{a}} SET "views" = "views" + 1 WHERE {visible} RETURNING "views", "updated_at", {generation}'
    peek = 'SELECT "views", "updated_at", {generation} FROM {{a}} WHERE {visible}'
    return {
        **{
            f"article_{name}{suffix}": _sql(
                template.format(visible=visible + condition, generation=GENERATION_SUBQUERY)
            )
            for name, template in [("count", count), ("peek", peek)]
            for suffix, condition in [("", ""), ("_slug", ' AND "slug" = %s')]
        },
        "generation": _sql(GENERATION_SELECT),
        "presence": _sql(
            'INSERT INTO {p} ("key", "last_seen") VALUES (%s, %s) '
            'ON CONFLICT ("key") DO UPDATE SET "last_seen" = excluded."last_seen"'
        ),
        "visits": _sql(
            'INSERT INTO {v} ("day", "visits") VALUES (%s, %s) '
            'ON CONFLICT ("day") DO UPDATE SET "visits" = {v}."visits" + excluded."visits"'
        ),
        "views_add": _sql('UPDATE {a} SET "views" = "views" + %s WHERE "id" = %s'),
        "flush_claim": _sql('INSERT INTO {f} ("batch", "at") VALUES (%s, %s) ON CONFLICT ("batch") DO NOTHING'),
    }


def statements(db: BaseDatabaseWrapper | None = None) -> dict[str, str]:
    return _statements((db or connection).vendor)


def when(db: BaseDatabaseWrapper, value: dt.datetime) -> Any:
    """A datetime as the database takes it (what ``adapt_datetimefield_value`` does:
    SQLite stores naive UTC text; PostgreSQL takes the aware value)."""
    if db.vendor == "sqlite":
        return str(value.astimezone(dt.UTC).replace(tzinfo=None))
    return value


def article_statement(db: BaseDatabaseWrapper, request: CountRequest, *, count: bool) -> tuple[str, list[Any]]:
    """The article's statement: count its view (or only read it) if it is published."""
    params: list[Any] = [request.article_id, ArticleStatus.PUBLISHED.value, when(db, request.at)]
    name = "article_count" if count else "article_peek"
    if request.slug is not None:
        params.append(request.slug)
        name += "_slug"
    return statements(db)[name], params
