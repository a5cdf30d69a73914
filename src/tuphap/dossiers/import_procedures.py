"""Import the procedures catalogue from the national procedures database's export (CSV or XLSX).

The columns are those the national database (Cơ sở dữ liệu quốc gia về thủ
tục hành chính) publishes for a procedure, under their English keys or their
Vietnamese headings (``ALIASES``); docs/domain/catalogue.md describes each.
Every good row becomes a version through ``procedures.procedure_publish``
(audited): a new procedure, a new version when its content changed from
``valid_from``, an end (``valid_to``, with who handles it now), or nothing
when it is already there; importing a file twice adds nothing.

All or nothing **per row**: each row is published whole or not at all, and
every bad row is reported with its line (as a spreadsheet numbers it, the
header being line 1) and the reason in Vietnamese; the good rows are kept.
The file as a whole is read and checked first with the dossiers import's
reader (``importing.read_rows``): a file that cannot be read writes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from tuphap.core.text import TextError, clean_code
from tuphap.dossiers.importing import read_rows
from tuphap.dossiers.models import Channel, LimitUnit, Procedure
from tuphap.dossiers.procedures import procedure_publish
from tuphap.orgs.models import Agency, Unit

COLUMNS = [
    "code",
    "name",
    "field",
    "level",
    "time_limit",
    "fees",
    "legal_basis",
    "agency",
    "valid_from",
    "valid_to",
    "unit",
    "components",
    "handed_to",
]
REQUIRED = ["code", "name", "field", "time_limit", "legal_basis", "valid_from"]
#: the national database's headings (lower case, as the reader compares them) → our column
ALIASES = {
    unicodedata.normalize("NFC", heading): column
    for heading, column in {
        "mã thủ tục": "code",
        "mã tthc": "code",
        "tên thủ tục": "name",
        "lĩnh vực": "field",
        "cấp thực hiện": "level",
        "thời hạn giải quyết": "time_limit",
        "phí, lệ phí": "fees",
        "phí lệ phí": "fees",
        "căn cứ pháp lý": "legal_basis",
        "cơ quan thực hiện": "agency",
        "ngày hiệu lực": "valid_from",
        "ngày có hiệu lực": "valid_from",
        "ngày hết hiệu lực": "valid_to",
        "đơn vị giải quyết": "unit",
        "thành phần hồ sơ": "components",
        "cơ quan giải quyết mới": "handed_to",
    }.items()
}
#: the levels this department's catalogue holds (the province's procedures)
PROVINCE_LEVELS = ("cấp tỉnh", "tỉnh")

_NUMBER = re.compile(r"\d{1,3}(?:[.,\s]\d{3})+|\d+")
_LIMIT = re.compile(r"(\d+)\s*(ngày làm việc|ngày|giờ làm việc)", re.IGNORECASE)
_LIMIT_UNITS = {
    "ngày làm việc": LimitUnit.WORKING_DAYS,
    "ngày": LimitUnit.CALENDAR_DAYS,
    "giờ làm việc": LimitUnit.WORKING_HOURS,
}
_FREE = ("không", "miễn", "không thu", "0")


@dataclass
class ProcedureImportReport:
    published: int = 0  # new procedures and new versions
    ended: int = 0  # versions given their end
    unchanged: int = 0  # already in the catalogue as the row says
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.published + self.ended + self.unchanged + len(self.errors)


class RowError(ValueError):
    """A row that cannot be imported; the message (Vietnamese) says why."""


def parse_time_limit(text: str) -> tuple[int, str, str]:
    """“10 ngày làm việc” → (10, working_days, ""); what follows the first limit is kept as the note."""
    text = " ".join(text.split())
    match = _LIMIT.search(text)
    if match is None:
        raise RowError(
            f"không đọc được thời hạn “{text}” (viết như “10 ngày làm việc”, “15 ngày” hoặc “8 giờ làm việc”)"
        )
    amount = int(match.group(1))
    if not 0 < amount <= 3650:
        raise RowError(f"thời hạn {amount} ngoài khoảng 1–3650")
    note = (text[: match.start()] + text[match.end() :]).strip(" ;,.-–()")
    return amount, _LIMIT_UNITS[match.group(2).lower()], note[:255]


def parse_fee(text: str) -> tuple[int, str]:
    """“200.000 đồng” → (200000, ""); free → (0, ""); a longer text keeps its first amount and itself as the note."""
    text = " ".join(text.split())
    if not text or text.lower().rstrip(".") in _FREE:
        return 0, ""
    match = _NUMBER.search(text)
    if match is None:
        if any(text.lower().startswith(word) for word in ("không", "miễn")):
            return 0, text[:255]
        raise RowError(f"không đọc được mức phí, lệ phí “{text}” (viết số đồng, ví dụ “200.000 đồng”, hoặc “Không”)")
    amount = int(re.sub(r"\D", "", match.group(0)))
    rest = (text[: match.start()] + text[match.end() :]).strip().lower()
    plain = rest in ("", "đ", "đồng", "vnđ", "vnd", "đồng/hồ sơ", "đồng/lần")
    return amount, "" if plain else text[:255]


def parse_date(text: str, column: str, *, required: bool) -> dt.date | None:
    text = text.strip()
    if not text:
        if required:
            raise RowError(f"thiếu {column}")
        return None
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"):
        try:
            return dt.datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a calendar day, no time
        except ValueError:
            continue
    raise RowError(f"{column} “{text}” không phải ngày (viết dd/mm/yyyy hoặc yyyy-mm-dd)")


def _unit(values: dict[str, str], code: str, field_name: str, agency: Agency) -> Unit:
    if values.get("unit"):
        unit = Unit.objects.filter(agency=agency, code=values["unit"].strip()).first()
        if unit is None:
            raise RowError(f"không có đơn vị mã “{values['unit'].strip()}” trong {agency.name}")
        return unit
    latest = Procedure.objects.filter(code=code).select_related("unit").order_by("-version").first()
    if latest is not None:
        return latest.unit
    peers = Counter(Procedure.objects.filter(field=field_name).values_list("unit_id", flat=True))
    if peers:
        return Unit.objects.get(pk=peers.most_common(1)[0][0])
    raise RowError(f"không biết đơn vị nào giải quyết lĩnh vực “{field_name}”: ghi mã đơn vị ở cột unit")


def row_data(values: dict[str, str], agency: Agency) -> tuple[dict[str, Any], Unit, dt.date, dt.date | None]:
    """The ``procedure_publish`` arguments of one row; RowError when the row is bad."""
    try:
        code = clean_code(values.get("code", ""))
    except TextError as exc:
        raise RowError(f"mã thủ tục: {exc}") from None
    if not code:
        raise RowError("thiếu mã thủ tục")
    if len(code) > 40:
        raise RowError("mã thủ tục dài quá 40 ký tự")
    name = " ".join(values.get("name", "").split())
    field_name = " ".join(values.get("field", "").split())
    basis = values.get("legal_basis", "").strip()
    for label, value in (("tên thủ tục", name), ("lĩnh vực", field_name), ("căn cứ pháp lý", basis)):
        if not value:
            raise RowError(f"thiếu {label}")
    if len(name) > 500 or len(field_name) > 200:
        raise RowError("tên thủ tục (tối đa 500 ký tự) hoặc lĩnh vực (tối đa 200) quá dài")
    level = " ".join(values.get("level", "").split()).lower()
    if level and not any(word in level for word in PROVINCE_LEVELS):
        raise RowError(
            f"thủ tục “{values.get('level')}” không thuộc cấp tỉnh: danh mục của Sở chỉ gồm thủ tục cấp tỉnh"
        )
    amount, unit_name, note = parse_time_limit(values.get("time_limit", ""))
    fee, fee_note = parse_fee(values.get("fees", ""))
    valid_from = parse_date(values.get("valid_from", ""), "ngày hiệu lực", required=True)
    valid_to = parse_date(values.get("valid_to", ""), "ngày hết hiệu lực", required=False)
    assert valid_from is not None  # noqa: S101 - required above
    if valid_to is not None and valid_to < valid_from:
        raise RowError("ngày hết hiệu lực trước ngày hiệu lực")
    handed_to = " ".join(values.get("handed_to", "").split())
    if handed_to and valid_to is None:
        raise RowError("có cơ quan giải quyết mới mà không có ngày hết hiệu lực")
    unit = _unit(values, code, field_name, agency)
    latest = Procedure.objects.filter(code=code).order_by("-version").first()
    if latest is not None:  # a bare amount or limit in the export: a known procedure keeps its own note
        if not fee_note and fee == latest.fee:
            fee_note = latest.fee_note
        if not note and (amount, unit_name) == (latest.time_limit_amount, latest.time_limit_unit):
            note = latest.time_limit_note
    if values.get("components", "").strip():
        items = [c.strip(" -•\t") for c in re.split(r"[;\n]", values["components"]) if c.strip(" -•\t")]
        components = [{"id": f"c{i}", "name": c, "copies": 1, "required": True} for i, c in enumerate(items, 1)]
    else:
        components = latest.components if latest is not None else []
    data = {
        "code": code,
        "name": name,
        "field": field_name,
        "time_limit_amount": amount,
        "time_limit_unit": unit_name,
        "time_limit_note": note,
        "fee": fee,
        "fee_note": fee_note,
        # reductions, variants and channels are not in the national export: a known procedure keeps its own
        "fee_rules": latest.fee_rules if latest is not None and latest.fee == fee else [],
        "time_limit_variants": latest.time_limit_variants if latest is not None else [],
        "components": components,
        "channels": latest.channels if latest is not None else list(Channel.values),
        "online_level": latest.online_level if latest is not None else "",
        "legal_basis": basis,
        "code_source": "national",
        "handed_to": handed_to,
    }
    return data, unit, valid_from, valid_to


def import_procedures_file(path: Path, *, agency: Agency | None = None) -> ProcedureImportReport:
    """Publish every good row of the file; report the bad ones with their line."""
    agency = agency or Agency.objects.get(code=settings.TUPHAP_AGENCY_CODE)
    rows = read_rows(
        path,
        columns=COLUMNS,
        required=REQUIRED,
        aliases=ALIASES,
        label="procedures",
        several_sheets="Tệp có dữ liệu ở nhiều trang tính (%(sheets)s ngoài “%(first)s”): "
        "chỉ để danh mục thủ tục ở trang đầu.",
    )
    report = ProcedureImportReport()
    for row in rows:
        if row.error:
            report.errors.append((row.line, row.error))
            continue
        try:
            data, unit, valid_from, valid_to = row_data(row.values, agency)
            before = Procedure.objects.filter(code=data["code"]).values_list("pk", "valid_to", "handed_to")
            known = set(before)
            result = procedure_publish(
                actor=None, data=data, agency=agency, unit=unit, valid_from=valid_from, valid_to=valid_to
            )
        except RowError as exc:
            report.errors.append((row.line, str(exc)))
            continue
        except ValidationError as exc:
            parts = (
                [f"{k}: {'; '.join(v)}" for k, v in exc.message_dict.items()]
                if hasattr(exc, "error_dict")
                else exc.messages
            )
            report.errors.append((row.line, "; ".join(parts)))
            continue
        except (PermissionDenied, IntegrityError) as exc:
            report.errors.append((row.line, str(exc) or type(exc).__name__))
            continue
        if (result.pk, result.valid_to, result.handed_to) in known:
            report.unchanged += 1
        elif result.pk in {pk for pk, _, _ in known}:
            report.ended += 1
        else:
            report.published += 1
    return report
