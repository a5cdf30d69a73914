"""The API: OpenAPI document, session and bearer authentication."""

from __future__ import annotations

import ast
import io
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.test import Client

from tuphap.core.models import ApiToken

SRC = Path(__file__).resolve().parents[2] / "src"


def test_openapi_document_is_openapi_3(client: Client, db: Any) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    assert spec["openapi"].startswith("3.")
    assert spec["info"]["title"] == "tuphap API"
    assert "/api/v1/me" in spec["paths"] and "/api/v1/health" in spec["paths"]
    schemes = spec["components"]["securitySchemes"]
    assert {s["type"] for s in schemes.values()} >= {"apiKey", "http"}
    # every operation states its security: the public one explicitly has none
    assert spec["paths"]["/api/v1/me"]["get"]["security"]
    assert "security" not in spec["paths"]["/api/v1/health"]["get"]


def _declared_public() -> set[str]:
    """The operation ids (ninja's default: module and function) of the views declared with ``public_get``."""
    found = set()
    for path in (SRC / "tuphap").rglob("*.py"):
        module = ".".join(path.relative_to(SRC).with_suffix("").parts)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and any(
                isinstance(d, ast.Call) and isinstance(d.func, ast.Attribute) and d.func.attr == "public_get"
                for d in node.decorator_list
            ):
                found.add(f"{module}_{node.name}".replace(".", "_"))
    return found


def test_every_public_operation_is_declared_with_public_get(client: Client, db: Any) -> None:
    """An operation without security in the OpenAPI document is a GET declared with ``public_get``,
    the one way to declare a public operation (an ``auth=None`` of its own would fail here)."""
    spec = client.get("/api/v1/openapi.json").json()
    public = {
        (method, operation["operationId"])
        for operations in spec["paths"].values()
        for method, operation in operations.items()
        if not operation.get("security")
    }
    assert public == {("get", operation_id) for operation_id in _declared_public()}
    assert ("get", "tuphap_api_health") in public  # the walk found the declarations


def test_me_requires_authentication(client: Client, db: Any) -> None:
    assert client.get("/api/v1/me").status_code == 401
    assert client.get("/api/v1/me", headers={"authorization": "Bearer tp_nonsense"}).status_code == 401


def test_me_with_session(client: Client, reception: Any) -> None:
    client.force_login(reception)
    data = client.get("/api/v1/me").json()
    assert data == {
        "username": "motcua",
        "full_name": "Cán Bộ Motcua",
        "roles": ["reception"],
        "unit": "Phòng Hành chính tư pháp",
    }


def test_create_api_token_command_and_bearer_auth(client: Client, reception: Any) -> None:
    out = io.StringIO()
    call_command("create_api_token", "motcua", "--name", "script", stdout=out)
    token = out.getvalue().strip()
    assert token.startswith("tp_") and len(token) > 30
    row = ApiToken.objects.get()
    assert row.digest != token and token not in row.digest  # only the hash is stored
    response = client.get("/api/v1/me", headers={"authorization": f"Bearer {token}"})
    assert response.status_code == 200 and response.json()["username"] == "motcua"
    row.refresh_from_db()
    assert row.last_used_at is not None


def test_revoked_token_and_inactive_user_are_refused(client: Client, reception: Any) -> None:
    from django.utils import timezone

    from tuphap.core.services import api_token_create

    token = api_token_create(actor=None, username="motcua")
    ApiToken.objects.update(revoked_at=timezone.now())
    assert client.get("/api/v1/me", headers={"authorization": f"Bearer {token}"}).status_code == 401
    token2 = api_token_create(actor=None, username="motcua")
    reception.is_active = False
    reception.save(update_fields=["is_active"])
    assert client.get("/api/v1/me", headers={"authorization": f"Bearer {token2}"}).status_code == 401


def test_create_api_token_for_unknown_user_is_a_clear_error(db: Any) -> None:
    import pytest
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Không có tài khoản"):
        call_command("create_api_token", "khongco")


def test_public_health_endpoint(client: Client, db: Any) -> None:
    assert client.get("/api/v1/health").json() == {"status": "ok"}
