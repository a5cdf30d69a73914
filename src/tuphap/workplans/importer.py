"""XLSX import and template of violation-handling figures (openpyxl).

The first sheet; row 1 holds the headers (``rules.STAT_HEADERS_VI``), then
one row per quarter, reporting body and field. Bad rows are reported with
their line number and skipped; good rows are saved (created or updated), so
importing the same file twice changes nothing. A workbook that cannot be
imported as a whole (empty, too large, damaged, data on other sheets, wrong
header, no rows, too many rows) is refused before any row is saved.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook

from tuphap.core import xlsx
from tuphap.core.text import protect_formula_cells
from tuphap.orgs.permissions import require
from tuphap.workplans import rules, services

MAX_ROWS = 20_000
#: Limits of one workbook, checked before it is parsed (a larger one is refused whole).
MAX_BYTES = 10 * 1024 * 1024  # what it may unpack to: tuphap.core.xlsx.MAX_UNPACKED_BYTES


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


def _refuse(message: str) -> ValidationError:
    return ValidationError({"file": message})


def _size(file: IO[bytes]) -> int:
    size = getattr(file, "size", None)
    if isinstance(size, int):
        return size
    position = file.tell()
    file.seek(0, io.SEEK_END)
    end = file.tell()
    file.seek(position)
    return end - position


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


def _read(file: IO[bytes]) -> list[tuple[int, list[Any]]]:
    """The data rows of the first sheet, read whole before anything is saved;
    ValidationError on the field "file" when the workbook cannot be imported at all."""
    size = _size(file)
    if size == 0:
        raise _refuse(_("The file is empty."))
    if size > MAX_BYTES:
        raise _refuse(
            _("The file is %(size)s MB; at most %(max)s MB are imported at once: split it into smaller files.")
            % {"size": _mb(size), "max": _mb(MAX_BYTES)}
        )
    several = _(
        "The workbook has data on several sheets (%(sheets)s besides “%(first)s”): keep the figures on the first sheet only."  # noqa: E501
    )
    try:
        with xlsx.first_sheet_rows(
            file, several_sheets=several, label="violation figures", passthrough=(ValidationError,)
        ) as rows:
            header = next(rows, None)
            if header is None or not _header_matches(list(header)):
                raise _refuse("Dòng 1 phải là tiêu đề: " + ", ".join(rules.STAT_HEADERS_VI))
            lines: list[tuple[int, list[Any]]] = []
            for line, values in enumerate(rows, start=2):
                cells = [_cell(v) for v in (values or ())[: len(rules.STAT_COLUMNS)]]
                if rules.is_blank_row(cells):
                    continue
                if len(lines) >= MAX_ROWS:
                    raise _refuse(
                        _(
                            "The file has more than %(max)s data rows; split it into smaller files (nothing was imported)."  # noqa: E501
                        )
                        % {"max": MAX_ROWS}
                    )
                lines.append((line, cells))
    except xlsx.WorkbookRefused as exc:
        raise _refuse(str(exc)) from None
    if not lines:
        raise _refuse(_("The file has a header but no data rows."))
    return lines


def _cell(value: Any) -> Any:
    return xlsx.formula_text(value)


def violation_stats_import(*, actor: Any, file: IO[bytes]) -> ImportReport:
    """Import the figures of a workbook; see the module's docstring."""
    if actor is not None:
        require(actor, "workplans.edit")
    report = ImportReport()
    for line, cells in _read(file):
        row, errors = rules.parse_stat_row(cells)
        if row is None:
            report.errors.append((line, "; ".join(errors)))
            continue
        try:
            _stat, outcome = services.violation_stat_save(actor=actor, row=row)
        except ValidationError as exc:
            report.errors.append((line, "; ".join(exc.messages)))
            continue
        setattr(report, outcome, getattr(report, outcome) + 1)
    return report


def template_xlsx(rows: list[rules.StatRow] | None = None) -> bytes:
    """An empty import template (or the given rows) as XLSX bytes."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Số liệu XLVPHC"
    sheet.append(list(rules.STAT_HEADERS_VI))
    for row in rows or []:
        sheet.append(
            [
                row.year,
                row.quarter,
                row.reporter,
                rules.FIELD_NAMES_VI[row.field],
                row.decisions,
                row.fines_imposed,
                row.fines_collected,
            ]
        )
        protect_formula_cells(sheet[sheet.max_row])
    for letter, width in zip("ABCDEFG", (8, 6, 40, 34, 22, 20, 20), strict=True):
        sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
