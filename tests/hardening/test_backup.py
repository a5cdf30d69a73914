"""Backup and restore: a round trip gives the same data, table by table and row
by row; a damaged, foreign or newer backup is refused and changes nothing.

Runs on the engine of the test run (SQLite, or PostgreSQL with DATABASE_URL):
the source is pytest-django's test database (``transactional_db``: committed,
so ``pg_dump`` and a second SQLite connection see it); each restore goes into
a fresh database of the same engine (a file under tmp_path, or a PostgreSQL
database ``h_backup_<pid>_<n>`` created and dropped here), through the real
``manage.py restore`` in a separate process or through the function it calls.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection

from tuphap.core import backup
from tuphap.core.backup import postgresql

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)
_names = itertools.count(1)


# --------------------------------------------------------------------------- databases


class Target:
    """A fresh, empty database of the test run's engine, and a MEDIA_ROOT beside it."""

    def __init__(self, tmp_path: Path) -> None:
        n = next(_names)
        self.var = tmp_path / f"target-{n}"
        self.var.mkdir()
        self.media = self.var / "media"
        source = connection.settings_dict
        if connection.vendor == "sqlite":
            self.name = str(self.var / "tuphap.sqlite3")
            self.url = "sqlite:///" + self.name
        else:
            self.name = f"h_backup_{os.getpid()}_{n}"
            auth = quote(source["USER"] or "postgres") + (
                ":" + quote(source["PASSWORD"]) if source.get("PASSWORD") else ""
            )
            self.url = f"postgresql://{auth}@{source['HOST'] or '127.0.0.1'}:{source['PORT'] or 5432}/{self.name}"
            with _pg_admin() as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.name}"')
                admin.execute(f'CREATE DATABASE "{self.name}"')
        self.settings_dict = {**source, "NAME": self.name}

    def drop(self) -> None:
        if connection.vendor != "sqlite":
            with _pg_admin() as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def manage(self, *args: str) -> subprocess.CompletedProcess[str]:
        """``manage.py`` in its own process, configured for this database and MEDIA_ROOT."""
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tuphap.settings_test",
            "DATABASE_URL": self.url,
            "TUPHAP_VAR_DIR": str(self.var),
            "LOG_LEVEL": "WARNING",
        }
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    def restore(self, path: Path, *, force: bool = False) -> backup.Result:
        return backup.restore(path, settings_dict=self.settings_dict, media_root=self.media, force=force)


def _pg_admin() -> Any:
    import psycopg

    s = connection.settings_dict
    return psycopg.connect(
        host=s["HOST"] or "127.0.0.1",
        port=s["PORT"] or 5432,
        user=s["USER"] or "postgres",
        password=s.get("PASSWORD") or None,
        dbname="postgres",
        autocommit=True,
    )


@pytest.fixture
def targets(tmp_path: Path) -> Iterator[Any]:
    made: list[Target] = []

    def make() -> Target:
        made.append(Target(tmp_path))
        return made[-1]

    yield make
    for target in made:
        target.drop()


def snapshot(settings_dict: dict[str, Any]) -> dict[str, list[Any]]:
    """Every table's rows (sorted), read with the engine's own driver; on PostgreSQL
    also every sequence's position (the next id a restored database hands out)."""
    tables: dict[str, list[Any]] = {}
    if connection.vendor == "sqlite":
        conn = sqlite3.connect(settings_dict["NAME"])
        try:
            names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
            for name in names:
                tables[name] = sorted(conn.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)  # noqa: S608
        finally:
            conn.close()
        return tables
    import psycopg

    conn = psycopg.connect(**postgresql.pg_params(settings_dict))
    try:
        with conn.cursor() as cur:
            cur.execute(
                "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
                "AND n.nspname NOT LIKE 'pg\\_%' ORDER BY 1, 2"
            )
            for schema, table in cur.fetchall():
                cur.execute(f'SELECT * FROM "{schema}"."{table}"')  # noqa: S608
                tables[f"{schema}.{table}"] = sorted(cur.fetchall(), key=repr)
            cur.execute("SELECT schemaname, sequencename, last_value FROM pg_sequences ORDER BY 1, 2")
            for schema, name, last in cur.fetchall():
                tables[f"sequence {schema}.{name}"] = [(last,)]
    finally:
        conn.close()
    return tables


