from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from tuphap.reports.quarterly import RENDERERS, QuarterError, build, parse_quarter
from tuphap.reports.services import aggregates_refresh


class Command(BaseCommand):
    help = "Write the quarterly report (docx, xlsx, html or pdf) from the data."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quarter", required=True, help="e.g. 2022Q1")
        parser.add_argument("--format", choices=sorted(RENDERERS), default="docx")
        parser.add_argument("--out", help="file to write (default: bao-cao-2022Q1.<format>)")
        parser.add_argument("--as-of", dest="as_of", help="ISO 8601 instant; default now")

    def handle(self, *args: Any, quarter: str, format: str, out: str | None, as_of: str | None, **options: Any) -> None:  # noqa: A002
        try:
            year, q = parse_quarter(quarter)
        except QuarterError as exc:
            raise CommandError(str(exc)) from None
        when = None
        if as_of:
            try:
                when = dt.datetime.fromisoformat(as_of)
            except ValueError:
                raise CommandError(f"--as-of không đúng dạng ISO 8601: “{as_of}”") from None
            if timezone.is_naive(when):
                when = timezone.make_aware(when)
        aggregates_refresh(actor=None)  # the dossiers changed since the job's last run count too
        report = build(year, q, as_of=when)
        path = Path(out or f"bao-cao-{year}Q{q}.{format}")
        path.write_bytes(RENDERERS[format](report))
        c = report.total.counts
        self.stdout.write(
            f"{path}: {c.received} hồ sơ tiếp nhận, {c.received_late} trễ hạn; {c.finished} đã giải quyết."
        )
        if report.incomplete:
            self.stdout.write(report.incomplete)
