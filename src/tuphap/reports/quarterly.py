"""The quarterly report: data, prose, charts and its four renderings
(HTML, PDF from the same HTML, DOCX in the Decree 30/2020 layout, XLSX)."""

from __future__ import annotations

import base64
import datetime as dt
import functools
import io
import logging
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from tuphap.core.text import protect_formula_cells
from tuphap.reports import aggregates
from tuphap.reports.kpi import MEASURES, Counts, measures, number_vi, percent_vi
from tuphap.reports.selectors import Slice, dossier_counts, history_loading

log = logging.getLogger(__name__)
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
MOTTO_1 = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_2 = "Độc lập - Tự do - Hạnh phúc"
#: the chart's font: the first that exists and has the Vietnamese letters (Liberation Sans is
#: installed with the test packages; DejaVu Sans comes with fontconfig on Debian)
CHART_FONTS = [
    Path("/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf"),
    Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
]
VIETNAMESE_LETTERS = "ĐđơƯưệồỗữẫạẩ"
#: the words of the rate formulas (the measures' count names), as the report prints them
TERMS_VI = {
    "received": "số hồ sơ tiếp nhận",
    "received_late": "số hồ sơ tiếp nhận bị trễ hạn",
    "received_online": "số hồ sơ nộp trực tuyến",
    "received_online_payment": "số hồ sơ thanh toán phí, lệ phí trực tuyến",
    "received_digitised": "số hồ sơ được số hóa",
    "finished": "số hồ sơ đã giải quyết",
    "finished_late": "số hồ sơ giải quyết quá hạn",
    "finished_late_766": "số hồ sơ giải quyết trễ hạn theo QĐ 766",
    "in_progress_within": "số hồ sơ đang giải quyết trong hạn",
    "in_progress_overdue": "số hồ sơ đang giải quyết quá hạn",
    "in_progress_waiting": "số hồ sơ đang chờ bổ sung",
    "in_progress_late_766": "số hồ sơ đang giải quyết trễ hạn theo QĐ 766",
    "rated": "số lượt đánh giá",
    "rated_good": "số lượt đánh giá hài lòng",
    "rated_acceptable": "số lượt đánh giá chấp nhận được",
    "processing_seconds": "tổng thời gian giải quyết (giờ làm việc, không tính thời gian tạm dừng)",
    "seconds_per_day": "8 giờ làm việc một ngày",
}


class QuarterError(ValueError):
    pass


def parse_quarter(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d{4})\s*[-/ ]?\s*[Qq]([1-4])\s*", text or "")
    if not match:
        raise QuarterError(f"Quý phải có dạng NĂMQn, ví dụ 2022Q1 (nhận được “{text}”).")
    year, quarter = int(match.group(1)), int(match.group(2))
    if not 2015 <= year <= 2030:
        raise QuarterError(f"Năm {year} nằm ngoài lịch làm việc đã khai báo (2015–2030).")
    return year, quarter


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    start = dt.date(year, 3 * quarter - 2, 1)
    end = dt.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1) - dt.timedelta(days=1)
    return start, end


@dataclass
class Row:
    label: str
    counts: Counts
    values: dict[str, Any] = field(default_factory=dict)


