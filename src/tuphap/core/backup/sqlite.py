"""SQLite: a snapshot through the online backup API, the check of a backed-up file, and the restore into the target
in one step."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from tuphap.core.backup.common import SQLITE_HEADER, BackupError, Staged, damaged, quote, read_only


def tables_and_counts_sqlite(conn: sqlite3.Connection) -> dict[str, int]:
    names = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return {name: conn.execute(f'SELECT count(*) FROM "{quote(name)}"').fetchone()[0] for name in names}  # noqa: S608


@contextmanager
def _failing_as(message: str, code: str) -> Iterator[None]:
    """An SQLite error inside as a ``BackupError`` with ``message`` (the error as its ``%(error)s``)."""
    try:
        yield
    except sqlite3.Error as exc:
        raise BackupError(message % {"error": exc}, code=code) from None


def _checked_contents(conn: sqlite3.Connection) -> tuple[str, list[list[str]], dict[str, int]]:
    """The integrity check's answer ("ok" when the file is sound) and, when it is, what a manifest records of
    the database: the migrations applied and each table's row count (empty otherwise)."""
    check = conn.execute("PRAGMA integrity_check").fetchone()[0]
    if check != "ok":
        return check, [], {}
    migrations = sorted([app, name] for app, name in conn.execute("SELECT app, name FROM django_migrations"))
    return check, migrations, tables_and_counts_sqlite(conn)


def sqlite_snapshot(source: Path, dump: Path) -> dict[str, Any]:
    if str(source) == ":memory:" or not source.is_file():
        raise BackupError(_("The SQLite database %(path)s does not exist.") % {"path": source}, code="missing")
    src = sqlite3.connect(read_only(source), uri=True, timeout=20)
    dst = sqlite3.connect(dump)
    with closing(src), _failing_as(_("The SQLite backup failed: %(error)s."), "dump"):
        # one step (pages=-1): a consistent snapshot; writers go on meanwhile (WAL)
        src.backup(dst, pages=-1)
    with closing(dst), _failing_as(_("The database is not a tuphap database: %(error)s."), "dump"):
        check, migrations, tables = _checked_contents(dst)
        if check != "ok":
            raise BackupError(_("The copy of the database is damaged (%(error)s).") % {"error": check}, code="dump")
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        version = dst.execute("SELECT sqlite_version()").fetchone()[0]
    return {
        "server_version": version,
        "dump_tool": f"sqlite3 online backup (SQLite {sqlite3.sqlite_version})",
        "migrations": migrations,
        "tables": tables,
    }


def check_sqlite_file(path: Path, staged: Staged) -> None:
    with staged.database.open("rb") as fh:
        if fh.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise damaged(path, _("the database copy is not an SQLite file"))
    try:
        conn = sqlite3.connect(read_only(staged.database), uri=True)
        try:
            pages = conn.execute("PRAGMA page_count").fetchone()[0] * conn.execute("PRAGMA page_size").fetchone()[0]
            if pages != staged.database.stat().st_size:
                raise damaged(path, _("the database copy is cut short"))
            check, migrations, tables = _checked_contents(conn)
            if check != "ok":
                raise damaged(
                    path, _("the database copy fails its integrity check: %(error)s") % {"error": check[:200]}
                )
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise damaged(path, _("the database copy cannot be read: %(error)s") % {"error": exc}) from None
    if migrations != staged.manifest.get("migrations") or tables != staged.manifest.get("tables"):
        raise damaged(path, _("the database copy does not match its manifest"))


def sqlite_occupied(target: Path) -> str:
    if not target.exists() or target.stat().st_size == 0:
        return ""
    try:
        conn = sqlite3.connect(read_only(target), uri=True, timeout=20)
        try:
            count = conn.execute("SELECT count(*) FROM sqlite_master WHERE type IN ('table', 'view')").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return _("%(path)s is not readable as a database (%(error)s)") % {"path": target, "error": exc}
    return _("%(count)s tables in %(path)s") % {"count": count, "path": target} if count else ""


def sqlite_restore(staged: Staged, target: Path) -> None:
    """Copy the checked snapshot into the target with the backup API, in one step: one
    write transaction on the target, so an interruption leaves the old database."""
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(read_only(staged.database), uri=True)
    dst = sqlite3.connect(target, timeout=20)
    with (
        closing(dst),
        closing(src),
        _failing_as(_("The restore failed; the database was not changed: %(error)s"), "restore"),
    ):
        src.backup(dst, pages=-1)
        tables = tables_and_counts_sqlite(dst)
    if tables != staged.manifest["tables"]:
        raise BackupError(_("The restored database does not match the manifest; check it before use."), code="verify")
