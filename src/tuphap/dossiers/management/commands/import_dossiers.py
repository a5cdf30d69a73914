from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tuphap.dossiers.history_bulk import BATCH
from tuphap.dossiers.importing import ImportFileError, import_file


class Command(BaseCommand):
    help = "Import dossiers from a CSV or XLSX file (idempotent; bad rows reported, good rows kept)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--no-progress", action="store_true")
        parser.add_argument(
            "--batch-size", type=int, default=BATCH, help=f"rows written per transaction (1–{BATCH * 5}; {BATCH})"
        )

    def handle(self, *args: Any, file: str, no_progress: bool, batch_size: int, **options: Any) -> None:
        if not 1 <= batch_size <= BATCH * 5:
            raise CommandError(f"--batch-size phải từ 1 đến {BATCH * 5} (nhận được {batch_size}).")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp “{file}”.")
        show = not no_progress and sys.stderr.isatty()

        def progress(done: int) -> None:
            if show and done % 25 == 0:
                sys.stderr.write(f"\rĐã xử lý {done} dòng…")
                sys.stderr.flush()

        try:
            report = import_file(path, progress, batch=batch_size)
        except ImportFileError as exc:  # the file as a whole: nothing was written
            raise CommandError(str(exc)) from None
        except (ValueError, UnicodeDecodeError) as exc:
            raise CommandError(f"Không đọc được tệp: {exc}") from None
        if show:
            sys.stderr.write("\n")
        for line, reason in report.errors:
            self.stderr.write(f"Dòng {line}: {reason}")
        self.stdout.write(
            f"Đã nhập {report.imported} hồ sơ; bỏ qua {report.skipped} hồ sơ đã có; {len(report.errors)} dòng lỗi "
            f"(tổng {report.total} dòng)."
        )
