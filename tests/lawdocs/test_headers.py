"""The yearly list is headed by the province of the department in force at the
list's date (1 January of the next year, or today for the current year):
Bình Thuận for 2024, Lâm Đồng for 2025 after the merger of 1/7/2025."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook

from tuphap.lawdocs import exports
from tuphap.orgs import services as orgs


@pytest.fixture
def merged(department: Any) -> Any:
    """The department of Bình Thuận until 30/6/2025, then the merged one of Lâm Đồng."""
    old = orgs.agency_upsert(
        actor=None,
        code=department.code,
        name=department.name,
        parent=department.parent,
        province="Bình Thuận",
        valid_from=dt.date(2008, 1, 1),
        valid_to=dt.date(2025, 6, 30),
    )
    new = orgs.agency_upsert(
        actor=None,
        code="000.00.17.H37",
        name="Sở Tư pháp tỉnh Lâm Đồng",
        province="Lâm Đồng",
        valid_from=dt.date(2025, 7, 1),
    )
    orgs.agency_set_successor(actor=None, agency=old, successor=new)
    return new


def test_each_years_list_is_headed_by_its_own_province(merged: Any) -> None:
    assert exports.issuing_province(2024) == "tỉnh Bình Thuận"  # list dated 01/01/2025
    assert exports.issuing_province(2025) == "tỉnh Lâm Đồng"  # list dated 01/01/2026
    docx = Document(io.BytesIO(exports.yearly_list_docx(2024, [])))
    assert "UBND TỈNH BÌNH THUẬN" in docx.paragraphs[0].text
    assert "Chủ tịch UBND tỉnh Bình Thuận" in docx.paragraphs[1].text
    sheet = load_workbook(io.BytesIO(exports.yearly_list_xlsx(2025, []))).active
    assert "UBND TỈNH LÂM ĐỒNG" in sheet["A1"].value


def test_the_yearly_page_shows_the_heading(client: Any, merged: Any, specialist: Any) -> None:
    client.force_login(specialist)
    html = client.get("/van-ban/danh-muc-het-hieu-luc/2025/").content.decode()
    assert 'id="list-heading"' in html and "UBND TỈNH LÂM ĐỒNG" in html
    html = client.get("/van-ban/danh-muc-het-hieu-luc/2024/").content.decode()
    assert "UBND TỈNH BÌNH THUẬN" in html
