"""Counting in the database (the default): one short transaction per request, with
at most three single statements: the article's views
(``UPDATE … SET views = views + 1 … RETURNING``, which also checks that the
article is published and returns what the page cache needs), the visitor's
presence (an upsert, for "online now") and the day's visits (an upsert, when a
visit starts). Increments happen in the database, so concurrent requests never
lose one."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from tuphap.core.tz import local_day
from tuphap.portal.counting.base import PRESENCE_KEPT, CountRequest, NotVisible
from tuphap.portal.counting.online import presence_prune
from tuphap.portal.counting.sql import article_statement, statements, when
from tuphap.portal.counting.sqlite import outside_transaction, sqlite_run


def db_count(db: BaseDatabaseWrapper, request: CountRequest) -> tuple[int | None, str, int]:
    """Count the request; returns the article's views and version (None, "" for
    other pages) and the content generation."""
    sql = statements(db)
    if request.article_id is not None:
        first = article_statement(db, request, count=request.count_view)
    else:
        first = (sql["generation"], [])
    writes: list[tuple[str, list[Any]]] = []
    if request.touch_presence:
        writes.append((sql["presence"], [request.key, when(db, request.now)]))
    if request.new_visit:
        writes.append((sql["visits"], [str(local_day(request.now)), 1]))
    writing = request.count_view or bool(writes)
    if outside_transaction(db):
        row = sqlite_run(db, first, writes, writing=writing)
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
        if row is None and first[0] != statements(db)["generation"]:
            return None
        for statement in writes:
            cursor.execute(*statement)
    return row
