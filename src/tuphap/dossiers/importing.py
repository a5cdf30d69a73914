"""Import dossiers from the programs the department runs today (CSV or XLSX).

Every row is played by the services' rules (``history_bulk.PastDossier``:
the receipt at the given time, then the supplement pause, resolve and return
at their times), so appointments are computed by the working-day engine
exactly as for a new dossier, and written in batches (``history_bulk``: one
multi-row statement per table, one transaction per batch). A row without
``agency_code`` is received by the agency in force at ``received_at`` (the
department before or after a merger); a given code is kept (legacy data).
Importing a file twice adds nothing: each row has an import key (its code
when given, else a hash of its identifying fields). Bad rows are reported
with their line number and reason; good rows are kept. ``import_row`` is the
same row through the services, one at a time (the reference the tests
compare the bulk path with). The optional columns ``synced_at``,
``digitised_components``, ``electronic_result`` and ``paid_online`` give the
service index's facts of a past dossier; both paths write them alike.

The file is read and checked whole before the first row is written: a file
that cannot be imported as a whole (not CSV in UTF-8 nor XLSX, damaged,
larger than ``MAX_BYTES``, more than ``MAX_ROWS`` rows, data on several
sheets, unknown, repeated or missing columns, no data row) raises
:class:`ImportFileError` and writes nothing. Cells are text: a formula in an
XLSX is read as its text, never as the value Excel computed.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import hashlib
import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.core import xlsx
from tuphap.core.errors import ConflictError
from tuphap.core.import_limits import size_refusal
from tuphap.core.text import INVISIBLE, TextError, clean_code, wide_encoding
from tuphap.core.tz import LOCAL_TZ as LOCAL
from tuphap.dossiers import services
from tuphap.dossiers.history_bulk import BATCH, Lookups, PastDossier, write_batch
from tuphap.dossiers.models import Dossier
from tuphap.orgs.models import Agency

COLUMNS = [
    "code",
    "procedure_code",
    "agency_code",
    "applicant_name",
    "phone",
    "channel",
    "received_at",
    "supplement_requested_at",
    "supplement_received_at",
    "resolved_at",
    "returned_at",
    "outcome",
    # the service index's facts of past dossiers (reports/service_index.py), all optional
    "synced_at",
    "digitised_components",
    "electronic_result",
    "paid_online",
]
REQUIRED = ["procedure_code", "applicant_name", "channel", "received_at"]
TIME_COLUMNS = [
    "received_at",
    "supplement_requested_at",
    "supplement_received_at",
    "resolved_at",
    "returned_at",
    "synced_at",
]
YES, NO = {"1", "true", "yes", "có", "x"}, {"", "0", "false", "no", "không"}
#: Limits of one file, checked before anything is written (a larger file is refused whole).
MAX_BYTES = 20 * 1024 * 1024  # what an XLSX may unpack to: tuphap.core.xlsx.MAX_UNPACKED_BYTES
MAX_ROWS = 50_000
#: No dossier of this department can be older than the state (2 September 1945).
EARLIEST = dt.datetime(1945, 9, 2, tzinfo=LOCAL)


class ImportFileError(ValueError):
    """The file as a whole cannot be imported (nothing is written); the message is for the person."""


@dataclass
class ImportReport:
    imported: int = 0
    skipped: int = 0  # already imported earlier
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.imported + self.skipped + len(self.errors)


@dataclass
class Row:
    """One data row: its line as a spreadsheet shows it (header = 1), its cells by column, or why it is unreadable."""

    line: int
    values: dict[str, str]
    error: str = ""


def read_rows(
    path: Path,
    *,
    columns: list[str] = COLUMNS,
    required: list[str] = REQUIRED,
    aliases: dict[str, str] | None = None,
    label: str = "dossiers",
    several_sheets: str | None = None,
) -> list[Row]:
    """Every data row of the file, read whole before anything is written.

    ``columns``, ``required`` and ``aliases`` (another heading → column) are the
    dossiers' by default; ``import_procedures`` reads its own columns with it.

    Raises :class:`ImportFileError` when the file cannot be imported at all:
    wrong type, empty, too large, not UTF-8, damaged XLSX, unknown, missing or
    repeated columns, no data rows, too many rows.
    """
    suffix = path.suffix.lower()
    if suffix not in {".csv", ".txt", ".xlsx"}:
        raise ValueError(f"Chỉ nhận tệp CSV hoặc XLSX (không nhận “{suffix or path.name}”).")
    if refusal := size_refusal(path.stat().st_size, max_bytes=MAX_BYTES):
        raise ImportFileError(refusal)
    header, lines = _xlsx_table(path, label, several_sheets) if suffix == ".xlsx" else _csv_table(path.read_bytes())
    columns = _check_header(header, columns, required, aliases or {})
    rows: list[Row] = []
    for line, cells in lines:
        if all(not c for c in cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise ImportFileError(
                _("The file has more than %(max)s data rows; split it into smaller files (nothing was imported).")
                % {"max": MAX_ROWS}
            )
        extra = [c for c in cells[len(columns) :] if c]
        if extra:
            rows.append(
                Row(
                    line,
                    {},
                    _("the row has %(count)s cells, more than the %(columns)s columns of the header")
                    % {"count": len(cells), "columns": len(columns)},
                )
            )
            continue
        rows.append(Row(line, {name: value for name, value in zip(columns, cells, strict=False) if name}))
    if not rows:
        raise ImportFileError(_("The file has a header but no data rows."))
    return rows


def _clean_cell(value: str) -> str:
    return unicodedata.normalize("NFC", value).strip()


def _csv_table(data: bytes) -> tuple[list[str], list[tuple[int, list[str]]]]:
    if encoding := wide_encoding(data):
        raise ImportFileError(
            _("The file is encoded in %(encoding)s; save it as “CSV UTF-8” and import it again.")
            % {"encoding": encoding}
        )
    if b"\x00" in data:
        raise ImportFileError(
            _(
                "The file contains NUL bytes (line %(line)s): it is not CSV text in UTF-8 (perhaps UTF-16 “Unicode text” or not a CSV at all). Save it as “CSV UTF-8”."  # noqa: E501
            )
            % {"line": data[: data.index(b"\x00")].count(b"\n") + 1}
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _(
                "The file is not UTF-8 (line %(line)s, byte 0x%(byte)s): it was probably saved as Windows-1258 or another old encoding. Save it as “CSV UTF-8” and import it again."  # noqa: E501
            )
            % {"line": data[: exc.start].count(b"\n") + 1, "byte": f"{data[exc.start]:02X}"}
        ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)  # Excel on a Vietnamese Windows writes “;”
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    lines: list[tuple[int, list[str]]] = []
    try:
        for cells in reader:
            if header is None:
                header = cells
                continue
            lines.append((reader.line_num, [_clean_cell(c) for c in cells]))
            if len(lines) > MAX_ROWS + 1000:  # blank lines aside, far too many: stop reading
                break
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise ImportFileError(
                _("The file cannot be read: line %(line)s has a cell longer than %(limit)s characters.")
                % {"line": reader.line_num, "limit": f"{csv.field_size_limit():,}".replace(",", ".")}
            ) from None
        raise ImportFileError(
            _("Line %(line)s cannot be read as CSV: %(error)s") % {"line": reader.line_num, "error": exc}
        ) from None
    return header or [], lines


def _xlsx_table(
    path: Path, label: str = "dossiers", several: str | None = None
) -> tuple[list[str], list[tuple[int, list[str]]]]:
    several = several or _(
        "The workbook has data on several sheets (%(sheets)s besides “%(first)s”): keep the dossiers on the first sheet only."  # noqa: E501
    )
    try:
        with xlsx.first_sheet_rows(path, several_sheets=several, label=f"{label} import {path}") as rows:
            header = [_cell(v) for v in next(rows, None) or []]
            lines: list[tuple[int, list[str]]] = []
            for number, values in enumerate(rows, start=2):
                lines.append((number, [_cell(v) for v in values or ()]))
                if len(lines) > MAX_ROWS + 1000:
                    break
    except xlsx.WorkbookRefused as exc:
        raise ImportFileError(str(exc)) from None
    return header, lines


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return _clean_cell(str(xlsx.formula_text(value)))


def _check_header(
    header: list[str],
    expected: list[str] = COLUMNS,
    required: list[str] = REQUIRED,
    aliases: dict[str, str] | None = None,
) -> list[str]:
    """The column of each cell; refuses unknown, repeated and missing columns
    (an unknown column would be dropped silently: a renamed ``resolved_at``
    would import finished dossiers as unfinished)."""
    columns = [
        " ".join("".join(ch for ch in unicodedata.normalize("NFC", h) if ch not in INVISIBLE).split()).lower()
        for h in header
    ]
    columns = [(aliases or {}).get(c, c) for c in columns]
    while columns and not columns[-1]:
        columns.pop()
    problems: list[str] = []
    unknown = [c for c in columns if c and c not in expected]
    for name in unknown:
        close = difflib.get_close_matches(name, expected, n=1)
        problems.append(
            _("unknown column “%(column)s” (did you mean “%(suggestion)s”?)") % {"column": name, "suggestion": close[0]}
            if close
            else _("unknown column “%(column)s”") % {"column": name}
        )
    repeated = sorted({c for c in columns if c and columns.count(c) > 1})
    if repeated:
        problems.append(_("repeated columns: %(columns)s") % {"columns": ", ".join(repeated)})
    if "" in columns:
        problems.append(_("column %(number)s has no name") % {"number": columns.index("") + 1})
    missing = [c for c in required if c not in columns]
    if missing:
        problems.append("Thiếu cột bắt buộc: " + ", ".join(missing))
    if problems:
        raise ImportFileError(
            _("The header (line 1) is not the one expected: %(problems)s. The columns are: %(columns)s.")
            % {"problems": "; ".join(problems), "columns": ", ".join(expected)}
        )
    return columns


def _when(row: dict[str, str], column: str, *, required: bool = False) -> dt.datetime | None:
    raw = row.get(column, "").strip()
    if not raw:
        if required:
            raise ValidationError({column: "bắt buộc"})
        return None
    try:
        value = dt.datetime.fromisoformat(raw.replace(" ", "T", 1) if "T" not in raw and len(raw) > 10 else raw)
    except ValueError:
        if re.match(r"\d{4}-\d{2}-\d{2}", raw, re.ASCII):
            raise ValidationError(
                {column: _("“%(value)s”: no such day or time in the calendar") % {"value": raw}}
            ) from None
        raise ValidationError({column: f"“{raw}” không phải thời điểm ISO 8601"}) from None
    value = value.replace(tzinfo=LOCAL) if value.tzinfo is None else value
    if value < EARLIEST:
        raise ValidationError({column: _("“%(value)s” is before 2 September 1945") % {"value": raw}})
    if value > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError(
            {
                column: _("“%(value)s” is in the future: an imported dossier's times have already happened")
                % {"value": raw}
            }
        )
    return value


def _yes(row: dict[str, str], column: str) -> bool:
    raw = (row.get(column) or "").strip().lower()
    if raw in YES:
        return True
    if raw in NO:
        return False
    raise ValidationError({column: f"“{raw}” phải là có/không (1/0)"})


def _key(row: dict[str, str]) -> str:
    if row.get("code"):
        return "code:" + row["code"].strip()
    basis = "|".join(
        " ".join("".join(ch for ch in row.get(c, "") if ch not in INVISIBLE).split())
        for c in ("procedure_code", "agency_code", "applicant_name", "phone", "received_at")
    )
    return "row:" + hashlib.sha256(basis.encode()).hexdigest()[:40]


@dataclass
class ParsedRow:
    """A row checked on its own (no database read): its key, the times in order, the outcome."""

    key: str
    values: dict[str, str]
    received: dt.datetime
    asked: dt.datetime | None
    supplied: dt.datetime | None
    resolved: dt.datetime | None
    returned: dt.datetime | None
    outcome: str
    paid_online: bool = False
    electronic_result: bool = False
    #: the service index's facts the row gives (``synced_to_national_at``, ``digitised_components``)
    facts: dict[str, Any] = field(default_factory=dict)

    @property
    def code(self) -> str | None:
        return self.values.get("code") or None


def parse_row(row: dict[str, str]) -> ParsedRow:
    """Check one row without the database; raises ValidationError (per column) on a bad row."""
    row = dict(row)
    for column in ("code", "procedure_code", "agency_code"):
        if row.get(column):
            try:
                row[column] = clean_code(row[column])
            except TextError as exc:
                raise ValidationError({column: str(exc)}) from None
    key = _key(row)
    received = _when(row, "received_at", required=True)
    assert received is not None  # noqa: S101 - required
    asked, supplied = _when(row, "supplement_requested_at"), _when(row, "supplement_received_at")
    resolved, returned = _when(row, "resolved_at"), _when(row, "returned_at")
    outcome = (row.get("outcome") or "").strip().lower() or ("approved" if resolved else "")
    if supplied and not asked:
        raise ValidationError({"supplement_received_at": "có ngày nhận bổ sung mà không có ngày yêu cầu bổ sung"})
    times = [t for t in (received, asked, supplied, resolved, returned) if t is not None]
    if times != sorted(times):
        raise ValidationError(
            {
                "received_at": (
                    "các thời điểm không theo thứ tự (tiếp nhận ≤ yêu cầu bổ sung ≤ nhận bổ sung ≤ có kết quả ≤ trả)"
                )
            }
        )
    if outcome and outcome not in {"approved", "rejected"}:
        raise ValidationError({"outcome": f"“{outcome}” phải là approved hoặc rejected"})
    flags = {name: _yes(row, name) for name in ("electronic_result", "paid_online")}
    synced = _when(row, "synced_at")
    if synced is not None and synced < received:
        raise ValidationError({"synced_at": "thời điểm đồng bộ trước thời điểm tiếp nhận"})
    digitised_text = (row.get("digitised_components") or "").strip()
    if digitised_text and (not digitised_text.isdigit() or int(digitised_text) > 100):
        raise ValidationError({"digitised_components": f"“{digitised_text}” phải là số thành phần đã số hóa (0–100)"})
    if resolved and asked and not supplied:
        raise ValidationError({"resolved_at": "hồ sơ đang chờ bổ sung không thể có kết quả"})
    if returned and not resolved:
        raise ValidationError({"returned_at": "có ngày trả mà không có ngày có kết quả"})
    facts: dict[str, Any] = {"synced_to_national_at": synced} if synced is not None else {}
    if digitised_text:
        facts["digitised_components"] = int(digitised_text)
    return ParsedRow(
        key,
        row,
        received,
        asked,
        supplied,
        resolved,
        returned,
        outcome,
        paid_online=flags["paid_online"],
        electronic_result=flags["electronic_result"],
        facts=facts,
    )


def _agency(parsed: ParsedRow, lookups: Lookups) -> Agency:
    """The given agency (legacy data keeps its code), else the agency in force at receipt."""
    code = (parsed.values.get("agency_code") or "").strip()
    if code:
        agency = lookups.agency(code)
        if agency is None:
            raise ValidationError({"agency_code": f"không có cơ quan mã “{code}”"})
        return agency
    procedure = lookups.procedure(parsed.values["procedure_code"].strip(), _day(parsed.received))
    return lookups.agency_in_force(procedure.agency, _day(parsed.received))


def _day(at: dt.datetime) -> dt.date:
    return at.astimezone(LOCAL).date()


LEGACY_NOTE = "(nhập từ hệ thống cũ)"


def import_row(row: dict[str, str], lookups: Lookups | None = None) -> bool:
    """Import one row through the services, one transaction; False if it was
    imported before. Raises on a bad row. (The reference of the bulk path,
    which ``import_file`` uses.)"""
    parsed = parse_row(row)
    code = parsed.code
    if Dossier.objects.filter(import_key=parsed.key).exists() or (code and Dossier.objects.filter(code=code).exists()):
        return False
    lookups = lookups or Lookups()
    agency = _agency(parsed, lookups)
    values = parsed.values
    with transaction.atomic():
        dossier = services.dossier_receive(
            actor=None,
            procedure_code=values["procedure_code"].strip(),
            channel=values["channel"].strip().lower(),
            applicant={"name": values.get("applicant_name", ""), "phone": values.get("phone", "")},
            received_at=parsed.received,
            agency=agency,
            code=code,
            import_key=parsed.key,
            flags={"online_payment": parsed.paid_online},
        )
        if parsed.facts:  # the history's facts, as the services would have recorded them
            Dossier.objects.filter(pk=dossier.pk).update(**parsed.facts)
        if parsed.asked:
            services.dossier_request_supplement(actor=None, dossier=dossier, items=[LEGACY_NOTE], at=parsed.asked)
            if parsed.supplied:
                services.dossier_supplement_received(actor=None, dossier=dossier, at=parsed.supplied)
        if parsed.resolved:
            services.dossier_resolve(
                actor=None,
                dossier=dossier,
                outcome=parsed.outcome or "approved",
                reason=LEGACY_NOTE if parsed.outcome == "rejected" else "",
                electronic_result=parsed.electronic_result,
                at=parsed.resolved,
            )
            if parsed.returned:
                services.dossier_return(actor=None, dossier=dossier, at=parsed.returned)
    return True


def past_dossier(parsed: ParsedRow, lookups: Lookups) -> PastDossier:
    """The row played in memory by the services' rules (``history_bulk``), ready to be written in a batch."""
    values = parsed.values
    day = _day(parsed.received)
    procedure = lookups.procedure(values["procedure_code"].strip(), day)
    agency = _agency(parsed, lookups)
    past = PastDossier(
        procedure=procedure,
        agency=agency,
        clock=lookups.clock(agency),
        channel=values["channel"].strip().lower(),
        received_at=parsed.received,
        applicant={"name": values.get("applicant_name", ""), "phone": values.get("phone", "")},
        import_key=parsed.key,
        code=parsed.code,
        flags={"online_payment": parsed.paid_online},
        receiving_point=lookups.receiving_point(values["channel"].strip().lower(), day),
        facts=parsed.facts,
    )
    if parsed.asked:
        past.request_supplement(items=[LEGACY_NOTE], at=parsed.asked)
        if parsed.supplied:
            past.supplement_received(at=parsed.supplied)
    if parsed.resolved:
        past.resolve(
            outcome=parsed.outcome or "approved",
            reason=LEGACY_NOTE if parsed.outcome == "rejected" else "",
            electronic_result=parsed.electronic_result,
            at=parsed.resolved,
        )
        if parsed.returned:
            past.return_(at=parsed.returned)
    return past


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        parts = (
            [f"{k}: {'; '.join(v)}" for k, v in exc.message_dict.items()]
            if hasattr(exc, "error_dict")
            else exc.messages
        )
        return "; ".join(parts)
    return str(exc) or type(exc).__name__


