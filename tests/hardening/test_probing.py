"""Usernames cannot be probed (issue 16, item 8): the permission is checked
before a name is looked up, so an unknown name and a name one may not use get
the same answer, status and body."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.test import Client

from tests.dossiers import conftest as dossier_fixtures
from tuphap.dossiers.models import DossierEvent

# the dossier tests' fixtures (data built through the services)
catalogue = dossier_fixtures.catalogue
receive = dossier_fixtures.receive
staff = dossier_fixtures.staff


def _post(client: Client, url: str, body: dict[str, Any]) -> tuple[int, Any]:
    response = client.post(url, body, content_type="application/json")
    return response.status_code, response.json()


def test_assigning_without_the_right_answers_the_same_for_any_name(
    receive: Callable[..., Any], staff: dict[str, Any]
) -> None:
    dossier = receive()
    client = Client()
    client.force_login(staff["specialist"])  # sees the unit's dossiers, may not assign
    url = f"/api/v1/dossiers/{dossier.code}/actions/assign"
    existing = _post(client, url, {"handler": "truongphong"})
    missing = _post(client, url, {"handler": "khong-co-ai"})
    inactive_like = _post(client, url, {"handler": "chuyenvienbtp"})
    assert existing[0] == 403, existing
    assert existing == missing == inactive_like
    assert not DossierEvent.objects.filter(dossier=dossier, action="assign").exists()
    # the same for forwarding, by someone the workflow does not let forward
    client.force_login(staff["editor"])
    forward = f"/api/v1/dossiers/{dossier.code}/actions/forward"
    assert _post(client, forward, {"to": "truongphong"}) == _post(client, forward, {"to": "khong-co-ai"})


def test_with_the_right_an_unknown_name_is_a_clear_error(receive: Callable[..., Any], staff: dict[str, Any]) -> None:
    dossier = receive()
    client = Client()
    client.force_login(staff["head"])
    url = f"/api/v1/dossiers/{dossier.code}/actions/assign"
    status, body = _post(client, url, {"handler": "khong-co-ai"})
    assert status == 422 and "khong-co-ai" in str(body)
    status, body = _post(client, url, {"handler": "chuyenvien"})
    assert status == 200 and body["handler"] == "chuyenvien"


def test_a_unit_heads_handler_filter_answers_the_same_for_other_units_and_unknown_names(
    staff: dict[str, Any],
) -> None:
    base = {"from": "2022-01-01", "to": "2022-03-31"}
    client = Client()
    client.force_login(staff["other_head"])  # head of btp
    outside = client.get("/api/v1/reports/dossiers", {**base, "handler": "chuyenvien"})  # a specialist of hctp
    unknown = client.get("/api/v1/reports/dossiers", {**base, "handler": "khong-co-ai"})
    assert outside.status_code == unknown.status_code == 422
    assert outside.json()["detail"][0]["field"] == unknown.json()["detail"][0]["field"] == "handler"
    # the body names the name asked for, so compare it with that name swapped
    assert outside.content.decode().replace("chuyenvien", "X") == unknown.content.decode().replace("khong-co-ai", "X")
    own = client.get("/api/v1/reports/dossiers", {**base, "handler": "chuyenvienbtp"})
    assert own.status_code == 200, own.content
    client.force_login(staff["director"])  # sees every unit, so every officer
    assert client.get("/api/v1/reports/dossiers", {**base, "handler": "chuyenvien"}).status_code == 200
    assert client.get("/api/v1/reports/dossiers", {**base, "handler": "khong-co-ai"}).status_code == 422
