"""The citizen's whole path online in Chromium (issue 18's acceptance, in its order): signed in
through the OpenID Connect stand-in (its own process), applies with two files, pays right after
submitting in the sandbox gateway (its own process); the desk receives (the fee paid online is
settled: no fee pause); the specialist asks for a supplement; the citizen uploads it from "Hồ sơ
của tôi"; the specialist resolves; the citizen downloads the electronic result, verifies it
through its QR link, and rates. axe-core finds no serious violation on the citizen's pages along
the way. Then the quarter's online share and online payment figures (reports' selectors) moved by
what was done. (The fee asked later, ``request_fee``, is tested in tests/dossiers/test_payments.py.)"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from tests.e2e.conftest import (
    NATIONALITY,
    act,
    apply_with_two_files,
    log_in,
    log_out,
    pay_in_sandbox,
    serious_violations,
)
from tuphap.dossiers import services
from tuphap.dossiers.models import Dossier
from tuphap.dossiers.payments.models import Payment
from tuphap.dossiers.results.models import ElectronicResult
from tuphap.dossiers.results.services import verification_token
from tuphap.orgs.roles import Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def quarter_measures(as_of: dt.datetime | None = None) -> dict[str, Any]:
    """This quarter's figures as the quarterly report reads them, counted afresh (as of ``as_of``)."""
    from tuphap.reports.kpi import measures
    from tuphap.reports.selectors import dossier_counts
    from tuphap.reports.services import aggregates_refresh

    aggregates_refresh()
    today = timezone.localdate()
    first = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    last = (first + dt.timedelta(days=95)).replace(day=1) - dt.timedelta(days=1)
    return measures(dossier_counts(first, last, as_of=as_of))


