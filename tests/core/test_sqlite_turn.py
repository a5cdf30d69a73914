"""The SQLite backend's writer's turn (core/backends/sqlite3): taken at a transaction's start, given back at its
commit, its rollback or the connection's close; a writer that cannot have it goes on after the timeout, SQLite's
own lock deciding. On a database file of its own, whatever the engine of the run; and the engine stays an SQLite
engine for the project's checks."""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, connections, transaction

from tuphap.core.backup.common import engine_of
from tuphap.settings import sqlite_database

ALIAS = "turn_test"


def configured(alias: str, settings_dict: dict[str, Any]) -> dict[str, Any]:
    """``settings_dict`` with Django's defaults filled in (``configure_settings`` wants the default alias too)."""
    return connections.configure_settings({"default": dict(connections.settings["default"]), alias: settings_dict})[
        alias
    ]


@pytest.fixture
def db_file(tmp_path: Path, django_db_blocker: Any) -> Iterator[Any]:
    """A connection, under its own alias, to a fresh SQLite file as the settings configure one (not the test
    database: pytest-django lets it be opened)."""
    connections.settings[ALIAS] = configured(ALIAS, sqlite_database(tmp_path / "turn.sqlite3"))
    with django_db_blocker.unblock():
        db = connections[ALIAS]
        with db.cursor() as cursor:
            cursor.execute("CREATE TABLE t (name TEXT NOT NULL)")
        try:
            yield db
        finally:
            connections[ALIAS].close()
            del connections[ALIAS]
            del connections.settings[ALIAS]


def other_descriptor(db: Any) -> int:
    """The writers' lock file opened apart, as another process opens it."""
    return os.open(str(db.settings_dict["NAME"]) + "-writers.lock", os.O_RDWR | os.O_CREAT, 0o600)


def turn_free(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    fcntl.flock(fd, fcntl.LOCK_UN)
    return True


def insert(db: Any, name: str) -> None:
    with db.cursor() as cursor:
        cursor.execute("INSERT INTO t (name) VALUES (%s)", [name])


def names(db: Any) -> list[str]:
    with db.cursor() as cursor:
        cursor.execute("SELECT name FROM t ORDER BY name")
        return [name for (name,) in cursor.fetchall()]


def test_the_turn_is_held_for_the_transaction_and_given_back_at_commit_and_rollback(db_file: Any) -> None:
    fd = other_descriptor(db_file)
    try:
        assert turn_free(fd)
        with transaction.atomic(using=ALIAS):
            insert(db_file, "một")
            assert not turn_free(fd)  # another process waits for its turn
            with transaction.atomic(using=ALIAS):  # a savepoint: the same turn
                insert(db_file, "hai")
            assert not turn_free(fd)
        assert turn_free(fd)
        with pytest.raises(RuntimeError), transaction.atomic(using=ALIAS):
            insert(db_file, "ba")
            raise RuntimeError("undone")
        assert turn_free(fd)
        insert(db_file, "bốn")  # autocommit: no turn asked
        assert turn_free(fd)
    finally:
        os.close(fd)
    assert names(db_file) == ["bốn", "hai", "một"]


def test_closing_the_connection_in_a_transaction_gives_the_turn_back(db_file: Any) -> None:
    fd = other_descriptor(db_file)
    try:
        with pytest.raises(Exception), transaction.atomic(using=ALIAS):  # noqa: B017, PT011 - Django's own error
            insert(db_file, "năm")
            db_file.close()
            assert turn_free(fd)
            insert(db_file, "sáu")  # a closed connection in a transaction: Django refuses
    finally:
        os.close(fd)
    db_file.close()
    assert names(db_file) == []


def test_a_second_writer_waits_for_the_first_and_then_writes(db_file: Any) -> None:
    started, order = threading.Event(), []

    def second() -> None:
        started.wait()
        try:
            with transaction.atomic(using=ALIAS):
                order.append("second")
                insert(connections[ALIAS], "bảy")
        finally:
            connections[ALIAS].close()

    thread = threading.Thread(target=second)
    thread.start()
    with transaction.atomic(using=ALIAS):
        insert(db_file, "tám")
        started.set()
        time.sleep(0.2)  # the second writer is kept out meanwhile
        order.append("first")
    thread.join(10)
    assert order == ["first", "second"]
    assert names(db_file) == ["bảy", "tám"]


def test_a_writer_without_its_turn_goes_on_after_the_timeout(db_file: Any, caplog: pytest.LogCaptureFixture) -> None:
    db_file.settings_dict["OPTIONS"]["timeout"] = 0.3
    fd = other_descriptor(db_file)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # held by "another process" that never gives it back
        start = time.monotonic()
        with transaction.atomic(using=ALIAS):
            insert(db_file, "chín")
        waited = time.monotonic() - start
    finally:
        os.close(fd)
    assert 0.3 <= waited < 5
    assert names(db_file) == ["chín"]
    assert "no writers' turn" in caplog.text


def test_an_in_memory_database_takes_no_turn(tmp_path: Path, django_db_blocker: Any) -> None:
    from django.db.utils import load_backend

    backend = load_backend("tuphap.core.backends.sqlite3")
    memory = {**sqlite_database(tmp_path / "x.sqlite3"), "NAME": ":memory:"}
    db = backend.DatabaseWrapper(configured("memory", memory), alias="memory")
    with django_db_blocker.unblock():
        db.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
        with db.cursor() as cursor:
            cursor.execute("SELECT 1")
        db.commit()
        db.close()
    assert list(tmp_path.iterdir()) == []  # neither the database nor a turn file


def test_the_engine_is_still_sqlite_for_backups_and_counters(db_file: Any) -> None:
    from tuphap.portal.counting import redis_store

    assert db_file.settings_dict["ENGINE"] == "tuphap.core.backends.sqlite3"
    assert engine_of(db_file.settings_dict) == "sqlite"
    # the counters' keys in Redis: those written before this backend (Django's engine name for SQLite)
    settings_dict = connection.settings_dict
    former = "django.db.backends.sqlite3" if connection.vendor == "sqlite" else settings_dict["ENGINE"]
    host, port = str(settings_dict.get("HOST") or ""), str(settings_dict.get("PORT") or "")
    assert redis_store.redis_prefix() == redis_store._database_prefix(former, str(settings_dict["NAME"]), host, port)


def test_a_connection_checkpoints_after_its_commits_reach_the_rows_outside_the_turn(db_file: Any) -> None:
    from tuphap.core.backends.sqlite3.base import AUTOCHECKPOINT_PAGES, CHECKPOINT_ROWS

    path = Path(str(db_file.settings_dict["NAME"]))
    with db_file.cursor() as cursor:
        cursor.execute("PRAGMA wal_autocheckpoint")
        assert cursor.fetchone() == (AUTOCHECKPOINT_PAGES,)
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the table's creation in the file: start from there
    size = path.stat().st_size
    few = CHECKPOINT_ROWS // 2
    with transaction.atomic(using=ALIAS):
        for i in range(few):
            insert(db_file, f"{i:04d}" + "x" * 1000)
    assert path.stat().st_size == size  # still only in the WAL: SQLite's own checkpoint waits for far more
    with transaction.atomic(using=ALIAS):
        for i in range(few, CHECKPOINT_ROWS):
            insert(db_file, f"{i:04d}" + "x" * 1000)
    # the commit that brought the rows to CHECKPOINT_ROWS copied the WAL into the file
    assert path.stat().st_size >= size + CHECKPOINT_ROWS * 1000
    assert len(names(db_file)) == CHECKPOINT_ROWS
