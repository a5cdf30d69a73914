"""The yearly list of documents that expired or were suspended, as DOCX
(python-docx, layout after Decree 30/2020) and XLSX (openpyxl), ready for the
Chairman's publication (Decree 34/2016/NĐ-CP, Art. 157; Decree 79/2025)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from django.utils import timezone
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from tuphap.core.text import protect_formula_cells
from tuphap.lawdocs.models import DocumentType
from tuphap.lawdocs.selectors import ListedDocument
from tuphap.lawdocs.status import Status
from tuphap.orgs.selectors import province_title

HEADERS = [
    "STT",
    "Tên loại văn bản",
    "Số, ký hiệu",
    "Ngày, tháng, năm ban hành",
    "Tên gọi của văn bản",
    "Tình trạng",
    "Lý do hết hiệu lực, ngưng hiệu lực",
    "Ngày hết hiệu lực, ngưng hiệu lực",
]
TYPE_NAMES = {
    DocumentType.RESOLUTION: "Nghị quyết",
    DocumentType.DECISION: "Quyết định",
    DocumentType.DIRECTIVE: "Chỉ thị",
    DocumentType.CONSOLIDATED: "Văn bản hợp nhất",
    DocumentType.OTHER: "Văn bản",
}
STATUS_NAMES = {
    Status.EXPIRED: "Hết hiệu lực toàn bộ",
    Status.PARTLY_EXPIRED: "Hết hiệu lực một phần",
    Status.SUSPENDED: "Ngưng hiệu lực",
}


def issuing_province(year: int) -> str:
    """The province whose Chairman publishes the list of ``year``: the one of the
    department in force when the list is issued (1 January of the next year, or
    today if that is still to come), e.g. "tỉnh Bình Thuận" for 2024 and
    "tỉnh Lâm Đồng" for 2025 after the 2025 merger."""
    return province_title(min(dt.date(year + 1, 1, 1), timezone.localdate()))


def title_of(year: int, province: str) -> str:
    return (
        f"DANH MỤC VĂN BẢN QUY PHẠM PHÁP LUẬT CỦA HĐND, UBND {province.upper()} HẾT HIỆU LỰC, NGƯNG HIỆU LỰC NĂM {year}"
    )


def rows_of(listed: Sequence[ListedDocument]) -> list[list[str]]:
    return [
        [
            str(i),
            TYPE_NAMES.get(DocumentType(item.document.doc_type), "Văn bản"),
            item.document.number,
            item.document.issued_on.strftime("%d/%m/%Y"),
            item.document.title,
            STATUS_NAMES[item.status],
            item.reason,
            item.date.strftime("%d/%m/%Y"),
        ]
        for i, item in enumerate(listed, start=1)
    ]


def yearly_list_docx(year: int, listed: Sequence[ListedDocument], province: str | None = None) -> bytes:
    province = province or issuing_province(year)
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for margin in ("left_margin", "right_margin"):
        setattr(section, margin, Cm(2.0))
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(title_of(year, province))
    run.bold = True
    sub = doc.add_paragraph(
        f"(Kèm theo Quyết định số     /QĐ-UBND ngày     tháng     năm {year + 1} của Chủ tịch UBND {province})"
    )
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sub.runs[0].italic = True
    rows = rows_of(listed)
    table = doc.add_table(rows=1, cols=len(HEADERS))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, HEADERS, strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    total = doc.add_paragraph(f"Tổng số: {len(rows)} văn bản.")
    total.runs[0].bold = True
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def yearly_list_xlsx(year: int, listed: Sequence[ListedDocument], province: str | None = None) -> bytes:
    province = province or issuing_province(year)
    wb = Workbook()
    ws = wb.active
    ws.title = f"Danh muc {year}"
    ws.append([title_of(year, province)])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    ws["A1"].font = Font(bold=True, size=13)
    ws["A1"].alignment = Alignment(horizontal="center", wrap_text=True)
    ws.append([])
    ws.append(HEADERS)
    for cell in ws[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in rows_of(listed):
        ws.append([int(row[0]), *row[1:]])
        protect_formula_cells(ws[ws.max_row])
    for letter, width in zip("ABCDEFGH", (6, 14, 20, 14, 60, 20, 45, 14), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A4"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
