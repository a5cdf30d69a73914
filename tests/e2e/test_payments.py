"""Paying the fee online in Chromium: the status page, the sandbox gateway's own
page (another process), back to tuphap, the receipt; then the electronic result
downloaded and its QR link verified."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import LLTP, pay_in_sandbox
from tuphap.dossiers import services
from tuphap.dossiers.documents.build import status_token
from tuphap.dossiers.models import Dossier
from tuphap.dossiers.results.models import ElectronicResult
from tuphap.dossiers.results.services import verification_token

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_pay_in_the_sandbox_then_verify_the_result(
    live_server: Any, page: Any, publish: Any, paygate_url: str, settings: Any, tmp_path: Any
) -> None:
    publish(LLTP)
    d = services.dossier_receive(
        actor=None, procedure_code=LLTP, applicant={"name": "Trần Thị Bình", "phone": "0987654321"}
    )
    d = services.dossier_request_fee(actor=None, dossier=d)
    settings.RESULT_SIGNING_DIR = str(tmp_path / "signing")
    token = status_token(d.code)
    page.goto(f"{live_server.url}/ho-so/tra-cuu/{token}/")
    pay_in_sandbox(page, live_server.url, paygate_url, "200.000")
    d = Dossier.objects.get(pk=d.pk)
    assert d.state == "in_process" and d.online_payment

    d = services.dossier_resolve(actor=None, dossier=d, outcome="approved", electronic_result=True)
    page.goto(f"{live_server.url}/ho-so/tra-cuu/{token}/?sau")  # the page is cached for a minute: another address
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải kết quả điện tử (PDF)").click()
    assert download.value.path().read_bytes().startswith(b"%PDF")
    link = verification_token(ElectronicResult.objects.get(dossier=d))
    page.goto(f"{live_server.url}/ho-so/xac-thuc/{link}/")
    assert page.locator(".verdict").inner_text().startswith("HỢP LỆ")
    page.set_input_files("#id_pdf", str(download.value.path()))
    page.get_by_role("button", name="Đối chiếu tệp").click()
    assert "chính là tệp PDF" in page.locator(".pdf-verdict").inner_text()
