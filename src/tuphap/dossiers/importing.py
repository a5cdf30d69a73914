"""Import dossiers from the programs the department runs today (CSV or XLSX).

Every row goes through the services (``dossier_receive`` with the given
receipt time, then the supplement pause, resolve and return at their times),
so appointments are computed by the working-day engine exactly as for a new
dossier. Importing a file twice adds nothing: each row has an import key (its
code when given, else a hash of its identifying fields). Bad rows are reported
with their line number and reason; good rows are kept.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from tuphap.core.errors import ConflictError
from tuphap.dossiers import services
from tuphap.dossiers.models import Dossier
from tuphap.orgs.models import Agency

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
COLUMNS = [
    "code", "procedure_code", "agency_code", "applicant_name", "phone", "channel", "received_at",
    "supplement_requested_at", "supplement_received_at", "resolved_at", "returned_at", "outcome",
]
REQUIRED = ["procedure_code", "applicant_name", "channel", "received_at"]


@dataclass
class ImportReport:
    imported: int = 0
    skipped: int = 0  # already imported earlier
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.imported + self.skipped + len(self.errors)


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) pairs; line numbers as a spreadsheet shows them (header = 1)."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        workbook = load_workbook(path, read_only=True, data_only=True)
        sheet = workbook.active
        if sheet is None:
            raise ValueError("Tệp XLSX không có trang tính nào.")
        rows = sheet.iter_rows(values_only=True)
        header = [str(h or "").strip() for h in next(rows, [])]
        _check_header(header)
        for number, values in enumerate(rows, start=2):
            if values is None or all(v in (None, "") for v in values):
                continue
            yield number, {h: _cell(v) for h, v in zip(header, values, strict=False) if h}
        workbook.close()
        return
    if suffix not in {".csv", ".txt"}:
        raise ValueError(f"Chỉ nhận tệp CSV hoặc XLSX (không nhận “{suffix or path.name}”).")
    text = path.read_bytes().decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    _check_header([h.strip() for h in reader.fieldnames or []])
    for row in reader:
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        yield reader.line_num, {(k or "").strip(): (v or "").strip() for k, v in row.items() if isinstance(v, str)}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return str(value).strip()


def _check_header(header: list[str]) -> None:
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ValueError("Thiếu cột bắt buộc: " + ", ".join(missing))


def _when(row: dict[str, str], column: str, *, required: bool = False) -> dt.datetime | None:
    raw = row.get(column, "").strip()
    if not raw:
        if required:
            raise ValidationError({column: "bắt buộc"})
        return None
    try:
        value = dt.datetime.fromisoformat(raw.replace(" ", "T", 1) if "T" not in raw and len(raw) > 10 else raw)
    except ValueError:
        raise ValidationError({column: f"“{raw}” không phải thời điểm ISO 8601"}) from None
    return value.replace(tzinfo=LOCAL) if value.tzinfo is None else value


def _key(row: dict[str, str]) -> str:
    if row.get("code"):
        return "code:" + row["code"].strip()
    basis = "|".join(row.get(c, "").strip() for c in ("procedure_code", "agency_code", "applicant_name", "phone", "received_at"))
    return "row:" + hashlib.sha256(basis.encode()).hexdigest()[:40]


def import_row(row: dict[str, str]) -> bool:
    """Import one row; False if it was imported before. Raises on a bad row."""
    key = _key(row)
    if Dossier.objects.filter(import_key=key).exists() or (row.get("code") and Dossier.objects.filter(code=row["code"].strip()).exists()):
        return False
    received = _when(row, "received_at", required=True)
    asked, supplied = _when(row, "supplement_requested_at"), _when(row, "supplement_received_at")
    resolved, returned = _when(row, "resolved_at"), _when(row, "returned_at")
    outcome = (row.get("outcome") or "").strip().lower() or ("approved" if resolved else "")
    if supplied and not asked:
        raise ValidationError({"supplement_received_at": "có ngày nhận bổ sung mà không có ngày yêu cầu bổ sung"})
    times = [t for t in (received, asked, supplied, resolved, returned) if t is not None]
    if times != sorted(times):
        raise ValidationError({"received_at": "các thời điểm không theo thứ tự (tiếp nhận ≤ yêu cầu bổ sung ≤ nhận bổ sung ≤ có kết quả ≤ trả)"})
    if outcome and outcome not in {"approved", "rejected"}:
        raise ValidationError({"outcome": f"“{outcome}” phải là approved hoặc rejected"})
    agency = None
    if row.get("agency_code"):
        agency = Agency.objects.filter(code=row["agency_code"].strip()).first()
        if agency is None:
            raise ValidationError({"agency_code": f"không có cơ quan mã “{row['agency_code']}”"})
    with transaction.atomic():
        dossier = services.dossier_receive(
            actor=None, procedure_code=row["procedure_code"].strip(), channel=row["channel"].strip().lower(),
            applicant={"name": row.get("applicant_name", ""), "phone": row.get("phone", "")},
            received_at=received, agency=agency, code=row.get("code") or None, import_key=key,
        )
        if asked:
            services.dossier_request_supplement(actor=None, dossier=dossier, items=["(nhập từ hệ thống cũ)"], at=asked)
            if supplied:
                services.dossier_supplement_received(actor=None, dossier=dossier, at=supplied)
        if resolved:
            if asked and not supplied:
                raise ValidationError({"resolved_at": "hồ sơ đang chờ bổ sung không thể có kết quả"})
            services.dossier_resolve(
                actor=None, dossier=dossier, outcome=outcome or "approved",
                reason="(nhập từ hệ thống cũ)" if outcome == "rejected" else "", at=resolved,
            )
            if returned:
                services.dossier_return(actor=None, dossier=dossier, at=returned)
        elif returned:
            raise ValidationError({"returned_at": "có ngày trả mà không có ngày có kết quả"})
    return True


def import_file(path: Path, progress: Callable[[int], None] | None = None) -> ImportReport:
    report = ImportReport()
    with services.quiet():
        for number, row in read_rows(path):
            try:
                if import_row(row):
                    report.imported += 1
                else:
                    report.skipped += 1
            except ValidationError as exc:
                parts = [f"{k}: {'; '.join(v)}" for k, v in exc.message_dict.items()] if hasattr(exc, "error_dict") else exc.messages
                report.errors.append((number, "; ".join(parts)))
            except (ConflictError, PermissionDenied, IntegrityError) as exc:
                if isinstance(exc, IntegrityError) and Dossier.objects.filter(import_key=_key(row)).exists():
                    report.skipped += 1  # imported concurrently by another process
                else:
                    report.errors.append((number, str(exc) or type(exc).__name__))
            if progress is not None:
                progress(report.total)
    return report
