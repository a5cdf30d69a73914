"""A citizen searches legal documents without diacritics and opens one showing its status."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tuphap.lawdocs import services

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_citizen_searches_without_diacritics_and_reads_the_status(page: Any, live_server: Any) -> None:
    def save(number: str, title: str, effective: str, text: str) -> Any:
        day = dt.date.fromisoformat(effective)
        return services.document_save(
            actor=None,
            number=number,
            doc_type="decision",
            issuer="Ủy ban nhân dân tỉnh Bình Thuận",
            title=title,
            issued_on=day - dt.timedelta(days=10),
            effective_from=day,
            text=text,
        )[0]

    old = save(
        "12/2016/QĐ-UBND",
        "Ban hành Quy định về đăng ký hộ tịch trên địa bàn tỉnh",
        "2016-03-25",
        "Điều 1. Đăng ký khai sinh, kết hôn.",
    )
    new = save(
        "02/2022/QĐ-UBND",
        "Bãi bỏ Quy định về đăng ký hộ tịch",
        "2022-02-01",
        "Điều 1. Bãi bỏ Quyết định số 12/2016/QĐ-UBND.",
    )
    services.relation_add(actor=None, source=new, target=old, kind="repeals", date=dt.date(2022, 2, 1))

    page.goto(f"{live_server.url}/van-ban/")
    page.get_by_label("Từ khóa").fill("dang ky ho tich")
    page.get_by_role("button", name="Tìm kiếm").click()
    result = page.locator("article.result", has_text="12/2016/QĐ-UBND")
    result.locator("mark").first.wait_for()
    assert "Đăng" in result.locator("mark").all_inner_texts()
    result.get_by_role("link", name="12/2016/QĐ-UBND").click()
    page.wait_for_url(f"**/van-ban/{old.pk}/")
    assert page.locator("#status").inner_text() == "hết hiệu lực toàn bộ"
    assert "02/2022/QĐ-UBND" in page.locator("#relations").inner_text()
    assert "còn hiệu lực" in page.locator("#timeline").inner_text()
