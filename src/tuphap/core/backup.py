"""Backup and restore of a whole installation: the database and the uploaded files.

A backup is one ``.tar.gz`` file:

- ``database.sqlite3``: a copy made with SQLite's online backup API (a
  consistent snapshot, taken while the server keeps writing), or
  ``database.pgdump``: ``pg_dump --format=custom`` of one exported snapshot;
- ``media/…``: every uploaded file (``MEDIA_ROOT``);
- ``manifest.json``, written last: the format, the engine and its version, the
  migrations applied (the schema), the rows of every table at the snapshot,
  and the size and SHA-256 of every other member.

A restore reads the whole file and checks it (every checksum, the engine, the
schema against this code's migrations, the database file or archive itself)
before it touches anything; it refuses a database or media folder that is not
empty unless forced. The database is then replaced in one transaction (SQLite:
the backup API copying into the target in one step; PostgreSQL: the SQL of
``pg_restore`` run by ``psql`` between ``BEGIN`` and a ``COMMIT`` that is only
sent once the rows of every table match the manifest), so a failure leaves the
previous database as it was. Uploaded files are staged beside ``MEDIA_ROOT``
and swapped in by renaming once the database is restored.

Nothing here uses Django's database connection: the functions take the
``DATABASES`` entry to work on, so a restore can target another database than
the one the process serves (the tests do).
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
import json
import os
import re
import secrets
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

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


# --------------------------------------------------------------------------- helpers


def engine_of(settings_dict: dict[str, Any]) -> str:
    engine = str(settings_dict.get("ENGINE", ""))
    if engine.endswith("sqlite3"):
        return "sqlite"
    if engine.endswith("postgresql"):
        return "postgresql"
    raise BackupError(
        _("Backups support SQLite and PostgreSQL only, not %(engine)s.") % {"engine": engine}, code="engine"
    )


def code_migrations() -> list[list[str]]:
    """The migrations this code ships (app label, name), sorted."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    return sorted([app, name] for app, name in loader.disk_migrations)


def _tuphap_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("tuphap")
    except PackageNotFoundError:
        return "unknown"


class _HashingReader(io.RawIOBase):
    """Reads a file for ``tarfile`` and hashes exactly the bytes that went into the archive."""

    def __init__(self, fh: IO[bytes]) -> None:
        self.fh = fh
        self.digest = hashlib.sha256()
        self.size = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.fh.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data


def _media_files(media_root: Path) -> Iterator[tuple[str, Path]]:
    """(archive name, path) of every regular file under MEDIA_ROOT; links are not followed."""
    if not media_root.is_dir():
        return
    for directory, dirnames, filenames in os.walk(media_root):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(directory) / name
            if path.is_symlink() or not path.is_file():
                continue
            yield MEDIA_PREFIX + path.relative_to(media_root).as_posix(), path


def _has_files(directory: Path) -> bool:
    return any(True for _item in _media_files(directory))


def _tables_and_counts_sqlite(conn: sqlite3.Connection) -> dict[str, int]:
    names = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return {name: conn.execute(f'SELECT count(*) FROM "{_quote(name)}"').fetchone()[0] for name in names}  # noqa: S608


def _read_only(path: Path) -> str:
    """The URI that opens an SQLite file read-only (any character in its path)."""
    from urllib.request import pathname2url

    return f"file:{pathname2url(str(Path(path).resolve()))}?mode=ro"


def _quote(identifier: str) -> str:
    return identifier.replace('"', '""')


# --------------------------------------------------------------------------- PostgreSQL tools


def _pg_params(settings_dict: dict[str, Any]) -> dict[str, str]:
    """libpq connection parameters of a DATABASES entry (for psycopg and the client tools)."""
    params = {
        "host": settings_dict.get("HOST"),
        "port": settings_dict.get("PORT"),
        "user": settings_dict.get("USER"),
        "password": settings_dict.get("PASSWORD"),
        "dbname": settings_dict.get("NAME"),
    }
    options = settings_dict.get("OPTIONS") or {}
    for key in ("sslmode", "sslrootcert", "sslcert", "sslkey", "passfile", "service", "connect_timeout"):
        if options.get(key):
            params[key] = options[key]
    return {k: str(v) for k, v in params.items() if v not in (None, "")}


