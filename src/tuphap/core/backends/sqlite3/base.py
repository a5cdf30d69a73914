"""Django's SQLite backend, with a writer's turn taken before each transaction.

SQLite lets one writer at a time into the database. Each of our transactions starts with ``BEGIN IMMEDIATE``
(``transaction_mode``): a second process that wants to write meanwhile is told the database is busy, and SQLite's
own busy handler puts it to sleep for 1, 2, 5, 10, … ms before it tries again, while the writer before it is done
in about a millisecond (an intake's transaction holds the lock about 0.7 ms). The processes then wait more than
they work: with the API intake's benchmark (two server processes, eight clients) a transaction waited 0.5 to
0.8 ms on average, more than half of them over 0.5 ms.

Here each connection first takes the writers' turn: an exclusive ``flock`` of ``<database>-writers.lock``
(never of the database file itself: SQLite holds POSIX locks on it, which closing a second descriptor would
drop), asked again at short intervals (50 µs, doubling up to 1 ms), and given back when the transaction commits
or rolls back, or the connection closes. The turn only orders the writers: SQLite's lock still decides who
writes, and a connection that has not had its turn within the connection's ``timeout`` goes on without it
(SQLite's busy timeout then applies as before). Statements outside a transaction (autocommit) take no turn,
unless they ask for it (``writers_turn``: the portal's counting, which runs its own ``BEGIN IMMEDIATE``); an
in-memory database has none.

Checkpoints (copying the WAL's pages into the database file, with an ``fsync``) run outside the turn too:
SQLite runs its own at the commit that fills the WAL past ``wal_autocheckpoint`` pages, inside that commit and so
inside the turn, where one took 5 ms every thirtieth intake (0.18 ms a transaction, a quarter of the time a
transaction held the turn), while other writers waited. Each connection here runs a passive checkpoint (it waits
for nobody) after the commit that brings the rows it wrote since its last one to ``CHECKPOINT_ROWS``, once the turn
is given back; SQLite's own stays as a backstop at ``AUTOCHECKPOINT_PAGES`` (for writers that never commit a
transaction of Django's, e.g. statements in autocommit).

A process that exits removes the lock files of the databases that are gone (a test run's, destroyed at its end),
and SQLite's ``-wal`` and ``-shm`` files with them, so that nothing is left behind.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import logging
import os
import sqlite3
import time
from collections.abc import Iterator
from typing import Any

from django.db import connections
from django.db.backends.sqlite3 import base

log = logging.getLogger(__name__)

#: the first wait for the turn and the longest (seconds): a transaction holds the lock about a millisecond
FIRST_WAIT, LONGEST_WAIT = 0.00005, 0.001
#: rows a connection writes between two of its own checkpoints (an intake writes 7: one checkpoint in about 70)
CHECKPOINT_ROWS = 500
#: SQLite's own checkpoint, when the WAL has this many pages (4 KiB each): only when ours fall behind
AUTOCHECKPOINT_PAGES = 10000


def lock_path(name: str) -> str:
    """The writers' lock file of the database file ``name``."""
    return f"{name}-writers.lock"


def on_disk(name: str) -> bool:
    return bool(name) and name != ":memory:" and not name.startswith("file:")


#: the databases whose lock file this process opened (by process: a forked child cleans up its own)
_used: set[tuple[int, str]] = set()


class DatabaseWrapper(base.DatabaseWrapper):
    _turn_fd: int | None = None
    _has_turn = False
    _checkpointed = 0  # the connection's ``total_changes`` at its last checkpoint

    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        conn = super().get_new_connection(conn_params)
        if on_disk(str(self.settings_dict["NAME"])):
            conn.execute(f"PRAGMA wal_autocheckpoint = {AUTOCHECKPOINT_PAGES}")
        self._checkpointed = conn.total_changes
        return conn

    def _start_transaction_under_autocommit(self) -> None:
        self._take_turn()
        try:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]  # private: not in the stubs
        except BaseException:
            self._give_turn()
            raise

    def _commit(self) -> Any:
        try:
            return super()._commit()  # type: ignore[misc]
        finally:
            self._give_turn()
            self._checkpoint_if_due()

    def _rollback(self) -> Any:
        try:
            return super()._rollback()  # type: ignore[misc]
        finally:
            self._give_turn()

    def _close(self) -> None:
        try:
            super()._close()  # type: ignore[misc]
        finally:
            self._give_turn()
            if self._turn_fd is not None:
                os.close(self._turn_fd)
                self._turn_fd = None

    @contextlib.contextmanager
    def writers_turn(self) -> Iterator[None]:
        """The writers' turn around statements that begin and end their own transaction on the DB-API connection
        (nothing more when this connection has it already)."""
        if self._has_turn:
            yield
            return
        self._take_turn()
        try:
            yield
        finally:
            self._give_turn()

    # ------------------------------------------------------------------ the turn

    def _take_turn(self) -> None:
        if self._has_turn:
            return
        fd = self._turn_fd if self._turn_fd is not None else self._open_lock()
        if fd is None:
            return
        timeout = float(self.settings_dict.get("OPTIONS", {}).get("timeout", 5))
        deadline, wait = time.monotonic() + timeout, FIRST_WAIT
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    name = self.settings_dict["NAME"]
                    log.warning("no writers' turn on %s within %.1f s; going on without it", name, timeout)
                    return
                time.sleep(wait)
                wait = min(wait * 2, LONGEST_WAIT)
                continue
            self._has_turn = True
            return

    def _give_turn(self) -> None:
        if self._has_turn and self._turn_fd is not None:
            self._has_turn = False
            fcntl.flock(self._turn_fd, fcntl.LOCK_UN)

    def _checkpoint_if_due(self) -> None:
        conn = self.connection
        if conn is None or conn.in_transaction or conn.total_changes - self._checkpointed < CHECKPOINT_ROWS:
            return
        self._checkpointed = conn.total_changes
        try:
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except sqlite3.Error:  # the transaction is committed: a checkpoint left for later is no error of its own
            log.warning("passive checkpoint of %s failed", self.settings_dict["NAME"], exc_info=True)

    def _open_lock(self) -> int | None:
        name = str(self.settings_dict["NAME"])
        if not on_disk(name):
            return None
        try:
            self._turn_fd = os.open(lock_path(name), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        except OSError:
            return None  # e.g. a read-only directory: SQLite's own locking alone
        _used.add((os.getpid(), name))
        return self._turn_fd


def _forget_gone() -> None:
    """At exit, remove the lock files of databases that are gone, with SQLite's ``-wal`` and ``-shm`` files (a
    WAL left behind a database that is gone must not meet a new one): those this process used, and those of the
    SQLite databases it was configured with, test databases included (a server process started against a test
    database may have been killed, with no chance to clean up). The lock of a database still there stays:
    another process may be waiting on it."""
    names = {name for pid, name in _used if pid == os.getpid()}
    with contextlib.suppress(Exception):  # settings unusable at exit: only this process's own
        for db in connections.all(initialized_only=True):
            if db.vendor == "sqlite":
                test_name = (db.settings_dict.get("TEST") or {}).get("NAME")
                names.update(str(n) for n in (db.settings_dict["NAME"], test_name) if n)
    for name in names:
        if on_disk(name) and not os.path.exists(name):
            for left in (lock_path(name), f"{name}-wal", f"{name}-shm"):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(left)


atexit.register(_forget_gone)
