"""XLSX import and template of violation-handling figures (openpyxl).

The first sheet; row 1 holds the headers (``rules.STAT_HEADERS_VI``), then
one row per quarter, reporting body and field. Bad rows are reported with
their line number and skipped; good rows are saved (created or updated), so
importing the same file twice changes nothing.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import IO, Any
from zipfile import BadZipFile

from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from tuphap.orgs.permissions import require
from tuphap.workplans import rules, services

MAX_ROWS = 20_000


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line, message)

    @property
    def saved(self) -> int:
        return self.created + self.updated + self.unchanged


def _header_matches(values: list[Any]) -> bool:
    wanted = [rules.fold(h) for h in rules.STAT_HEADERS_VI]
    codes = list(rules.STAT_COLUMNS)
    got = [rules.fold(str(v or "")) for v in values[: len(wanted)]]
    return got == wanted or got == codes


def violation_stats_import(*, actor: Any, file: IO[bytes]) -> ImportReport:
    """Import the figures of a workbook; see the module's docstring."""
    if actor is not None:
        require(actor, "workplans.edit")
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError) as exc:
        raise ValidationError({"file": f"Không đọc được tệp XLSX: {exc}"}) from None
    report = ImportReport()
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None or not _header_matches(list(header)):
            raise ValidationError({"file": "Dòng 1 phải là tiêu đề: " + ", ".join(rules.STAT_HEADERS_VI)})
        for line, values in enumerate(rows, start=2):
            if line > MAX_ROWS + 1:
                report.errors.append((line, f"Tệp có quá {MAX_ROWS} dòng; phần còn lại bị bỏ qua"))
                break
            cells = list(values[: len(rules.STAT_COLUMNS)])
            if rules.is_blank_row(cells):
                continue
            row, errors = rules.parse_stat_row(cells)
            if row is None:
                report.errors.append((line, "; ".join(errors)))
                continue
            try:
                _stat, outcome = services.violation_stat_save(actor=actor, row=row)
            except PermissionDenied:
                raise
            except ValidationError as exc:
                report.errors.append((line, "; ".join(exc.messages)))
                continue
            setattr(report, outcome, getattr(report, outcome) + 1)
    finally:
        workbook.close()
    return report


def template_xlsx(rows: list[rules.StatRow] | None = None) -> bytes:
    """An empty import template (or the given rows) as XLSX bytes."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Số liệu XLVPHC"
    sheet.append(list(rules.STAT_HEADERS_VI))
    for row in rows or []:
        sheet.append([row.year, row.quarter, row.reporter, rules.FIELD_NAMES_VI[row.field], row.decisions, row.fines_imposed, row.fines_collected])
    for letter, width in zip("ABCDEFG", (8, 6, 40, 34, 22, 20, 20), strict=True):
        sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
