"""The report as DOCX, laid out as Decree 30/2020 (header, motto, recipients, signature)."""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone

from tuphap.reports.quarterly.data import QuarterlyReport, Row
from tuphap.reports.quarterly.prose import MOTTO_1, MOTTO_2, place_date
from tuphap.reports.quarterly.table import cell, point_columns
from tuphap.reports.quarterly.table import columns as table_columns


def render_docx(report: QuarterlyReport) -> bytes:
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    usable = section.page_width - section.left_margin - section.right_margin
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), "Times New Roman")

    def line(
        cell: Any, text: str, *, bold: bool = False, italic: bool = False, size: float = 13, first: bool = False
    ) -> None:
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(0)
        run = p.add_run(text)
        run.bold, run.italic, run.font.size = bold, italic, Pt(size)

    # the header (Decree 30/2020): governing body and agency, the national motto; number, place and date
    parent, agency = report.header_agency
    header = doc.add_table(rows=2, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = header.rows[0].cells
    left.width, right.width = int(usable * 0.4), int(usable * 0.6)
    if parent:
        line(left, parent, size=12, first=True)
    line(left, agency, bold=True, size=12, first=not parent)
    line(left, "───────", size=8)
    line(right, MOTTO_1, bold=True, size=12, first=True)
    line(right, MOTTO_2, bold=True, size=13)
    line(right, "──────────────", size=8)
    number_cell, date_cell = header.rows[1].cells
    line(number_cell, "Số:       /BC-STP", first=True)
    line(date_cell, place_date(report.place_name), italic=True, first=True)

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run("BÁO CÁO").bold = True
    subtitle = doc.add_paragraph()
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle.add_run(f"Kết quả giải quyết thủ tục hành chính {report.title}").bold = True
    if report.incomplete:
        warning = doc.add_paragraph()
        warning.alignment = WD_ALIGN_PARAGRAPH.CENTER
        warning.add_run(report.incomplete).italic = True

    doc.add_paragraph().add_run("I. KẾT QUẢ TIẾP NHẬN VÀ GIẢI QUYẾT HỒ SƠ").bold = True
    for paragraph in report.prose:
        p = doc.add_paragraph(paragraph)
        p.paragraph_format.first_line_indent = Cm(1)
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    doc.add_picture(io.BytesIO(report.chart_png), width=Cm(16))

    def table(title_text: str, rows: list[Row], columns: list[tuple[str, str, str]] | None = None) -> None:
        doc.add_paragraph().add_run(title_text).bold = True
        columns = columns or table_columns()
        t = doc.add_table(rows=1, cols=len(columns) + 1)
        t.style = "Table Grid"
        t.rows[0].cells[0].text = ""
        for i, (_key, label, _kind) in enumerate(columns, start=1):
            t.rows[0].cells[i].text = label
        for row in rows:
            cells = t.add_row().cells
            cells[0].text = row.label
            for i, (key, _label, kind) in enumerate(columns, start=1):
                cells[i].text = cell(row.values, key, kind)
        for index, r in enumerate(t.rows):
            props = r._tr.get_or_add_trPr()
            props.append(props.makeelement(qn("w:cantSplit"), {}))  # a row stays on one page
            if index == 0:
                props.append(props.makeelement(qn("w:tblHeader"), {}))  # the header row repeats on each page
            for c in r.cells:
                for p in c.paragraphs:
                    for run in p.runs:
                        run.font.size = Pt(9)

    table("Bảng 1. Theo tháng", [*report.months, report.total])
    if report.agencies:
        table("Bảng 1a. Theo cơ quan (trước và sau khi thay đổi)", [*report.agencies, report.total])
    if report.units:
        table("Bảng 2. Theo đơn vị", report.units)
    if report.procedures:
        table("Bảng 3. Theo thủ tục (nhiều hồ sơ nhất)", report.procedures)
    if report.points:
        table("Bảng 4. Theo nơi tiếp nhận", report.points, point_columns())

    for part in report.sections:  # the other apps' parts, or why one could not be written
        doc.add_paragraph().add_run(part.heading).bold = True
        body = doc.add_paragraph(part.text)
        if part.error:
            body.runs[0].italic = True
    doc.add_paragraph().add_run("Cách tính các tỷ lệ").bold = True
    for m in report.definitions:
        doc.add_paragraph(f"{m.label} = ({m.numerator}) / ({m.denominator}). Căn cứ: {m.source}.", style="List Bullet")
    doc.add_paragraph(f"Số liệu tính đến {timezone.localtime(report.as_of):%H:%M %d/%m/%Y}.")
    if report.freshness:
        doc.add_paragraph(report.freshness)

    # recipients (left) and the signature (right), Decree 30/2020
    closing = doc.add_table(rows=1, cols=2)
    recipients, signature = closing.rows[0].cells
    recipients.width, signature.width = int(usable * 0.45), int(usable * 0.55)
    first = recipients.paragraphs[0]
    label = first.add_run("Nơi nhận:")
    label.bold, label.italic, label.font.size = True, True, Pt(12)
    for text in report.recipients:
        p = recipients.add_paragraph()
        p.paragraph_format.space_after = Pt(0)
        p.add_run(f"- {text}").font.size = Pt(11)
    line(signature, report.signer_title, bold=True, first=True)
    for _ in range(4):
        line(signature, "")
    line(signature, report.signer_name, bold=True)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
