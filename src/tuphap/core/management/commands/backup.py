"""``manage.py backup [--out FILE]``: the database and the uploaded files in one file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import translation
from django.utils.translation import gettext as _

from tuphap.core.backup import BackupError, backup_create


def default_path(engine: str) -> Path:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    return Path(settings.VAR_DIR) / "backups" / f"tuphap-{engine}-{stamp}.tar.gz"


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite online backup or pg_dump) and the uploaded files into one "
        ".tar.gz with a manifest (engine, migrations, row counts, checksums). Safe while the server runs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--out", "-o", help="the file to write (default: var/backups/tuphap-ENGINE-UTCSTAMP.tar.gz)"
        )

    def handle(self, *args: Any, out: str | None, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            engine = "sqlite" if connection.vendor == "sqlite" else connection.vendor
            path = Path(out) if out else default_path(engine)
            try:
                result = backup_create(
                    path, settings_dict=connection.settings_dict, media_root=Path(settings.MEDIA_ROOT)
                )
            except BackupError as exc:
                raise CommandError(str(exc)) from None
            size = result.path.stat().st_size
            self.stdout.write(str(result.path))
            self.stderr.write(
                _("Backup written: %(tables)s tables, %(rows)s rows, %(files)s uploaded files, %(size)s bytes.")
                % {
                    "tables": len(result.manifest["tables"]),
                    "rows": result.rows,
                    "files": result.media_files,
                    "size": size,
                }
            )
