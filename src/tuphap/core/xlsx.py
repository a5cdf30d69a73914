"""Opening a workbook someone uploaded (XLSX imports of dossiers, figures, …).

An XLSX is a zip of XML: before openpyxl parses it, its size once unpacked is
summed from the zip's directory and a larger one is refused whole (a "zip
bomb" of a few hundred kilobytes can unpack to gigabytes). It is then read
in openpyxl's read-only (streaming) mode with ``data_only=False``, so that a
formula arrives as its text (``=HYPERLINK(…)``), never as a value Excel
computed and stored beside it. Only the first sheet is read, and a workbook
with data on any other sheet is refused, so that no row is silently left out.
Any failure to parse is reported to the person as a damaged file (and logged).
"""

from __future__ import annotations

import logging
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Final

from django.utils.translation import gettext as _

#: What a workbook may unpack to. The stricter of the two importers' former
#: limits (dossiers 200 MB, violation figures 100 MB): 50,000 dossier rows
#: unpack to well under half of it.
MAX_UNPACKED_BYTES: Final = 100 * 1024 * 1024
logger = logging.getLogger(__name__)


class WorkbookRefused(Exception):
    """The workbook cannot be read as a whole; the message is for the person."""


def damaged_message() -> str:
    return _(
        "The file is not a readable XLSX workbook: it is damaged, truncated or not XLSX at all (save it again from Excel as “Excel Workbook (.xlsx)”)."  # noqa: E501
    )


def megabytes(size: int) -> str:
    """A size in MB with one decimal, written the Vietnamese way (``12,5``)."""
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


def formula_text(value: Any) -> Any:
    """A cell's value, with array and data-table formulas (objects in
    openpyxl) as their text like any other formula."""
    text = getattr(value, "text", None)
    return text if isinstance(text, str) else value


def _has_data(sheet: Any) -> bool:
    return any(v not in (None, "") for row in sheet.iter_rows(values_only=True) for v in row)


@contextmanager
def first_sheet_rows(
    source: Path | IO[bytes],
    *,
    several_sheets: str,
    label: str,
    passthrough: tuple[type[Exception], ...] = (),
) -> Iterator[Iterator[tuple[Any, ...]]]:
    """The rows of the first sheet (tuples of values, row 1 first), read
    within the ``with`` block; the workbook is closed when it ends.

    Raises :class:`WorkbookRefused` when the workbook is damaged or not XLSX,
    unpacks to more than ``MAX_UNPACKED_BYTES``, has no sheet, or has data on
    another sheet (``several_sheets``: the message, with ``%(sheets)s`` and
    ``%(first)s``). An exception raised inside the block is a damaged file
    too, unless it is a ``WorkbookRefused`` or one of ``passthrough`` (the
    caller's own refusals). ``label`` names the import in the log.
    """
    try:
        with zipfile.ZipFile(source) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise WorkbookRefused(damaged_message()) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise WorkbookRefused(
            _("The workbook unpacks to %(size)s MB, more than the %(max)s MB allowed: split it into smaller files.")
            % {"size": megabytes(unpacked), "max": megabytes(MAX_UNPACKED_BYTES)}
        )
    if not isinstance(source, Path):
        source.seek(0)
    from openpyxl import load_workbook

    try:
        # data_only=False: a formula is read as its text, never as a value Excel computed
        workbook = load_workbook(source, read_only=True, data_only=False)
        try:
            sheets = workbook.worksheets
            if not sheets:
                raise WorkbookRefused(_("The workbook has no sheet."))
            others = [sheet.title for sheet in sheets[1:] if _has_data(sheet)]
            if others:
                raise WorkbookRefused(
                    several_sheets % {"sheets": ", ".join(f"“{t}”" for t in others), "first": sheets[0].title}
                )
            yield sheets[0].iter_rows(values_only=True)
        finally:
            workbook.close()
    except WorkbookRefused:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure to parse an untrusted workbook is a damaged file for the person
        if isinstance(exc, passthrough):
            raise
        logger.warning("unreadable XLSX workbook (%s)", label, exc_info=True)
        raise WorkbookRefused(damaged_message()) from None
