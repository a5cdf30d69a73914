from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from tuphap.dossiers.history_bulk import BATCH
from tuphap.dossiers.importing import ImportReport, import_file
from tuphap.dossiers.management.file_import import FileImportCommand


class Command(FileImportCommand):
    help = "Import dossiers from a CSV or XLSX file (idempotent; bad rows reported, good rows kept)."

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--no-progress", action="store_true")
        parser.add_argument(
            "--batch-size", type=int, default=BATCH, help=f"rows written per transaction (1–{BATCH * 5}; {BATCH})"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not 1 <= options["batch_size"] <= BATCH * 5:
            raise CommandError(f"--batch-size phải từ 1 đến {BATCH * 5} (nhận được {options['batch_size']}).")
        super().handle(*args, **options)

    def import_file(self, path: Path, **options: Any) -> ImportReport:
        show = not options["no_progress"] and sys.stderr.isatty()

        def progress(done: int) -> None:
            if show and done % 25 == 0:
                sys.stderr.write(f"\rĐã xử lý {done} dòng…")
                sys.stderr.flush()

        report = import_file(path, progress, batch=options["batch_size"])
        if show:
            sys.stderr.write("\n")
        return report

    def summary(self, report: ImportReport) -> str:
        return (
            f"Đã nhập {report.imported} hồ sơ; bỏ qua {report.skipped} hồ sơ đã có; {len(report.errors)} dòng lỗi "
            f"(tổng {report.total} dòng)."
        )
