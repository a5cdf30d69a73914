"""The electronic result and withdrawing through the citizens' API (issue 18): the same PDF and
signature as the status page's download, 404 for another citizen's dossier exactly as for a missing
one, 409 with the reason in Vietnamese while there is no result, every download audited; the detail
says whether a result is available and where it is verified; withdraw as "Hồ sơ của tôi" does."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from pypdf import PdfReader

from tests.citizens.test_online import files_for, token_for
from tests.dossiers.conftest import LLTP
from tuphap.core.models import AuditEvent
from tuphap.dossiers import services
from tuphap.dossiers.documents.build import status_token
from tuphap.dossiers.models import Dossier
from tuphap.dossiers.online.services import online_submit
from tuphap.dossiers.results.models import ElectronicResult

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _signing_dir(settings: Any, tmp_path: Path) -> None:
    settings.RESULT_SIGNING_DIR = str(tmp_path / "signing")


def submitted(catalogue: dict[str, Any], citizen: Any, *, delivery: str = "electronic") -> Dossier:
    return online_submit(
        actor=citizen, procedure_code=LLTP, delivery=delivery, phone="0912000111", files=files_for(catalogue[LLTP])
    )


def resolved(
    catalogue: dict[str, Any],
    citizen: Any,
    staff: dict[str, Any],
    *,
    delivery: str = "electronic",
    outcome: str = "approved",
) -> Dossier:
    dossier = submitted(catalogue, citizen, delivery=delivery)
    services.dossier_accept(actor=staff["reception"], dossier=dossier.code)
    services.dossier_assign(actor=staff["head"], dossier=dossier.code, handler="chuyenvien")
    reason = {"reason": "Không đủ điều kiện"} if outcome != "approved" else {}
    return services.dossier_resolve(actor=staff["specialist"], dossier=dossier.code, outcome=outcome, **reason)


def downloads() -> list[dict[str, Any]]:
    return list(AuditEvent.objects.filter(action="dossier.result_download").order_by("id").values("actor", "after"))


def test_the_citizen_downloads_the_same_result_and_signature_as_the_status_page(
    client: Client, catalogue: dict[str, Any], citizen: Any, staff: dict[str, Any]
) -> None:
    dossier = resolved(catalogue, citizen, staff)
    auth = token_for(citizen)
    before = client.get(f"/api/v1/citizen/dossiers/{dossier.code}", **auth).json()["result"]
    assert before == {"available": True, "reason": "", "number": None, "verify_url": None}

    pdf = client.get(f"/api/v1/citizen/dossiers/{dossier.code}/result", **auth)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == f'attachment; filename="ket-qua-{dossier.code}.pdf"'
    assert "no-store" in pdf["Cache-Control"]
    signature = client.get(f"/api/v1/citizen/dossiers/{dossier.code}/result/signature", **auth)
    assert signature.status_code == 200 and signature["Content-Type"] == "application/pkcs7-signature"

    issued = ElectronicResult.objects.get(dossier=dossier)
    assert pdf.content == bytes(issued.pdf) and signature.content == bytes(issued.signature)
    # the status page's download gives the very same bytes (issued once)
    page = client.get(f"/ho-so/tra-cuu/{status_token(dossier.code)}/ket-qua.pdf")
    assert page.status_code == 200 and page.content == pdf.content
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).replace("\n", "")
    assert f"{dossier.code}/KQĐT" in text

    detail = client.get(f"/api/v1/citizen/dossiers/{dossier.code}", **auth).json()["result"]
    assert detail["available"] and detail["number"] == f"{dossier.code}/KQĐT"
    assert detail["verify_url"].startswith("http://testserver/ho-so/xac-thuc/")
    verified = client.get(detail["verify_url"].removeprefix("http://testserver"))
    assert verified.status_code == 200 and "HỢP LỆ" in verified.content.decode()
    # the link in the PDF's QR code and the API's verify_url sign the same claim (their timestamps differ)
    link = re.search(r"/ho-so/xac-thuc/(\S+?):", text)
    assert link is not None and detail["verify_url"].startswith(f"http://testserver/ho-so/xac-thuc/{link.group(1)}:")

    # every download recorded: the citizen's two through the API, the status link's one
    taken = downloads()
    assert [(e["actor"], e["after"]["part"], e["after"]["via"]) for e in taken] == [
        (citizen.pk, "pdf", "api"),
        (citizen.pk, "signature", "api"),
        (None, "pdf", "status_link"),
    ]
    assert AuditEvent.objects.filter(action="dossier.result_issued").count() == 1


@pytest.mark.parametrize(
    ("delivery", "outcome", "words"),
    [
        ("electronic", None, "chưa được giải quyết xong"),
        ("electronic", "rejected", "không được chấp thuận"),
        ("desk", "approved", "không được cấp dưới dạng điện tử"),
    ],
)
def test_no_result_yet_is_a_409_with_the_reason(
    client: Client,
    catalogue: dict[str, Any],
    citizen: Any,
    staff: dict[str, Any],
    delivery: str,
    outcome: str | None,
    words: str,
) -> None:
    dossier = (
        submitted(catalogue, citizen, delivery=delivery)
        if outcome is None
        else resolved(catalogue, citizen, staff, delivery=delivery, outcome=outcome)
    )
    auth = token_for(citizen)
    for path in ("result", "result/signature"):
        response = client.get(f"/api/v1/citizen/dossiers/{dossier.code}/{path}", **auth)
        assert response.status_code == 409, response.content
        assert response.json()["code"] == "no_electronic_result" and words in response.json()["detail"]
    result = client.get(f"/api/v1/citizen/dossiers/{dossier.code}", **auth).json()["result"]
    assert result["available"] is False and words in result["reason"] and result["verify_url"] is None
    assert not ElectronicResult.objects.exists() and downloads() == []


def test_another_citizens_result_is_not_found_like_a_missing_one(
    client: Client, catalogue: dict[str, Any], citizen: Any, citizen2: Any, staff: dict[str, Any]
) -> None:
    dossier = resolved(catalogue, citizen, staff)
    theirs = token_for(citizen2)
    for path in ("result", "result/signature"):
        other = client.get(f"/api/v1/citizen/dossiers/{dossier.code}/{path}", **theirs)
        missing = client.get(f"/api/v1/citizen/dossiers/KHONG-CO/{path}", **theirs)
        assert other.status_code == missing.status_code == 404 and other.json() == missing.json()
    # staff tokens are no citizen identity; nothing issued, nothing recorded
    assert client.get(f"/api/v1/citizen/dossiers/{dossier.code}/result", **token_for(staff["head"])).status_code == 401
    assert client.get(f"/api/v1/citizen/dossiers/{dossier.code}/result").status_code == 401
    assert not ElectronicResult.objects.exists() and downloads() == []


def test_withdraw_through_the_api(client: Client, catalogue: dict[str, Any], citizen: Any, citizen2: Any) -> None:
    dossier = submitted(catalogue, citizen, delivery="desk")
    auth = token_for(citizen)
    path = f"/api/v1/citizen/dossiers/{dossier.code}/withdraw"
    blank = client.post(path, {"reason": "   "}, content_type="application/json", **auth)
    assert blank.status_code == 422 and blank.json()["detail"][0]["field"] == "reason"
    control = client.post(path, {"reason": "Nộp\x07nhầm"}, content_type="application/json", **auth)
    assert control.status_code == 422 and control.json()["detail"][0]["field"] == "reason"
    other = client.post(path, {"reason": "Nộp nhầm"}, content_type="application/json", **token_for(citizen2))
    missing = client.post(
        "/api/v1/citizen/dossiers/KHONG-CO/withdraw",
        {"reason": "Nộp nhầm"},
        content_type="application/json",
        **token_for(citizen2),
    )
    assert other.status_code == missing.status_code == 404 and other.json() == missing.json()
    dossier.refresh_from_db()
    assert dossier.state == "submitted"

    done = client.post(path, {"reason": "Nộp nhầm thủ tục"}, content_type="application/json", **auth)
    assert done.status_code == 200, done.content
    out = done.json()
    assert out["state"] == "withdrawn" and out["national_status"] == 7 and out["events"][-1]["action"] == "withdraw"
    assert out["result"]["available"] is False and "đã kết thúc mà không có kết quả" in out["result"]["reason"]
    refused = client.get(f"/api/v1/citizen/dossiers/{dossier.code}/result", **auth)
    assert refused.status_code == 409 and "đã rút" in refused.json()["detail"]
    assert AuditEvent.objects.filter(action="dossier.withdraw_online", actor=citizen).count() == 1
    again = client.post(path, {"reason": "Lần nữa"}, content_type="application/json", **auth)
    assert again.status_code == 422 and again.json()["detail"][0]["field"] == "reason"
    assert Dossier.objects.get(pk=dossier.pk).events.filter(action="withdraw").count() == 1


def test_the_openapi_schema_documents_the_result_and_withdraw(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    pdf = paths["/api/v1/citizen/dossiers/{code}/result"]["get"]
    assert set(pdf["responses"]["200"]["content"]) == {"application/pdf"}
    assert {"401", "404", "409"} <= set(pdf["responses"])
    signature = paths["/api/v1/citizen/dossiers/{code}/result/signature"]["get"]
    assert set(signature["responses"]["200"]["content"]) == {"application/pkcs7-signature"}
    withdraw = paths["/api/v1/citizen/dossiers/{code}/withdraw"]["post"]
    assert {"200", "401", "404", "409", "422"} <= set(withdraw["responses"])
    assert any(p["name"] == "Idempotency-Key" for p in withdraw.get("parameters", []))
    detail = paths["/api/v1/citizen/dossiers/{code}"]["get"]["responses"]["200"]["content"]["application/json"]
    assert detail["schema"]["$ref"].endswith("/CitizenDossierDetailOut")
