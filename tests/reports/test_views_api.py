"""Reports API contract, dashboards by role, the public transparency page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.test import Client

from tuphap.dossiers import services
from tuphap.reports.kpi import MEASURE_NAMES

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def t(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=TZ)


@pytest.fixture
def history(receive: Callable[..., Any]) -> None:
    for i in range(4):
        d = receive(received_at=t("2022-02-14T09:00") + dt.timedelta(days=i))
        services.dossier_resolve(
            actor=None, dossier=d, outcome="approved", at=d.due_at + dt.timedelta(hours=30 if i == 0 else -3)
        )
        if i == 1:
            services.dossier_rate(actor=None, dossier=d, rating="good")


def test_api_returns_every_measure_by_name(client: Client, staff: dict[str, Any], history: None) -> None:
    client.force_login(staff["director"])
    response = client.get(
        "/api/v1/reports/dossiers", {"from": "2022-01-01", "to": "2022-03-31", "as_of": "2022-06-30T00:00:00+07:00"}
    )
    assert response.status_code == 200, response.content
    m = response.json()["measures"]
    assert set(MEASURE_NAMES) <= set(m)
    assert (m["received"], m["received_late"], m["finished"], m["finished_late"]) == (4, 1, 4, 1)
    assert isinstance(m["received"], int) and m["late_rate_received"] == pytest.approx(0.25)
    assert m["satisfaction_share"] == 1.0 and m["rated"] == 1
    assert {d["name"] for d in response.json()["definitions"]} == set(MEASURE_NAMES)


def test_api_slices_and_errors(client: Client, staff: dict[str, Any], history: None) -> None:
    client.force_login(staff["director"])
    base = {"from": "2022-01-01", "to": "2022-03-31", "as_of": "2022-06-30T00:00:00+07:00"}
    assert client.get("/api/v1/reports/dossiers", {**base, "unit": "btp"}).json()["measures"]["received"] == 0
    assert client.get("/api/v1/reports/dossiers", {**base, "unit": "hctp"}).json()["measures"]["received"] == 4
    assert client.get("/api/v1/reports/dossiers", {**base, "channel": "online"}).json()["measures"]["received"] == 0
    assert client.get("/api/v1/reports/dossiers", {**base, "unit": "khong-co"}).status_code == 422
    assert client.get("/api/v1/reports/dossiers", {**base, "to": "2021-01-01"}).status_code == 422
    assert client.get("/api/v1/reports/dossiers", {"from": "hôm qua", "to": "2022-01-01"}).status_code == 422


def test_api_permissions_and_unit_scope(client: Client, staff: dict[str, Any], history: None) -> None:
    base = {"from": "2022-01-01", "to": "2022-03-31"}
    assert client.get("/api/v1/reports/dossiers", base).status_code == 401
    client.force_login(staff["reception"])
    assert client.get("/api/v1/reports/dossiers", base).status_code == 403
    client.force_login(staff["other_head"])  # head of btp: own unit only
    assert client.get("/api/v1/reports/dossiers", base).json()["measures"]["received"] == 0
    assert client.get("/api/v1/reports/dossiers", {**base, "unit": "hctp"}).status_code == 422


def test_dashboard_for_directors_and_heads(client: Client, staff: dict[str, Any], history: None) -> None:
    client.force_login(staff["director"])
    html = client.get("/bao-cao/", {"quy": "2022Q1"}).content.decode()
    assert "Trong quý I/2022, Sở đã tiếp nhận 4 hồ sơ" in html and "Phòng Hành chính tư pháp" in html
    assert client.get("/bao-cao/", {"quy": "2022Q9"}).status_code == 200  # a clear error, not a crash
    docx = client.get("/bao-cao/tai/2022Q1.docx")
    assert docx.status_code == 200 and docx["Content-Disposition"].endswith('.docx"')
    assert client.get("/bao-cao/tai/2022Q1.exe").status_code == 404
    client.force_login(staff["specialist"])
    assert client.get("/bao-cao/").status_code == 403


def test_transparency_page_is_public(client: Client, history: None) -> None:
    cache.clear()
    response = client.get("/bao-cao/cong-khai/")
    assert (
        response.status_code == 200
        and "Quyết định 766" in response.content.decode()
        or "766" in response.content.decode()
    )
    assert "sessionid" not in response.cookies
