"""SQLite, outside any transaction of Django's (the case of every public request):
the counting statements straight on the DB-API connection, between BEGIN
IMMEDIATE and COMMIT. The writers of the server's processes also queue on an
flock() (held only for those few statements): SQLite's own busy handler would
otherwise make a process that finds the database locked sleep a millisecond
or more before it tries again, many times the transaction itself."""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import os
from functools import cache
from typing import Any

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

from tuphap.portal.counting.sql import statements


@cache
def _qmark(sql: str) -> str:
    return sql.replace("%s", "?")


_lock_files: dict[tuple[int, str], int] = {}  # by process: a forked child must not share its parent's lock


def outside_transaction(db: BaseDatabaseWrapper) -> bool:
    """SQLite with no transaction of Django's open: the statements run here."""
    return db.vendor == "sqlite" and not db.in_atomic_block and db.get_autocommit()


def sqlite_run(
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
            if row is not None or first[0] == statements(db)["generation"]:
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


def read_one(db: BaseDatabaseWrapper, statement: tuple[str, list[Any]]) -> Any:
    """One statement's first row (straight on SQLite's connection when no transaction is open)."""
    if outside_transaction(db):
        return sqlite_run(db, statement, [], writing=False)
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
