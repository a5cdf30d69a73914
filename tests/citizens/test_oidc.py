"""Citizens sign in through OpenID Connect against the stand-in provider running in its own
process (standins/oidc): the verified identity fills the profile, and the citizen holds no
staff capability."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from tests.citizens.standin import Provider, provider_sign_in
from tuphap.citizens.models import CitizenProfile
from tuphap.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def sign_in(client: Client, username: str, next_url: str = "/ho-so/cua-toi/") -> Any:
    start = client.get("/cong-dan/dang-nhap/dinh-danh/", {"next": next_url})
    assert start.status_code == 302
    callback = provider_sign_in(start["Location"], username)
    return client.get(callback)


def test_a_citizen_signs_in_with_the_identity_and_its_verified_data_fill_the_profile(
    client: Client, sso: Provider
) -> None:
    start = client.get("/cong-dan/dang-nhap/dinh-danh/", {"next": "/ho-so/cua-toi/"})
    query = parse_qs(urlsplit(start["Location"]).query)
    assert start["Location"].startswith(f"{sso.url}/authorize")
    assert query["client_id"] == ["tuphap-tests"]
    assert set(query["scope"][0].split()) >= {"openid", "profile", "citizen"}
    assert "code_challenge" in query  # PKCE

    done = client.get(provider_sign_in(start["Location"], "congdan"))
    assert done.status_code == 302 and done["Location"] == "/ho-so/cua-toi/"
    profile = CitizenProfile.objects.select_related("user").get(oidc_subject="congdan")
    assert profile.full_name == "Nguyễn Thị Minh Anh"
    assert profile.id_number == "001190012345"
    assert profile.birth_date.isoformat() == "1990-04-12"
    assert profile.identity_verified and profile.source == "oidc"
    assert profile.email == "congdan@example.vn" and profile.email_verified_at is not None
    assert not profile.user.has_usable_password()
    assert AuditEvent.objects.filter(action="citizen.create").count() == 1

    page = client.get("/cong-dan/tai-khoan/")
    assert page.status_code == 200
    assert "001190012345" in page.content.decode()
    # the identity cannot be edited: the account form has no such field, and posting one changes nothing
    client.post("/cong-dan/tai-khoan/", {"phone": "0912000999", "email": "", "address": "x", "full_name": "Khác"})
    profile.refresh_from_db()
    assert profile.full_name == "Nguyễn Thị Minh Anh" and profile.phone == "0912000999"

    # not staff: the back office refuses the citizen
    assert client.get("/van-phong/").status_code == 403
    assert client.get("/ho-so/").status_code == 403


def test_signing_in_again_keeps_one_account_per_identity(sso: Provider) -> None:
    for _ in range(2):
        client = Client()
        assert sign_in(client, "congdan2").status_code == 302
    assert CitizenProfile.objects.filter(oidc_subject="congdan2").count() == 1
    assert CitizenProfile.objects.get(oidc_subject="congdan2").full_name == "Trần Văn Bình"


def test_a_wrong_password_at_the_provider_signs_no_one_in(client: Client, sso: Provider) -> None:
    start = client.get("/cong-dan/dang-nhap/dinh-danh/")
    with pytest.raises(AssertionError, match="refused the sign-in"):
        provider_sign_in(start["Location"], "congdan", password="sai-mat-khau")
    assert not CitizenProfile.objects.exists()


def test_a_forged_callback_is_refused(client: Client, sso: Provider) -> None:
    client.get("/cong-dan/dang-nhap/dinh-danh/")
    response = client.get("/cong-dan/oidc/callback/", {"code": "forged", "state": "forged"})
    assert response.status_code == 302 and "/cong-dan/dang-nhap/" in response["Location"]
    assert not CitizenProfile.objects.exists()
    assert "_auth_user_id" not in client.session


def test_without_single_sign_on_the_button_is_gone(client: Client, settings: Any) -> None:
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = ""
    page = client.get("/cong-dan/dang-nhap/")
    assert page.status_code == 200 and "/cong-dan/dang-nhap/dinh-danh/" not in page.content.decode()
    assert client.get("/cong-dan/dang-nhap/dinh-danh/").status_code == 404
