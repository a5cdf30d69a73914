from __future__ import annotations

import datetime as dt
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tuphap.dossiers.register import register_csv, register_xlsx
from tuphap.orgs.models import Agency


def _date(value: str, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{name} phải có dạng YYYY-MM-DD: “{value}”") from None


class Command(BaseCommand):
    help = "Write the register of dossiers (form 07) received in a period as XLSX or CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="start", required=True, help="YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="YYYY-MM-DD")
        parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
        parser.add_argument("--output", "-o", help="file to write (default: register-FROM-TO.FORMAT)")

    def handle(self, *args: Any, start: str, end: str, format: str, output: str | None, **options: Any) -> None:  # noqa: A002
        first, last = _date(start, "--from"), _date(end, "--to")
        if last < first:
            raise CommandError("--to phải sau hoặc bằng --from.")
        name = Agency.objects.filter(code=settings.TUPHAP_AGENCY_CODE).values_list("name", flat=True).first() or ""
        data = register_xlsx(first, last, name) if format == "xlsx" else register_csv(first, last)
        if output == "-":
            sys.stdout.buffer.write(data)
            return
        path = output or f"register-{first:%Y%m%d}-{last:%Y%m%d}.{format}"
        with open(path, "wb") as fh:
            fh.write(data)
        self.stderr.write(f"Đã ghi {path}")
