from __future__ import annotations

from typing import Any

import pytest

from tuphap.demo.management.commands.demo import load_organisation
from tuphap.workdays.services import calendar_seed

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_administrator_edits_the_calendar_and_officers_compute_deadlines(live_server: Any, page: Any) -> None:
    load_organisation()
    calendar_seed(actor=None)  # a flushed test database lost the migration's rows
    page.goto(live_server.url + "/dang-nhap/?next=/lich-lam-viec/2026/")
    page.get_by_label("Tên đăng nhập").fill("admin")
    page.get_by_label("Mật khẩu").fill("tuphap-demo")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(live_server.url + "/lich-lam-viec/2026/")
    lead = page.locator("main p.lead").inner_text()
    assert "250 ngày làm việc trong năm 2026" in lead, lead
    assert page.locator('td[data-date="2026-01-10"]').get_attribute("class") == "day makeup_day"

    # the deadline calculator answers in place (HTMX)
    page.get_by_label("Thời điểm tiếp nhận").fill("2022-01-28T09:30")
    page.get_by_label("Thời hạn").fill("2")
    page.get_by_role("button", name="Tính ngày hẹn trả").click()
    # each field's change also asks (with the amount still 5 while the date is typed): wait for the
    # answer to the whole form, not the first one to arrive
    due = page.locator('[data-due="2022-02-08T09:30:00+07:00"]')
    due.wait_for()
    assert page.locator("[data-due]").get_attribute("data-due") == "2022-02-08T09:30:00+07:00"
    assert "Tết" in page.locator("#due-result").inner_text()

    # a new day off, with its source; a weekend day is refused with a Vietnamese error
    page.get_by_label("Ngày", exact=True).fill("2026-11-28")
    page.get_by_label("Lý do").fill("Thử")
    page.get_by_role("button", name="Lưu").click()
    assert "ngày cuối tuần" in page.locator("main").inner_text()
    page.get_by_label("Ngày", exact=True).fill("2026-11-24")
    page.get_by_label("Lý do").fill("Ngày Văn hóa Việt Nam")
    page.get_by_label("Căn cứ pháp lý").fill("Thông báo (giả định cho bản demo)")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_selector("text=Đã lưu")
    assert "249 ngày làm việc trong năm 2026" in page.locator("main").inner_text()
    assert page.locator('td[data-date="2026-11-24"]').get_attribute("class") == "day day_off"