@dataclass
class QuarterlyReport:
    year: int
    quarter: int
    start: dt.date
    end: dt.date
    as_of: dt.datetime
    agency_name: str
    place_name: str
    total: Row
    months: list[Row]
    units: list[Row]
    procedures: list[Row]
    lawdocs: dict[str, Any] | None
    workplans: dict[str, Any] | None
    chart_png: bytes
    incomplete: str | None = None  # why the figures are not complete yet (history still loading)
    parent_name: str = ""  # the governing body, first line of the header (Decree 30/2020)
    signer_title: str = "GIÁM ĐỐC"
    signer_name: str = ""

    @property
    def header_agency(self) -> tuple[str, str]:
        """(governing body, issuing agency), upper case, as the header prints them (Decree 30/2020)."""
        parent = self.parent_name
        for long, short in (("Ủy ban nhân dân", "UBND"), ("Uỷ ban nhân dân", "UBND")):
            parent = parent.replace(long, short)
        name = self.agency_name
        if parent:  # "Sở Tư pháp tỉnh X" under "UBND tỉnh X": the province is said once
            for marker in (" tỉnh ", " thành phố "):
                if marker in name:
                    name = name.split(marker, 1)[0]
                    break
        return parent.upper(), name.upper()

    @property
    def recipients(self) -> list[str]:
        """ "Nơi nhận" (Decree 30/2020): the governing body the report is sent to, and the archive."""
        body = "UBND tỉnh" if "tỉnh" in self.parent_name.lower() else (self.parent_name or "Cơ quan cấp trên")
        return [f"{body} (để báo cáo);", "Ban Giám đốc Sở;", "Các phòng, đơn vị thuộc Sở;", "Lưu: VT, VP."]

    @property
    def title(self) -> str:
        return f"quý {ROMAN[self.quarter]}/{self.year}"

    @property
    def prose(self) -> list[str]:
        m = self.total.values
        c = self.total.counts
        first = (
            f"Trong {self.title}, Sở đã tiếp nhận {number_vi(c.received)} hồ sơ thủ tục hành chính, "
            f"trong đó {number_vi(c.received_late)} hồ sơ trễ hạn ({percent_vi(m['late_rate_received'])} số hồ sơ tiếp nhận)"
            f"; {number_vi(c.received_online)} hồ sơ nộp trực tuyến ({percent_vi(m['online_share'])} số hồ sơ tiếp nhận)."
        )
        second = (
            f"Trong kỳ đã giải quyết {number_vi(c.finished)} hồ sơ: {number_vi(c.finished_early)} trước hạn, "
            f"{number_vi(c.finished_on_time)} đúng hạn, {number_vi(c.finished_late)} quá hạn "
            f"({percent_vi(m['late_rate_finished'])} số hồ sơ đã giải quyết). Đến cuối kỳ còn "
            f"{number_vi(c.in_progress_within)} hồ sơ đang giải quyết trong hạn và {number_vi(c.in_progress_overdue)} hồ sơ quá hạn. "
            f"Tỷ lệ giải quyết đúng hạn theo Quyết định 766/QĐ-TTg đạt {percent_vi(m['on_time_rate_766'])} "
            f"(trên tổng số hồ sơ đã giải quyết và đang giải quyết"
            + (
                f", không tính {number_vi(c.in_progress_waiting)} hồ sơ đang chờ bổ sung"
                if c.in_progress_waiting
                else ""
            )
            + ")."
        )
        out = [first, second]
        if c.rated:
            out.append(
                f"Có {number_vi(c.rated)} lượt đánh giá của người dân, doanh nghiệp; tỷ lệ hài lòng "
                f"{percent_vi(m['satisfaction_share'])} (trên số lượt đánh giá)."
            )
        return out

    @property
    def definitions(self) -> list[Definition]:
        """The rates, each with its numerator and denominator in words."""
        return [
            Definition(m.label, formula_vi(m.numerator), formula_vi(m.denominator), m.source)
            for m in MEASURES
            if m.denominator
        ]


@dataclass(frozen=True)
class Definition:
    label: str
    numerator: str
    denominator: str
    source: str


def formula_vi(expression: str) -> str:
    """A measure's formula over count names ("finished_late", "a + b - c") in Vietnamese words."""
    return re.sub(r"[a-z][a-z0-9_]*", lambda m: TERMS_VI.get(m.group(0), m.group(0)), expression)


def _row(label: str, counts: Counts) -> Row:
    return Row(label, counts, measures(counts))


def _optional(module: str, function: str, *args: Any) -> Any:
    """Figures of another app, when it is installed and offers them."""
    try:
        mod = import_module(module)
    except ImportError:
        return None
    fn = getattr(mod, function, None)
    if fn is None:
        return None
    try:
        return fn(*args)
    except Exception:  # noqa: BLE001 - a report section must not break the report
        return None


