"""Dossiers across the merger of 1 July 2025: the agency in force at receipt
gives the code and the register's group; the successor's desk keeps handling
the predecessor's dossiers; every dossier records where it was received."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from tests.dossiers.conftest import APPLICANT, NATIONALITY
from tuphap.core.tz import LOCAL_TZ
from tuphap.dossiers import services
from tuphap.dossiers.documents import build as documents
from tuphap.dossiers.models import Dossier
from tuphap.dossiers.register import register_table
from tuphap.dossiers.selectors import dossiers_visible
from tuphap.orgs import services as orgs
from tuphap.orgs.roles import Role

OLD, NEW = "000.00.17.H09", "000.00.17.H38"
BEFORE = dt.datetime(2025, 6, 30, 23, 59, tzinfo=LOCAL_TZ)
AFTER = dt.datetime(2025, 7, 1, 0, 0, tzinfo=LOCAL_TZ)


@pytest.fixture
def merged(department: Any, catalogue: dict[str, Any]) -> Any:
    """The test department ends on 30/6/2025; its successor starts on 1/7/2025."""
    orgs.agency_upsert(
        actor=None,
        code=OLD,
        name=department.name,
        parent=department.parent,
        province="Bình Thuận",
        valid_to=dt.date(2025, 6, 30),
    )
    new = orgs.agency_upsert(
        actor=None, code=NEW, name="Sở Tư pháp tỉnh Lâm Đồng", province="Lâm Đồng", valid_from=dt.date(2025, 7, 1)
    )
    department.refresh_from_db()
    orgs.agency_set_successor(actor=None, agency=department, successor=new)
    return new


@pytest.fixture
def points(department: Any, merged: Any) -> dict[str, Any]:
    def point(code: str, kind: str, agency: Any, **extra: Any) -> Any:
        return orgs.receiving_point_upsert(actor=None, code=code, kind=kind, name=f"Nơi {code}", agency=agency, **extra)

    return {
        "old_centre": point("tinh-cu", "provincial_centre", department, valid_to=dt.date(2025, 6, 30)),
        "centre": point("tinh", "provincial_centre", merged, valid_from=dt.date(2025, 7, 1)),
        "commune": point(
            "phuong-phan-thiet", "commune_centre", merged, commune="phường Phan Thiết", valid_from=dt.date(2025, 7, 1)
        ),
        "online": point("truc-tuyen", "online", merged),
        "post": point("buu-chinh", "public_post", merged),
    }


def _receive(at: dt.datetime, **kwargs: Any) -> Dossier:
    return services.dossier_receive(
        actor=None, procedure_code=NATIONALITY, applicant=APPLICANT, received_at=at, **kwargs
    )


@pytest.mark.parametrize(("at", "code"), [(BEFORE, OLD), (AFTER, NEW)])
def test_a_dossier_takes_the_code_of_the_agency_in_force_at_its_receipt(
    merged: Any, at: dt.datetime, code: str
) -> None:
    dossier = _receive(at)
    assert dossier.agency.code == code
    assert dossier.code == f"{code}-{at:%y%m%d}-0001"


def test_the_boundary_is_the_local_day_not_utc(merged: Any) -> None:
    # 30/6 17:30 UTC is 1/7 00:30 in Vietnam: the successor's dossier
    dossier = _receive(dt.datetime(2025, 6, 30, 17, 30, tzinfo=dt.UTC))
    assert dossier.code.startswith(f"{NEW}-250701-")


def test_a_given_agency_is_kept(merged: Any, department: Any) -> None:
    """Legacy data: an import that names the agency keeps it, whatever the date."""
    assert _receive(AFTER, agency=department).code.startswith(f"{OLD}-250701-")


def test_the_desk_the_api_and_the_online_submission_take_todays_agency(
    merged: Any, client: Client, staff: dict[str, Any]
) -> None:
    at_desk = services.dossier_receive(actor=staff["reception"], procedure_code=NATIONALITY, applicant=APPLICANT)
    online = services.dossier_submit(actor=None, procedure_code=NATIONALITY, applicant=APPLICANT)
    client.force_login(staff["reception"])
    body = {"procedure_code": NATIONALITY, "applicant": {"name": "Trần Thị Bình", "phone": "0987654321"}}
    response = client.post("/api/v1/dossiers", data=json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["agency_code"] == NEW and response.json()["code"].startswith(f"{NEW}-")
    assert at_desk.code.startswith(f"{NEW}-") and online.code.startswith(f"{NEW}-")


def test_the_successors_desk_handles_the_predecessors_open_dossiers(
    merged: Any, staff: dict[str, Any], make_staff: Callable[..., Any]
) -> None:
    """The desk officer's unit stayed on the old agency's books (or moved to the
    new one): either way both agencies' dossiers are the desk's."""
    old_dossier = _receive(BEFORE)
    old_submitted = services.dossier_submit(
        actor=None, procedure_code=NATIONALITY, applicant=APPLICANT, submitted_at=BEFORE
    )
    submitted = services.dossier_submit(actor=None, procedure_code=NATIONALITY, applicant=APPLICANT)
    desk = staff["reception"]  # unit of the Bình Thuận department
    assert (old_submitted.agency.code, submitted.agency.code) == (OLD, NEW)
    assert set(dossiers_visible(desk).values_list("code", flat=True)) == {
        old_dossier.code,
        old_submitted.code,
        submitted.code,
    }
    assert services.dossier_accept(actor=desk, dossier=submitted.code).state == "received"
    new_unit = orgs.unit_upsert(actor=None, agency=merged, code="hctp", name="Phòng Hành chính tư pháp")
    new_desk = make_staff("motcua2", Role.RECEPTION)
    new_desk.staff_profile.unit = new_unit
    new_desk.staff_profile.save()
    assert old_dossier.code in set(dossiers_visible(new_desk).values_list("code", flat=True))
    assert services.dossier_accept(actor=new_desk, dossier=old_submitted.code).state == "received"


def test_a_desk_of_another_lineage_does_not_see_them(merged: Any, make_staff: Callable[..., Any]) -> None:
    submitted = services.dossier_submit(actor=None, procedure_code=NATIONALITY, applicant=APPLICANT)
    other = orgs.agency_upsert(actor=None, code="000.00.20.H38", name="Sở Nội vụ")
    stranger = make_staff("noivu", Role.RECEPTION)
    stranger.staff_profile.unit = orgs.unit_upsert(actor=None, agency=other, code="motcua", name="Một cửa")
    stranger.staff_profile.save()
    assert not dossiers_visible(stranger).exists()
    with pytest.raises(PermissionDenied):
        services.dossier_accept(actor=stranger, dossier=submitted.code)


def test_the_register_of_a_period_spanning_the_merger_lists_each_agency_apart(merged: Any) -> None:
    first = _receive(BEFORE)
    second = _receive(AFTER)
    rows = list(register_table(dt.date(2025, 6, 30), dt.date(2025, 7, 1)))
    assert [r[1] for r in rows] == [
        f"Cơ quan tiếp nhận: Sở Tư pháp tỉnh Bình Thuận ({OLD})",
        first.code,
        f"Cơ quan tiếp nhận: Sở Tư pháp tỉnh Lâm Đồng ({NEW})",
        second.code,
    ]
    assert [r[0] for r in rows] == ["", "1", "", "2"]
    # a period inside one agency: no group lines
    assert [r[1] for r in register_table(dt.date(2025, 7, 1), dt.date(2025, 7, 1))] == [second.code]


def test_the_register_file_is_headed_by_todays_agency(merged: Any, client: Client, staff: dict[str, Any]) -> None:
    import io

    from openpyxl import load_workbook

    first, second = _receive(BEFORE), _receive(AFTER)
    client.force_login(staff["head"])
    response = client.get("/ho-so/so-theo-doi/", {"start": "2025-06-30", "end": "2025-07-01", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "Sở Tư pháp tỉnh Lâm Đồng"
    assert [row[1].value for row in sheet.iter_rows(min_row=4)] == [
        f"Cơ quan tiếp nhận: Sở Tư pháp tỉnh Bình Thuận ({OLD})",
        first.code,
        f"Cơ quan tiếp nhận: Sở Tư pháp tỉnh Lâm Đồng ({NEW})",
        second.code,
    ]


# --------------------------------------------------------------------------- receiving points


def test_each_channel_gets_its_point_and_the_desk_the_provincial_centre(points: dict[str, Any]) -> None:
    assert _receive(BEFORE).receiving_point == points["old_centre"]
    assert _receive(AFTER).receiving_point == points["centre"]
    assert _receive(AFTER, channel="post").receiving_point == points["post"]
    online = services.dossier_submit(actor=None, procedure_code=NATIONALITY, applicant=APPLICANT)
    assert online.receiving_point == points["online"]
    assert _receive(AFTER, receiving_point="phuong-phan-thiet").receiving_point == points["commune"]


def test_the_officers_own_point_is_the_desks_default(points: dict[str, Any], staff: dict[str, Any]) -> None:
    desk = staff["reception"]
    orgs.staff_set_receiving_point(actor=None, profile=desk.staff_profile, point=points["commune"])
    desk.refresh_from_db()
    dossier = services.dossier_receive(actor=desk, procedure_code=NATIONALITY, applicant=APPLICANT)
    assert dossier.receiving_point == points["commune"]


@pytest.mark.parametrize(
    ("code", "kwargs", "message"),
    [
        ("khong-co", {}, "Không có nơi tiếp nhận"),
        ("phuong-phan-thiet", {"at": BEFORE}, "không tiếp nhận hồ sơ vào ngày 30/06/2025"),
        ("truc-tuyen", {}, "không nhận hồ sơ qua kênh này"),
        ("tinh", {"channel": "post"}, "không nhận hồ sơ qua kênh này"),
    ],
)
def test_a_wrong_point_is_refused_with_the_field(
    points: dict[str, Any], code: str, kwargs: dict[str, Any], message: str
) -> None:
    at = kwargs.pop("at", AFTER)
    with pytest.raises(ValidationError) as caught:
        _receive(at, receiving_point=code, **kwargs)
    assert message in " ".join(caught.value.message_dict["receiving_point"])
    assert not Dossier.objects.exists()


def test_the_api_takes_the_point_and_answers_422_for_a_wrong_one(
    points: dict[str, Any], client: Client, staff: dict[str, Any]
) -> None:
    client.force_login(staff["reception"])
    body = {"procedure_code": NATIONALITY, "applicant": {"name": "Trần Thị Bình", "phone": "0987654321"}}
    response = client.post(
        "/api/v1/dossiers",
        data=json.dumps({**body, "receiving_point": "phuong-phan-thiet"}),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["receiving_point"] == "phuong-phan-thiet"
    assert response.json()["receiving_point_name"] == "Nơi phuong-phan-thiet"
    response = client.post(
        "/api/v1/dossiers", data=json.dumps({**body, "receiving_point": "truc-tuyen"}), content_type="application/json"
    )
    assert response.status_code == 422
    assert "receiving_point" in [e["field"] for e in response.json()["detail"]]
    listed = {p["code"]: p for p in client.get("/api/v1/agencies/receiving-points").json()}
    assert listed["phuong-phan-thiet"]["commune"] == "phường Phan Thiết"
    assert listed["tinh-cu"]["valid_to"] == "2025-06-30" and listed["tinh"]["agency_code"] == NEW


def test_the_desk_form_records_the_point_shown_on_the_page_and_the_receipt(
    points: dict[str, Any], client: Client, staff: dict[str, Any]
) -> None:
    client.force_login(staff["reception"])
    html = client.get("/ho-so/tiep-nhan/").content.decode()
    assert 'name="receiving_point"' in html and "Nơi phuong-phan-thiet" in html
    assert "Nơi tinh-cu" not in html  # no longer in force
    form = {
        "procedure": NATIONALITY,
        "applicant_name": "Trần Thị Bình",
        "id_type": "cccd",
        "id_number": "060123456780",
        "phone": "0987654321",
        "channel": "desk",
        "receiving_point": "phuong-phan-thiet",
        "action": "receive",
    }
    response = client.post("/ho-so/tiep-nhan/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    dossier = Dossier.objects.get()
    assert dossier.receiving_point == points["commune"]
    page = client.get(f"/ho-so/{dossier.code}/").content.decode()
    assert "Nơi phuong-phan-thiet" in page and "Sở Tư pháp tỉnh Lâm Đồng" in page
    receipt = documents.receipt(dossier, "http://testserver")
    assert any(
        getattr(b, "label", "") == "Nơi tiếp nhận: " and b.text == "Nơi phuong-phan-thiet" for b in receipt.blocks
    )
    # the list of missing items handed over at the desk (form 02) is headed by today's agency
    handed = client.post(
        "/ho-so/tiep-nhan/", {**form, "action": "incomplete", "missing": "Tờ khai", "form_token": ""}
    ).content.decode()
    assert "lâm đồng" in handed.lower() and "bình thuận" not in handed.lower()
    # a point that does not fit the channel: the error next to the field, nothing received
    response = client.post("/ho-so/tiep-nhan/", {**form, "channel": "post", "form_token": ""})
    assert response.status_code == 400 and "không nhận hồ sơ qua kênh này" in response.content.decode()
    assert Dossier.objects.count() == 1
