"""``manage.py import_lawdocs FILE.json``: load documents and relations (idempotent)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tuphap.lawdocs.importer import import_lawdocs


class Command(BaseCommand):
    help = "Import legal documents and their relations from a JSON file (safe to run again)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="JSON file: {\"documents\": [...], \"relations\": [...]}")
        parser.add_argument("--strict", action="store_true", help="exit with an error if any record was bad")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise CommandError(f"Không tìm thấy tệp {path}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Không đọc được tệp {path}: {exc}") from None
        except json.JSONDecodeError as exc:
            raise CommandError(f"Tệp {path} không phải JSON hợp lệ (dòng {exc.lineno}, cột {exc.colno})") from None
        report = import_lawdocs(actor=None, data=data)
        for error in report.errors:
            self.stderr.write(f"Lỗi: {error}")
        self.stdout.write(
            f"Văn bản: {report.created} mới, {report.updated} cập nhật, {report.unchanged} không đổi; "
            f"quan hệ: {report.relations_added} mới, {report.relations_unchanged} không đổi; "
            f"{len(report.errors)} bản ghi lỗi."
        )
        if report.errors and options["strict"]:
            raise CommandError(f"{len(report.errors)} bản ghi lỗi (xem ở trên)")
