"""``manage.py export_sync [--output FILE]``: the national-portal sync outbox as JSON lines.

Each line carries the record's ``id`` (the receiver's idempotency key). With
``--output`` every record reaches the file exactly once, even if the command
is killed at any moment: the lines are written and flushed to disk before
the records are marked exported in the same transaction, and a run killed
between the two left its lines at the end of the file, for records still
pending; the next run finds them there and does not write them again (and
cuts a line torn by the kill). On standard output a killed run's lines may
come again (same ids).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from tuphap.dossiers.changes import queue_changed
from tuphap.dossiers.models import Dossier, SyncRecord

BLOCK = 64 * 1024


def _lines_from_the_end(fh: Any, end: int) -> Iterator[bytes]:
    """The file's lines, last first; the first item is what follows the last
    newline (empty unless the last line is torn)."""
    position, rest = end, b""
    while position > 0:
        step = min(BLOCK, position)
        position -= step
        fh.seek(position)
        lines = (fh.read(step) + rest).split(b"\n")
        rest = lines.pop(0)  # it may begin further back
        yield from reversed(lines)
    yield rest


def written_before(path: Path, pending: set[int]) -> set[int]:
    """Ids of pending records whose lines already end the file (left by a run
    killed before it marked them); a torn last line is cut off."""
    if not path.exists():
        return set()
    found: set[int] = set()
    with open(path, "r+b") as fh:
        end = fh.seek(0, os.SEEK_END)
        lines = _lines_from_the_end(fh, end)
        torn = next(lines)
        if torn:
            fh.truncate(end - len(torn))  # its run was killed before marking: the record is still pending
        for line in lines:
            if not line.strip():
                continue
            try:
                record_id = json.loads(line)["id"]
            except (ValueError, KeyError, TypeError):
                break
            if record_id not in pending:
                break  # written by a run that marked its records: everything before is older
            found.add(record_id)
    return found


class Command(BaseCommand):
    help = (
        "Write pending national-portal sync records as JSON lines and mark them sent (exactly once per record with "
        "--output)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", "-o", help="file to append to (default: standard output)")
        parser.add_argument("--limit", type=int, default=10_000)

    def handle(self, *args: Any, output: str | None, limit: int, **options: Any) -> None:
        with transaction.atomic():
            rows = list(SyncRecord.objects.select_for_update().filter(exported_at__isnull=True).order_by("id")[:limit])
            if output:
                already = written_before(Path(output), {r.pk for r in rows})
                lines = [json.dumps({"id": r.pk, **r.payload}, ensure_ascii=False) for r in rows if r.pk not in already]
                with open(output, "a", encoding="utf-8") as fh:
                    fh.writelines(line + "\n" for line in lines)
                    fh.flush()
                    os.fsync(fh.fileno())  # on disk before the records are marked
                if already:
                    self.stderr.write(f"{len(already)} bản ghi đã có trong tệp từ lần xuất bị ngắt, không ghi lại.")
            else:
                for r in rows:
                    self.stdout.write(json.dumps({"id": r.pk, **r.payload}, ensure_ascii=False))
            now = timezone.now()
            SyncRecord.objects.filter(pk__in=[r.pk for r in rows]).update(exported_at=now)
            # the service index's synchronisation fact: when the portal first received the dossier
            dossier_ids = {r.dossier_id for r in rows}
            first = list(
                Dossier.objects.filter(pk__in=dossier_ids, synced_to_national_at__isnull=True).values_list(
                    "pk", flat=True
                )
            )
            Dossier.objects.filter(pk__in=first).update(synced_to_national_at=now)
            # the reports' queue: the index of the periods these dossiers count in changes
            queue_changed(first)
        self.stderr.write(f"{len(rows)} bản ghi đã xuất.")
