"""Two renderings of one ``Document``: HTML (the print view, and through
WeasyPrint the PDF) and DOCX (python-docx), both in the layout of Decree
30/2020/NĐ-CP: A4, Times New Roman (Liberation Serif where it is missing),
the agency block on the left and the national motto on the right."""

from __future__ import annotations

import base64
import io

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from tuphap.dossiers.documents.model import MOTTO_1, MOTTO_2, Document, Para, Table

FONT = "Times New Roman"
#: the agency block's share of the header's width; the motto's column gets the
#: rest (Decree 30/2020 sets the motto's first line in 12–13 pt bold capitals on
#: ONE line: at 12 pt it needs about 9.3 cm, so the right column is ~10.2 cm on A4)
HEADER_LEFT = 0.38
MOTTO_1_PT = 12
#: the header cells' inner left and right margins (twips: 57 = 0.1 cm; Word's default is 108)
HEADER_CELL_MARGIN = 57


def to_html(doc: Document, *, print_button: bool = False, nonce: str = "") -> str:
    """``nonce``: the request's CSP nonce, for the page's own <style> (the print view)."""
    qr = mark_safe("data:image/png;base64," + base64.b64encode(doc.qr_png).decode()) if doc.qr_png else ""  # noqa: S308 - our own base64
    blocks = []
    for b in doc.blocks:
        if isinstance(b, Table):
            total = sum(b.widths) or 1
            widths = [f"{100 * w / total:.2f}" for w in b.widths] if b.widths else []
            blocks.append({"kind": "table", "b": b, "widths": widths})
        else:
            blocks.append({"kind": "para", "b": b, "widths": []})
    return render_to_string(
        "dossiers/documents/document.html",
        {
            "doc": doc,
            "blocks": blocks,
            "qr": qr,
            "motto_1": MOTTO_1,
            "motto_2": MOTTO_2,
            "print_button": print_button,
            "nonce": nonce,
        },
    )


def to_pdf(doc: Document) -> bytes:
    from weasyprint import HTML

    return HTML(string=to_html(doc)).write_pdf()  # type: ignore[no-any-return]


def to_docx(doc: Document) -> bytes:
    from docx import Document as Docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    document = Docx()
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(13)
    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), FONT)
    style.paragraph_format.space_after = Pt(3)

    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    if doc.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    usable = section.page_width - section.left_margin - section.right_margin

    def para(
        cell_or_doc: object,
        text: str,
        *,
        bold: bool = False,
        italic: bool = False,
        size: float | None = None,
        center: bool = False,
        underline: bool = False,
    ) -> object:
        p = cell_or_doc.add_paragraph()  # type: ignore[attr-defined]
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(0)
        run = p.add_run(text)
        run.bold, run.italic, run.underline = bold, italic, underline
        if size:
            run.font.size = Pt(size)
        return p

    # the header: agency (left) and national motto (right), number and place/date below.
    # Fixed layout with the grid's own widths (an office suite sizes columns from
    # <w:tblGrid>, not from the cells), narrow cell margins, and no wrapping in the
    # motto's cell, so that "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" stays on one line.
    header = document.add_table(rows=2, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    header.autofit = False
    left_width = int(usable * HEADER_LEFT)
    column_widths = (left_width, int(usable) - left_width)
    _fix_table(header, column_widths, margin=HEADER_CELL_MARGIN)
    left, right = header.rows[0].cells
    _no_wrap(right)
    left.paragraphs[0].text = ""
    if doc.parent_agency:
        para(left, doc.parent_agency, size=12, center=True)
    para(left, doc.agency, bold=True, size=12, center=True, underline=False)
    para(left, "───────", center=True, size=8)
    para(right, MOTTO_1, bold=True, size=MOTTO_1_PT, center=True)
    para(right, MOTTO_2, bold=True, size=13, center=True)
    para(right, "──────────────", center=True, size=8)
    low_left, low_right = header.rows[1].cells
    if doc.number:
        para(low_left, doc.number, size=13, center=True)
    para(low_right, doc.place_date, italic=True, size=13, center=True)
    for cell in (left, right, low_left, low_right):
        first = cell.paragraphs[0]
        if not first.text:
            first._element.getparent().remove(first._element)

    para(document, "", size=6)
    para(document, doc.title, bold=True, size=14, center=True)
    if doc.subtitle:
        para(document, doc.subtitle, bold=True, size=13, center=True)
    if doc.form_label:
        para(document, doc.form_label, italic=True, size=10, center=True)
    para(document, "", size=6)

    for block in doc.blocks:
        if isinstance(block, Para):
            p = document.add_paragraph()
            if block.style == "center":
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if block.label:
                p.add_run(block.label).bold = True
            run = p.add_run(block.text)
            run.bold = block.style == "bold"
            run.italic = block.style == "italic"
        else:
            table = document.add_table(rows=1, cols=len(block.header))
            table.style = "Table Grid"
            total = sum(block.widths) if block.widths else len(block.header)
            widths = [int(usable * w / total) for w in (block.widths or [1] * len(block.header))]
            for i, title in enumerate(block.header):
                cell = table.rows[0].cells[i]
                cell.width = widths[i]
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
                run = cell.paragraphs[0].add_run(title)
                run.bold = True
                run.font.size = Pt(11)
            for row in block.rows:
                cells = table.add_row().cells
                for i, value in enumerate(row):
                    cells[i].width = widths[i]
                    cells[i].paragraphs[0].add_run(value).font.size = Pt(11)

    if doc.qr_png:
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT
        p.add_run().add_picture(io.BytesIO(doc.qr_png), width=Cm(2.8))
        p.add_run("  " + doc.qr_caption).italic = True

    if doc.signatures:
        para(document, "", size=6)
        table = document.add_table(rows=1, cols=len(doc.signatures))
        for cell, signature in zip(table.rows[0].cells, doc.signatures, strict=True):
            cell.paragraphs[0].text = ""
            para(cell, signature.title, bold=True, center=True)
            para(cell, signature.note, italic=True, center=True, size=12)
            for _ in range(3):
                para(cell, "", center=True)
            para(cell, signature.name, bold=True, center=True)
            first = cell.paragraphs[0]
            if not first.text:
                first._element.getparent().remove(first._element)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _fix_table(table: object, widths: tuple[int, ...], *, margin: int) -> None:
    """A table of fixed column widths (EMU): the grid, every cell, the layout and the cell margins."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    table.autofit = False  # type: ignore[attr-defined]  # <w:tblLayout w:type="fixed"/>
    tbl = table._tbl  # type: ignore[attr-defined]
    tbl_pr = tbl.tblPr
    width = tbl_pr.find(qn("w:tblW"))
    if width is not None:
        width.set(qn("w:w"), str(sum(round(w / 635) for w in widths)))
        width.set(qn("w:type"), "dxa")
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(margin))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    look = tbl_pr.find(qn("w:tblLook"))  # the schema's order: ... tblLayout, tblCellMar, tblLook
    if look is not None:
        look.addprevious(margins)
    else:
        tbl_pr.append(margins)
    for col, w in zip(tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(round(w / 635)))  # EMU to twips
    for row in table.rows:  # type: ignore[attr-defined]
        for cell, w in zip(row.cells, widths, strict=True):
            cell.width = w


def _no_wrap(cell: object) -> None:
    from docx.oxml import OxmlElement

    tc_pr = cell._tc.get_or_add_tcPr()  # type: ignore[attr-defined]
    tc_pr.append(OxmlElement("w:noWrap"))