def build(year: int, quarter: int, *, as_of: dt.datetime | None = None, unit_id: int | None = None) -> QuarterlyReport:
    """The report of a quarter; with ``unit_id``, of that unit only (unit heads)."""
    from tuphap.dossiers.models import Procedure
    from tuphap.orgs.models import Agency, Unit

    start, end = quarter_bounds(year, quarter)
    as_of = as_of or timezone.now()
    aggregates.refresh()
    loading = history_loading()
    scope = Slice(unit_id=unit_id)
    total = _row(
        "Toàn Sở" if unit_id is None else "Toàn đơn vị",
        dossier_counts(start, end, as_of=as_of, slice=scope, refresh=False),
    )
    months = []
    for month in range(3):
        first = dt.date(year, start.month + month, 1)
        last = (dt.date(year + (first.month == 12), first.month % 12 + 1, 1)) - dt.timedelta(days=1)
        months.append(
            _row(f"Tháng {first.month}", dossier_counts(first, last, as_of=as_of, slice=scope, refresh=False))
        )
    units = []
    unit_qs = Unit.objects.filter(procedures__isnull=False).distinct().order_by("name")
    if unit_id is not None:
        unit_qs = unit_qs.filter(pk=unit_id)
    for unit in unit_qs:
        counts = dossier_counts(start, end, as_of=as_of, slice=Slice(unit_id=unit.pk), refresh=False)
        if counts.received or counts.finished or counts.in_progress_within or counts.in_progress_overdue:
            units.append(_row(unit.name, counts))
    procedures = []
    procedure_qs = Procedure.objects.order_by("code", "-version")
    if unit_id is not None:
        procedure_qs = procedure_qs.filter(unit_id=unit_id)
    for procedure in procedure_qs:
        counts = dossier_counts(
            start, end, as_of=as_of, slice=Slice(procedure_id=procedure.pk, unit_id=unit_id), refresh=False
        )
        if counts.received or counts.finished:
            procedures.append(_row(procedure.name, counts))
    procedures.sort(key=lambda r: -r.counts.received)
    agency = Agency.objects.select_related("parent").filter(code=settings.TUPHAP_AGENCY_CODE).first()
    parent = agency.parent if agency is not None else None
    signer_title, signer_name = _signer(unit_id)
    return QuarterlyReport(
        year=year,
        quarter=quarter,
        start=start,
        end=end,
        as_of=as_of,
        agency_name=agency.name if agency else "Sở Tư pháp",
        place_name=(agency.place_name if agency and agency.place_name else ""),
        total=total,
        months=months,
        units=units,
        procedures=procedures[:20],
        lawdocs=_optional("tuphap.lawdocs.selectors", "appraisals_count", start, end),
        workplans=_workplans_figures(start, end),
        chart_png=month_chart([(r.label, r.counts.received, r.counts.received_late) for r in months]),
        incomplete=incomplete_notice(loading),
        parent_name=(parent.short_name or parent.name) if parent is not None else "",
        signer_title=signer_title,
        signer_name=signer_name,
    )


def _signer(unit_id: int | None) -> tuple[str, str]:
    """Who signs: the director for the department; the unit's head for a unit's report."""
    from django.contrib.auth import get_user_model

    from tuphap.orgs.roles import Role

    users = get_user_model().objects.filter(is_active=True).select_related("staff_profile").order_by("pk")
    if unit_id is None:
        user = users.filter(groups__name=Role.DIRECTOR.value, staff_profile__position__startswith="Giám đốc").first()
        title = "GIÁM ĐỐC"
    else:
        user = users.filter(groups__name=Role.UNIT_HEAD.value, staff_profile__unit_id=unit_id).first()
        position = getattr(getattr(user, "staff_profile", None), "position", "") if user is not None else ""
        title = (position or "Thủ trưởng đơn vị").upper()
    return title, (user.get_full_name() if user is not None else "")


def incomplete_notice(loading: Any) -> str | None:
    """The report's warning while past dossiers are still being loaded."""
    if loading is None:
        return None
    done = f"đã nạp đến ngày {loading.done_through:%d/%m/%Y}" if loading.done_through else "mới bắt đầu nạp"
    return (
        f"Số liệu chưa đầy đủ: đang nạp {loading.label} ({done}); các số liệu dưới đây sẽ còn thay đổi "
        f"khi việc nạp hoàn tất."
    )