PG_ENV = {
    "host": "PGHOST",
    "port": "PGPORT",
    "user": "PGUSER",
    "password": "PGPASSWORD",
    "dbname": "PGDATABASE",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}


def _pg_env(settings_dict: dict[str, Any]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env.update({PG_ENV[k]: v for k, v in _pg_params(settings_dict).items()})
    return env


def _pg_connect(settings_dict: dict[str, Any]) -> Any:
    import psycopg

    params = _pg_params(settings_dict)
    params.setdefault("connect_timeout", "10")
    try:
        return psycopg.connect(**params)  # type: ignore[arg-type]
    except psycopg.Error as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise BackupError(
            _(
                "Cannot connect to the PostgreSQL database %(name)s: %(error)s (create it first, e.g. createdb %(name)s)."
            )
            % {"name": params.get("dbname", "?"), "error": first},
            code="connect",
        ) from None


def _pg_major(version_num: int) -> int:
    return version_num // 10000 if version_num >= 100000 else version_num // 100


def _pg_version_text(version_num: int) -> str:
    if version_num >= 100000:
        return f"{version_num // 10000}.{version_num % 10000}"
    return f"{version_num // 10000}.{version_num // 100 % 100}.{version_num % 100}"


def _pg_tool(name: str, needed_major: int) -> tuple[str, str]:
    """The path and version line of a PostgreSQL client tool, checked against the server."""
    package = f"postgresql-client-{needed_major}"
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            _("%(tool)s is not installed; install the PostgreSQL client tools (Debian: apt-get install %(package)s).")
            % {"tool": name, "package": package},
            code="tools",
        )
    out = subprocess.run([path, "--version"], capture_output=True, text=True, check=False).stdout.strip()  # noqa: S603
    match = re.search(r"\b(\d+)(?:\.\d+)?", out)
    major = int(match.group(1)) if match else 0
    if major < needed_major:
        raise BackupError(
            _(
                "%(tool)s is version %(tool_major)s, older than the PostgreSQL server (%(server_major)s); install %(package)s."
            )
            % {"tool": name, "tool_major": major or "?", "server_major": needed_major, "package": package},
            code="tools",
        )
    return path, out


def _last_line(path: Path) -> str:
    text = path.read_text(encoding="utf-8", errors="replace").strip() if path.exists() else ""
    lines = [line for line in text.splitlines() if line.strip()]
    errors = [line for line in lines if "ERROR" in line or "error" in line or "FATAL" in line]
    return (errors or lines or ["?"])[0].strip()[:300]


# --------------------------------------------------------------------------- backup


def backup_create(out: Path, *, settings_dict: dict[str, Any], media_root: Path) -> Result:
    """Write a backup of the database and the uploaded files to ``out`` (which must not exist).

    The file appears under its name only when complete (written beside it, then renamed)
    and is readable by its owner only: it holds citizens' personal data."""
    engine = engine_of(settings_dict)
    out = out.resolve()
    if out.exists():
        raise BackupError(_("%(path)s already exists; choose another file name.") % {"path": out}, code="exists")
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".tuphap-backup-", dir=out.parent) as work:
        dump = Path(work) / DATABASE_MEMBER[engine]
        if engine == "sqlite":
            manifest = _sqlite_snapshot(Path(str(settings_dict["NAME"])), dump)
        else:
            manifest = _pg_snapshot(settings_dict, dump)
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "tuphap_version": _tuphap_version(),
            "engine": engine,
            **manifest,
            "files": {},
        }
        fd, partial = tempfile.mkstemp(prefix=".partial-", suffix=".tar.gz", dir=out.parent)
        try:
            with os.fdopen(fd, "wb") as raw:
                with tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as tar:
                    _add(tar, DATABASE_MEMBER[engine], dump, manifest)
                    for name, path in _media_files(media_root):
                        _add(tar, name, path, manifest)
                    data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
                    info = tarfile.TarInfo(MANIFEST)
                    info.size, info.mtime, info.mode = len(data), int(dt.datetime.now(dt.UTC).timestamp()), 0o600
                    tar.addfile(info, io.BytesIO(data))
                raw.flush()
                os.fsync(raw.fileno())
            os.chmod(partial, 0o600)
            os.replace(partial, out)
        except BaseException as exc:
            with suppress(FileNotFoundError):
                os.unlink(partial)
            if isinstance(exc, OSError):  # a full disk, a file removed while read
                raise BackupError(
                    _("The backup could not be written: %(error)s.") % {"error": exc}, code="io"
                ) from None
            raise
    return Result(path=out, manifest=manifest)


