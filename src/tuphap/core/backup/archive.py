"""The backup file: writing it (members, then the manifest last), reading and checking it, and the restore that puts
the database and the uploaded files back."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
import json
import os
import secrets
import shutil
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.utils.translation import gettext as _

from tuphap.core.backup.common import (
    CHUNK,
    DATABASE_MEMBER,
    ENGINE_NAMES,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    MEDIA_PREFIX,
    BackupError,
    Result,
    Staged,
    damaged,
    engine_of,
)
from tuphap.core.backup.postgresql import check_pg_archive, pg_occupied, pg_restore_into, pg_snapshot
from tuphap.core.backup.sqlite import check_sqlite_file, sqlite_occupied, sqlite_restore, sqlite_snapshot


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
            manifest = sqlite_snapshot(Path(str(settings_dict["NAME"])), dump)
        else:
            manifest = pg_snapshot(settings_dict, dump)
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
                    raise damaged(path, _("unexpected member %(name)s") % {"name": member.name})
                source = tar.extractfile(member)
                assert source is not None  # noqa: S101 - a regular file always has a stream
                if member.name == MANIFEST:
                    manifest_bytes = source.read(10 * CHUNK)
                    continue
                if member.name in seen:
                    raise damaged(path, _("member %(name)s appears twice") % {"name": member.name})
                if member.name.startswith(MEDIA_PREFIX):
                    target = media.joinpath(*pure.parts[1:])
                    target.parent.mkdir(parents=True, exist_ok=True)
                elif member.name in DATABASE_MEMBER.values() and database is None:
                    target = database = work / member.name
                else:
                    raise damaged(path, _("unexpected member %(name)s") % {"name": member.name})
                digest, size = hashlib.sha256(), 0
                with target.open("wb") as fh:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        fh.write(chunk)
                seen[member.name] = {"size": size, "sha256": digest.hexdigest()}
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise damaged(path, type(exc).__name__ + (f": {exc}" if str(exc) else "")) from None
    except OSError as exc:
        raise BackupError(
            _("Cannot read %(path)s: %(error)s.") % {"path": path, "error": exc.strerror or exc}, code="io"
        ) from None
    if manifest_bytes is None:
        raise damaged(path, _("no manifest: not a tuphap backup, or cut short"))
    try:
        manifest = json.loads(manifest_bytes.decode("utf-8"))
    except ValueError:
        raise damaged(path, _("the manifest is not valid JSON")) from None
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
        raise damaged(
            path,
            _("members missing or extra: %(names)s")
            % {"names": ", ".join((missing or sorted(set(seen) - set(files)))[:3])},
        )
    for name, expected in files.items():
        if seen[name] != {"size": expected.get("size"), "sha256": expected.get("sha256")}:
            raise damaged(path, _("checksum mismatch in %(name)s") % {"name": name})
    if database is None:
        raise damaged(path, _("no database in the backup"))
    return Staged(manifest=manifest, database=database, media=media)


def _check_manifest(path: Path, staged: Staged, engine: str) -> int:
    """Refuse another engine or a schema this code does not know; return the number of
    this code's migrations the backup predates (``migrate`` applies them after the restore)."""
    manifest = staged.manifest
    theirs = manifest.get("engine")
    if theirs != engine:
        raise BackupError(
            _(
                "%(path)s is a %(theirs)s backup; this installation runs on %(ours)s. Restore it on the same database engine."  # noqa: E501
            )
            % {"path": path, "theirs": ENGINE_NAMES.get(str(theirs), str(theirs)), "ours": ENGINE_NAMES[engine]},
            code="engine_mismatch",
        )
    if staged.database.name != DATABASE_MEMBER[engine]:
        raise damaged(path, _("the database member does not match the engine"))
    ours = {tuple(m) for m in code_migrations()}
    backup = {tuple(m) for m in manifest.get("migrations") or []}
    unknown = sorted(backup - ours)
    if unknown:
        raise BackupError(
            _(
                "%(path)s was made with a newer or different database schema (tuphap %(version)s): %(count)s of its "
                "migrations are unknown to this code (e.g. %(example)s). "
                "Restore it with the tuphap version that made it."
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
            check_sqlite_file(path, staged)
        else:
            check_pg_archive(path, staged, settings_dict)
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
            check_sqlite_file(path, staged)
            target = Path(str(settings_dict["NAME"]))
            if str(target) == ":memory:":
                raise BackupError(_("Cannot restore into an in-memory SQLite database."), code="target")
            occupied = sqlite_occupied(target)
        else:
            pg_restore, psql = check_pg_archive(path, staged, settings_dict)
            occupied, schema = pg_occupied(settings_dict, staged.manifest)
        media_occupied = _has_files(media_root)
        if (occupied or media_occupied) and not force:
            what = occupied or _("uploaded files in %(path)s") % {"path": media_root}
            raise BackupError(
                _("The target is not empty (%(what)s); restore --force replaces it.") % {"what": what}, code="not_empty"
            )
        if engine == "sqlite":
            sqlite_restore(staged, target)
        else:
            pg_restore_into(staged, settings_dict, pg_restore, psql, schema, reset=bool(occupied))
        _swap_media(staged.media, media_root)
    return Result(
        path=path, manifest=staged.manifest, replaced=bool(occupied or media_occupied), pending_migrations=pending
    )


def _swap_media(staged_media: Path, media_root: Path) -> None:
    """Put the backup's files in place of MEDIA_ROOT by renaming (same file system)."""
    old = None
    if media_root.exists():
        old = media_root.with_name(f".{media_root.name}-replaced-{secrets.token_hex(4)}")
        os.rename(media_root, old)
    os.rename(staged_media, media_root)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
