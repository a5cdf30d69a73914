"""The portal in a browser: an editor writes and publishes an article with a
photo; a visitor reads it, sees the views and the statistics box; a script
payload in the body is gone."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from tests.conftest import PASSWORD
from tuphap.orgs.roles import Role
from tuphap.portal import services

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    path = tmp_path / "hoi-nghi.png"
    image = Image.new("RGB", (2000, 1000), (11, 79, 138))
    out = io.BytesIO()
    image.save(out, format="PNG")
    path.write_bytes(out.getvalue())
    return path


def test_editor_publishes_an_article_with_a_photo_and_a_visitor_reads_it(
    live_server: Any, page: Any, browser: Any, make_staff: Any, photo: Path, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    make_staff("bientap", Role.EDITOR)
    services.category_upsert(actor=None, slug="hoat-dong", name="Hoạt động của Sở", position=1)

    # the editor logs in and writes
    page.goto(live_server.url + "/dang-nhap/?next=/cong-thong-tin/bai-viet/moi/")
    page.get_by_label("Tên đăng nhập").fill("bientap")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/cong-thong-tin/bai-viet/moi/")
    page.get_by_label("Chuyên mục").select_option(label="Hoạt động của Sở")
    page.get_by_label("Tiêu đề").fill("Sở Tư pháp tập huấn công tác hộ tịch")
    page.get_by_label("Tóm tắt").fill("Hơn 100 công chức tư pháp - hộ tịch tham dự.")
    editor = page.locator(".ProseMirror[contenteditable=true]").first
    editor.click()
    editor.type("Lớp tập huấn diễn ra trong hai ngày.")
    # what a hostile editor (or a compromised browser) could post besides the editor's own HTML
    page.evaluate(
        """() => { const t = document.querySelector('textarea[name=body]');
        t.value = t.value + '<p>Hết.</p><script>window.pwned = 1</script><img src=x onerror="window.pwned = 2">'; }"""
    )
    page.get_by_label("Thêm ảnh").set_input_files(str(photo))
    page.get_by_label("Chú thích ảnh").fill("Quang cảnh lớp tập huấn")
    page.get_by_role("button", name="Lưu").click()
    assert "Đã lưu bài viết ở dạng nháp." in page.locator(".messages").inner_text()
    page.get_by_role("button", name="Đăng bài").click()
    assert "Đã ghi nhận việc đăng bài." in page.locator(".messages").inner_text()
    article_url = page.get_by_role("link", name="Xem trên cổng thông tin").get_attribute("href")

    # a visitor (another browser context, no cookies) reads it
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    visitor = context.new_page()
    visitor.goto(live_server.url + "/")
    visitor.get_by_role("link", name="Sở Tư pháp tập huấn công tác hộ tịch").first.click()
    visitor.wait_for_url(live_server.url + article_url)
    assert visitor.get_by_role("heading", name="Sở Tư pháp tập huấn công tác hộ tịch").is_visible()
    assert "Lượt xem: 1" in visitor.locator(".meta").inner_text()
    body = visitor.locator(".article").inner_text()
    assert "Lớp tập huấn diễn ra trong hai ngày." in body and "Hết." in body
    figure = visitor.locator("figure.photo")
    assert "Quang cảnh lớp tập huấn" in figure.inner_text()
    assert figure.locator("img").evaluate("img => img.complete && img.naturalWidth") == 1600
    stats = visitor.locator("#visitor-stats").inner_text()
    assert (
        "Thống kê truy cập" in stats
        and "Đang truy cập" in stats
        and "Hôm nay" in stats
        and "Tổng lượt truy cập" in stats
    )
    assert visitor.locator('[data-stat="today"]').inner_text() == "1"  # one visit: home, then the article
    # the script payload is gone
    assert visitor.evaluate("() => window.pwned") is None
    html = visitor.content()
    assert "window.pwned" not in html and "onerror" not in html
    # the header's island shows the login link and the language choice
    assert visitor.get_by_role("combobox", name="Ngôn ngữ").is_visible()
    visitor.reload()
    assert "Lượt xem: 1" in visitor.locator(".meta").inner_text()  # the same visitor within the hour
    context.close()

    # another visitor gets the cached page, and is counted all the same
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    second = context.new_page()
    second.goto(live_server.url + article_url)
    assert "Lượt xem: 2" in second.locator(".meta").inner_text()
    assert (
        "Thống kê truy cập" in second.locator("#visitor-stats").inner_text()
    )  # its figures: a cache of 30 s (caching.STATS_SECONDS)
    context.close()
