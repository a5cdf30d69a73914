"""Configuration: clear one-line errors, SQLite pragmas, the deployment check."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DATABASE_URL",
            "SECRET_KEY",
            "DEBUG",
            "DJANGO_SETTINGS_MODULE",
            "HTTPS",
            "ALLOWED_HOSTS",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    base.update(env)
    base["TUPHAP_VAR_DIR"] = env.get("TUPHAP_VAR_DIR", str(ROOT / "var"))
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        capture_output=True,
        text=True,
        env=base,
        timeout=120,
        check=False,
    )


def test_unparseable_database_url_stops_with_one_line() -> None:
    result = run_manage("check", DATABASE_URL="mysql:/nonsense", SECRET_KEY="x" * 60, DEBUG="0", ALLOWED_HOSTS="a.vn")
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert "DATABASE_URL" in result.stderr and "Traceback" not in result.stderr


def test_missing_secret_key_in_production_stops_with_one_line() -> None:
    result = run_manage("check", DEBUG="0", ALLOWED_HOSTS="a.vn")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_bad_boolean_is_a_configuration_error() -> None:
    result = run_manage("check", DEBUG="perhaps")
    assert result.returncode != 0 and "DEBUG" in result.stderr and "Traceback" not in result.stderr


def test_debug_generates_and_reuses_a_secret_key(tmp_path: Path) -> None:
    env = {"DEBUG": "1", "TUPHAP_VAR_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"}
    assert run_manage("check", **env).returncode == 0
    key = (tmp_path / "secret_key").read_text()
    assert len(key) >= 50
    assert run_manage("check", **env).returncode == 0
    assert (tmp_path / "secret_key").read_text() == key


def test_check_deploy_is_clean_with_production_settings(tmp_path: Path) -> None:
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="tuphap.example.vn",
        DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr


def test_database_connection_settings(db: Any) -> None:
    if connection.vendor == "postgresql":
        # the production engine: persistent connections with health checks
        assert connection.settings_dict["CONN_MAX_AGE"] == 60
        assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
        assert connection.pg_version >= 130000
        return
    options = connection.settings_dict["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] == 20
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous")
        assert cursor.fetchone()[0] == 1  # NORMAL
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone()[0] == 1


def test_sqlite_file_database_is_in_wal_mode(tmp_path: Path) -> None:
    result = run_manage(
        "shell",
        "-c",
        (
            "from django.db import connection; c = connection.cursor(); c.execute('PRAGMA journal_mode'); "
            "print(c.fetchone()[0])"
        ),
        DEBUG="1",
        TUPHAP_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "wal"
    assert (tmp_path / "tuphap.sqlite3").exists()


def test_time_language_and_formats() -> None:
    from django.conf import settings
    from django.utils import formats, translation

    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh" and settings.USE_TZ and settings.LANGUAGE_CODE == "vi"
    with translation.override("vi"):
        assert formats.number_format(1635, force_grouping=True) == "1.635"
        assert formats.number_format(0.67, 2) == "0,67"
        import datetime as dt

        assert formats.date_format(dt.date(2022, 3, 31), "SHORT_DATE_FORMAT") == "31/03/2022"


def production_without_hosts(tmp_path: Path) -> dict[str, str]:
    return {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
        "TUPHAP_VAR_DIR": str(tmp_path),
    }


def test_management_commands_run_without_allowed_hosts(tmp_path: Path) -> None:
    env = production_without_hosts(tmp_path)
    for command in ("create_api_token", "quarterly_report"):
        result = run_manage(command, "--help", **env)
        assert result.returncode == 0, result.stderr
        assert "usage:" in result.stdout and "ALLOWED_HOSTS" not in result.stderr
    # a real run against a SQLite file: migrate, then the quarterly report
    assert run_manage("migrate", "--noinput", **env).returncode == 0
    out = tmp_path / "report.html"
    result = run_manage("quarterly_report", "--quarter", "2026Q1", "--format", "html", "--out", str(out), **env)
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8").lstrip().startswith("<")


def test_servers_refuse_to_start_without_allowed_hosts(tmp_path: Path) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE", "DATABASE_URL"}},
        **production_without_hosts(tmp_path),
        "PYTHONPATH": str(ROOT / "src"),
    }
    for module in ("tuphap.wsgi", "tuphap.asgi"):
        result = subprocess.run(
            [sys.executable, "-c", f"import {module}"],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
        assert result.returncode == 1, module
        assert result.stderr.strip().splitlines() == [
            "tuphap: configuration error: ALLOWED_HOSTS is empty; set it to the host names served (comma-separated)"
        ], module
    # and with the hosts set, the same entry point loads
    result = subprocess.run(
        [sys.executable, "-c", "import tuphap.wsgi"],
        capture_output=True,
        text=True,
        env={**env, "ALLOWED_HOSTS": "tuphap.example.vn"},
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    result = run_manage("runserver", "--noreload", "127.0.0.1:0", **production_without_hosts(tmp_path))
    assert result.returncode != 0 and "ALLOWED_HOSTS" in result.stderr


def test_check_deploy_flags_missing_allowed_hosts(tmp_path: Path) -> None:
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **production_without_hosts(tmp_path))
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stdout + result.stderr
