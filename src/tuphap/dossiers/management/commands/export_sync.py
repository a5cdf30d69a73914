from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from tuphap.dossiers.models import SyncRecord


class Command(BaseCommand):
    help = "Write pending national-portal sync records as JSON lines and mark them sent."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", "-o", help="file to append to (default: standard output)")
        parser.add_argument("--limit", type=int, default=10_000)

    def handle(self, *args: Any, output: str | None, limit: int, **options: Any) -> None:
        with transaction.atomic():
            rows = list(SyncRecord.objects.select_for_update().filter(exported_at__isnull=True).order_by("id")[:limit])
            lines = [json.dumps({"id": r.pk, **r.payload}, ensure_ascii=False) for r in rows]
            if output:
                with open(output, "a", encoding="utf-8") as fh:
                    fh.writelines(line + "\n" for line in lines)
            else:
                for line in lines:
                    self.stdout.write(line)
            SyncRecord.objects.filter(pk__in=[r.pk for r in rows]).update(exported_at=timezone.now())
        self.stderr.write(f"{len(rows)} bản ghi đã xuất.")