def _add(tar: tarfile.TarFile, name: str, path: Path, manifest: dict[str, Any]) -> None:
    with path.open("rb") as fh:
        stat = os.fstat(fh.fileno())
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = stat.st_size, int(stat.st_mtime), 0o600
        reader = _HashingReader(fh)
        tar.addfile(info, reader)
    manifest["files"][name] = {"size": reader.size, "sha256": reader.digest.hexdigest()}


def _sqlite_snapshot(source: Path, dump: Path) -> dict[str, Any]:
    if str(source) == ":memory:" or not source.is_file():
        raise BackupError(_("The SQLite database %(path)s does not exist.") % {"path": source}, code="missing")
    src = sqlite3.connect(_read_only(source), uri=True, timeout=20)
    dst = sqlite3.connect(dump)
    try:
        # one step (pages=-1): a consistent snapshot; writers go on meanwhile (WAL)
        src.backup(dst, pages=-1)
    except sqlite3.Error as exc:
        raise BackupError(_("The SQLite backup failed: %(error)s.") % {"error": exc}, code="dump") from None
    finally:
        src.close()
    try:
        check = dst.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise BackupError(_("The copy of the database is damaged (%(error)s).") % {"error": check}, code="dump")
        migrations = sorted([app, name] for app, name in dst.execute("SELECT app, name FROM django_migrations"))
        tables = _tables_and_counts_sqlite(dst)
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        version = dst.execute("SELECT sqlite_version()").fetchone()[0]
    except sqlite3.Error as exc:
        raise BackupError(
            _("The database is not a tuphap database: %(error)s.") % {"error": exc}, code="dump"
        ) from None
    finally:
        dst.close()
    return {
        "server_version": version,
        "dump_tool": f"sqlite3 online backup (SQLite {sqlite3.sqlite_version})",
        "migrations": migrations,
        "tables": tables,
    }


