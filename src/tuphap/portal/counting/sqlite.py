"""SQLite, outside any transaction of Django's (the case of every public request):
the counting statements straight on the DB-API connection, between BEGIN
IMMEDIATE and COMMIT, in the writers' turn of the project's SQLite backend
(``core.backends.sqlite3``): SQLite's own busy handler would otherwise make a
process that finds the database locked sleep a millisecond or more before it
tries again, many times the transaction itself."""

from __future__ import annotations

import contextlib
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

from tuphap.core.rows import qmark
from tuphap.portal.counting.sql import statements


def outside_transaction(db: BaseDatabaseWrapper) -> bool:
    """SQLite with no transaction of Django's open: the statements run here."""
    return db.vendor == "sqlite" and not db.in_atomic_block and db.get_autocommit()


def sqlite_run(
    db: BaseDatabaseWrapper, first: tuple[str, list[Any]], writes: list[tuple[str, list[Any]]], *, writing: bool
) -> Any:
    db.ensure_connection()
    raw = db.connection
    if not writing:
        return raw.execute(qmark(first[0]), first[1]).fetchone()
    turn = getattr(db, "writers_turn", contextlib.nullcontext)  # Django's own backend: SQLite's lock alone
    with turn():
        raw.execute("BEGIN IMMEDIATE")
        try:
            row = raw.execute(qmark(first[0]), first[1]).fetchone()
            if row is not None or first[0] == statements(db)["generation"]:
                for sql, params in writes:
                    raw.execute(qmark(sql), params)
            else:
                row = None
            raw.execute("COMMIT")
        except BaseException:
            if raw.in_transaction:
                raw.execute("ROLLBACK")
            raise
    return row


def read_one(db: BaseDatabaseWrapper, statement: tuple[str, list[Any]]) -> Any:
    """One statement's first row (straight on SQLite's connection when no transaction is open)."""
    if outside_transaction(db):
        return sqlite_run(db, statement, [], writing=False)
    with db.cursor() as cursor:
        cursor.execute(*statement)
        return cursor.fetchone()