def test_the_citizen_s_whole_path_online(
    live_server: Any,
    page: Any,
    browser: Any,
    publish: Any,
    oidc: Any,
    paygate_url: str,
    make_staff: Any,
    settings: Any,
    tmp_path: Any,
    axe_script: str,
) -> None:
    from playwright.sync_api import expect

    publish(NATIONALITY)
    for username, role in (
        ("motcua", Role.RECEPTION),
        ("truongphong", Role.UNIT_HEAD),
        ("chuyenvien", Role.SPECIALIST),
    ):
        make_staff(username, role)
    settings.RESULT_SIGNING_DIR = str(tmp_path / "signing")
    base = live_server.url
    # one dossier received at the desk this quarter, before: the shares have something to move against
    services.dossier_receive(
        actor=None, procedure_code=NATIONALITY, applicant={"name": "Lê Văn Cường", "phone": "0911222333"}
    )
    before = quarter_measures()
    assert (before["received"], before["received_online"], before["received_online_payment"]) == (1, 0, 0)
    assert before["online_share"] == 0.0 and before["online_payment_share"] == 0.0

    # the citizen applies, and pays right away from the confirmation page in the sandbox gateway
    apply_with_two_files(page, base, oidc, tmp_path)
    dossier = Dossier.objects.get(channel="online")
    mine = f"{base}/ho-so/cua-toi/{dossier.code}/"
    assert dossier.state == "submitted" and dossier.attachments.count() == 2
    assert serious_violations(page, axe_script) == []
    pay_in_sandbox(page, base, paygate_url, "100.000")
    dossier.refresh_from_db()
    payment = Payment.objects.get(dossier=dossier, status="paid")
    assert dossier.state == "submitted" and dossier.online_payment and payment.settled_at is None
    page.goto(mine)
    expect(page.locator(".fee-state")).to_contain_text(payment.receipt_number)
    expect(page.get_by_role("button", name="Nộp phí trực tuyến")).to_have_count(0)
    assert serious_violations(page, axe_script) == []

    # the desk receives (the fee paid online is settled: no fee pause), the unit head assigns,
    # the specialist asks for a supplement
    staff = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh").new_page()
    staff.set_default_timeout(15_000)
    log_in(staff, base, "motcua")
    staff.goto(f"{base}/ho-so/{dossier.code}/")
    expect(staff.locator("#h-payments").locator("xpath=..")).to_contain_text(payment.receipt_number)
    act(staff, "Tiếp nhận")
    staff.wait_for_selector(".state:has-text('Đã tiếp nhận')")
    payment.refresh_from_db()
    assert payment.settled_at is not None
    log_out(staff)
    log_in(staff, base, "truongphong")
    staff.goto(f"{base}/ho-so/{dossier.code}/")
    staff.locator("summary", has_text="Phân công xử lý").click()
    staff.get_by_label("Người xử lý").select_option("chuyenvien")
    staff.get_by_role("button", name="Phân công xử lý", exact=True).click()
    staff.wait_for_selector("text=Đã thực hiện: Phân công xử lý.")
    log_out(staff)
    log_in(staff, base, "chuyenvien")
    staff.goto(f"{base}/ho-so/{dossier.code}/")
    staff.locator("summary", has_text="Yêu cầu bổ sung (mẫu 02)").click()
    request = staff.locator("details.action", has=staff.locator("summary", has_text="Yêu cầu bổ sung (mẫu 02)"))
    request.locator("textarea[name=request_supplement-items]").fill("Bản sao hộ chiếu còn hạn")
    request.locator("textarea[name=request_supplement-reason]").fill("Giấy tờ đã nộp không đọc được số")
    request.get_by_role("button", name="Yêu cầu bổ sung (mẫu 02)", exact=True).click()
    staff.wait_for_selector(".state:has-text('bổ sung')")
    assert Dossier.objects.get(pk=dossier.pk).state == "supplement_requested"

    # the citizen sees the request in "Hồ sơ của tôi" and uploads the missing item against it
    page.goto(mine)
    section = page.locator("section", has=page.locator("#h-supplement"))
    expect(section).to_contain_text("Bản sao hộ chiếu còn hạn")
    expect(section).to_contain_text("Giấy tờ đã nộp không đọc được số")
    assert serious_violations(page, axe_script) == []
    from PIL import Image

    passport = tmp_path / "ho-chieu.jpg"
    Image.new("RGB", (60, 40), (200, 180, 20)).save(passport, format="JPEG")
    section.locator("input[type=file]").set_input_files(str(passport))
    section.get_by_role("button", name="Gửi hồ sơ bổ sung").click()
    page.wait_for_selector("text=Đã gửi hồ sơ bổ sung")
    dossier.refresh_from_db()
    assert dossier.state == "in_process" and dossier.attachments.count() == 3

    # the specialist sees the file and resolves (the result electronically, as the citizen asked)
    staff.goto(f"{base}/ho-so/{dossier.code}/")
    expect(staff.get_by_role("link", name="bo-sung-ho-chieu.jpg")).to_be_visible()
    act(staff, "Ghi nhận kết quả giải quyết")
    staff.wait_for_selector("text=Đã có kết quả")
    staff.context.close()

    # the citizen downloads the result, verifies it through its QR link, and rates
    page.goto(mine)
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải kết quả điện tử (PDF)").click()
    pdf = download.value.path().read_bytes()
    assert pdf.startswith(b"%PDF")
    link = verification_token(ElectronicResult.objects.get(dossier=dossier))
    page.goto(f"{base}/ho-so/xac-thuc/{link}/")
    assert page.locator(".verdict").inner_text().startswith("HỢP LỆ")
    page.set_input_files("#id_pdf", str(download.value.path()))
    page.get_by_role("button", name="Đối chiếu tệp").click()
    assert "chính là tệp PDF" in page.locator(".pdf-verdict").inner_text()
    page.goto(mine)
    rating = page.locator("section", has=page.locator("#h-rate"))
    assert serious_violations(page, axe_script) == []
    rating.get_by_label("Hài lòng", exact=True).check()
    rating.get_by_role("button", name="Gửi đánh giá").click()
    page.wait_for_url(mine)
    expect(page.locator("#h-rate")).to_have_count(0)
    dossier.refresh_from_db()
    assert dossier.rating == "good"
    assert not dossier.events.filter(action__in=["request_fee", "fee_paid"]).exists()
    assert dossier.events.get(action="receive").data["fee_paid_online"]["receipt"] == payment.receipt_number

    # the quarter's figures moved by exactly this dossier
    after = quarter_measures(timezone.now() + dt.timedelta(seconds=1))
    assert after["received"] == before["received"] + 1
    assert after["received_online"] == before["received_online"] + 1
    assert after["received_online_payment"] == before["received_online_payment"] + 1
    assert after["online_share"] == 0.5 and after["online_payment_share"] == 0.5
    assert after["rated_good"] == before["rated_good"] + 1