def _workplans_figures(start: dt.date, end: dt.date) -> dict[str, Any] | None:
    figures = _optional("tuphap.workplans.selectors", "period_figures", start, end)
    if figures is None:
        return None
    return {
        "submitted": figures.plans_submitted,
        "tasks_done": figures.tasks_done,
        "tasks_done_on_time": figures.tasks_done_on_time,
        "tasks_done_late": figures.tasks_done_late,
        "tasks_open_overdue": figures.tasks_open_overdue,
    }


# --------------------------------------------------------------------------- chart


def _has_vietnamese(path: Path) -> bool:
    from fontTools.ttLib import TTFont

    try:
        with TTFont(str(path), lazy=True) as font:
            cmap = font.getBestCmap() or {}
    except Exception:  # noqa: BLE001 - an unreadable font file is just not a candidate
        return False
    return all(ord(letter) in cmap for letter in VIETNAMESE_LETTERS)


@functools.cache
def chart_font_path() -> Path | None:
    """A sans-serif font file with the Vietnamese letters (None: no such font on this machine)."""
    candidates = list(CHART_FONTS)
    if shutil.which("fc-match"):
        found = subprocess.run(  # noqa: S603 - fixed arguments
            ["fc-match", "-f", "%{file}", "sans-serif:lang=vi"],  # noqa: S607 - fontconfig's own tool
            capture_output=True,
            text=True,
            check=False,
            timeout=10,
        ).stdout.strip()
        if found:
            candidates.append(Path(found))
    return next((path for path in candidates if path.is_file() and _has_vietnamese(path)), None)


def _font(size: int) -> Any:
    from PIL import ImageFont

    path = chart_font_path()
    if path is not None:
        return ImageFont.truetype(str(path), size)
    log.warning(
        "no font with Vietnamese letters found for the report chart; install fonts-liberation2 or fonts-dejavu-core"
    )
    return ImageFont.load_default(size)


