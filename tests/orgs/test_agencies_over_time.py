"""Agencies hold for a period and have successors (the 2025 merger of provinces):
the agency in force on a day, the installation's department on a day, and the
public list of agencies."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client, override_settings

from tuphap.orgs import selectors
from tuphap.orgs import services as orgs

OLD, NEW = "000.00.17.H09", "000.00.17.H38"


@pytest.fixture
def merged(db: Any) -> tuple[Any, Any]:
    old = orgs.agency_upsert(
        actor=None,
        code=OLD,
        name="Sở Tư pháp tỉnh Bình Thuận",
        province="Bình Thuận",
        place_name="Bình Thuận",
        valid_to=dt.date(2025, 6, 30),
    )
    new = orgs.agency_upsert(
        actor=None,
        code=NEW,
        name="Sở Tư pháp tỉnh Lâm Đồng",
        province="Lâm Đồng",
        place_name="Lâm Đồng",
        valid_from=dt.date(2025, 7, 1),
        note="Mã minh họa",
    )
    orgs.agency_set_successor(actor=None, agency=old, successor=new)
    return old, new


@pytest.mark.parametrize(
    ("day", "expected"),
    [("2021-01-04", OLD), ("2025-06-30", OLD), ("2025-07-01", NEW), ("2026-12-06", NEW)],
)
def test_the_agency_in_force_on_each_side_of_the_merger(merged: tuple[Any, Any], day: str, expected: str) -> None:
    old, new = merged
    on = dt.date.fromisoformat(day)
    assert selectors.agency_in_force(old, on).code == expected
    assert selectors.agency_in_force(new, on).code == expected  # from either end of the lineage


@pytest.mark.parametrize("configured", [OLD, NEW])
def test_the_installation_follows_its_lineage_whichever_code_is_configured(
    merged: tuple[Any, Any], configured: str
) -> None:
    with override_settings(TUPHAP_AGENCY_CODE=configured):
        assert selectors.department_on(dt.date(2025, 6, 30)).code == OLD
        assert selectors.department_on(dt.date(2025, 7, 1)).code == NEW
    assert [a.code for a in selectors.lineage(merged[1])] == [OLD, NEW]


def test_an_agency_without_dates_or_successor_is_always_in_force(db: Any) -> None:
    lone = orgs.agency_upsert(actor=None, code="000.00.20.H09", name="Sở Nội vụ")
    assert selectors.agency_in_force(lone, dt.date(1990, 1, 1)) == lone
    with override_settings(TUPHAP_AGENCY_CODE="000.00.99.H99"):
        assert selectors.department_on(dt.date(2025, 7, 1)) is None


def test_agencies_api_lists_validity_and_successor(client: Client, merged: tuple[Any, Any]) -> None:
    response = client.get("/api/v1/agencies")
    assert response.status_code == 200
    rows = {row["code"]: row for row in response.json()}
    assert rows[OLD] == {
        "code": OLD,
        "name": "Sở Tư pháp tỉnh Bình Thuận",
        "province": "Bình Thuận",
        "valid_from": None,
        "valid_to": "2025-06-30",
        "successor_code": NEW,
        "note": "",
    }
    assert rows[NEW]["valid_from"] == "2025-07-01" and rows[NEW]["successor_code"] is None
    assert rows[NEW]["note"] == "Mã minh họa"


def test_agencies_api_costs_one_query(client: Client, merged: tuple[Any, Any], django_assert_num_queries: Any) -> None:
    orgs.agency_upsert(actor=None, code="000.00.20.H09", name="Sở Nội vụ")
    with django_assert_num_queries(1):
        assert client.get("/api/v1/agencies").status_code == 200


@pytest.mark.parametrize(("year", "province"), [(2024, "tỉnh Bình Thuận"), (2025, "tỉnh Lâm Đồng")])
def test_the_yearly_list_of_expired_documents_is_headed_by_the_province_that_issues_it(
    merged: tuple[Any, Any], year: int, province: str
) -> None:
    import io

    from docx import Document
    from openpyxl import load_workbook

    from tuphap.lawdocs import exports

    with override_settings(TUPHAP_AGENCY_CODE=OLD):
        assert exports.issuing_province(year) == province
        docx = Document(io.BytesIO(exports.yearly_list_docx(year, [])))
        assert province.upper() in "\n".join(p.text for p in docx.paragraphs)
        sheet = load_workbook(io.BytesIO(exports.yearly_list_xlsx(year, []))).active
        assert province.upper() in str(sheet["A1"].value)


def test_public_pages_name_the_department_of_today(client: Client, merged: tuple[Any, Any]) -> None:
    """The installation configured with the old code: the header and footer follow
    its lineage to the agency in force today (Lâm Đồng since 1/7/2025)."""
    from django.core.cache import cache

    cache.clear()
    with override_settings(TUPHAP_AGENCY_CODE=OLD):
        html = client.get("/").content.decode()
    assert "SỞ TƯ PHÁP TỈNH LÂM ĐỒNG" in html and "Sở Tư pháp tỉnh Lâm Đồng · " in html
    assert "Bình Thuận" not in html


def test_receiving_points_are_data_with_their_dates(db: Any, merged: tuple[Any, Any]) -> None:
    old, new = merged
    before = orgs.receiving_point_upsert(
        actor=None,
        code="tinh-cu",
        kind="provincial_centre",
        name="TTPVHCC Bình Thuận",
        agency=old,
        valid_to=dt.date(2025, 6, 30),
    )
    after = orgs.receiving_point_upsert(
        actor=None,
        code="tinh",
        kind="provincial_centre",
        name="TTPVHCC Lâm Đồng",
        agency=new,
        valid_from=dt.date(2025, 7, 1),
    )
    assert selectors.receiving_point_default("provincial_centre", dt.date(2025, 6, 30)) == before
    assert selectors.receiving_point_default("provincial_centre", dt.date(2025, 7, 1)) == after
    assert selectors.receiving_point_default("online", dt.date(2025, 7, 1)) is None
    # an upsert with the same data changes nothing; a wrong kind or range is refused
    from tuphap.core.models import AuditEvent

    events = AuditEvent.objects.count()
    orgs.receiving_point_upsert(
        actor=None,
        code="tinh",
        kind="provincial_centre",
        name="TTPVHCC Lâm Đồng",
        agency=new,
        valid_from=dt.date(2025, 7, 1),
    )
    assert AuditEvent.objects.count() == events
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        orgs.receiving_point_upsert(actor=None, code="x", kind="pigeon", name="X", agency=new)
    with pytest.raises(ValidationError):
        orgs.receiving_point_upsert(
            actor=None,
            code="y",
            kind="online",
            name="Y",
            agency=new,
            valid_from=dt.date(2025, 7, 1),
            valid_to=dt.date(2025, 6, 1),
        )


def test_the_demo_loads_the_receiving_points_of_the_merged_province_once(db: Any) -> None:
    from tuphap.core.models import AuditEvent
    from tuphap.demo.management.commands.demo import load_organisation
    from tuphap.orgs.models import ReceivingPoint, StaffProfile

    load_organisation()
    events = AuditEvent.objects.count()
    load_organisation()  # idempotent: nothing changes the second time
    assert AuditEvent.objects.count() == events
    on = dt.date(2025, 7, 1)
    centres = [p for p in selectors.receiving_points(on) if p.kind == "commune_centre"]
    assert len(centres) >= 3 and all(p.agency.code == NEW and p.commune for p in centres)
    assert selectors.receiving_point_default("provincial_centre", dt.date(2025, 6, 30)).agency.code == OLD
    assert selectors.receiving_point_default("provincial_centre", on).agency.code == NEW
    assert {p.kind for p in ReceivingPoint.objects.all()} == {
        "provincial_centre",
        "commune_centre",
        "online",
        "public_post",
    }
    assert StaffProfile.objects.get(user__username="motcua").receiving_point.code == "tthcc-lam-dong"