def _pg_snapshot(settings_dict: dict[str, Any], dump: Path) -> dict[str, Any]:
    conn = _pg_connect(settings_dict)
    try:
        server = conn.info.server_version
        pg_dump, tool = _pg_tool("pg_dump", _pg_major(server))
        with conn.cursor() as cur:
            # the manifest and pg_dump read the same exported snapshot
            cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cur.execute("SELECT pg_export_snapshot()")
            snapshot = cur.fetchone()[0]
            cur.execute("SELECT app, name FROM django_migrations")
            migrations = sorted([app, name] for app, name in cur.fetchall())
            tables = _pg_counts(cur)
            errors = dump.with_suffix(".err")
            with errors.open("wb") as err:
                done = subprocess.run(  # noqa: S603 - fixed arguments
                    [pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={dump}"],
                    env=_pg_env(settings_dict),
                    stdout=subprocess.DEVNULL,
                    stderr=err,
                    check=False,
                )
            if done.returncode != 0:
                raise BackupError(_("pg_dump failed: %(error)s") % {"error": _last_line(errors)}, code="dump")
        conn.rollback()
    except BackupError:
        raise
    except Exception as exc:  # noqa: BLE001 - psycopg errors: one line for the operator
        raise BackupError(
            _("The PostgreSQL backup failed: %(error)s.") % {"error": str(exc).strip().splitlines()[0]}, code="dump"
        ) from None
    finally:
        conn.close()
    return {
        "server_version": _pg_version_text(server),
        "server_version_num": server,
        "dump_tool": tool,
        "migrations": migrations,
        "tables": tables,
    }


def _pg_counts(cur: Any) -> dict[str, int]:
    """Rows of every ordinary table outside the system schemas, by ``schema.table``."""
    cur.execute(
        "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
        "AND n.nspname NOT LIKE 'pg\\_%' ORDER BY 1, 2"
    )
    counts = {}
    for schema, table in cur.fetchall():
        cur.execute(f'SELECT count(*) FROM "{_quote(schema)}"."{_quote(table)}"')  # noqa: S608
        counts[f"{schema}.{table}"] = cur.fetchone()[0]
    return counts


# --------------------------------------------------------------------------- reading a backup


@dataclass
class Staged:
    """A backup read and checked: its manifest and its members on disk."""

    manifest: dict[str, Any]
    database: Path
    media: Path


def _damaged(path: Path, detail: str) -> BackupError:
    detail = " ".join(detail.split())[:300]  # one line
    return BackupError(
        _("%(path)s is damaged or incomplete (%(detail)s); nothing was changed.") % {"path": path, "detail": detail},
        code="damaged",
    )


def _safe_member_name(name: str) -> PurePosixPath | None:
    pure = PurePosixPath(name)
    if pure.is_absolute() or any(part in ("..", "") for part in pure.parts) or "\\" in name:
        return None
    return pure


def _read(path: Path, work: Path) -> Staged:
    """Extract every member into ``work`` while hashing it, then check the set against the manifest."""
    if not path.is_file():
        raise BackupError(_("%(path)s does not exist.") % {"path": path}, code="missing")
    media = work / "media"
    media.mkdir()
    seen: dict[str, dict[str, Any]] = {}
    manifest_bytes: bytes | None = None
    database: Path | None = None
    try:
        with tarfile.open(path, mode="r:gz") as tar:
            for member in tar:
                pure = _safe_member_name(member.name)
                if pure is None or not member.isfile():
                    raise _damaged(path, _("unexpected member %(name)s") % {"name": member.name})
                source = tar.extractfile(member)
                assert source is not None  # noqa: S101 - a regular file always has a stream
                if member.name == MANIFEST:
                    manifest_bytes = source.read(10 * CHUNK)
                    continue
                if member.name in seen:
                    raise _damaged(path, _("member %(name)s appears twice") % {"name": member.name})
                if member.name.startswith(MEDIA_PREFIX):
                    target = media.joinpath(*pure.parts[1:])
                    target.parent.mkdir(parents=True, exist_ok=True)
                elif member.name in DATABASE_MEMBER.values() and database is None:
                    target = database = work / member.name
                else:
                    raise _damaged(path, _("unexpected member %(name)s") % {"name": member.name})
                digest, size = hashlib.sha256(), 0
                with target.open("wb") as fh:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        fh.write(chunk)
                seen[member.name] = {"size": size, "sha256": digest.hexdigest()}
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise _damaged(path, type(exc).__name__ + (f": {exc}" if str(exc) else "")) from None
    except OSError as exc:
        raise BackupError(
            _("Cannot read %(path)s: %(error)s.") % {"path": path, "error": exc.strerror or exc}, code="io"
        ) from None
    if manifest_bytes is None:
        raise _damaged(path, _("no manifest: not a tuphap backup, or cut short"))
    try:
        manifest = json.loads(manifest_bytes.decode("utf-8"))
    except ValueError:
        raise _damaged(path, _("the manifest is not valid JSON")) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(_("%(path)s is not a tuphap backup.") % {"path": path}, code="format")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            _("%(path)s is in backup format %(version)s; this version of tuphap reads format %(ours)s.")
            % {"path": path, "version": manifest.get("format_version"), "ours": FORMAT_VERSION},
            code="format",
        )
    files = manifest.get("files") or {}
    if set(files) != set(seen):
        missing = sorted(set(files) - set(seen))
        raise _damaged(
            path,
            _("members missing or extra: %(names)s")
            % {"names": ", ".join((missing or sorted(set(seen) - set(files)))[:3])},
        )
    for name, expected in files.items():
        if seen[name] != {"size": expected.get("size"), "sha256": expected.get("sha256")}:
            raise _damaged(path, _("checksum mismatch in %(name)s") % {"name": name})
    if database is None:
        raise _damaged(path, _("no database in the backup"))
    return Staged(manifest=manifest, database=database, media=media)


