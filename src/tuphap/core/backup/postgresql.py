"""PostgreSQL: ``pg_dump`` of one exported snapshot, the check of the archive, and the restore of ``pg_restore``'s SQL
by ``psql`` in one transaction that commits only when every table's rows match the manifest."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from contextlib import suppress
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from tuphap.core.backup.common import CHUNK, PGDUMP_HEADER, BackupError, Staged, damaged, last_line, quote


def pg_params(settings_dict: dict[str, Any]) -> dict[str, str]:
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
    env.update({PG_ENV[k]: v for k, v in pg_params(settings_dict).items()})
    return env


def _pg_connect(settings_dict: dict[str, Any]) -> Any:
    import psycopg

    params = pg_params(settings_dict)
    params.setdefault("connect_timeout", "10")
    try:
        return psycopg.connect(**params)  # type: ignore[arg-type]
    except psycopg.Error as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise BackupError(
            _(
                "Cannot connect to the PostgreSQL database %(name)s: %(error)s (create it first, e.g. createdb %(name)s)."  # noqa: E501
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
                "%(tool)s is version %(tool_major)s, older than the PostgreSQL server (%(server_major)s); install %(package)s."  # noqa: E501
            )
            % {"tool": name, "tool_major": major or "?", "server_major": needed_major, "package": package},
            code="tools",
        )
    return path, out


def pg_snapshot(settings_dict: dict[str, Any], dump: Path) -> dict[str, Any]:
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
                raise BackupError(_("pg_dump failed: %(error)s") % {"error": last_line(errors)}, code="dump")
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
        cur.execute(f'SELECT count(*) FROM "{quote(schema)}"."{quote(table)}"')  # noqa: S608
        counts[f"{schema}.{table}"] = cur.fetchone()[0]
    return counts


def check_pg_archive(path: Path, staged: Staged, settings_dict: dict[str, Any]) -> tuple[str, str]:
    with staged.database.open("rb") as fh:
        if fh.read(len(PGDUMP_HEADER)) != PGDUMP_HEADER:
            raise damaged(path, _("the database dump is not a pg_dump archive"))
    source_major = _pg_major(int(staged.manifest.get("server_version_num") or 0))
    pg_restore, _version = _pg_tool("pg_restore", source_major)
    psql, _version = _pg_tool("psql", 0)
    listing = subprocess.run(  # noqa: S603 - fixed arguments
        [pg_restore, "--list", str(staged.database)], capture_output=True, text=True, check=False
    )
    if listing.returncode != 0:
        first = (listing.stderr.strip().splitlines() or ["?"])[0]
        raise damaged(path, _("pg_restore cannot read the dump: %(error)s") % {"error": first})
    return pg_restore, psql


def pg_occupied(settings_dict: dict[str, Any], manifest: dict[str, Any]) -> tuple[str, str]:
    conn = _pg_connect(settings_dict)
    try:
        server = conn.info.server_version
        source = int(manifest.get("server_version_num") or 0)
        if _pg_major(server) < _pg_major(source):
            raise BackupError(
                _(
                    "The backup comes from PostgreSQL %(source)s; this server is %(server)s. Restore it on %(source)s or newer."  # noqa: E501
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


def pg_restore_into(
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
                q = quote(schema)
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
        detail = last_line(restore_err) if restore_err.stat().st_size else last_line(psql_err)
        raise BackupError(
            _("The restore failed; the database was not changed: %(error)s") % {"error": detail}, code="restore"
        )
    if status != 0:
        raise BackupError(
            _("The restore failed; the database was not changed: %(error)s") % {"error": last_line(psql_err)},
            code="restore",
        )


def _pg_verify_sql(tables: dict[str, int]) -> str:
    checks = []
    for qualified, rows in sorted(tables.items()):
        schema, _dot, table = qualified.partition(".")
        name = f'"{quote(schema)}"."{quote(table)}"'
        literal = qualified.replace("'", "''")
        checks.append(
            f"  IF (SELECT count(*) FROM {name}) <> {int(rows)} THEN "  # noqa: S608 - quoted identifiers
            f"RAISE EXCEPTION 'restore check: table % has not % rows', '{literal}', {int(rows)}; END IF;"
        )
    return "DO $tuphap$ BEGIN\n" + "\n".join(checks) + "\nEND $tuphap$;\n"
