"""The quarterly report in its four renderings, read back."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tuphap.dossiers import services
from tuphap.reports.quarterly import build, parse_quarter, quarter_bounds
from tuphap.reports.quarterly.render_docx import render_docx
from tuphap.reports.quarterly.render_pdf import render_pdf
from tuphap.reports.quarterly.render_xlsx import render_xlsx
from tuphap.reports.services import aggregates_refresh

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def t(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=TZ)


@pytest.fixture
def quarter(receive: Callable[..., Any]) -> None:
    for i in range(6):
        d = receive(received_at=t("2022-02-14T09:00") + dt.timedelta(days=i))
        late = i == 0
        services.dossier_resolve(
            actor=None,
            dossier=d,
            outcome="approved",
            at=(d.due_at + dt.timedelta(hours=30)) if late else d.due_at - dt.timedelta(hours=2),
        )
    receive(received_at=t("2022-03-30T09:00"))  # still open: within time at the end of the quarter, late by 30/6
    aggregates_refresh()  # the periodic job's run: the report reads what it counted


def test_quarter_parsing() -> None:
    assert parse_quarter("2022Q1") == (2022, 1) and parse_quarter("2022-q4") == (2022, 4)
    assert quarter_bounds(2022, 1) == (dt.date(2022, 1, 1), dt.date(2022, 3, 31))
    assert quarter_bounds(2022, 4) == (dt.date(2022, 10, 1), dt.date(2022, 12, 31))
    for bad in ("2022Q5", "Q1", "2040Q1", ""):
        with pytest.raises(ValueError, match="Quý|Năm"):
            parse_quarter(bad)


def test_report_prose_names_its_denominators(quarter: None) -> None:
    report = build(2022, 1, as_of=t("2022-06-30T00:00"))
    text = " ".join(report.prose)
    assert (
        "Trong quý I/2022, Sở đã tiếp nhận 7 hồ sơ thủ tục hành chính, trong đó 2 hồ sơ trễ hạn (28,57 % số hồ sơ "
        "tiếp nhận)"
    ) in text
    assert "1 quá hạn (16,67 % số hồ sơ đã giải quyết)" in text
    assert [r.counts.received for r in report.months] == [0, 6, 1]


def test_docx_xlsx_pdf_open_with_vietnamese_text_and_chart(quarter: None) -> None:
    from docx import Document
    from openpyxl import load_workbook
    from pypdf import PdfReader

    report = build(2022, 1, as_of=t("2022-06-30T00:00"))
    doc = Document(io.BytesIO(render_docx(report)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in "\n".join(c.text for c in doc.tables[0]._cells)
    assert "Kết quả giải quyết thủ tục hành chính quý I/2022" in text and "tiếp nhận 7 hồ sơ" in text
    assert doc.inline_shapes and len(doc.tables) >= 2  # the chart and the tables
    book = load_workbook(io.BytesIO(render_xlsx(report)))
    assert book.sheetnames[:2] == ["Tong hop", "Theo thang"]
    assert [row[0].value for row in book["Theo thang"].iter_rows(min_row=2)] == [
        "Tháng 1",
        "Tháng 2",
        "Tháng 3",
        "Toàn Sở",
    ]
    pdf = PdfReader(io.BytesIO(render_pdf(report)))
    pdf_text = " ".join(page.extract_text() for page in pdf.pages)
    assert "BÁO CÁO" in pdf_text and "quý I/2022" in pdf_text and "Độc lập - Tự do - Hạnh phúc" in pdf_text
    assert any(page.images for page in pdf.pages)


def test_quarterly_report_command(quarter: None, tmp_path: Path) -> None:
    out = io.StringIO()
    target = tmp_path / "bc.html"
    call_command(
        "quarterly_report",
        "--quarter",
        "2022Q1",
        "--format",
        "html",
        "--out",
        str(target),
        "--as-of",
        "2022-06-30T00:00",
        stdout=out,
    )
    assert "7 hồ sơ tiếp nhận, 2 trễ hạn" in out.getvalue()
    assert "Chưa có số liệu" in target.read_text(encoding="utf-8") or "thẩm định" in target.read_text(encoding="utf-8")
    with pytest.raises(CommandError, match="Quý"):
        call_command("quarterly_report", "--quarter", "2022Q9", "--out", str(tmp_path / "x"))


def test_the_report_is_laid_out_as_decree_30_in_vietnamese_words(quarter: None, units: dict[str, Any]) -> None:
    """Header (governing body, agency, motto), recipients and the signature; rates named in
    words, never by their API names; the chart drawn with a font that has the Vietnamese letters."""
    from docx import Document
    from pypdf import PdfReader

    from tuphap.orgs import services as orgs
    from tuphap.orgs.roles import Role
    from tuphap.reports.kpi import MEASURES
    from tuphap.reports.quarterly.chart import _has_vietnamese, chart_font_path
    from tuphap.reports.quarterly.render_html import render_html

    orgs.staff_upsert(
        actor=None,
        username="giamdoc",
        full_name="Phạm Văn Hải",
        roles=(Role.DIRECTOR,),
        unit=units["hctp"],
        position="Giám đốc Sở",
        password="x-Tuphap-2022-x",
    )
    orgs.staff_upsert(
        actor=None,
        username="phogiamdoc",
        full_name="Lê Văn Phó",
        roles=(Role.DIRECTOR,),
        unit=units["hctp"],
        position="Phó Giám đốc Sở",
        password="x-Tuphap-2022-x",
    )
    report = build(2022, 1, as_of=t("2022-06-30T00:00"))
    assert report.header_agency == ("UBND TỈNH BÌNH THUẬN", "SỞ TƯ PHÁP")
    assert (report.signer_title, report.signer_name) == ("GIÁM ĐỐC", "Phạm Văn Hải")
    font = chart_font_path()
    assert font is not None and _has_vietnamese(font)

    rate_names = {m.name for m in MEASURES} | {"processing_seconds", "seconds_per_day", "rated_good"}
    html = render_html(report)
    pdf_text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(render_pdf(report))).pages)
    doc = Document(io.BytesIO(render_docx(report)))
    docx_text = "\n".join([p.text for p in doc.paragraphs] + [c.text for table in doc.tables for c in table._cells])
    for text in (html, pdf_text, docx_text):
        assert "UBND TỈNH BÌNH THUẬN" in text and "SỞ TƯ PHÁP" in text and "Độc lập - Tự do - Hạnh phúc" in text
        assert "Nơi nhận" in text and "Lưu: VT" in text and "GIÁM ĐỐC" in text and "Phạm Văn Hải" in text
        assert "(số hồ sơ giải quyết quá hạn) / (số hồ sơ đã giải quyết)" in " ".join(text.split())
        assert not [name for name in rate_names if f"({name})" in text or f" {name} " in text]