def _write(pending: list[tuple[int, PastDossier]], report: ImportReport) -> None:
    """Write a batch whole; if the database refuses it (a code or key written
    meanwhile by another import, a day out of numbers), each dossier again on its own."""
    if not pending:
        return
    try:
        result = write_batch(p for _, p in pending)
    except (IntegrityError, ConflictError) as exc:
        if len(pending) > 1:
            for one in pending:
                _write([one], report)
            return
        line, past = pending[0]
        key, code = past.dossier.import_key, past.given_code
        if Dossier.objects.filter(import_key=key).exists() or (code and Dossier.objects.filter(code=code).exists()):
            report.skipped += 1  # imported concurrently by another process
        else:
            report.errors.append((line, _message(exc)))
        return
    report.imported += len(result.written)
    report.skipped += len(result.skipped)


def import_file(
    path: Path,
    progress: Callable[[int], None] | None = None,
    *,
    through_services: bool = False,
    batch: int = BATCH,
) -> ImportReport:
    """Import the good rows of a file; report the bad ones with their line.

    The file is read and checked whole first (:func:`read_rows`): a file that
    cannot be imported as a whole raises :class:`ImportFileError` and writes
    nothing. Each row is checked and played in memory by the services' rules,
    then written with the others of its batch (``batch`` rows, ``history_bulk.BATCH``
    unless told: one transaction, whole or not at all). ``through_services``: one row at a
    time through the services instead (the reference; slow).
    """
    rows = read_rows(path)
    report = ImportReport()
    lookups = Lookups()
    pending: list[tuple[int, PastDossier]] = []
    with services.quiet():
        for done, item in enumerate(rows, start=1):
            if item.error:
                report.errors.append((item.line, item.error))
                continue
            try:
                if through_services:
                    if import_row(item.values, lookups):
                        report.imported += 1
                    else:
                        report.skipped += 1
                else:
                    pending.append((item.line, past_dossier(parse_row(item.values), lookups)))
            except (ValidationError, ConflictError, PermissionDenied) as exc:
                report.errors.append((item.line, _message(exc)))
            except IntegrityError as exc:  # through the services: imported concurrently by another process
                if Dossier.objects.filter(import_key=_key(item.values)).exists():
                    report.skipped += 1
                else:
                    report.errors.append((item.line, _message(exc)))
            if len(pending) >= batch:
                _write(pending, report)
                pending = []
            if progress is not None:
                progress(done)
        _write(pending, report)
    report.errors.sort()
    return report
