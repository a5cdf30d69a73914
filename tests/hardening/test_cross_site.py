"""A link from another site cannot make staff reveal personal data (issue 16,
item 7): the GETs that show personal data whole and write a "personal data
viewed" audit event refuse a request the browser marks ``Sec-Fetch-Site:
cross-site`` (a link or a form on another site, which SameSite=Lax lets carry
the session), with a 403 in Vietnamese and no audit event. A request from the
site itself, a typed address or bookmark, an old browser (no header) and an API
token client are served."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.dossiers import conftest as dossier_fixtures
from tuphap.core.models import AuditEvent
from tuphap.core.services import api_token_create
from tuphap.dossiers.models import DossierAttachment

catalogue = dossier_fixtures.catalogue
receive = dossier_fixtures.receive
staff = dossier_fixtures.staff

VIEWED = "dossier.view_personal"


def _viewed() -> int:
    return AuditEvent.objects.filter(action=VIEWED).count()


@pytest.fixture
def dossier(receive: Callable[..., Any], staff: dict[str, Any]) -> Any:
    return receive(actor=staff["reception"])


@pytest.fixture
def urls(dossier: Any, staff: dict[str, Any]) -> list[str]:
    upload = SimpleUploadedFile("to-khai.pdf", b"%PDF-1.7\n" + b"x" * 100, content_type="application/pdf")
    desk = Client()
    desk.force_login(staff["reception"])
    assert desk.post(f"/ho-so/{dossier.code}/tep/", {"kind": "component", "file": upload}).status_code == 302
    item = DossierAttachment.objects.get()
    return [
        f"/api/v1/dossiers/{dossier.code}?reveal=true",
        f"/ho-so/{dossier.code}/giay-to/receipt.html",
        f"/ho-so/{dossier.code}/giay-to/receipt.pdf",
        f"/ho-so/{dossier.code}/tep/{item.pk}/",
    ]


def test_a_cross_site_request_with_a_session_is_refused_and_writes_nothing(
    urls: list[str], staff: dict[str, Any]
) -> None:
    client = Client()
    client.force_login(staff["reception"])
    for url in urls:
        response = client.get(url, headers={"sec-fetch-site": "cross-site"})
        assert response.status_code == 403, url
        body = response.content.decode()
        assert "trang khác" in body or "trang khác" in response.json()["detail"], url
        assert "060123456789" not in body and "0912345678" not in body, url
    assert _viewed() == 0


@pytest.mark.parametrize("site", ["same-origin", "none", None])
def test_the_sites_own_pages_a_typed_address_and_old_browsers_are_served(
    urls: list[str], staff: dict[str, Any], site: str | None
) -> None:
    client = Client()
    client.force_login(staff["reception"])
    headers = {"sec-fetch-site": site} if site else {}
    for url in urls:
        assert client.get(url, headers=headers).status_code == 200, url
    assert _viewed() == len(urls)
    revealed = client.get(urls[0], headers=headers).json()["applicant"]
    assert revealed["id_number"] == "060123456789"


def test_a_token_client_is_served_whatever_the_header(urls: list[str], staff: dict[str, Any]) -> None:
    token = api_token_create(actor=None, username="motcua")
    auth = {"authorization": f"Bearer {token}"}
    response = Client().get(urls[0], headers={**auth, "sec-fetch-site": "cross-site"})
    assert response.status_code == 200 and response.json()["applicant"]["id_number"] == "060123456789"
    assert Client().get(urls[0], headers=auth).status_code == 200
    event = AuditEvent.objects.filter(action=VIEWED).latest("id")
    assert event.actor == staff["reception"]
    assert _viewed() == 2


def test_a_cross_site_request_without_reveal_is_not_refused(dossier: Any, staff: dict[str, Any]) -> None:
    client = Client()
    client.force_login(staff["reception"])
    masked = client.get(f"/api/v1/dossiers/{dossier.code}", headers={"sec-fetch-site": "cross-site"})
    assert masked.status_code == 200 and masked.json()["applicant"]["id_number"] != "060123456789"
    assert _viewed() == 0
