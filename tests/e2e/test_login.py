from __future__ import annotations

from typing import Any

import pytest

from tuphap.demo.management.commands.demo import load_organisation

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_reception_officer_logs_in_and_sees_the_vietnamese_back_office(live_server: Any, page: Any) -> None:
    load_organisation()
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "vi"
    page.get_by_role("link", name="Đăng nhập").first.click()
    page.get_by_label("Tên đăng nhập").fill("motcua")
    page.get_by_label("Mật khẩu").fill("tuphap-demo")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(live_server.url + "/van-phong/")
    assert page.get_by_role("heading", name="Văn phòng số").is_visible()
    body = page.locator("main").inner_text()
    assert "Xin chào, Nguyễn Thị Lan." in body and "Cán bộ một cửa" in body
    assert "SỞ TƯ PHÁP TỈNH LÂM ĐỒNG" in page.locator("header").inner_text()  # the department of today (since 1/7/2025)
    page.get_by_role("button", name="Đăng xuất").click()
    assert page.get_by_role("link", name="Cán bộ đăng nhập").is_visible()


def test_wrong_password_shows_vietnamese_error(live_server: Any, page: Any) -> None:
    load_organisation()
    page.goto(live_server.url + "/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("motcua")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    assert "mật khẩu chính xác" in page.locator("[role=alert]").inner_text()
