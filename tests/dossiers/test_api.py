"""The dossiers API contract: shapes, errors (422/403/404/409), scoping, public look-up."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from tests.dossiers.conftest import APPLICANT, LLTP, NATIONALITY
from tuphap.core.models import AuditEvent

BODY = {
    "procedure_code": NATIONALITY,
    "applicant": {"name": "Trần Thị Bình", "id_number": "060198765432", "phone": "0987654321"},
    "channel": "desk",
}


def post(client: Client, url: str, body: Any) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json")


@pytest.fixture
def as_user(client: Client, staff: dict[str, Any], catalogue: dict[str, Any]) -> Callable[[str], Client]:
    def login(name: str) -> Client:
        client.force_login(staff[name])
        return client

    return login


def test_procedures_are_public(client: Client, catalogue: dict[str, Any]) -> None:
    items = client.get("/api/v1/procedures").json()
    assert {p["code"] for p in items} == set(catalogue)
    lltp = client.get(f"/api/v1/procedures/{LLTP}").json()
    assert (lltp["time_limit_amount"], lltp["time_limit_unit"], lltp["fee"]) == (10, "calendar_days", 200000)
    assert {"code", "name", "field", "time_limit_amount", "time_limit_unit", "fee"} <= set(lltp)
    assert client.get("/api/v1/procedures/0.000").status_code == 404


def test_receive_through_the_api(as_user: Callable[[str], Client]) -> None:
    client = as_user("reception")
    response = post(client, "/api/v1/dossiers", BODY)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["state"] == "received" and data["status_code"] == 2 and data["code"].startswith("000.00.17.H09-")
    assert data["due_at"] and data["received_at"] and data["applicant"]["phone"] == "******4321"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**BODY, "applicant": {**BODY["applicant"], "phone": "abc"}}, "applicant.phone"),
        ({**BODY, "applicant": {**BODY["applicant"], "id_number": "12"}}, "applicant.id_number"),
        ({**BODY, "procedure_code": "0.0"}, "procedure_code"),
    ],
)
def test_invalid_intake_is_422_with_the_field(
    as_user: Callable[[str], Client], body: dict[str, Any], field: str
) -> None:
    response = post(as_user("reception"), "/api/v1/dossiers", body)
    assert response.status_code == 422
    assert field in [e["field"] for e in response.json()["detail"]]


def test_schema_errors_are_422_not_500(as_user: Callable[[str], Client]) -> None:
    client = as_user("reception")
    assert post(client, "/api/v1/dossiers", {"procedure_code": NATIONALITY}).status_code == 422
    assert client.post("/api/v1/dossiers", data="{not json", content_type="application/json").status_code in {400, 422}
    assert post(client, "/api/v1/dossiers", {**BODY, "channel": "pigeon"}).status_code == 422


def test_roles_and_authentication(client: Client, staff: dict[str, Any], catalogue: dict[str, Any]) -> None:
    assert post(client, "/api/v1/dossiers", BODY).status_code == 401
    client.force_login(staff["specialist"])
    assert post(client, "/api/v1/dossiers", BODY).status_code == 403
    client.force_login(staff["editor"])
    assert client.get("/api/v1/dossiers").status_code == 403


def test_list_is_scoped_paged_and_query_bounded(
    as_user: Callable[[str], Client],
    receive: Callable[..., Any],
    staff: dict[str, Any],
    django_assert_max_num_queries: Any,
) -> None:
    for _ in range(7):
        receive()
    client = as_user("specialist")
    with django_assert_max_num_queries(8):
        data = client.get("/api/v1/dossiers?page_size=5").json()
    assert data["count"] == 7 and len(data["items"]) == 5 and data["page"] == 1
    assert client.get("/api/v1/dossiers?page=2&page_size=5").json()["items"].__len__() == 2
    assert as_user("other_specialist").get("/api/v1/dossiers").json()["count"] == 0
    assert as_user("director").get("/api/v1/dossiers?state=received").json()["count"] == 7
    assert as_user("director").get("/api/v1/dossiers?state=nonsense").status_code == 422
    assert as_user("director").get("/api/v1/dossiers?overdue=true").json()["count"] == 0


def test_detail_masks_personal_data_unless_revealed_and_logs_it(
    as_user: Callable[[str], Client], receive: Callable[..., Any]
) -> None:
    d = receive()
    client = as_user("specialist")
    data = client.get(f"/api/v1/dossiers/{d.code}").json()
    assert data["applicant"]["id_number"] == "*********789" and data["events"][0]["action"] == "receive"
    assert not AuditEvent.objects.filter(action="dossier.view_personal").exists()
    whole = client.get(f"/api/v1/dossiers/{d.code}?reveal=true").json()
    assert (
        whole["applicant"]["id_number"] == APPLICANT["id_number"] and whole["applicant"]["phone"] == APPLICANT["phone"]
    )
    log = AuditEvent.objects.get(action="dossier.view_personal")
    assert log.actor_name == "chuyenvien" and log.object_id == str(d.pk)
    assert as_user("other_specialist").get(f"/api/v1/dossiers/{d.code}").status_code == 404


def test_actions_contract(as_user: Callable[[str], Client], receive: Callable[..., Any]) -> None:
    d = receive()
    url = f"/api/v1/dossiers/{d.code}/actions"
    head = as_user("head")
    assert post(head, f"{url}/assign", {}).status_code == 422
    assert post(head, f"{url}/assign", {"handler": "chuyenvien", "surprise": 1}).status_code == 422
    assert post(head, f"{url}/teleport", {}).status_code == 404
    assert post(head, "/api/v1/dossiers/KHONG-CO/actions/assign", {"handler": "chuyenvien"}).status_code == 404
    ok = post(head, f"{url}/assign", {"handler": "chuyenvien"})
    assert ok.status_code == 200 and ok.json()["state"] == "in_process" and ok.json()["handler"] == "chuyenvien"
    assert post(as_user("reception"), f"{url}/resolve", {"outcome": "approved"}).status_code == 403
    assert post(as_user("specialist"), f"{url}/assign", {"handler": "chuyenvien"}).status_code == 403
    supp = post(as_user("specialist"), f"{url}/request_supplement", {"items": ["Bản sao hộ chiếu"], "reason": "Thiếu"})
    assert supp.status_code == 200 and supp.json()["state"] == "supplement_requested"
    again = post(as_user("specialist"), f"{url}/request_supplement", {"items": ["Khác"]})
    assert again.status_code == 409 and again.json()["code"] == "invalid_transition"
    assert post(as_user("reception"), f"{url}/supplement_received", {}).status_code == 200
    assert post(as_user("head"), f"{url}/resolve", {"outcome": "maybe"}).status_code == 422
    assert post(as_user("head"), f"{url}/resolve", {"outcome": "approved"}).status_code == 200
    assert post(as_user("head"), f"{url}/resolve", {"outcome": "approved"}).status_code == 409
    assert post(as_user("reception"), f"{url}/return", {}).status_code == 200
    rated = post(as_user("reception"), f"{url}/rate", {"rating": "good"})
    assert rated.status_code == 200 and rated.json()["rating"] == "good"
    stale = post(as_user("reception"), f"{url}/rate", {"rating": "poor", "expected_version": 1})
    assert stale.status_code == 409


def test_extend_contract(as_user: Callable[[str], Client], receive: Callable[..., Any]) -> None:
    d = receive()
    url = f"/api/v1/dossiers/{d.code}/actions/extend"
    assert post(as_user("head"), url, {"reason": "Xác minh", "new_due_at": "not a date"}).status_code == 422
    response = post(
        as_user("head"),
        url,
        {"reason": "Xác minh", "new_due_at": (d.due_at.replace(year=d.due_at.year + 1)).isoformat()},
    )
    assert response.status_code == 200 and response.json()["extended_due_at"]


def test_public_lookup_does_not_tell_wrong_code_from_wrong_phone(client: Client, receive: Callable[..., Any]) -> None:
    cache.clear()
    d = receive()
    ok = client.get(f"/api/v1/public/dossiers/{d.code}?phone_last4=5678")
    assert ok.status_code == 200 and ok.json()["code"] == d.code and "applicant" not in ok.json()
    wrong_phone = client.get(f"/api/v1/public/dossiers/{d.code}?phone_last4=0000")
    wrong_code = client.get("/api/v1/public/dossiers/000.00.17.H09-220101-9999?phone_last4=5678")
    assert wrong_phone.status_code == wrong_code.status_code == 404
    assert wrong_phone.json() == wrong_code.json()
    assert not client.cookies.get("sessionid")


def test_public_lookup_is_rate_limited(client: Client, receive: Callable[..., Any]) -> None:
    cache.clear()
    d = receive()
    statuses = [client.get(f"/api/v1/public/dossiers/{d.code}?phone_last4=0000").status_code for _ in range(25)]
    assert statuses[:20] == [404] * 20 and statuses[-1] == 429


def test_programs_post_with_a_bearer_token_and_no_csrf(catalogue: dict[str, Any], staff: dict[str, Any]) -> None:
    from tuphap.core.services import api_token_create

    token = api_token_create(actor=None, username="motcua")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/api/v1/dossiers",
        data=json.dumps(BODY),
        content_type="application/json",
        headers={"authorization": f"Bearer {token}"},
    )
    assert response.status_code == 201, response.content
    # a browser session without the CSRF token is refused
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(staff["reception"])
    assert browser.post("/api/v1/dossiers", data=json.dumps(BODY), content_type="application/json").status_code == 403


def test_a_second_extension_is_refused_with_the_services_message(
    as_user: Callable[[str], Client], receive: Callable[..., Any]
) -> None:
    d = receive()
    url = f"/api/v1/dossiers/{d.code}/actions/extend"
    later = d.due_at.replace(year=d.due_at.year + 1)
    assert post(as_user("head"), url, {"reason": "Xác minh", "new_due_at": later.isoformat()}).status_code == 200
    again = post(as_user("head"), url, {"reason": "Lần nữa", "new_due_at": later.replace(day=2).isoformat()})
    assert again.status_code == 409
    assert again.json() == {
        "detail": "Hồ sơ đã xin gia hạn một lần; chỉ được gia hạn một lần.",
        "code": "extension_once",
    }
