"""What the archive and the two engines share: the format's constants, the error and result types, small helpers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

FORMAT = "tuphap-backup"


FORMAT_VERSION = 1


MANIFEST = "manifest.json"


MEDIA_PREFIX = "media/"


DATABASE_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


SQLITE_HEADER = b"SQLite format 3\x00"


PGDUMP_HEADER = b"PGDMP"


CHUNK = 1024 * 1024


ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator (one line)."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class Result:
    path: Path
    manifest: dict[str, Any]
    replaced: bool = False
    pending_migrations: int = 0

    @property
    def rows(self) -> int:
        return sum(self.manifest["tables"].values())

    @property
    def media_files(self) -> int:
        return sum(1 for name in self.manifest["files"] if name.startswith(MEDIA_PREFIX))


def engine_of(settings_dict: dict[str, Any]) -> str:
    engine = str(settings_dict.get("ENGINE", ""))
    if engine.endswith("sqlite3"):
        return "sqlite"
    if engine.endswith("postgresql"):
        return "postgresql"
    raise BackupError(
        _("Backups support SQLite and PostgreSQL only, not %(engine)s.") % {"engine": engine}, code="engine"
    )


def read_only(path: Path) -> str:
    """The URI that opens an SQLite file read-only (any character in its path)."""
    from urllib.request import pathname2url

    return f"file:{pathname2url(str(Path(path).resolve()))}?mode=ro"


def quote(identifier: str) -> str:
    return identifier.replace('"', '""')


def last_line(path: Path) -> str:
    text = path.read_text(encoding="utf-8", errors="replace").strip() if path.exists() else ""
    lines = [line for line in text.splitlines() if line.strip()]
    errors = [line for line in lines if "ERROR" in line or "error" in line or "FATAL" in line]
    return (errors or lines or ["?"])[0].strip()[:300]


@dataclass
class Staged:
    """A backup read and checked: its manifest and its members on disk."""

    manifest: dict[str, Any]
    database: Path
    media: Path


def damaged(path: Path, detail: str) -> BackupError:
    detail = " ".join(detail.split())[:300]  # one line
    return BackupError(
        _("%(path)s is damaged or incomplete (%(detail)s); nothing was changed.") % {"path": path, "detail": detail},
        code="damaged",
    )
