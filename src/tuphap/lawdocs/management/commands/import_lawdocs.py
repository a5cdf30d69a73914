"""``manage.py import_lawdocs FILE.json``: load documents and relations (idempotent)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tuphap.core.text import wide_encoding
from tuphap.lawdocs.importer import LawdocsFileError, import_lawdocs

#: A larger file is refused before it is read (the registry's whole history is a few MB).
MAX_BYTES = 50 * 1024 * 1024


def _read(path: Path) -> Any:
    """The JSON value of the file, or a CommandError with one Vietnamese line."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise CommandError(
                _("The file %(path)s is %(size)s MB; at most %(max)s MB are imported at once: split it.")
                % {
                    "path": path,
                    "size": f"{size / 1024 / 1024:.1f}".replace(".", ","),
                    "max": MAX_BYTES // 1024 // 1024,
                }
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise CommandError(f"Không tìm thấy tệp {path}") from None
    except OSError as exc:
        raise CommandError(f"Không đọc được tệp {path}: {exc.strerror or exc}") from None
    if not data.strip():
        raise CommandError(_("The file %(path)s is empty.") % {"path": path})
    if encoding := wide_encoding(data):
        raise CommandError(
            _("The file %(path)s is encoded in %(encoding)s; save it as UTF-8.") % {"path": path, "encoding": encoding}
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CommandError(
            _("The file %(path)s is not UTF-8 (line %(line)s, byte 0x%(byte)s); save it as UTF-8.")
            % {"path": path, "line": data[: exc.start].count(b"\n") + 1, "byte": f"{data[exc.start]:02X}"}
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CommandError(f"Tệp {path} không phải JSON hợp lệ (dòng {exc.lineno}, cột {exc.colno})") from None
    except RecursionError:
        raise CommandError(
            _("The file %(path)s nests lists or objects too deeply to be a file of documents.") % {"path": path}
        ) from None
    except ValueError:  # an integer of more than 4,300 digits
        raise CommandError(_("The file %(path)s holds a number too long to be read.") % {"path": path}) from None


class Command(BaseCommand):
    help = "Import legal documents and their relations from a JSON file (safe to run again)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help='JSON file: {"documents": [...], "relations": [...]}')
        parser.add_argument("--strict", action="store_true", help="exit with an error if any record was bad")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        data = _read(path)
        try:
            report = import_lawdocs(actor=None, data=data)
        except LawdocsFileError as exc:  # the shape of the whole file: nothing was written
            raise CommandError(f"Không nhập tệp {path}: {exc}") from None
        for error in report.errors:
            self.stderr.write(f"Lỗi: {error}")
        documents, relations = report.documents, report.relations
        self.stdout.write(
            f"Văn bản: {documents.created} mới, {documents.updated} cập nhật, {documents.unchanged} không đổi; "
            f"quan hệ: {relations.added} mới, {relations.unchanged} không đổi; "
            f"{len(report.errors)} bản ghi lỗi."
        )
        if report.errors and options["strict"]:
            raise CommandError(f"{len(report.errors)} bản ghi lỗi (xem ở trên)")
