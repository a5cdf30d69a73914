"""API tokens are never re-assignable (issue 16, item 2): the admin offers
create and revoke only, both audited with the administrator as the actor; the
command line is audited too; a token request is recorded as its owner's."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from tuphap.core.models import ApiToken, AuditEvent
from tuphap.core.services import api_token_create, api_token_revoke

ADMIN_URL = "/admin/core/apitoken/"


@pytest.fixture
def admin_client(admin_user: Any) -> Client:
    client = Client()
    client.force_login(admin_user)
    return client


def test_the_admin_creates_a_token_shown_once_and_audited(admin_client: Client, admin_user: Any, director: Any) -> None:
    response = admin_client.post(f"{ADMIN_URL}add/", {"user": director.pk, "name": "báo cáo"})
    assert response.status_code == 200, response.content
    token = ApiToken.objects.get()
    assert token.user == director and token.name == "báo cáo"
    raw = response.context["raw_token"]
    assert raw.startswith("tp_") and raw in response.content.decode() and raw[:10] == token.prefix
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.get(action="api_token.create")
    assert event.actor == admin_user and event.actor_name == "quantri"
    assert event.after == {"user": "giamdoc", "name": "báo cáo"}
    assert Client().get("/api/v1/me", headers={"authorization": f"Bearer {raw}"}).json()["username"] == "giamdoc"
    # the audit log shows it, with the administrator as the actor
    log = admin_client.get("/nhat-ky/").content.decode()
    assert "api_token.create" in log and "quantri" in log


def test_a_token_cannot_be_given_to_someone_else(admin_client: Client, admin_user: Any, director: Any) -> None:
    raw = api_token_create(actor=admin_user, username="quantri", name="mine")
    token = ApiToken.objects.get()
    page = admin_client.get(f"{ADMIN_URL}{token.pk}/change/")
    assert page.status_code == 200
    assert 'name="user"' not in page.content.decode() and 'name="digest"' not in page.content.decode()
    changed = admin_client.post(
        f"{ADMIN_URL}{token.pk}/change/", {"user": director.pk, "name": "x", "digest": "0" * 64, "prefix": "tp_x"}
    )
    assert changed.status_code == 403
    token.refresh_from_db()
    assert token.user == admin_user and token.name == "mine" and token.prefix == raw[:10]
    assert admin_client.post(f"{ADMIN_URL}{token.pk}/delete/", {"post": "yes"}).status_code == 403
    assert ApiToken.objects.filter(pk=token.pk).exists()
    # nor by code: the model refuses to save a token with another owner or digest
    token.user = director
    with pytest.raises(ValueError, match="never re-assigned"):
        token.save()
    token.refresh_from_db()
    token.digest = "0" * 64
    with pytest.raises(ValueError, match="never re-assigned"):
        token.save()
    token.refresh_from_db()
    # a request with the token is its owner's, in the answer and in the audit trail
    assert Client().get("/api/v1/me", headers={"authorization": f"Bearer {raw}"}).json()["username"] == "quantri"


def test_the_admin_revokes_tokens_and_each_revocation_is_audited(
    admin_client: Client, admin_user: Any, director: Any
) -> None:
    raw = api_token_create(actor=None, username="giamdoc")
    token = ApiToken.objects.get()
    assert Client().get("/api/v1/me", headers={"authorization": f"Bearer {raw}"}).status_code == 200
    response = admin_client.post(ADMIN_URL, {"action": "revoke", "_selected_action": [token.pk], "index": 0})
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Client().get("/api/v1/me", headers={"authorization": f"Bearer {raw}"}).status_code == 401
    event = AuditEvent.objects.get(action="api_token.revoke")
    assert event.actor == admin_user and event.object_id == str(token.pk)
    assert event.after is not None and event.after["user"] == "giamdoc"
    # revoking again changes nothing and records nothing
    admin_client.post(ADMIN_URL, {"action": "revoke", "_selected_action": [token.pk], "index": 0})
    assert AuditEvent.objects.filter(action="api_token.revoke").count() == 1
    assert "api_token.revoke" in admin_client.get("/nhat-ky/").content.decode()


def test_only_an_administrator_revokes_another_persons_token(admin_user: Any, director: Any, reception: Any) -> None:
    from django.core.exceptions import PermissionDenied

    api_token_create(actor=None, username="giamdoc")
    token = ApiToken.objects.get()
    with pytest.raises(PermissionDenied):
        api_token_revoke(actor=reception, token=token)
    api_token_revoke(actor=director, token=token)  # the owner may revoke their own
    assert ApiToken.objects.get().revoked_at is not None


def test_the_command_line_is_audited_with_its_operator(reception: Any) -> None:
    out = io.StringIO()
    call_command("create_api_token", "motcua", "--name", "script", stdout=out)
    event = AuditEvent.objects.get(action="api_token.create")
    assert event.actor is None and event.actor_name.startswith("manage.py create_api_token")
    assert event.after == {"user": "motcua", "name": "script"}
