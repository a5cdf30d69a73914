"""The one-stop desk in Chromium: receive and print, look up, assign, resolve,
return, rate; a wrong phone looks exactly like a wrong code."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from tests.e2e.conftest import act, log_in, log_out
from tuphap.dossiers import services
from tuphap.dossiers.catalogue import PROCEDURES
from tuphap.dossiers.documents.model import vn_time
from tuphap.dossiers.models import Dossier
from tuphap.orgs.roles import Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NATIONALITY = "2.001895.000.00.00.H09"


@pytest.fixture
def office(department: Any, units: dict[str, Any], make_staff: Any) -> None:
    for data in PROCEDURES:
        if data["unit"] == "hctp":
            services.procedure_publish(
                actor=None, data=data, agency=department, unit=units["hctp"], valid_from=dt.date(2015, 1, 1)
            )
    make_staff("motcua", Role.RECEPTION)
    make_staff("truongphong", Role.UNIT_HEAD)
    make_staff("chuyenvien", Role.SPECIALIST)


def test_a_search_typed_before_the_scripts_ran_still_narrows_the_list(
    live_server: Any, page: Any, office: None
) -> None:
    """The desk's search typed while htmx (a deferred script) is still loading: a
    fast officer, a slow machine. It used to be lost (no listener yet), and the
    list stayed whole; a browser test that typed early flaked this way."""
    base = live_server.url
    log_in(page, base, "motcua")
    held: list[Any] = []

    def hold(route: Any) -> None:
        held.append(route)

    page.route(re.compile(r".*/htmx[^/]*\.js(\?.*)?$"), hold)
    page.goto(base + "/ho-so/tiep-nhan/", wait_until="commit")
    page.get_by_label("Tìm thủ tục (tên hoặc mã)").fill("quốc tịch")
    whole = len([p for p in PROCEDURES if p["unit"] == "hctp"])
    assert page.locator("#id_procedure option[value]:not([value=''])").count() == whole > 1  # not narrowed yet
    for _ in range(300):  # the browser asks for htmx once the page is parsed
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "the page never asked for htmx"
    held[0].continue_()
    expect_narrowed_to_nationality(page)


def expect_narrowed_to_nationality(page: Any) -> None:
    """The options are exactly the procedures matching "quốc tịch" (and the empty choice)."""
    from playwright.sync_api import expect

    matching = [p["code"] for p in PROCEDURES if p["unit"] == "hctp" and "quốc tịch" in p["name"].lower()]
    assert NATIONALITY in matching
    expect(page.locator("#id_procedure option[value]:not([value=''])")).to_have_count(len(matching), timeout=15_000)
    expect(page.locator(f"#id_procedure option[value='{NATIONALITY}']")).to_be_attached(timeout=15_000)


def test_a_dossier_from_the_desk_to_the_rating(live_server: Any, page: Any, browser: Any, office: None) -> None:
    base = live_server.url
    log_in(page, base, "motcua")
    page.get_by_role("link", name="Tiếp nhận hồ sơ").click()
    # find the procedure by typing, pick it: components and the live appointment appear
    page.get_by_label("Tìm thủ tục (tên hoặc mã)").fill("quốc tịch")
    expect_narrowed_to_nationality(page)  # the list holds exactly the matching procedures
    page.get_by_label("Thủ tục", exact=True).select_option(NATIONALITY)
    page.wait_for_selector("#preview .appointment")
    page.get_by_label("Tờ khai đề nghị xác nhận có quốc tịch Việt Nam").check()
    # typed with the keyboard; a bad phone is flagged as typed
    page.get_by_label("Họ tên người nộp hồ sơ").fill("Phạm Thị Dung")
    page.get_by_label("Số giấy tờ").fill("060199001234")
    phone = page.get_by_label("Số điện thoại")
    phone.fill("12345")
    phone.press("Tab")
    page.wait_for_selector("#err-phone:has-text('không hợp lệ')")
    phone.fill("0905123456")
    phone.press("Tab")
    page.wait_for_selector("#err-phone:empty", state="attached")
    page.get_by_role("button", name="Tiếp nhận và cấp giấy tiếp nhận (mẫu 01)").click()
    page.wait_for_selector("text=sẵn sàng để in")
    dossier = Dossier.objects.get()
    assert dossier.code in page.locator("h1").inner_text()
    # the receipt PDF carries the code and the appointment
    with page.expect_download() as info:
        page.locator("[data-document=receipt]").get_by_role("link", name="PDF").click()
    pdf = Path(info.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF-")
    if shutil.which("pdftotext"):
        text = " ".join(
            subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode().split()
        )  # noqa: S607
        assert dossier.code in text and vn_time(timezone.localtime(dossier.due_at)) in text
    status_url = page.locator("a[href*='/ho-so/tra-cuu/']").first.get_attribute("href")
    log_out(page)

    # the citizen finds it by code and phone; a wrong phone looks like a wrong code
    citizen = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh").new_page()
    citizen.goto(base + "/ho-so/tra-cuu/")
    citizen.get_by_label("Mã hồ sơ").fill(dossier.code)
    citizen.get_by_label("Bốn số cuối của số điện thoại").fill("3456")
    citizen.get_by_label("Bốn số cuối của số điện thoại").press("Enter")
    citizen.wait_for_selector(".status")
    assert "Đã tiếp nhận" in citizen.locator(".status").inner_text()
    citizen.goto(base + f"/ho-so/tra-cuu/?code={dossier.code}&phone=9999")
    wrong_phone = citizen.locator("main [role=alert]").inner_text()
    citizen.goto(base + f"/ho-so/tra-cuu/?code={dossier.code[:-1]}9&phone=3456")
    assert (
        citizen.locator("main [role=alert]").inner_text()
        == wrong_phone
        == "Không tìm thấy hồ sơ với mã và số điện thoại đã nhập."
    )

    # the unit head assigns, the specialist resolves
    log_in(page, base, "truongphong")
    page.goto(base + "/ho-so/")
    page.get_by_role("link", name=dossier.code).click()
    page.locator("summary", has_text="Phân công xử lý").click()
    page.get_by_label("Người xử lý").select_option("chuyenvien")
    page.get_by_role("button", name="Phân công xử lý", exact=True).click()
    page.wait_for_selector("text=Đã thực hiện: Phân công xử lý.")
    log_out(page)
    log_in(page, base, "chuyenvien")
    page.goto(base + "/ho-so/?scope=mine")
    page.get_by_role("link", name=dossier.code).click()
    assert page.locator("summary", has_text="Phân công xử lý").count() == 0  # only unit heads assign
    act(page, "Ghi nhận kết quả giải quyết")
    page.wait_for_selector("text=Đã có kết quả")
    log_out(page)

    # the desk returns the result
    log_in(page, base, "motcua")
    page.goto(base + f"/ho-so/{dossier.code}/")
    act(page, "Trả kết quả")
    page.wait_for_selector(".state:has-text('Đã trả kết quả')")
    timeline = page.locator(".timeline").inner_text()
    for step in ("Tiếp nhận", "Phân công xử lý", "Có kết quả", "Trả kết quả"):
        assert step in timeline

    # the citizen opens the QR link and rates
    citizen.goto(status_url)
    citizen.get_by_label("Hài lòng", exact=True).check()
    citizen.get_by_role("button", name="Gửi đánh giá").click()
    citizen.wait_for_selector("text=Cảm ơn Ông/Bà đã đánh giá.")
    dossier.refresh_from_db()
    assert dossier.rating == "good" and dossier.state == "returned"
    assert re.search(r"Hài lòng", citizen.locator(".status").inner_text())
    citizen.context.close()
