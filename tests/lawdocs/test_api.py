"""API shapes: search list (paged), detail, by-number, status at a date; staff POSTs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.lawdocs.conftest import d
from tuphap.lawdocs import services
from tuphap.lawdocs.models import LegalDocument

KEYS = {"id", "number", "title", "type", "issuer", "effective_from", "status"}


@pytest.fixture
def docs(make_doc: Callable[..., Any]) -> dict[str, Any]:
    old = make_doc(
        "12/2016/QĐ-UBND",
        "Quy định về đăng ký hộ tịch",
        effective="2016-03-25",
        text="Đăng ký khai sinh.",
        field="Tư pháp",
    )
    new = make_doc("02/2022/QĐ-UBND", "Bãi bỏ Quy định về đăng ký hộ tịch", effective="2022-02-01")
    services.relation_add(actor=None, source=new, target=old, kind="repeals", date=d("2022-02-01"))
    for i in range(1, 24):
        make_doc(f"{100 + i}/2023/QĐ-UBND", f"Quyết định về thanh long số {i}", effective="2023-03-01")
    return {"old": old, "new": new}


def test_list_is_public_paged_and_searchable(
    client: Client, docs: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(6):
        data = client.get("/api/v1/lawdocs", {"q": "dang ky ho tich"}).json()
    assert data["count"] == 2 and data["page"] == 1 and data["page_size"] == 20
    first = data["results"][0]
    assert KEYS <= set(first) and first["number"] in {"12/2016/QĐ-UBND", "02/2022/QĐ-UBND"}
    assert "<mark>" in (first["snippet"] or "")
    page = client.get("/api/v1/lawdocs", {"q": "thanh long"}).json()
    assert page["count"] == 23 and len(page["results"]) == 20
    assert len(client.get("/api/v1/lawdocs", {"q": "thanh long", "page": 2}).json()["results"]) == 3
    everything = client.get("/api/v1/lawdocs").json()
    assert everything["count"] == 25


def test_list_filters_by_status_at_a_date(client: Client, docs: dict[str, Any]) -> None:
    data = client.get("/api/v1/lawdocs", {"q": "ho tich", "status": "expired", "status_at": "2022-06-01"}).json()
    assert [r["number"] for r in data["results"]] == ["12/2016/QĐ-UBND"] and data["results"][0]["status"] == "expired"
    data = client.get("/api/v1/lawdocs", {"q": "ho tich", "status": "in_force", "status_at": "2021-06-01"}).json()
    assert [r["number"] for r in data["results"]] == ["12/2016/QĐ-UBND"] and data["results"][0]["status"] == "in_force"
    assert client.get("/api/v1/lawdocs", {"status": "dead"}).status_code == 422
    assert client.get("/api/v1/lawdocs", {"type": "resolution"}).json()["count"] == 0


def test_detail_by_number_and_status(client: Client, docs: dict[str, Any]) -> None:
    old = docs["old"]
    detail = client.get(f"/api/v1/lawdocs/{old.pk}").json()
    assert KEYS <= set(detail) and detail["status"] == "expired" and detail["type"] == "decision"
    assert detail["relations"] == [
        {
            "kind": "repeals",
            "direction": "incoming",
            "document": docs["new"].pk,
            "number": "02/2022/QĐ-UBND",
            "date": "2022-02-01",
            "articles": "",
            "ends_on": None,
        }
    ]
    assert [c["status"] for c in detail["timeline"]] == ["in_force", "expired"]
    found = client.get("/api/v1/lawdocs/by-number", {"number": "12/2016/qd ubnd"}).json()
    assert found["id"] == old.pk
    assert client.get("/api/v1/lawdocs/by-number", {"number": "1/2000/QĐ-UBND"}).status_code == 404
    for day, status in [
        ("2016-03-24", "not_yet_in_force"),
        ("2016-03-25", "in_force"),
        ("2022-01-31", "in_force"),
        ("2022-02-01", "expired"),
    ]:
        assert client.get(f"/api/v1/lawdocs/{old.pk}/status", {"at": day}).json() == {"status": status, "at": day}
    assert client.get("/api/v1/lawdocs/999999/status").status_code == 404


def test_post_needs_a_staff_member_who_may_edit(
    client: Client, docs: dict[str, Any], reception: Any, specialist: Any
) -> None:
    payload = {
        "number": "05/2024/NQ-HĐND",
        "type": "resolution",
        "issuer": "HĐND tỉnh Bình Thuận",
        "title": "Học phí năm học 2024 - 2025",
        "issued_on": "2024-07-10",
        "effective_from": "2024-07-20",
    }
    assert client.post("/api/v1/lawdocs", payload, content_type="application/json").status_code == 401
    client.force_login(reception)
    assert client.post("/api/v1/lawdocs", payload, content_type="application/json").status_code == 403
    client.force_login(specialist)
    response = client.post("/api/v1/lawdocs", payload, content_type="application/json")
    assert response.status_code == 201 and response.json()["status"] == "in_force"
    assert client.post("/api/v1/lawdocs", payload, content_type="application/json").status_code == 200  # idempotent
    bad = client.post("/api/v1/lawdocs", {**payload, "number": "abc"}, content_type="application/json")
    assert bad.status_code == 422 and any(
        e["field"] == "number" and "số, ký hiệu" in e["message"] for e in bad.json()["detail"]
    )
    doc = LegalDocument.objects.get(number_key="5/2024/NQ-HDND")
    rel = client.post(
        f"/api/v1/lawdocs/{doc.pk}/relations",
        {"kind": "suspends", "to": "02/2022/QĐ-UBND", "date": "2024-07-20"},
        content_type="application/json",
    )
    assert rel.status_code == 201 and rel.json()["number"] == "02/2022/QĐ-UBND"
    assert client.get(f"/api/v1/lawdocs/{docs['new'].pk}/status", {"at": "2024-08-01"}).json()["status"] == "suspended"


def test_the_issuing_level_in_and_out(client: Client, docs: dict[str, Any], specialist: Any) -> None:
    client.force_login(specialist)
    payload = {
        "number": "03/2025/NQ-HĐND-XA",
        "type": "resolution",
        "issuer": "HĐND xã Tuy Phong",
        "level": "commune",
        "title": "Quy định về nếp sống văn minh",
        "issued_on": "2025-08-01",
        "effective_from": "2025-08-15",
    }
    response = client.post("/api/v1/lawdocs", payload, content_type="application/json")
    assert response.status_code == 201 and response.json()["level"] == "commune"
    without = {k: v for k, v in payload.items() if k != "level"}
    assert client.post("/api/v1/lawdocs", without, content_type="application/json").json()["level"] == "commune"
    bad = client.post("/api/v1/lawdocs", {**payload, "level": "thon"}, content_type="application/json")
    assert bad.status_code == 422 and any(e["field"] == "level" for e in bad.json()["detail"])
    assert client.get(f"/api/v1/lawdocs/{docs['new'].pk}").json()["level"] == "province"
