"""The electronic result: the PDF with its QR code, the agency's detached CMS
signature (checked with the openssl tool), and the public verification page,
which tells a genuine result from a forged link, changed details or a changed PDF."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pypdf import PdfReader

from tests.dossiers.conftest import APPLICANT, NATIONALITY
from tuphap.dossiers import services
from tuphap.dossiers.documents.build import status_token
from tuphap.dossiers.models import Dossier, Procedure
from tuphap.dossiers.results import services as results
from tuphap.dossiers.results.models import ElectronicResult


@pytest.fixture(autouse=True)
def _signing_dir(settings: Any, tmp_path: Path) -> None:
    settings.RESULT_SIGNING_DIR = str(tmp_path / "signing")


@pytest.fixture
def resolved(receive: Callable[..., Any], staff: dict[str, Any]) -> Dossier:
    d = receive(NATIONALITY)
    return services.dossier_resolve(actor=staff["head"], dossier=d, outcome="approved", electronic_result=True)


def _download(client: Client, d: Dossier) -> bytes:
    response = client.get(f"/ho-so/tra-cuu/{status_token(d.code)}/ket-qua.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return response.content


def _verify_path(d: Dossier) -> str:
    token = results.verification_token(ElectronicResult.objects.get(dossier=d))
    return f"/ho-so/xac-thuc/{token}/"


@pytest.mark.django_db
def test_the_result_pdf_carries_the_verification_link_and_verifies(resolved: Dossier, tmp_path: Path) -> None:
    client = Client()
    status_page = client.get(f"/ho-so/tra-cuu/{status_token(resolved.code)}/").content.decode()
    assert "ket-qua.pdf" in status_page
    pdf = _download(client, resolved)
    assert _download(client, resolved) == pdf  # issued once
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).replace("\n", "")
    link = re.search(r"/ho-so/xac-thuc/(\S+?)/", text)
    assert link is not None and f"{resolved.code}/KQĐT" in text
    page = client.get(f"/ho-so/xac-thuc/{link.group(1)}/")
    body = page.content.decode()
    assert page.status_code == 200 and "HỢP LỆ" in body and "KHÔNG HỢP LỆ" not in body
    assert resolved.procedure.name in body and f"{resolved.code}/KQĐT" in body
    # no personal data on the public page
    for personal in (APPLICANT["name"], APPLICANT["id_number"], APPLICANT["phone"], APPLICANT["email"]):
        assert personal not in body
    # the same PDF uploaded: it matches; one byte changed: it does not
    same = client.post(page.request["PATH_INFO"], {"pdf": SimpleUploadedFile("kq.pdf", pdf, "application/pdf")})
    assert same.status_code == 200 and "chính là tệp PDF" in same.content.decode()
    changed = pdf.replace(b"/Producer", b"/Producex", 1) if b"/Producer" in pdf else pdf + b"%"
    other = client.post(page.request["PATH_INFO"], {"pdf": SimpleUploadedFile("kq.pdf", changed, "application/pdf")})
    assert other.status_code == 409 and "đã bị sửa đổi" in other.content.decode()


@pytest.mark.django_db
def test_the_agency_signature_verifies_with_openssl(resolved: Dossier, tmp_path: Path) -> None:
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.fail("openssl is needed to check the CMS signature")
    client = Client()
    pdf = _download(client, resolved)
    p7s = client.get(f"/ho-so/tra-cuu/{status_token(resolved.code)}/ket-qua.p7s").content
    (tmp_path / "kq.pdf").write_bytes(pdf)
    (tmp_path / "kq.p7s").write_bytes(p7s)
    (tmp_path / "bad.pdf").write_bytes(pdf + b"\n")

    def check(content: str) -> int:
        args = [openssl, "cms", "-verify", "-binary", "-inform", "DER", "-noverify", "-out", "/dev/null"]
        args += ["-in", str(tmp_path / "kq.p7s"), "-content", str(tmp_path / content)]
        return subprocess.run(args, capture_output=True, check=False).returncode  # noqa: S603 - the system's openssl

    assert check("kq.pdf") == 0
    assert check("bad.pdf") != 0


@pytest.mark.django_db
def test_forged_links_and_changed_details_are_invalid(resolved: Dossier) -> None:
    client = Client()
    _download(client, resolved)
    result = ElectronicResult.objects.get(dossier=resolved)
    good = results.verification_token(result)
    forged = signing.dumps({"c": resolved.code, "h": "0" * 64, "d": "2020-01-01"}, salt=results.SALT, key="x" * 50)
    answer = client.get(f"/ho-so/xac-thuc/{forged}/")
    assert answer.status_code == 400 and "KHÔNG HỢP LỆ" in answer.content.decode()
    assert resolved.procedure.name not in answer.content.decode()
    tampered = good[:-3] + ("AAA" if not good.endswith("AAA") else "BBB")
    assert client.get(f"/ho-so/xac-thuc/{tampered}/").status_code == 400
    # signed by us, but for details that were not issued
    wrong = signing.dumps({"c": resolved.code, "h": "0" * 64, "d": result.issued_on.isoformat()}, salt=results.SALT)
    assert client.get(f"/ho-so/xac-thuc/{wrong}/").status_code == 400
    unknown = signing.dumps({"c": "KHONG-CO", "h": "0" * 64, "d": "2020-01-01"}, salt=results.SALT)
    assert client.get(f"/ho-so/xac-thuc/{unknown}/").status_code == 404
    # the procedure's name changed in the database after issue: the details no longer match
    Procedure.objects.filter(pk=resolved.procedure_id).update(name="Tên khác")
    assert client.get(f"/ho-so/xac-thuc/{good}/").status_code == 400


@pytest.mark.django_db
def test_no_result_before_resolution_or_when_refused(receive: Callable[..., Any], staff: dict[str, Any]) -> None:
    client = Client()
    d = receive(NATIONALITY)
    assert client.get(f"/ho-so/tra-cuu/{status_token(d.code)}/ket-qua.pdf").status_code == 404
    d = services.dossier_resolve(actor=staff["head"], dossier=d, outcome="rejected", reason="Thiếu giấy tờ")
    assert client.get(f"/ho-so/tra-cuu/{status_token(d.code)}/ket-qua.pdf").status_code == 404
    assert client.get("/ho-so/tra-cuu/khong-hop-le/ket-qua.pdf").status_code == 404
    assert not ElectronicResult.objects.exists()
