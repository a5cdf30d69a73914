"""A document as data: the header of Decree 30/2020/NĐ-CP and a list of blocks.

Every official form is built once as a ``Document``; the print view (HTML,
also the source of the PDF) and the DOCX are two renderings of the same data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

MOTTO_1 = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_2 = "Độc lập - Tự do - Hạnh phúc"


@dataclass(frozen=True)
class Para:
    text: str
    label: str = ""  # printed bold before the text ("Mã hồ sơ: ")
    style: str = ""  # "", "bold", "italic", "center", "heading"


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list[str]]
    widths: list[float] = field(default_factory=list)  # relative widths


@dataclass(frozen=True)
class Signature:
    title: str
    note: str = "(Ký và ghi rõ họ tên)"
    name: str = ""


@dataclass
class Document:
    key: str
    form_label: str  # "Mẫu số 01 — Thông tư 03/2025/TT-VPCP"
    title: str
    parent_agency: str
    agency: str
    number: str  # "Số: 0001/TNHS" ("" for registers)
    place_date: str
    blocks: list[Para | Table] = field(default_factory=list)
    signatures: list[Signature] = field(default_factory=list)
    subtitle: str = ""
    qr_png: bytes | None = None
    qr_caption: str = ""
    qr_url: str = ""
    landscape: bool = False
    filename: str = "giay-to"


def vn_date(day: dt.date) -> str:
    """``ngày 05 tháng 02 năm 2025``: Decree 30 pads days below 10 and months 1–2."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def vn_time(value: dt.datetime | None) -> str:
    """``09 giờ 30 phút, ngày 14 tháng 7 năm 2025`` (local time), or a dash."""
    if value is None:
        return "—"
    return f"{value:%H} giờ {value:%M} phút, {vn_date(value.date())}"
