"""The base of the commands that import one file of rows (``import_dossiers``, ``import_procedures``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tuphap.dossiers.importing import ImportFileError


class RowsReport(Protocol):
    errors: list[tuple[int, str]]  # (line, reason) of each bad row


class FileImportCommand(BaseCommand):
    """``manage.py <command> FILE``: a file refused as a whole (missing, unreadable, or an
    ``ImportFileError``) stops the command with nothing written; otherwise each bad row is said
    with its line (``Dòng 12: …``), then the command's ``summary`` of the report."""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")

    def import_file(self, path: Path, **options: Any) -> RowsReport:
        raise NotImplementedError

    def summary(self, report: Any) -> str:
        raise NotImplementedError

    def handle(self, *args: Any, file: str, **options: Any) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp “{file}”.")
        try:
            report = self.import_file(path, **options)
        except ImportFileError as exc:  # the file as a whole: nothing was written
            raise CommandError(str(exc)) from None
        except (ValueError, UnicodeDecodeError) as exc:
            raise CommandError(f"Không đọc được tệp: {exc}") from None
        for line, reason in report.errors:
            self.stderr.write(f"Dòng {line}: {reason}")
        self.stdout.write(self.summary(report))