def _check_manifest(path: Path, staged: Staged, engine: str) -> int:
    """Refuse another engine or a schema this code does not know; return the number of
    this code's migrations the backup predates (``migrate`` applies them after the restore)."""
    manifest = staged.manifest
    theirs = manifest.get("engine")
    if theirs != engine:
        raise BackupError(
            _(
                "%(path)s is a %(theirs)s backup; this installation runs on %(ours)s. Restore it on the same database engine."
            )
            % {"path": path, "theirs": ENGINE_NAMES.get(str(theirs), str(theirs)), "ours": ENGINE_NAMES[engine]},
            code="engine_mismatch",
        )
    if staged.database.name != DATABASE_MEMBER[engine]:
        raise _damaged(path, _("the database member does not match the engine"))
    ours = {tuple(m) for m in code_migrations()}
    backup = {tuple(m) for m in manifest.get("migrations") or []}
    unknown = sorted(backup - ours)
    if unknown:
        raise BackupError(
            _(
                "%(path)s was made with a newer or different database schema (tuphap %(version)s): %(count)s of its "
                "migrations are unknown to this code (e.g. %(example)s). Restore it with the tuphap version that made it."
            )
            % {
                "path": path,
                "version": manifest.get("tuphap_version", "?"),
                "count": len(unknown),
                "example": ".".join(unknown[0]),
            },
            code="schema_mismatch",
        )
    return len(ours - backup)


def _check_sqlite_file(path: Path, staged: Staged) -> None:
    with staged.database.open("rb") as fh:
        if fh.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise _damaged(path, _("the database copy is not an SQLite file"))
    try:
        conn = sqlite3.connect(_read_only(staged.database), uri=True)
        try:
            pages = conn.execute("PRAGMA page_count").fetchone()[0] * conn.execute("PRAGMA page_size").fetchone()[0]
            if pages != staged.database.stat().st_size:
                raise _damaged(path, _("the database copy is cut short"))
            check = conn.execute("PRAGMA integrity_check").fetchone()[0]
            if check != "ok":
                raise _damaged(
                    path, _("the database copy fails its integrity check: %(error)s") % {"error": check[:200]}
                )
            migrations = sorted([app, name] for app, name in conn.execute("SELECT app, name FROM django_migrations"))
            tables = _tables_and_counts_sqlite(conn)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise _damaged(path, _("the database copy cannot be read: %(error)s") % {"error": exc}) from None
    if migrations != staged.manifest.get("migrations") or tables != staged.manifest.get("tables"):
        raise _damaged(path, _("the database copy does not match its manifest"))


def _check_pg_archive(path: Path, staged: Staged, settings_dict: dict[str, Any]) -> tuple[str, str]:
    with staged.database.open("rb") as fh:
        if fh.read(len(PGDUMP_HEADER)) != PGDUMP_HEADER:
            raise _damaged(path, _("the database dump is not a pg_dump archive"))
    source_major = _pg_major(int(staged.manifest.get("server_version_num") or 0))
    pg_restore, _version = _pg_tool("pg_restore", source_major)
    psql, _version = _pg_tool("psql", 0)
    listing = subprocess.run(  # noqa: S603 - fixed arguments
        [pg_restore, "--list", str(staged.database)], capture_output=True, text=True, check=False
    )
    if listing.returncode != 0:
        first = (listing.stderr.strip().splitlines() or ["?"])[0]
        raise _damaged(path, _("pg_restore cannot read the dump: %(error)s") % {"error": first})
    return pg_restore, psql


# --------------------------------------------------------------------------- restore


@contextmanager
def _staging(media_root: Path) -> Iterator[Path]:
    """A work directory beside MEDIA_ROOT (same file system: the media swap is a rename)."""
    media_root.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".tuphap-restore-", dir=media_root.parent))
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)


