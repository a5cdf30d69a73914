"""Reports across a change of agency and by receiving point: the header names the
agency in force on the day of issue; a period that spans the change shows each
agency's part with the total and says so; the counts by receiving point."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client, override_settings

from tests.dossiers.conftest import APPLICANT, NATIONALITY
from tuphap.core.tz import LOCAL_TZ
from tuphap.dossiers import services
from tuphap.orgs import services as orgs
from tuphap.reports.quarterly import build
from tuphap.reports.quarterly.render_docx import render_docx
from tuphap.reports.quarterly.render_xlsx import render_xlsx
from tuphap.reports.services import aggregates_refresh

OLD, NEW = "000.00.17.H09", "000.00.17.H38"


def t(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=LOCAL_TZ)


def _merge(department: Any, last_day: dt.date) -> Any:
    orgs.agency_upsert(
        actor=None,
        code=OLD,
        name=department.name,
        parent=department.parent,
        province="Bình Thuận",
        place_name="Bình Thuận",
        valid_to=last_day,
    )
    parent = orgs.agency_upsert(actor=None, code="000.00.00.H38", name="Ủy ban nhân dân tỉnh Lâm Đồng")
    new = orgs.agency_upsert(
        actor=None,
        code=NEW,
        name="Sở Tư pháp tỉnh Lâm Đồng",
        parent=parent,
        province="Lâm Đồng",
        place_name="Lâm Đồng",
        valid_from=last_day + dt.timedelta(days=1),
    )
    department.refresh_from_db()
    orgs.agency_set_successor(actor=None, agency=department, successor=new)
    return new


@pytest.fixture
def merged(department: Any, catalogue: dict[str, Any]) -> Any:
    """The merger as it happened: the department ends on 30/6/2025."""
    return _merge(department, dt.date(2025, 6, 30))


def _receive(at: str, **kwargs: Any) -> Any:
    return services.dossier_receive(
        actor=None, procedure_code=NATIONALITY, applicant=APPLICANT, received_at=t(at), **kwargs
    )


@pytest.mark.parametrize(
    ("as_of", "header"),
    [
        ("2025-06-30T16:00", ("UBND TỈNH BÌNH THUẬN", "SỞ TƯ PHÁP")),
        ("2025-07-01T08:00", ("UBND TỈNH LÂM ĐỒNG", "SỞ TƯ PHÁP")),
    ],
)
def test_the_report_is_headed_by_the_agency_in_force_on_its_day_of_issue(
    merged: Any, as_of: str, header: tuple[str, str]
) -> None:
    # the same quarter (Q2/2025, all Bình Thuận's), issued on either side of the merger
    with override_settings(TUPHAP_AGENCY_CODE=OLD):
        report = build(2025, 2, as_of=t(as_of))
    assert report.header_agency == header
    assert report.agencies == [] and report.agency_change == ""  # one agency held the whole quarter


@pytest.mark.parametrize("configured", [OLD, NEW])
def test_a_quarter_that_spans_a_change_shows_each_agency_and_the_total(
    department: Any, catalogue: dict[str, Any], configured: str
) -> None:
    """A change inside a quarter (here 15/8: a hypothetical date, as the 2025 merger fell between two quarters)."""
    _merge(department, dt.date(2025, 8, 14))
    _receive("2025-07-10T09:00")
    _receive("2025-08-14T23:59")
    _receive("2025-08-15T00:00")
    aggregates_refresh()
    with override_settings(TUPHAP_AGENCY_CODE=configured):
        report = build(2025, 3, as_of=t("2025-10-01T08:00"))
    assert [(r.label, r.counts.received) for r in report.agencies] == [
        ("Sở Tư pháp tỉnh Bình Thuận (01/07/2025 – 14/08/2025)", 2),
        ("Sở Tư pháp tỉnh Lâm Đồng (15/08/2025 – 30/09/2025)", 1),
    ]
    assert report.total.counts.received == 3
    sentence = report.prose[-1]
    assert "Sở Tư pháp tỉnh Bình Thuận từ ngày 01/07/2025 đến ngày 14/08/2025" in sentence
    assert "Sở Tư pháp tỉnh Lâm Đồng từ ngày 15/08/2025 đến ngày 30/09/2025" in sentence
    assert "dòng tổng cộng của cả kỳ" in sentence
    from docx import Document
    from openpyxl import load_workbook

    doc = Document(io.BytesIO(render_docx(report)))
    texts = "\n".join(p.text for p in doc.paragraphs)
    assert "Bảng 1a. Theo cơ quan" in texts and "14/08/2025" in texts
    cells = [c.text for table in doc.tables for c in table._cells]
    assert "Sở Tư pháp tỉnh Lâm Đồng (15/08/2025 – 30/09/2025)" in cells
    book = load_workbook(io.BytesIO(render_xlsx(report)))
    sheet = book["Theo co quan"]
    assert [(r[0].value, r[1].value) for r in sheet.iter_rows(min_row=2)] == [
        ("Sở Tư pháp tỉnh Bình Thuận (01/07/2025 – 14/08/2025)", 2),
        ("Sở Tư pháp tỉnh Lâm Đồng (15/08/2025 – 30/09/2025)", 1),
        ("Toàn Sở", 3),
    ]


def test_the_api_splits_a_period_across_the_merger_of_1_july_2025(
    merged: Any, client: Client, staff: dict[str, Any]
) -> None:
    _receive("2025-06-30T23:59")
    _receive("2025-07-01T00:00")
    _receive("2025-07-01T10:00")
    aggregates_refresh()
    client.force_login(staff["director"])
    data = client.get(
        "/api/v1/reports/dossiers", {"from": "2025-06-30", "to": "2025-07-01", "as_of": "2025-07-02T00:00:00+07:00"}
    ).json()
    assert data["measures"]["received"] == 3
    assert [(p["code"], p["start"], p["end"], p["measures"]["received"]) for p in data["by_agency"]] == [
        (OLD, "2025-06-30", "2025-06-30", 1),
        (NEW, "2025-07-01", "2025-07-01", 2),
    ]
    one_side = client.get(
        "/api/v1/reports/dossiers", {"from": "2025-07-01", "to": "2025-07-01", "as_of": "2025-07-02T00:00:00+07:00"}
    ).json()
    assert one_side["by_agency"] == []


@pytest.fixture
def points(merged: Any, department: Any) -> dict[str, Any]:
    def point(code: str, kind: str, agency: Any, **extra: Any) -> Any:
        return orgs.receiving_point_upsert(actor=None, code=code, kind=kind, name=f"Nơi {code}", agency=agency, **extra)

    return {
        "old_centre": point("tinh-cu", "provincial_centre", department, valid_to=dt.date(2025, 6, 30)),
        "centre": point("tinh", "provincial_centre", merged, valid_from=dt.date(2025, 7, 1)),
        "commune": point("phuong-mui-ne", "commune_centre", merged, valid_from=dt.date(2025, 7, 1)),
        "online": point("truc-tuyen", "online", merged),
    }


@pytest.fixture
def by_point(points: dict[str, Any], staff: dict[str, Any]) -> None:
    _receive("2025-06-30T23:59")  # the old provincial centre
    _receive("2025-07-01T00:00")  # the new provincial centre
    _receive("2025-07-02T09:00", receiving_point="phuong-mui-ne")
    late = _receive("2025-07-03T09:00", receiving_point="phuong-mui-ne")
    services.dossier_resolve(actor=None, dossier=late, outcome="approved", at=late.due_at + dt.timedelta(days=2))
    services.dossier_submit(
        actor=None, procedure_code=NATIONALITY, applicant=APPLICANT, submitted_at=t("2025-07-04T09:00")
    )  # submitted, not yet received: not counted
    aggregates_refresh()


def test_the_quarter_by_receiving_point(by_point: None) -> None:
    report = build(2025, 3, as_of=t("2025-10-01T08:00"))
    rows = {r.key: r.counts for r in report.points}
    assert set(rows) == {"tinh-cu", "tinh", "phuong-mui-ne"}
    # received on 30/6 at the old centre, still open at the end of Q3: in progress there, not received
    assert (rows["tinh-cu"].received, rows["tinh-cu"].in_progress_overdue) == (0, 1)
    assert (rows["tinh"].received, rows["tinh"].finished, rows["tinh"].in_progress_overdue) == (1, 0, 1)
    commune = rows["phuong-mui-ne"]
    assert (commune.received, commune.received_late, commune.finished, commune.finished_late) == (2, 2, 1, 1)
    assert report.total.counts.received == sum(c.received for c in rows.values())
    assert [r.key for r in build(2025, 2, as_of=t("2025-10-01T08:00")).points] == ["tinh-cu"]


def test_the_api_and_the_dashboard_slice_by_receiving_point(
    by_point: None, client: Client, staff: dict[str, Any]
) -> None:
    client.force_login(staff["director"])
    url = "/api/v1/reports/receiving-points"
    period = {"from": "2025-06-30", "to": "2025-07-31", "as_of": "2025-08-01T00:00:00+07:00"}
    rows = {r["code"]: r for r in client.get(url, period).json()["rows"]}
    assert {code: r["measures"]["received"] for code, r in rows.items()} == {
        "tinh-cu": 1,
        "tinh": 1,
        "phuong-mui-ne": 2,
    }
    assert rows["phuong-mui-ne"]["name"] == "Nơi phuong-mui-ne"
    assert "on_time_rate_766" not in rows["tinh"]["measures"]
    one = client.get(url, {**period, "point": "phuong-mui-ne"}).json()["rows"]
    assert [r["code"] for r in one] == ["phuong-mui-ne"]
    wrong = client.get(url, {**period, "point": "khong-co"})
    assert wrong.status_code == 422 and "point" in [e["field"] for e in wrong.json()["detail"]]
    html = client.get("/bao-cao/", {"quy": "2025Q3", "noi": "phuong-mui-ne"}).content.decode()
    assert 'name="noi"' in html and "Nơi phuong-mui-ne" in html
    table = html.split('id="noi-tiep-nhan"', 1)[1].split("</table>", 1)[0]
    assert "Nơi phuong-mui-ne</td>" in table and "Nơi tinh</td>" not in table


def test_a_unit_head_gets_the_units_counts_by_point(by_point: None, client: Client, staff: dict[str, Any]) -> None:
    client.force_login(staff["other_head"])  # the notary unit: no nationality dossiers
    period = {"from": "2025-06-30", "to": "2025-07-31"}
    assert client.get("/api/v1/reports/receiving-points", period).json()["rows"] == []
    client.force_login(staff["head"])  # the civil-status unit: all of them
    rows = client.get("/api/v1/reports/receiving-points", period).json()["rows"]
    assert sum(r["measures"]["received"] for r in rows) == 4
