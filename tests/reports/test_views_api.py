"""Reports API contract, dashboards by role, the public transparency page."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from tuphap.dossiers import services
from tuphap.reports.kpi import MEASURE_NAMES
from tuphap.reports.services import aggregates_refresh

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
    aggregates_refresh()  # the periodic job's run: pages and the API read what it counted


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


def test_transparency_page_shows_the_service_index_once_and_a_plain_title(client: Client, history: None) -> None:
    cache.clear()
    html = client.get("/bao-cao/cong-khai/").content.decode()
    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    description = html.split('<meta name="description" content="', 1)[1].split('">', 1)[0]
    assert "<" not in title and "<" not in description
    assert html.count("<h2>Chỉ số phục vụ người dân, doanh nghiệp (Quyết định 766/QĐ-TTg)</h2>") == 1


def _writes_to_report_tables(queries: list[dict[str, Any]]) -> list[str]:
    """Statements of a request that write (or lock rows of) the aggregates or their queue."""
    out = []
    for query in queries:
        sql = query["sql"].upper()
        touches = "REPORTS_" in sql or "DOSSIERS_CHANGEDDOSSIER" in sql
        if touches and (sql.lstrip().startswith(("INSERT", "UPDATE", "DELETE")) or "FOR UPDATE" in sql):
            out.append(query["sql"])
    return out


def test_pages_and_the_api_read_only_and_say_how_fresh_the_figures_are(
    client: Client, staff: dict[str, Any], history: None, receive: Callable[..., Any]
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tuphap.dossiers.models import ChangedDossier
    from tuphap.reports.models import AggregationState

    counted_at = AggregationState.objects.get(pk=1).last_run_at
    assert counted_at is not None
    stamp = f"{timezone.localtime(counted_at):%H:%M %d/%m/%Y}"
    receive(received_at=t("2022-03-07T09:00"))  # committed after the job's last run
    client.force_login(staff["director"])
    base = {"from": "2022-01-01", "to": "2022-03-31", "as_of": "2022-06-30T00:00:00+07:00"}
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        body = client.get("/api/v1/reports/dossiers", base).json()
        dashboard = client.get("/bao-cao/", {"quy": "2022Q1"}).content.decode()
        page = client.get("/bao-cao/tai/2022Q1.html").content.decode()
        public = client.get("/bao-cao/cong-khai/").content.decode()
    assert not _writes_to_report_tables(ctx.captured_queries)
    assert ChangedDossier.objects.count() == 1 and AggregationState.objects.get(pk=1).last_run_at == counted_at
    # the figures as last counted, and what is still waiting
    assert body["measures"]["received"] == 4
    assert body["period"]["pending_changes"] == 1
    assert abs(dt.datetime.fromisoformat(body["period"]["counted_at"]) - counted_at) < dt.timedelta(milliseconds=1)
    assert body["period"]["as_of"] and body["period"]["incomplete"] is None  # the existing fields stay
    said = f"Số liệu được tổng hợp lúc {stamp}; 1 hồ sơ thay đổi sau đó chưa được cộng vào số liệu."
    for html in (dashboard, page, public):
        assert said in html
    aggregates_refresh()
    before = timezone.now()
    body = client.get("/api/v1/reports/dossiers", base).json()
    assert body["measures"]["received"] == 5 and body["period"]["pending_changes"] == 0
    assert dt.datetime.fromisoformat(body["period"]["counted_at"]) >= before - dt.timedelta(milliseconds=1)  # now
    dashboard = client.get("/bao-cao/", {"quy": "2022Q1"}).content.decode()
    assert re.search(r"Số liệu được tổng hợp lúc \d\d:\d\d \d\d/\d\d/\d{4}\.", dashboard)
    assert "chưa được cộng vào số liệu" not in dashboard


def test_the_report_documents_say_how_fresh_the_figures_are(history: None, receive: Callable[..., Any]) -> None:
    import io

    from docx import Document
    from openpyxl import load_workbook

    from tuphap.reports.quarterly import build
    from tuphap.reports.quarterly.render_docx import render_docx
    from tuphap.reports.quarterly.render_xlsx import render_xlsx

    receive(received_at=t("2022-03-07T09:00"))
    report = build(2022, 1, as_of=t("2022-06-30T00:00"))
    assert report.total.counts.received == 4 and report.freshness is not None
    assert report.freshness.endswith("1 hồ sơ thay đổi sau đó chưa được cộng vào số liệu.")
    assert report.freshness in "\n".join(p.text for p in Document(io.BytesIO(render_docx(report))).paragraphs)
    assert report.freshness in str(load_workbook(io.BytesIO(render_xlsx(report)))["Tong hop"]["A3"].value)
