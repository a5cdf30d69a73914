"""The report as XLSX: the measures with their definitions, the chart, a sheet per table."""

from __future__ import annotations

import io

from tuphap.core.text import protect_formula_cells
from tuphap.reports.kpi import MEASURES
from tuphap.reports.quarterly.data import QuarterlyReport
from tuphap.reports.quarterly.prose import formula_vi
from tuphap.reports.quarterly.table import columns, point_columns


def render_xlsx(report: QuarterlyReport) -> bytes:
    from openpyxl import Workbook
    from openpyxl.drawing.image import Image as XlImage
    from openpyxl.styles import Font

    workbook = Workbook()
    summary = workbook.active
    assert summary is not None  # noqa: S101 - a new workbook has a sheet
    summary.title = "Tong hop"
    summary.append([report.agency_name])
    summary.append([f"BÁO CÁO KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH {report.title.upper()}"])
    summary["A2"].font = Font(bold=True, size=13)
    summary.append([" ".join(filter(None, [report.incomplete, report.freshness]))])
    summary.append(["Chỉ tiêu", "Giá trị", "Tử số", "Mẫu số", "Căn cứ"])
    for cell_ in summary[4]:
        cell_.font = Font(bold=True)
    by_name = {m.name: m for m in MEASURES}
    for name, value in report.total.values.items():
        m = by_name.get(name)
        numerator, denominator = (formula_vi(m.numerator), formula_vi(m.denominator or "")) if m else ("", "")
        summary.append([m.label if m else name, value, numerator, denominator, m.source if m else ""])
    summary.column_dimensions["A"].width = 48
    summary.column_dimensions["E"].width = 60
    image = XlImage(io.BytesIO(report.chart_png))
    summary.add_image(image, "G4")
    tables = [
        ("Theo thang", [*report.months, report.total], columns()),
        ("Theo don vi", report.units, columns()),
        ("Theo thu tuc", report.procedures, columns()),
    ]
    if report.agencies:
        tables.insert(1, ("Theo co quan", [*report.agencies, report.total], columns()))
    if report.points:
        tables.append(("Theo noi tiep nhan", report.points, point_columns()))
    for title_text, rows, cols in tables:
        sheet = workbook.create_sheet(title_text)
        sheet.append(["", *[label for _k, label, _kind in cols]])
        for cell_ in sheet[1]:
            cell_.font = Font(bold=True)
        for row in rows:
            sheet.append([row.label, *[row.values.get(key) for key, _label, _kind in cols]])
            protect_formula_cells(sheet[sheet.max_row])  # unit and procedure names are text, never formulas
        sheet.column_dimensions["A"].width = 50
    others = workbook.create_sheet("Cac phan khac")  # the other apps' parts, or why one could not be written
    others.append(["Phần", "Nội dung"])
    for cell_ in others[1]:
        cell_.font = Font(bold=True)
    for part in report.sections:
        others.append([part.heading, part.text])
        protect_formula_cells(others[others.max_row])
    others.column_dimensions["A"].width = 50
    others.column_dimensions["B"].width = 120
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