def table_key(model: Any) -> str:
    return model._meta.db_table if connection.vendor == "sqlite" else f"public.{model._meta.db_table}"


def media_tree(root: Path) -> dict[str, bytes]:
    return (
        {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
        if root.exists()
        else {}
    )


# --------------------------------------------------------------------------- data


def load_representative_data(*, full: bool = True) -> None:
    """The organisation, and (full) a slice of every domain through its services:
    the calendar, legal documents with their search index, appraisal and review,
    plans and tasks, portal articles with images (files in MEDIA_ROOT), the
    dossier catalogue and dossiers in many states with their events, pauses,
    notifications, sync records and a scanned component, the report aggregates,
    an API token, a session and queued background tasks."""
    from django.contrib.auth import get_user_model

    from tuphap.core.services import api_token_create
    from tuphap.demo.management.commands.demo import load_organisation
    from tuphap.dossiers import services as dossiers
    from tuphap.dossiers.attachments import attachment_add
    from tuphap.dossiers.catalogue import PROCEDURES, VALID_FROM
    from tuphap.orgs.models import Agency, Unit

    load_organisation()
    users = {u.username: u for u in get_user_model().objects.all()}
    agency = Agency.objects.get(code=settings.TUPHAP_AGENCY_CODE)
    units = {u.code: u for u in Unit.objects.filter(agency=agency)}
    for data in PROCEDURES:
        dossiers.procedure_publish(
            actor=None, data=data, agency=agency, unit=units[data["unit"]], valid_from=VALID_FROM
        )
    desk, head, specialist = users["motcua"], users["truongphong"], users["chuyenvien"]
    applicant = {
        "name": "Nguyễn Văn An",
        "id_number": "060123456789",
        "phone": "0912345678",
        "email": "an@example.vn",
        "address": "12 Trần Hưng Đạo, Phan Thiết",
    }
    nationality = "2.001895.000.00.00.H09"
    done = dossiers.dossier_receive(actor=desk, procedure_code=nationality, applicant=applicant)
    dossiers.dossier_assign(actor=head, dossier=done, handler=specialist)
    dossiers.dossier_request_supplement(
        actor=specialist, dossier=done, items=["Bản sao giấy khai sinh"], reason="Thiếu thành phần"
    )
    dossiers.dossier_supplement_received(actor=desk, dossier=done)
    dossiers.dossier_resolve(actor=specialist, dossier=done, outcome="approved")
    dossiers.dossier_return(actor=desk, dossier=done)
    dossiers.dossier_rate(actor=desk, dossier=done, rating="good")
    attachment_add(
        actor=desk,
        dossier=done,
        upload=SimpleUploadedFile("giay-to.pdf", b"%PDF-1.4\n% scanned\n" + bytes(range(256)) * 8, "application/pdf"),
        kind="component",
    )
    refused = dossiers.dossier_submit(
        actor=desk, procedure_code=nationality, applicant={**applicant, "name": "Trần Thị Bình", "phone": "0987654321"}
    )
    dossiers.dossier_refuse(actor=desk, dossier=refused, reason="Không thuộc thẩm quyền")
    open_one = dossiers.dossier_receive(
        actor=desk, procedure_code=nationality, applicant={"name": "Lê Văn Cường", "phone": "0901234567"}
    )
    dossiers.dossier_assign(actor=head, dossier=open_one, handler=specialist)
    api_token_create(actor=None, username="motcua", name="backup test")
    session = SessionStore()  # a session row
    session["note"] = "backup"
    session.create()
    from tuphap.reports import aggregates

    aggregates.refresh()
    if not full:
        return
    from tuphap.lawdocs.demo import loader as lawdocs_demo
    from tuphap.lawdocs.importer import import_lawdocs
    from tuphap.portal import demo as portal_demo
    from tuphap.workdays import demo as workdays_demo
    from tuphap.workplans import demo as workplans_demo

    workdays_demo.load(io.StringIO())
    documents = lawdocs_demo._documents()
    keep = {row[0] for row in lawdocs_demo.DOCUMENTS}
    import_lawdocs(
        actor=None,
        data={
            "documents": [d for d in documents["documents"] if d["number"] in keep],
            "relations": [r for r in documents["relations"] if r["from"] in keep and r["to"] in keep],
        },
    )
    lawdocs_demo._review()
    workplans_demo.load(io.StringIO())
    portal_demo.load(io.StringIO())


# --------------------------------------------------------------------------- the round trip


def test_round_trip_restores_every_table_row_by_row_and_every_file(
    settings: Any, tmp_path: Path, targets: Any, capsys: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    load_representative_data()
    source = snapshot(connection.settings_dict)
    # every model's table is compared (and whatever tables have no model)
    model_tables = {table_key(m) for m in apps.get_models(include_auto_created=True) if m._meta.managed}
    assert model_tables <= set(source), sorted(model_tables - set(source))
    filled = {t for t, rows in source.items() if rows and not t.startswith("sequence ")}
    assert len(filled) >= 40, sorted(set(source) - filled)
    files = media_tree(Path(settings.MEDIA_ROOT))
    assert any(name.startswith("dossiers/") for name in files) and any(name.startswith("portal/") for name in files)

    path = tmp_path / "out" / "tuphap.tar.gz"
    call_command("backup", out=str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert path.stat().st_mode & 0o777 == 0o600  # citizens' personal data: the owner only
    with tarfile.open(path) as tar:
        manifest = json.load(tar.extractfile(backup.MANIFEST))  # type: ignore[arg-type]
    assert manifest["engine"] == ("sqlite" if connection.vendor == "sqlite" else "postgresql")
    assert sorted(manifest["migrations"]) == backup.code_migrations()
    assert {k for k in manifest["tables"]} == {t for t in source if not t.startswith("sequence ")}

    target = targets()
    done = target.manage("restore", str(path))
    assert done.returncode == 0, done.stderr
    restored = snapshot(target.settings_dict)
    assert set(restored) == set(source)
    for table in sorted(source):
        assert restored[table] == source[table], table
    assert media_tree(target.media) == files

    # a second restore onto the now full database is refused, and changes nothing
    again = target.manage("restore", str(path))
    assert again.returncode == 1
    assert [line for line in again.stderr.splitlines() if "Error" in line] == [again.stderr.strip().splitlines()[-1]]
    assert "--force" in again.stderr and "Traceback" not in again.stderr
    assert snapshot(target.settings_dict) == source
    # --force replaces it: still identical
    forced = target.manage("restore", str(path), "--force")
    assert forced.returncode == 0, forced.stderr
    assert snapshot(target.settings_dict) == source and media_tree(target.media) == files

    rows = sum(len(r) for t, r in source.items() if not t.startswith("sequence "))
    sequences = sum(1 for t in source if t.startswith("sequence "))
    with capsys.disabled():
        print(
            f"\nbackup round trip ({connection.vendor}): {len(manifest['tables'])} tables ({len(filled)} with rows), "
            f"{rows} rows, {sequences} sequences and {len(files)} files compared, identical"
        )


# --------------------------------------------------------------------------- refusals


def _rewrite(good: Path, out: Path, *, manifest: Any = None, database: Any = None) -> Path:
    """A copy of a backup with its manifest and/or database member changed."""
    with tarfile.open(good) as tar:
        members = [(m, tar.extractfile(m).read()) for m in tar.getmembers()]  # type: ignore[union-attr]
    data = dict((m.name, content) for m, content in members)
    meta = json.loads(data[backup.MANIFEST])
    db_name = next(n for n in data if n.startswith("database."))
    if database is not None:
        data[db_name] = database(data[db_name])
        import hashlib

        meta["files"][db_name] = {"size": len(data[db_name]), "sha256": hashlib.sha256(data[db_name]).hexdigest()}
    if manifest is not None:
        manifest(meta)
    data[backup.MANIFEST] = json.dumps(meta).encode()
    with tarfile.open(out, "w:gz") as tar:
        for member, _content in members:
            member.size = len(data[member.name])
            tar.addfile(member, io.BytesIO(data[member.name]))
    return out


def test_damaged_foreign_or_newer_backups_are_refused_and_change_nothing(
    settings: Any, tmp_path: Path, targets: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    load_representative_data(full=False)
    good = tmp_path / "good.tar.gz"
    call_command("backup", out=str(good), stdout=io.StringIO(), stderr=io.StringIO())
    target = targets()
    target.restore(good)
    before, files = snapshot(target.settings_dict), media_tree(target.media)
    assert files and sum(map(len, before.values())) > 100

    raw = good.read_bytes()
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    # SQLite checks the copy whole before writing; PostgreSQL finds these inside the transaction
    late = {"damaged"} if connection.vendor == "sqlite" else {"restore"}
    bad: dict[str, tuple[Path, set[str]]] = {
        "truncated": (tmp_path / "truncated.tar.gz", {"damaged"}),
        "bytes flipped": (tmp_path / "flipped.tar.gz", {"damaged"}),
        "not a backup": (tmp_path / "notes.tar.gz", {"damaged"}),
        "other engine": (
            _rewrite(good, tmp_path / "engine.tar.gz", manifest=lambda m: m.update(engine=other)),
            {"engine_mismatch"},
        ),
        "newer schema": (
            _rewrite(
                good,
                tmp_path / "newer.tar.gz",
                manifest=lambda m: m["migrations"].append(["dossiers", "9999_from_the_future"]),
            ),
            {"schema_mismatch"},
        ),
        # a consistent manifest around a cut dump: SQLite's integrity check and pg_restore's
        # reading of the archive's table of contents refuse it before anything is written;
        # with only its last bytes missing, pg_restore fails mid-way inside the transaction
        "dump cut short": (
            _rewrite(good, tmp_path / "cut.tar.gz", database=lambda b: b[: len(b) * 2 // 3]),
            {"damaged"},
        ),
        "dump missing its end": (_rewrite(good, tmp_path / "end.tar.gz", database=lambda b: b[:-200]), late),
        # the rows restored do not match the manifest: PostgreSQL checks before COMMIT
        "row counts disagree": (
            _rewrite(
                good,
                tmp_path / "counts.tar.gz",
                manifest=lambda m: m["tables"].update(
                    {k: v + 1 for k, v in m["tables"].items() if k.endswith("dossiers_dossier")}
                ),
            ),
            late,
        ),
    }
    bad["truncated"][0].write_bytes(raw[: len(raw) // 2])
    flipped = bytearray(raw)
    for i in range(len(raw) // 3, len(raw) // 3 + 64):
        flipped[i] ^= 0xFF
    bad["bytes flipped"][0].write_bytes(bytes(flipped))
    bad["not a backup"][0].write_text("Sổ theo dõi hồ sơ\n", encoding="utf-8")

    for label, (path, codes) in bad.items():
        with pytest.raises(backup.BackupError) as refused:
            target.restore(path, force=True)
        assert refused.value.code in codes, (label, refused.value.code, str(refused.value))
        assert "\n" not in str(refused.value), label
        assert snapshot(target.settings_dict) == before, label
        assert media_tree(target.media) == files, label
        assert not list(target.var.glob(".tuphap-restore-*")), label  # staging cleaned up

    # through the command: one line, exit status 1, target untouched
    done = target.manage("restore", str(bad["other engine"][0]), "--force")
    assert done.returncode == 1
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("CommandError:") and "Traceback" not in done.stderr
    assert ("SQLite" in last) and ("PostgreSQL" in last)
    checked = target.manage("restore", str(bad["truncated"][0]), "--check")
    assert checked.returncode == 1 and "Traceback" not in checked.stderr
    assert snapshot(target.settings_dict) == before


WRITER = """
import json, pathlib, sys, time
stop, params = pathlib.Path(sys.argv[1]), json.loads(sys.argv[2])
if "sqlite" in params:
    import sqlite3
    conn = sqlite3.connect(params["sqlite"], timeout=20, isolation_level=None)
    begin, insert = "BEGIN IMMEDIATE", "INSERT INTO h_backup_writes (at) VALUES (?)"
else:
    import psycopg
    conn = psycopg.connect(**params, autocommit=True)
    begin, insert = "BEGIN", "INSERT INTO h_backup_writes (at) VALUES (%s)"
n = 0
while not stop.exists():
    conn.execute(begin)
    conn.execute(insert, (str(time.time()),))
    conn.execute("COMMIT")
    n += 1
print(n)
"""


def test_backup_is_one_consistent_snapshot_while_writes_go_on(settings: Any, tmp_path: Path, targets: Any) -> None:
    """A writer process commits one row at a time during the backup: the backup
    holds exactly the rows 1..n committed before its snapshot, none half-written."""
    settings.MEDIA_ROOT = tmp_path / "media"
    sqlite = connection.vendor == "sqlite"
    table = "h_backup_writes"
    with connection.cursor() as cur:
        cur.execute(
            f"CREATE TABLE {table} (id {'INTEGER PRIMARY KEY AUTOINCREMENT' if sqlite else 'serial PRIMARY KEY'}, "
            "at text NOT NULL)"
        )
    stop = tmp_path / "stop"
    try:
        params = (
            {"sqlite": connection.settings_dict["NAME"]} if sqlite else postgresql.pg_params(connection.settings_dict)
        )
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(stop), json.dumps(params)], stdout=subprocess.PIPE, text=True
        )
        deadline = time.monotonic() + 60
        while _count(table) < 50:
            assert writer.poll() is None and time.monotonic() < deadline, "the writer did not start"
            time.sleep(0.05)
        path = tmp_path / "during.tar.gz"
        call_command("backup", out=str(path), stdout=io.StringIO(), stderr=io.StringIO())
        time.sleep(0.2)
        stop.touch()
        written = int(writer.communicate(timeout=60)[0])
        target = targets()
        result = target.restore(path)
        n = result.manifest["tables"][table if sqlite else f"public.{table}"]
        restored = snapshot(target.settings_dict)[table if sqlite else f"public.{table}"]
        assert sorted(row[0] for row in restored) == list(range(1, n + 1))
        assert 50 <= n < written == _count(table)
    finally:
        stop.touch()
        with connection.cursor() as cur:
            cur.execute(f"DROP TABLE IF EXISTS {table}")


def _count(table: str) -> int:
    with connection.cursor() as cur:
        cur.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
        return int(cur.fetchone()[0])


def test_backup_refuses_to_overwrite_and_names_its_file(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path / "var"
    out = io.StringIO()
    call_command("backup", stdout=out, stderr=io.StringIO())
    path = Path(out.getvalue().strip())
    engine = "sqlite" if connection.vendor == "sqlite" else "postgresql"
    assert path.parent == tmp_path / "var" / "backups" and path.name.startswith(f"tuphap-{engine}-")
    stamp = dt.datetime.strptime(path.name.split("-")[-1].removesuffix(".tar.gz"), "%Y%m%dT%H%M%SZ").replace(
        tzinfo=dt.UTC
    )
    assert abs((dt.datetime.now(dt.UTC) - stamp).total_seconds()) < 300
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match=str(path)):
        call_command("backup", out=str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert not list(path.parent.glob(".partial-*"))
