"""A request sent twice creates once (issue 10, known gap: "intake has no
idempotency key"). The API's POSTs honour ``Idempotency-Key``; the desk's
intake form carries a one-time token (``tuphap.core.idempotency``)."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from tests.hardening.world import NATIONALITY, build_desk
from tuphap.api import api
from tuphap.core.models import AuditEvent, IdempotencyKey
from tuphap.dossiers.models import Dossier
from tuphap.workplans.models import Task

BODY = {
    "procedure_code": NATIONALITY,
    "applicant": {
        "name": "Nguyễn Văn An",
        "id_number": "060123456789",
        "phone": "0912345678",
        "email": "an@example.vn",
    },
    "channel": "desk",
}
KEY = "3f6c1a52-8d0e-4b7e-9a51-0c2f4e1d9b7a"


@pytest.fixture
def desk(department: Any, units: dict[str, Any], make_staff: Any) -> dict[str, Any]:
    return build_desk(department, units, make_staff)


def post(token: str, path: str, body: Any, key: str | None = KEY) -> Any:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    if key is not None:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    return Client().post(path, data=json.dumps(body), content_type="application/json", **headers)


def test_a_retried_intake_gets_the_first_answer_and_creates_one_dossier(
    desk: dict[str, Any],
) -> None:
    token = desk["tokens"]["motcua"]
    first = post(token, "/api/v1/dossiers", BODY)
    assert first.status_code == 201 and "Idempotent-Replayed" not in first
    # the same request again (a timeout, a retry), even with other spacing and key order
    again = Client().post(
        "/api/v1/dossiers",
        data=json.dumps(dict(reversed(BODY.items())), indent=2),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        HTTP_IDEMPOTENCY_KEY=KEY,
    )
    assert again.status_code == 201 and again.content == first.content and again["Idempotent-Replayed"] == "true"
    assert again["Content-Type"] == first["Content-Type"]
    assert Dossier.objects.count() == 1 and AuditEvent.objects.filter(action="dossier.receive").count() == 1
    # without a key, each request is a new dossier, as before
    assert post(token, "/api/v1/dossiers", BODY, key=None).status_code == 201
    assert Dossier.objects.count() == 2


def test_the_same_key_with_another_body_is_refused_in_vietnamese(desk: dict[str, Any]) -> None:
    token = desk["tokens"]["motcua"]
    assert post(token, "/api/v1/dossiers", BODY).status_code == 201
    other = {**BODY, "applicant": {**BODY["applicant"], "name": "Trần Thị Bình"}}
    refused = post(token, "/api/v1/dossiers", other)
    assert refused.status_code == 422
    assert refused.json() == {
        "detail": [
            {
                "field": "Idempotency-Key",
                "message": (
                    "Khóa Idempotency-Key này đã được dùng cho một yêu cầu khác (nội dung hoặc địa chỉ khác); hãy "
                    "dùng khóa mới cho yêu cầu mới."
                ),
            }
        ]
    }
    # on another operation too
    assert post(token, "/api/v1/dossiers/KHONG-CO/actions/receive", {}).status_code == 422
    assert Dossier.objects.count() == 1


def test_keys_belong_to_one_account(desk: dict[str, Any], make_staff: Any) -> None:
    from tuphap.core.services import api_token_create
    from tuphap.orgs.roles import Role

    make_staff("motcua2", Role.RECEPTION)
    other = api_token_create(actor=None, username="motcua2")
    a = post(desk["tokens"]["motcua"], "/api/v1/dossiers", BODY)
    b = post(other, "/api/v1/dossiers", BODY)
    assert a.status_code == b.status_code == 201 and a.json()["code"] != b.json()["code"]
    assert "Idempotent-Replayed" not in b


def test_a_failed_request_keeps_no_key_and_an_expired_key_is_free(desk: dict[str, Any]) -> None:
    token = desk["tokens"]["motcua"]
    wrong = post(token, "/api/v1/dossiers", {**BODY, "procedure_code": "1.000000.000.00.00.H09"})
    assert wrong.status_code == 422 and "Idempotency-Key" not in wrong.content.decode()
    assert (
        IdempotencyKey.objects.count() == 0
    )  # nothing was written, the key is free: the corrected request goes through
    first = post(token, "/api/v1/dossiers", BODY)
    assert first.status_code == 201
    row = IdempotencyKey.objects.get()
    assert dt.timedelta(hours=23, minutes=59) < row.expires_at - row.created_at <= dt.timedelta(hours=24)
    IdempotencyKey.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    later = post(token, "/api/v1/dossiers", BODY)  # 24 hours later the key is a new request
    assert (
        later.status_code == 201 and later.json()["code"] != first.json()["code"] and "Idempotent-Replayed" not in later
    )
    assert Dossier.objects.count() == 2 and IdempotencyKey.objects.count() == 1


def test_a_malformed_key_is_422(desk: dict[str, Any]) -> None:
    for key in ("", "x" * 256, "khóa có dấu", "a b"):
        response = post(desk["tokens"]["motcua"], "/api/v1/dossiers", BODY, key=key.encode().decode("latin-1"))
        assert response.status_code == 422, key
        assert response.json()["detail"][0]["field"] == "Idempotency-Key"
    assert Dossier.objects.count() == 0


def test_a_retried_action_and_task_get_the_first_answer(desk: dict[str, Any], make_staff: Any, director: Any) -> None:
    from tuphap.core.services import api_token_create

    created = post(desk["tokens"]["motcua"], "/api/v1/dossiers", BODY).json()
    head = desk["tokens"]["tp0"]
    path = f"/api/v1/dossiers/{created['code']}/actions/assign"
    first = post(head, path, {"handler": "cv"}, key="assign-1")
    again = post(head, path, {"handler": "cv"}, key="assign-1")
    assert (
        first.status_code == again.status_code == 200 and again.content == first.content
    )  # not a 409: the first answer
    assert Dossier.objects.get().version == 2
    boss = api_token_create(actor=None, username=director.username)
    task = {
        "source": {
            "kind": "conclusion",
            "number": "86/TB-UBND",
            "issued_on": "2022-04-12",
            "title": "Kết luận",
        },
        "content": "Rà soát",
    }
    answers = [post(boss, "/api/v1/workplans/tasks", task, key="task-1") for _ in range(2)]
    assert [a.status_code for a in answers] == [201, 201] and answers[0].content == answers[1].content
    assert Task.objects.count() == 1


def test_every_post_operation_documents_the_header() -> None:
    schema = api.get_openapi_schema()
    posts = {path: item["post"] for path, item in schema["paths"].items() if "post" in item}
    assert len(posts) >= 6
    for path, operation in posts.items():
        headers = [p for p in operation.get("parameters", []) if p["in"] == "header" and p["name"] == "Idempotency-Key"]
        assert len(headers) == 1 and headers[0]["schema"]["maxLength"] == 255, path
        assert 422 in operation["responses"] or "422" in operation["responses"], path


# --------------------------------------------------------------------------- the desk's form


def test_sending_the_desk_form_twice_shows_the_first_dossier(desk: dict[str, Any]) -> None:
    client = Client()
    client.force_login(desk["users"]["motcua"])
    page = client.get("/ho-so/tiep-nhan/", {"procedure": NATIONALITY})
    token = page.context["form"]["form_token"].value()
    assert token and f'name="form_token" value="{token}"' in page.content.decode()
    form = {
        "procedure": NATIONALITY,
        "applicant_name": "Trần Thị Bình",
        "id_type": "cccd",
        "id_number": "060123456780",
        "phone": "0987654321",
        "email": "",
        "address": "Phan Thiết",
        "channel": "desk",
        "action": "receive",
        "form_token": token,
    }
    first = client.post("/ho-so/tiep-nhan/", form)
    second = client.post("/ho-so/tiep-nhan/", form)  # the double click
    assert first.status_code == second.status_code == 302 and first["Location"] == second["Location"]
    assert Dossier.objects.count() == 1
    shown = client.get(second["Location"])
    assert "Biểu mẫu này đã được gửi" in shown.content.decode()
    # a new page is a new token: a second applicant is a second dossier
    fresh = client.get("/ho-so/tiep-nhan/").context["form"]["form_token"].value()
    assert fresh != token
    assert client.post("/ho-so/tiep-nhan/", {**form, "form_token": fresh}).status_code == 302
    assert Dossier.objects.count() == 2


# --------------------------------------------------------------------------- at the same moment


@pytest.mark.django_db(transaction=True)
def test_the_same_key_at_the_same_moment_creates_one_dossier(
    department: Any, units: dict[str, Any], make_staff: Callable[..., Any]
) -> None:
    """Threads, each with its own database connection, send one key at once."""
    token = build_desk(department, units, make_staff)["tokens"]["motcua"]
    n = 4
    barrier = threading.Barrier(n)
    answers: list[Any] = [None] * n

    def send(i: int) -> None:
        try:
            barrier.wait()
            answers[i] = post(token, "/api/v1/dossiers", BODY)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert [a.status_code for a in answers] == [201] * n
    assert len({a.content for a in answers}) == 1
    assert sum("Idempotent-Replayed" not in a for a in answers) == 1
    assert Dossier.objects.count() == 1 and IdempotencyKey.objects.count() == 1


def test_the_periodic_job_deletes_expired_keys_of_every_account(
    desk: dict[str, Any], settings: Any, tmp_path: Any
) -> None:
    from django.core.management import call_command

    settings.VAR_DIR = tmp_path
    assert post(desk["tokens"]["motcua"], "/api/v1/dossiers", BODY).status_code == 201
    assert post(desk["tokens"]["motcua"], "/api/v1/dossiers", BODY, key="another-key").status_code == 201
    kept = IdempotencyKey.objects.order_by("pk").last()
    IdempotencyKey.objects.exclude(pk=kept.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    call_command("periodic", verbosity=0)
    assert list(IdempotencyKey.objects.values_list("pk", flat=True)) == [kept.pk]  # the live key stays
