"""The compiled catalogues (.mo) are built, never kept in git: the wheel ships
them, and a server started without `make` compiles the missing ones itself."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import polib
import pytest

from tuphap.core import catalogues

ROOT = Path(__file__).resolve().parents[2]

# The login page in a subprocess: the test client, a fresh SQLite file, Vietnamese first.
SERVE_LOGIN_PAGE = """
from django.core.management import call_command
from django.test import Client
call_command("migrate", verbosity=0)
response = Client().get("/dang-nhap/", HTTP_ACCEPT_LANGUAGE="vi")
print("STATUS", response.status_code)
print(response.content.decode())
"""


def copy_without_compiled_catalogues(destination: Path) -> Path:
    """The sources a build or a fresh checkout has: no .mo, no caches."""
    ignore = shutil.ignore_patterns("*.mo", "__pycache__", "*.egg-info")
    shutil.copytree(ROOT / "src", destination / "src", ignore=ignore)
    for name in ("pyproject.toml", "setup.py", "README.md", "manage.py"):
        shutil.copy2(ROOT / name, destination / name)
    assert not list((destination / "src").rglob("*.mo"))
    return destination


def write_catalogue(path: Path, translations: dict[str, str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    catalogue = polib.POFile()
    catalogue.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "vi"}
    for msgid, msgstr in translations.items():
        catalogue.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    catalogue.save(str(path))
    return path


def test_compile_catalogues_compiles_missing_and_stale_and_skips_fresh(tmp_path: Path) -> None:
    po = write_catalogue(tmp_path / "app/locale/vi/LC_MESSAGES/django.po", {"Log in": "Đăng nhập"})
    assert catalogues.compile_catalogues(tmp_path) == [po.with_suffix(".mo")]
    assert polib.mofile(str(po.with_suffix(".mo"))).find("Log in").msgstr == "Đăng nhập"
    assert catalogues.compile_catalogues(tmp_path) == []  # fresh: nothing to do
    os.utime(po.with_suffix(".mo"), (1, 1))  # older than its .po
    assert catalogues.compile_catalogues(tmp_path) == [po.with_suffix(".mo")]
    assert catalogues.compile_catalogues(tmp_path, force=True) == [po.with_suffix(".mo")]


def test_a_read_only_package_compiles_into_the_cache_for_locale_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "site-packages/tuphap"
    po = write_catalogue(package / "portal/locale/vi/LC_MESSAGES/django.po", {"News": "Tin tức"})
    real_compile = catalogues.compile_catalogue

    def refuse_the_package(po_path: Path, mo_path: Path) -> None:
        if package in mo_path.parents:
            raise PermissionError(13, "Read-only file system", str(mo_path))
        real_compile(po_path, mo_path)

    monkeypatch.setattr(catalogues, "compile_catalogue", refuse_the_package)
    cache = tmp_path / "var/locale"
    assert catalogues.ensure_compiled(package, cache_dir=cache) == [cache / "portal/locale"]
    assert not po.with_suffix(".mo").exists()
    cached = cache / "portal/locale/vi/LC_MESSAGES/django.mo"
    assert polib.mofile(str(cached)).find("News").msgstr == "Tin tức"


def test_ensure_compiled_writes_beside_the_po_and_adds_no_locale_path(tmp_path: Path) -> None:
    po = write_catalogue(tmp_path / "locale/vi/LC_MESSAGES/django.po", {"Home": "Trang chủ"})
    assert catalogues.ensure_compiled(tmp_path, cache_dir=tmp_path / "cache") == []
    assert po.with_suffix(".mo").exists() and not (tmp_path / "cache").exists()


def test_the_wheel_ships_the_compiled_catalogues(tmp_path: Path) -> None:
    source = copy_without_compiled_catalogues(tmp_path / "source")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), "."],
        cwd=source,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    (wheel,) = tmp_path.glob("tuphap-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for po in sorted(name for name in names if name.endswith(".po")):
        assert po[:-3] + ".mo" in names, po
    assert "tuphap/locale/vi/LC_MESSAGES/django.mo" in names
    assert "tuphap/portal/locale/vi/LC_MESSAGES/django.mo" in names
    with zipfile.ZipFile(wheel).open("tuphap/locale/vi/LC_MESSAGES/django.mo") as mo:
        assert "Đăng nhập".encode() in mo.read()
    assert not list((source / "src").rglob("*.mo"))  # built in the build tree, not written into the sources
    # data files read at run time ship too (package data under data/)
    assert {"tuphap/dossiers/data/regimes.toml", "tuphap/workplans/demo/data/workplans.toml"} <= names


def test_a_server_started_without_make_speaks_vietnamese(tmp_path: Path) -> None:
    source = copy_without_compiled_catalogues(tmp_path / "checkout")
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "PYTHONPATH"}}
    env.update(
        DEBUG="1",
        TUPHAP_VAR_DIR=str(tmp_path / "var"),
        DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
        DJANGO_SETTINGS_MODULE="tuphap.settings",
    )
    result = subprocess.run(
        [sys.executable, str(source / "manage.py"), "shell", "-c", SERVE_LOGIN_PAGE],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    status, html = result.stdout.split("STATUS ", 1)[1].split("\n", 1)
    assert status == "200"
    assert "Tên đăng nhập" in html and "Đăng nhập" in html
    assert "Username" not in html
    assert (source / "src/tuphap/locale/vi/LC_MESSAGES/django.mo").exists()
