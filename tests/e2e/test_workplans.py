"""A director opens the task board, sees the overdue task highlighted, opens it and marks it done."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.conftest import PASSWORD
from tuphap.workplans import services

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_director_marks_an_overdue_task_done(
    page: Any, live_server: Any, director: Any, units: dict[str, Any], department: Any
) -> None:
    source = services.task_source_create(
        actor=None,
        agency=department,
        kind="conclusion",
        number="86/TB-UBND",
        issued_on=dt.date(2022, 4, 12),
        issuer="UBND tỉnh",
        title="Kết luận của Chủ tịch UBND tỉnh về kết quả công tác quý I/2022",
    )
    late = services.task_create(
        actor=None,
        source=source,
        content="Tham mưu chỉ thị về nâng cao chất lượng văn bản",
        lead_unit=units["hctp"],
        deadline_kind="working_days",
        deadline_days=30,
    )
    services.task_create(
        actor=None,
        source=source,
        content="Rà soát văn bản thường xuyên",
        lead_unit=units["btp"],
        deadline_kind="date",
        due_on=dt.date(2099, 12, 31),
    )

    page.goto(f"{live_server.url}/dang-nhap/?next=/nhiem-vu/")
    page.get_by_label("Tên đăng nhập").fill("giamdoc")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/nhiem-vu/")
    overdue = page.locator("tr.overdue")
    assert overdue.count() == 1
    assert "Tham mưu chỉ thị" in overdue.inner_text() and "quá hạn" in overdue.inner_text()
    assert page.locator("tr.not_started", has_text="Rà soát văn bản").is_visible()

    # the status filter narrows the board in place (HTMX)
    page.get_by_label("Trạng thái").select_option("overdue")
    page.locator("#tasks").get_by_text("Rà soát văn bản").wait_for(state="detached")

    overdue.get_by_role("link").click()
    page.wait_for_url(f"{live_server.url}/nhiem-vu/{late.pk}/")
    assert page.locator("#task-status").inner_text() == "quá hạn"
    form = page.locator("#form-complete")
    form.get_by_label("Văn bản kết quả").fill("Tờ trình số 138/TTr-STP kèm dự thảo Chỉ thị")
    form.get_by_role("button", name="Báo hoàn thành").click()
    page.locator(".messages").get_by_text("Đã lưu.").wait_for()
    assert page.locator("#task-status").inner_text() == "hoàn thành trễ hạn"
    assert "báo hoàn thành" in page.locator("#history").inner_text()
