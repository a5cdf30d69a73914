"""The published schema says which characters a string input may hold (issue
10, known gap): every free-text field of every request body, the action
bodies included, carries ``TEXT_PATTERN`` (what ``core/text.py`` refuses), so
the documentation and the 422 answers agree."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from django.test import Client

from tests.hardening.world import NATIONALITY, build_desk
from tuphap.api import api
from tuphap.core.api_bodies import TEXT_PATTERN


def _resolve(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = (
            root["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
            if schema["$ref"].startswith("#/components/")
            else {}
        )
    return schema


def _strings(
    schema: dict[str, Any], root: dict[str, Any], where: str, defs: dict[str, Any]
) -> Iterator[tuple[str, dict[str, Any]]]:
    if "$ref" in schema and schema["$ref"].startswith("#/$defs/"):
        schema = defs[schema["$ref"].rsplit("/", 1)[1]]
    schema = _resolve(schema, root)
    defs = {**defs, **schema.get("$defs", {})}
    for key in ("anyOf", "oneOf", "allOf"):
        for i, part in enumerate(schema.get(key, [])):
            yield from _strings(part, root, f"{where}[{i}]", defs)
    if schema.get("type") == "string" and "enum" not in schema and "const" not in schema and "format" not in schema:
        yield where, schema
    for name, sub in schema.get("properties", {}).items():
        yield from _strings(sub, root, f"{where}.{name}", defs)
    if isinstance(schema.get("items"), dict):
        yield from _strings(schema["items"], root, f"{where}[]", defs)


def test_every_free_text_field_of_a_request_body_states_the_refused_characters() -> None:
    root = api.get_openapi_schema()
    found = []
    for path, item in root["paths"].items():
        for method, operation in item.items():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            if body is None:
                continue
            for where, schema in _strings(body, root, f"{method.upper()} {path}", {}):
                found.append(where)
                assert schema.get("pattern") == TEXT_PATTERN, where
    # the action bodies (notes, reasons, handlers, items) are among them
    assert any("actions/{action}" in w and w.endswith(".reason") for w in found)
    assert any("actions/{action}" in w and w.endswith(".items[]") for w in found)
    assert any(w.endswith(".applicant.name") or ".name" in w for w in found)
    assert len(found) >= 30


def test_a_control_character_the_pattern_refuses_is_a_422_naming_the_field(
    department: Any, units: dict[str, Any], make_staff: Any
) -> None:
    desk = build_desk(department, units, make_staff)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {desk['tokens']['motcua']}"}
    body = {
        "procedure_code": NATIONALITY,
        "applicant": {"name": "Nguyễn\x01 Văn An", "phone": "0912345678"},
    }
    assert re.fullmatch(TEXT_PATTERN, body["applicant"]["name"]) is None
    response = Client().post("/api/v1/dossiers", data=json.dumps(body), content_type="application/json", **auth)
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["field"] == "applicant.name" and "U+0001" in error["message"]
    code = (
        Client()
        .post(
            "/api/v1/dossiers",
            data=json.dumps({**body, "applicant": {"name": "An", "phone": "0912345678"}}),
            content_type="application/json",
            **auth,
        )
        .json()["code"]
    )
    head = {"HTTP_AUTHORIZATION": f"Bearer {desk['tokens']['tp0']}"}
    refused = Client().post(
        f"/api/v1/dossiers/{code}/actions/stop",
        data=json.dumps({"reason": "Có\u202etranh chấp"}),
        content_type="application/json",
        **head,
    )
    assert refused.status_code == 422 and refused.json()["detail"][0]["field"] == "reason"
