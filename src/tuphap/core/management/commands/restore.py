"""``manage.py restore FILE [--force] [--check]``: put a backup back, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import translation
from django.utils.translation import gettext as _

from tuphap.core.backup import BackupError, backup_check, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by 'backup' into the configured database and MEDIA_ROOT. The file is "
        "checked whole first; a non-empty target is replaced only with --force; a failure changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--force", action="store_true", help="replace a database or MEDIA_ROOT that is not empty")
        parser.add_argument("--check", action="store_true", help="only read and check the file; change nothing")

    def handle(self, *args: Any, file: str, force: bool, check: bool, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            # the restore works on its own connections; Django's must not hold the SQLite file
            connection.close()
            target, media_root = connection.settings_dict, Path(settings.MEDIA_ROOT)
            try:
                if check:
                    result = backup_check(Path(file), settings_dict=target, media_root=media_root)
                else:
                    result = restore(Path(file), settings_dict=target, media_root=media_root, force=force)
            except BackupError as exc:
                raise CommandError(str(exc)) from None
            manifest = result.manifest
            facts = {
                "path": result.path,
                "created": manifest["created_at"],
                "tables": len(manifest["tables"]),
                "rows": result.rows,
                "files": result.media_files,
            }
            if check:
                self.stdout.write(
                    _(
                        "%(path)s is sound: made %(created)s, %(tables)s tables, %(rows)s rows, %(files)s uploaded files."  # noqa: E501
                    )
                    % facts
                )
            else:
                self.stdout.write(
                    _(
                        "Restored %(path)s (made %(created)s): %(tables)s tables, %(rows)s rows, %(files)s uploaded files."  # noqa: E501
                    )
                    % facts
                )
            if result.pending_migrations:
                self.stdout.write(
                    _("The backup predates %(count)s migrations of this code: run 'python manage.py migrate' now.")
                    % {"count": result.pending_migrations}
                )
