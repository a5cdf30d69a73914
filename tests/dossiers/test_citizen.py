"""Citizen pages: public, no session touched, cacheable; the same "not found"
for a wrong code and a wrong phone; the rating once, after the return."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from tests.dossiers.conftest import LLTP, NATIONALITY, NOTARY
from tuphap.dossiers import services
from tuphap.dossiers.documents.build import status_token

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    cache.clear()


def _public(response: Any) -> None:
    assert "Set-Cookie" not in response.headers and not response.cookies
    assert "Cookie" not in response.get("Vary", "")


def test_catalogue_searches_and_filters_by_field(client: Client, catalogue: Any) -> None:
    response = client.get("/ho-so/thu-tuc/")
    assert response.status_code == 200
    _public(response)
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    html = response.content.decode()
    assert NATIONALITY in html and NOTARY in html and ("200.000 đ" in html or "200000 đ" in html) and "10 ngày" in html
    html = client.get("/ho-so/thu-tuc/", {"field": "Công chứng"}).content.decode()
    assert NOTARY in html and NATIONALITY not in html
    html = client.get("/ho-so/thu-tuc/", {"q": "lý lịch"}).content.decode()
    assert LLTP in html and NOTARY not in html
    detail = client.get(f"/ho-so/thu-tuc/{LLTP}/")
    _public(detail)
    text = detail.content.decode()
    assert (
        "Luật Lý lịch tư pháp 2009" in text
        and "Bản chụp giấy tờ tùy thân" in text
        and "15 ngày nếu phải xác minh" in text
    )
    assert client.get("/ho-so/thu-tuc/9.999999.000.00.00.H09/").status_code == 404


def test_lookup_by_code_and_phone_with_one_not_found(
    client: Client, receive: Callable[..., Any], staff: dict[str, Any]
) -> None:
    d = receive(NATIONALITY, actor=staff["reception"])
    empty = client.get("/ho-so/tra-cuu/")
    _public(empty)
    assert 'for="id_code"' in empty.content.decode() and 'for="id_phone"' in empty.content.decode()
    found = client.get("/ho-so/tra-cuu/", {"code": d.code, "phone": "5678"})
    _public(found)
    html = found.content.decode()
    assert (
        found.status_code == 200 and d.code in html and "Đã tiếp nhận" in html and "private" in found["Cache-Control"]
    )
    assert "0912345678" not in html and "Nguyễn Văn An" not in html
    wrong_phone = client.get("/ho-so/tra-cuu/", {"code": d.code, "phone": "1111"})
    wrong_code = client.get("/ho-so/tra-cuu/", {"code": d.code[:-1] + "9", "phone": "5678"})
    assert wrong_phone.status_code == wrong_code.status_code == 404
    strip = lambda r: r.content.decode().replace(d.code, "").replace(d.code[:-1] + "9", "")  # noqa: E731
    assert strip(wrong_phone).replace("1111", "") == strip(wrong_code).replace("5678", "")
    assert "Không tìm thấy hồ sơ" in wrong_phone.content.decode()
    assert "bốn chữ số" in client.get("/ho-so/tra-cuu/", {"code": d.code, "phone": "12ab"}).content.decode()


def test_lookup_is_rate_limited(client: Client, receive: Callable[..., Any], staff: dict[str, Any]) -> None:
    d = receive(NATIONALITY, actor=staff["reception"])
    codes = [client.get("/ho-so/tra-cuu/", {"code": d.code, "phone": "0000"}).status_code for _ in range(22)]
    assert codes[0] == 404 and codes[-1] == 429


def test_qr_token_page_and_rating_after_return(
    client: Client, receive: Callable[..., Any], staff: dict[str, Any]
) -> None:
    d = receive(NATIONALITY, actor=staff["reception"])
    token = status_token(d.code)
    assert token.startswith(d.code + ":") and "0912345678" not in token
    page = client.get(f"/ho-so/tra-cuu/{token}/")
    _public(page)
    assert page.status_code == 200 and d.code in page.content.decode() and "danh-gia" not in page.content.decode()
    assert client.get(f"/ho-so/tra-cuu/{token}x/").status_code == 404
    assert client.get(f"/ho-so/tra-cuu/{d.code}:forged/").status_code == 404
    # no rating before the result is returned
    client.post(f"/ho-so/tra-cuu/{token}/danh-gia/", {"rating": "good"})
    d.refresh_from_db()
    assert d.rating == ""
    services.dossier_assign(actor=staff["head"], dossier=d, handler="chuyenvien")
    services.dossier_resolve(actor=staff["head"], dossier=d, outcome="approved")
    services.dossier_return(actor=staff["reception"], dossier=d)
    html = client.get(f"/ho-so/tra-cuu/{token}/").content.decode()
    assert "danh-gia" in html and 'for="id_rating_0"' in html
    response = client.post(f"/ho-so/tra-cuu/{token}/danh-gia/", {"rating": "bogus"})
    assert response.status_code == 400
    csrf_client = Client(enforce_csrf_checks=True)  # the signed token is the authority: no cookie needed
    response = csrf_client.post(f"/ho-so/tra-cuu/{token}/danh-gia/", {"rating": "good"})
    assert response.status_code == 303 and response["Location"].endswith("?cam-on=1")
    d.refresh_from_db()
    assert d.rating == "good" and d.events.filter(action="rate").count() == 1
    thanks = client.get(response["Location"]).content.decode()
    assert "Cảm ơn" in thanks and "danh-gia" not in thanks
    client.post(f"/ho-so/tra-cuu/{token}/danh-gia/", {"rating": "poor"})
    d.refresh_from_db()
    assert d.rating == "good"
