"""The other apps' parts of the quarterly report, found by the registry: the demo's
figures as published, and a failing section loud in tests, stated in the report otherwise."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import logging
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from tuphap.core import apps_registry
from tuphap.core.report_sections import ReportSection
from tuphap.lawdocs import report_section as lawdocs_section
from tuphap.reports.quarterly import build
from tuphap.reports.quarterly.render_docx import render_docx
from tuphap.reports.quarterly.render_html import render_html
from tuphap.reports.quarterly.render_xlsx import render_xlsx

AS_OF = dt.datetime(2022, 6, 30, tzinfo=dt.UTC)


def test_the_registry_finds_each_apps_section_in_order() -> None:
    sections = apps_registry.report_sections()
    assert [s.key for s in sections] == ["lawdocs", "workplans", "reports"]
    assert all(isinstance(s, ReportSection) for s in sections)


def test_a_report_section_module_without_a_section_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    real = apps_registry._module
    monkeypatch.setattr(
        apps_registry,
        "_module",
        lambda label, name: (
            SimpleNamespace() if name == "report_section" and label == "workplans" else real(label, name)
        ),
    )
    with pytest.raises(ImproperlyConfigured, match="workplans"):
        apps_registry.report_sections()


def test_the_published_quarter_prints_the_appraisals_and_plans_as_before(db: Any) -> None:
    """The demo's Q1/2022: 22 of 23 drafts appraised, 04 plans and decisions submitted."""
    from tuphap.demo.management.commands.demo import load_organisation
    from tuphap.lawdocs import demo as lawdocs_demo
    from tuphap.workplans import demo as workplans_demo

    load_organisation()
    lawdocs_demo.load(io.StringIO())
    workplans_demo.load(io.StringIO())
    report = build(2022, 1, as_of=AS_OF)
    assert [part.heading for part in report.sections] == [
        "II. THẨM ĐỊNH VĂN BẢN QUY PHẠM PHÁP LUẬT",
        "III. KẾ HOẠCH, QUYẾT ĐỊNH ĐÃ THAM MƯU",
        "IV. CHỈ SỐ PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP",
    ]
    lawdocs, workplans, _index = report.sections
    assert lawdocs.text == "Trong kỳ, Sở đã thẩm định 22/23 hồ sơ dự thảo văn bản quy phạm pháp luật nhận được."
    assert workplans.text.startswith("Trong kỳ, Sở đã tham mưu trình 04 kế hoạch, quyết định; hoàn thành ")
    from docx import Document

    docx_text = "\n".join(p.text for p in Document(io.BytesIO(render_docx(report))).paragraphs)
    html = render_html(report)
    for text in (docx_text, html):
        assert "II. THẨM ĐỊNH VĂN BẢN QUY PHẠM PHÁP LUẬT" in text and "III. KẾ HOẠCH, QUYẾT ĐỊNH ĐÃ THAM MƯU" in text
        assert lawdocs.text in text and workplans.text in text


def _broken(monkeypatch: pytest.MonkeyPatch) -> None:
    def figures(start: dt.date, end: dt.date) -> dict[str, Any]:
        raise RuntimeError("bảng thẩm định bị khóa")

    monkeypatch.setattr(lawdocs_section, "SECTION", dataclasses.replace(lawdocs_section.SECTION, figures=figures))


def test_a_failing_section_fails_the_report_in_strict_mode(db: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    _broken(monkeypatch)
    with pytest.raises(RuntimeError, match="bảng thẩm định bị khóa"):
        build(2022, 1, as_of=AS_OF)


def test_a_failing_section_is_stated_in_the_report_in_production(
    db: Any, monkeypatch: pytest.MonkeyPatch, settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    from docx import Document
    from openpyxl import load_workbook

    settings.TUPHAP_REPORT_SECTIONS_STRICT = False
    _broken(monkeypatch)
    with caplog.at_level(logging.ERROR, logger="tuphap.reports.quarterly.sections"):
        report = build(2022, 1, as_of=AS_OF)
    assert "bảng thẩm định bị khóa" in caplog.text and "Traceback" in caplog.text
    said = "Phần Thẩm định văn bản quy phạm pháp luật: không lập được (bảng thẩm định bị khóa)"
    part = report.section("lawdocs")
    assert part is not None and part.text == said and part.error == "bảng thẩm định bị khóa"
    other = report.section("workplans")
    assert other is not None and other.error is None and "Trong kỳ, Sở đã tham mưu trình" in other.text
    html = render_html(report)
    assert said in html and "II. THẨM ĐỊNH VĂN BẢN QUY PHẠM PHÁP LUẬT" in html
    docx_text = "\n".join(p.text for p in Document(io.BytesIO(render_docx(report))).paragraphs)
    assert said in docx_text
    sheet = load_workbook(io.BytesIO(render_xlsx(report)))["Cac phan khac"]
    rows = [tuple(c.value for c in row) for row in sheet.iter_rows(min_row=2)]
    assert ("II. THẨM ĐỊNH VĂN BẢN QUY PHẠM PHÁP LUẬT", said) in rows
    assert rows[1][0] == "III. KẾ HOẠCH, QUYẾT ĐỊNH ĐÃ THAM MƯU" and "Trong kỳ" in rows[1][1]