def backup_check(path: Path, *, settings_dict: dict[str, Any], media_root: Path) -> Result:
    """Read and check a backup without changing anything (``restore --check``)."""
    engine = engine_of(settings_dict)
    path = path.resolve()
    with _staging(media_root) as work:
        staged = _read(path, work)
        pending = _check_manifest(path, staged, engine)
        if engine == "sqlite":
            _check_sqlite_file(path, staged)
        else:
            _check_pg_archive(path, staged, settings_dict)
    return Result(path=path, manifest=staged.manifest, pending_migrations=pending)


def restore(path: Path, *, settings_dict: dict[str, Any], media_root: Path, force: bool = False) -> Result:
    """Replace the database and the uploaded files by those of a backup.

    Refuses (BackupError, nothing changed) a damaged file, another engine,
    another schema, and a target database or MEDIA_ROOT that is not empty
    unless ``force``."""
    engine = engine_of(settings_dict)
    path = path.resolve()
    media_root = Path(media_root).resolve()
    with _staging(media_root) as work:
        staged = _read(path, work)
        pending = _check_manifest(path, staged, engine)
        if engine == "sqlite":
            _check_sqlite_file(path, staged)
            target = Path(str(settings_dict["NAME"]))
            if str(target) == ":memory:":
                raise BackupError(_("Cannot restore into an in-memory SQLite database."), code="target")
            occupied = _sqlite_occupied(target)
        else:
            pg_restore, psql = _check_pg_archive(path, staged, settings_dict)
            occupied, schema = _pg_occupied(settings_dict, staged.manifest)
        media_occupied = _has_files(media_root)
        if (occupied or media_occupied) and not force:
            what = occupied or _("uploaded files in %(path)s") % {"path": media_root}
            raise BackupError(
                _("The target is not empty (%(what)s); restore --force replaces it.") % {"what": what}, code="not_empty"
            )
        if engine == "sqlite":
            _sqlite_restore(staged, target)
        else:
            _pg_restore(staged, settings_dict, pg_restore, psql, schema, reset=bool(occupied))
        _swap_media(staged.media, media_root)
    return Result(
        path=path, manifest=staged.manifest, replaced=bool(occupied or media_occupied), pending_migrations=pending
    )


def _sqlite_occupied(target: Path) -> str:
    if not target.exists() or target.stat().st_size == 0:
        return ""
    try:
        conn = sqlite3.connect(_read_only(target), uri=True, timeout=20)
        try:
            count = conn.execute("SELECT count(*) FROM sqlite_master WHERE type IN ('table', 'view')").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return _("%(path)s is not readable as a database (%(error)s)") % {"path": target, "error": exc}
    return _("%(count)s tables in %(path)s") % {"count": count, "path": target} if count else ""


def _sqlite_restore(staged: Staged, target: Path) -> None:
    """Copy the checked snapshot into the target with the backup API, in one step: one
    write transaction on the target, so an interruption leaves the old database."""
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(_read_only(staged.database), uri=True)
    dst = sqlite3.connect(target, timeout=20)
    try:
        src.backup(dst, pages=-1)
        tables = _tables_and_counts_sqlite(dst)
    except sqlite3.Error as exc:
        raise BackupError(
            _("The restore failed; the database was not changed: %(error)s") % {"error": exc}, code="restore"
        ) from None
    finally:
        src.close()
        dst.close()
    if tables != staged.manifest["tables"]:
        raise BackupError(_("The restored database does not match the manifest; check it before use."), code="verify")


