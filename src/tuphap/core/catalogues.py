"""Compile the translation catalogues (.po) to the binary form gettext reads (.mo).

Pure Python with polib, no Django and no GNU gettext: the same code runs in
the package build (setup.py's build_py, so a wheel ships the .mo files), in
`manage.py compile_translations` (make), and at start-up (settings), which
compiles a catalogue whose .mo is missing or older than its .po, so that a
server started with `manage.py runserver` alone still speaks Vietnamese.

This module is loaded by file path from setup.py: it imports nothing from
tuphap.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

PO_GLOB = "locale/*/LC_MESSAGES/*.po"


def catalogues(root: Path) -> Iterator[Path]:
    """Every .po catalogue under ``root`` (the package and each app's locale/), sorted."""
    yield from sorted(Path(root).rglob(PO_GLOB))


def is_stale(po_path: Path, mo_path: Path) -> bool:
    """True when ``mo_path`` is missing or older than ``po_path``."""
    try:
        return mo_path.stat().st_mtime < po_path.stat().st_mtime
    except FileNotFoundError:
        return True


def compile_catalogue(po_path: Path, mo_path: Path) -> None:
    """Write ``mo_path`` from ``po_path`` atomically (a reader never sees half a file)."""
    import polib

    mo_path.parent.mkdir(parents=True, exist_ok=True)
    partial = mo_path.with_name(f".{mo_path.name}.{os.getpid()}.tmp")
    try:
        polib.pofile(str(po_path), encoding="utf-8").save_as_mofile(str(partial))
        os.replace(partial, mo_path)
    finally:
        partial.unlink(missing_ok=True)


def compile_catalogues(root: Path, *, force: bool = False) -> list[Path]:
    """Compile every stale catalogue under ``root`` next to its .po; return the .mo files written."""
    written = []
    for po_path in catalogues(root):
        mo_path = po_path.with_suffix(".mo")
        if force or is_stale(po_path, mo_path):
            compile_catalogue(po_path, mo_path)
            written.append(mo_path)
    return written


def ensure_compiled(root: Path, *, cache_dir: Path) -> list[Path]:
    """Compile stale catalogues at start-up; return extra locale directories for LOCALE_PATHS.

    A catalogue is compiled next to its .po when that directory is writable
    (a checkout, an editable install). When it is not (an installed package
    whose .mo is missing or stale), it is compiled under ``cache_dir``,
    mirroring the package's layout, and that locale directory is returned so
    that the settings put it in LOCALE_PATHS. Never raises: a catalogue that
    cannot be compiled leaves the interface in English, not the server down.
    """
    extra: list[Path] = []
    for po_path in catalogues(root):
        mo_path = po_path.with_suffix(".mo")
        if not is_stale(po_path, mo_path):
            continue
        try:
            compile_catalogue(po_path, mo_path)
            continue
        except OSError:
            pass
        locale_dir = po_path.parents[2]  # <root>/<app>/locale
        cached_locale = Path(cache_dir) / locale_dir.relative_to(root)
        cached_mo = cached_locale / mo_path.relative_to(locale_dir)
        try:
            if is_stale(po_path, cached_mo):
                compile_catalogue(po_path, cached_mo)
        except (OSError, ValueError):
            continue
        extra.append(cached_locale)
    return extra
