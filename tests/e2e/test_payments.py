"""Paying the fee online in Chromium: the status page, the sandbox gateway's own
page (another process), back to tuphap, the receipt; then the electronic result
downloaded and its QR link verified."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.dossiers.test_payments import SECRET, start_paygate
from tuphap.dossiers import services
from tuphap.dossiers.catalogue import PROCEDURES
from tuphap.dossiers.documents.build import status_token
from tuphap.dossiers.models import Dossier
from tuphap.dossiers.results.models import ElectronicResult
from tuphap.dossiers.results.services import verification_token

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LLTP = "2.000488.000.00.00.H09"


def test_pay_in_the_sandbox_then_verify_the_result(
    live_server: Any, page: Any, department: Any, units: dict[str, Any], settings: Any, tmp_path: Any
) -> None:
    data = next(p for p in PROCEDURES if p["code"] == LLTP)
    services.procedure_publish(
        actor=None, data=data, agency=department, unit=units["hctp"], valid_from=dt.date(2015, 1, 1)
    )
    d = services.dossier_receive(
        actor=None, procedure_code=LLTP, applicant={"name": "Trần Thị Bình", "phone": "0987654321"}
    )
    d = services.dossier_request_fee(actor=None, dossier=d)
    process, url = start_paygate(PAYGATE_RETRIES="3", PAYGATE_RETRY_SECONDS="0.2")
    try:
        settings.PAYGATE_URL, settings.PAYGATE_SECRET = url, SECRET
        settings.RESULT_SIGNING_DIR = str(tmp_path / "signing")
        token = status_token(d.code)
        page.goto(f"{live_server.url}/ho-so/tra-cuu/{token}/")
        page.get_by_role("button", name="Nộp phí trực tuyến").click()
        page.wait_for_url(f"{url}/pay/*")
        assert "200.000" in page.locator("#amount").inner_text()
        page.get_by_role("button", name="Thanh toán").click()
        page.wait_for_url(f"{live_server.url}/ho-so/tra-cuu/{token}/nop-phi/**")
        for _ in range(30):  # the notification travels server to server: reload until it has arrived
            if "đã được xác nhận" in page.locator(".payment-status").inner_text():
                break
            page.wait_for_timeout(300)
            page.reload()
        page.get_by_role("link", name="Biên lai điện tử").click()
        assert page.locator(".receipt-number").inner_text().startswith("BL")
    finally:
        process.terminate()
        process.wait(10)
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