def _pg_occupied(settings_dict: dict[str, Any], manifest: dict[str, Any]) -> tuple[str, str]:
    conn = _pg_connect(settings_dict)
    try:
        server = conn.info.server_version
        source = int(manifest.get("server_version_num") or 0)
        if _pg_major(server) < _pg_major(source):
            raise BackupError(
                _(
                    "The backup comes from PostgreSQL %(source)s; this server is %(server)s. Restore it on %(source)s or newer."
                )
                % {"source": _pg_major(source), "server": _pg_major(server)},
                code="server_version",
            )
        with conn.cursor() as cur:
            cur.execute("SELECT current_schema()")
            schema = cur.fetchone()[0]
            cur.execute(
                "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = %s AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')",
                [schema],
            )
            count = cur.fetchone()[0]
        conn.rollback()
    finally:
        conn.close()
    name = settings_dict.get("NAME")
    occupied = _("%(count)s tables and sequences in %(name)s") % {"count": count, "name": name} if count else ""
    return occupied, schema


def _pg_restore(
    staged: Staged, settings_dict: dict[str, Any], pg_restore: str, psql: str, schema: str, *, reset: bool
) -> None:
    """pg_restore's SQL through psql in one transaction: BEGIN, [the schema emptied],
    the dump, a check of every table's rows, COMMIT. The COMMIT is sent only when
    pg_restore finished cleanly; any error or interruption rolls everything back."""
    env = _pg_env(settings_dict)
    work = staged.database.parent
    psql_err, restore_err = work / "psql.err", work / "pg_restore.err"
    with psql_err.open("wb") as perr, restore_err.open("wb") as rerr:
        client = subprocess.Popen(  # noqa: S603 - fixed arguments
            [psql, "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", "--file=-"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=perr,
            env=env,
        )
        assert client.stdin is not None  # noqa: S101 - asked for a pipe
        committed = False
        try:
            client.stdin.write(b"BEGIN;\n")
            if reset:
                q = _quote(schema)
                client.stdin.write(f'DROP SCHEMA "{q}" CASCADE;\nCREATE SCHEMA "{q}";\n'.encode())
            dumper = subprocess.Popen(  # noqa: S603 - fixed arguments
                [pg_restore, "--no-owner", "--no-privileges", "--file=-", str(staged.database)],
                stdout=subprocess.PIPE,
                stderr=rerr,
                env=env,
            )
            assert dumper.stdout is not None  # noqa: S101 - asked for a pipe
            try:
                shutil.copyfileobj(dumper.stdout, client.stdin, CHUNK)
            except BrokenPipeError:
                pass  # psql stopped at an error; its message says which
            finally:
                dumper.stdout.close()
                dumped = dumper.wait()
            if dumped == 0 and client.poll() is None:
                client.stdin.write(_pg_verify_sql(staged.manifest["tables"]).encode())
                client.stdin.write(b"COMMIT;\n")
                committed = True
        except BrokenPipeError:
            committed = False
        finally:
            with suppress(BrokenPipeError):
                client.stdin.close()
            status = client.wait()
    if not committed:
        detail = _last_line(restore_err) if restore_err.stat().st_size else _last_line(psql_err)
        raise BackupError(
            _("The restore failed; the database was not changed: %(error)s") % {"error": detail}, code="restore"
        )
    if status != 0:
        raise BackupError(
            _("The restore failed; the database was not changed: %(error)s") % {"error": _last_line(psql_err)},
            code="restore",
        )


def _pg_verify_sql(tables: dict[str, int]) -> str:
    checks = []
    for qualified, rows in sorted(tables.items()):
        schema, _dot, table = qualified.partition(".")
        name = f'"{_quote(schema)}"."{_quote(table)}"'
        literal = qualified.replace("'", "''")
        checks.append(
            f"  IF (SELECT count(*) FROM {name}) <> {int(rows)} THEN "  # noqa: S608 - quoted identifiers
            f"RAISE EXCEPTION 'restore check: table % has not % rows', '{literal}', {int(rows)}; END IF;"
        )
    return "DO $tuphap$ BEGIN\n" + "\n".join(checks) + "\nEND $tuphap$;\n"


def _swap_media(staged_media: Path, media_root: Path) -> None:
    """Put the backup's files in place of MEDIA_ROOT by renaming (same file system)."""
    old = None
    if media_root.exists():
        old = media_root.with_name(f".{media_root.name}-replaced-{secrets.token_hex(4)}")
        os.rename(media_root, old)
    os.rename(staged_media, media_root)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