def month_chart(rows: list[tuple[str, int, int]], width: int = 900, height: int = 420) -> bytes:
    """A bar chart (PNG): received and late per month, labelled in Vietnamese."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    font, small = _font(22), _font(18)
    draw.text((20, 12), "Hồ sơ tiếp nhận và trễ hạn theo tháng", fill="#1f2933", font=font)
    top, bottom, left = 70, height - 60, 70
    peak = max([r[1] for r in rows] + [1])
    draw.line((left, bottom, width - 20, bottom), fill="#6b7280", width=2)
    slot = (width - left - 40) / max(len(rows), 1)
    for i, (label, received, late) in enumerate(rows):
        x = left + i * slot + slot * 0.15
        bar = slot * 0.32
        for j, (value, colour) in enumerate(((received, "#0b4f8a"), (late, "#a4161a"))):
            h = (bottom - top) * value / peak
            x0 = x + j * (bar + 6)
            draw.rectangle((x0, bottom - h, x0 + bar, bottom), fill=colour)
            draw.text((x0, bottom - h - 24), number_vi(value), fill="#1f2933", font=small)
        draw.text((x, bottom + 12), label, fill="#1f2933", font=small)
    draw.rectangle((width - 300, 16, width - 284, 32), fill="#0b4f8a")
    draw.text((width - 278, 12), "Tiếp nhận", fill="#1f2933", font=small)
    draw.rectangle((width - 170, 16, width - 154, 32), fill="#a4161a")
    draw.text((width - 148, 12), "Trễ hạn", fill="#1f2933", font=small)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


# --------------------------------------------------------------------------- renderings


def render_html(report: QuarterlyReport, *, for_pdf: bool = False, nonce: str = "") -> str:
    """``nonce``: the request's CSP nonce for the page's own <style> (shown in a browser)."""
    return render_to_string(
        "reports/quarterly.html",
        {
            "r": report,
            "chart": base64.b64encode(report.chart_png).decode(),
            "for_pdf": for_pdf,
            "nonce": nonce,
            "columns": _columns(),
            "prose": [paragraph.replace(" %", "\u00a0%") for paragraph in report.prose],  # "0,67 %" on one line
            "header": report.header_agency,
            "motto_1": MOTTO_1,
            "motto_2": MOTTO_2,
            "place_date": place_date(report),
        },
    )


def _columns() -> list[tuple[str, str, str]]:
    return [
        ("received", "Tiếp nhận", "n"),
        ("received_late", "Trễ hạn (theo tiếp nhận)", "n"),
        ("finished", "Đã giải quyết", "n"),
        ("finished_early", "Trước hạn", "n"),
        ("finished_on_time", "Đúng hạn", "n"),
        ("finished_late", "Quá hạn", "n"),
        ("in_progress_within", "Đang giải quyết trong hạn", "n"),
        ("in_progress_overdue", "Đang giải quyết quá hạn", "n"),
        ("late_rate_received", "Tỷ lệ trễ / tiếp nhận", "%"),
        ("on_time_rate_766", "Tỷ lệ đúng hạn (QĐ 766)", "%"),
    ]


def cell(values: dict[str, Any], key: str, kind: str) -> str:
    value = values.get(key)
    if kind == "%":
        return percent_vi(value)
    return number_vi(int(value or 0))


def render_pdf(report: QuarterlyReport) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=render_html(report, for_pdf=True)).write_pdf())


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
    line(date_cell, place_date(report), italic=True, first=True)

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

    def table(title_text: str, rows: list[Row]) -> None:
        doc.add_paragraph().add_run(title_text).bold = True
        columns = _columns()
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
    if report.units:
        table("Bảng 2. Theo đơn vị", report.units)
    if report.procedures:
        table("Bảng 3. Theo thủ tục (nhiều hồ sơ nhất)", report.procedures)

    doc.add_paragraph().add_run("II. THẨM ĐỊNH VĂN BẢN QUY PHẠM PHÁP LUẬT").bold = True
    doc.add_paragraph(_lawdocs_text(report))
    doc.add_paragraph().add_run("III. KẾ HOẠCH, QUYẾT ĐỊNH ĐÃ THAM MƯU").bold = True
    doc.add_paragraph(_workplans_text(report))
    doc.add_paragraph().add_run("Cách tính các tỷ lệ").bold = True
    for m in report.definitions:
        doc.add_paragraph(f"{m.label} = ({m.numerator}) / ({m.denominator}). Căn cứ: {m.source}.", style="List Bullet")
    doc.add_paragraph(f"Số liệu tính đến {timezone.localtime(report.as_of):%H:%M %d/%m/%Y}.")

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


def place_date(report: QuarterlyReport) -> str:
    today = timezone.localdate()
    return f"{report.place_name or '……'}, ngày {today.day:02d} tháng {today.month:02d} năm {today.year}"


def _lawdocs_text(report: QuarterlyReport) -> str:
    data = report.lawdocs
    if not data:
        return "Chưa có số liệu."
    return f"Trong kỳ, Sở đã thẩm định {number_vi(int(data.get('appraised', 0)))}/{number_vi(int(data.get('received', 0)))} hồ sơ dự thảo văn bản quy phạm pháp luật nhận được."


def _workplans_text(report: QuarterlyReport) -> str:
    data = report.workplans
    if not data:
        return "Chưa có số liệu."
    return (
        f"Trong kỳ, Sở đã tham mưu trình {int(data.get('submitted', 0)):02d} kế hoạch, quyết định; hoàn thành "
        f"{int(data.get('tasks_done', 0))} nhiệm vụ được giao ({int(data.get('tasks_done_on_time', 0))} đúng hạn, "
        f"{int(data.get('tasks_done_late', 0))} trễ hạn); {int(data.get('tasks_open_overdue', 0))} nhiệm vụ đang quá hạn."
    )


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
    summary.append([report.incomplete or ""])
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
    for title_text, rows in (
        ("Theo thang", [*report.months, report.total]),
        ("Theo don vi", report.units),
        ("Theo thu tuc", report.procedures),
    ):
        sheet = workbook.create_sheet(title_text)
        sheet.append(["", *[label for _k, label, _kind in _columns()]])
        for cell_ in sheet[1]:
            cell_.font = Font(bold=True)
        for row in rows:
            sheet.append([row.label, *[row.values.get(key) for key, _label, _kind in _columns()]])
            protect_formula_cells(sheet[sheet.max_row])  # unit and procedure names are text, never formulas
        sheet.column_dimensions["A"].width = 50
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


RENDERERS = {
    "html": lambda r: render_html(r).encode("utf-8"),
    "pdf": render_pdf,
    "docx": render_docx,
    "xlsx": render_xlsx,
}
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
