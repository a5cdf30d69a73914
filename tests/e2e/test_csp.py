"""The Content Security Policy in Chromium: the pages work (HTMX, the prose
editor, the behaviours of site.js) and the browser reports no violation."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tuphap.demo.management.commands.demo import load_organisation

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(
    e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + (e.sourceFile || '') + ':' + e.lineNumber
  );
});
"""


@pytest.fixture
def watched(page: Any) -> Iterator[tuple[Any, list[str]]]:
    """The page, and every CSP complaint of the console or of the violation event."""
    complaints: list[str] = []
    page.on(
        "console",
        lambda message: complaints.append(message.text) if "Content Security Policy" in message.text else None,
    )
    page.add_init_script(WATCH)
    yield page, complaints


def violations(page: Any, complaints: list[str]) -> list[str]:
    return complaints + page.evaluate("window.__csp || []")


def log_in(page: Any, base: str, username: str, next_url: str) -> None:
    page.goto(f"{base}/dang-nhap/?next={next_url}")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("tuphap-demo")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base}{next_url}")


def test_public_and_staff_pages_work_under_the_policy_with_no_violation(
    live_server: Any, watched: tuple[Any, list[str]], browser: Any
) -> None:
    page, complaints = watched
    load_organisation()
    base = live_server.url

    # public pages; the legal documents search answers in place (HTMX)
    for url in ["/", "/tin-tuc/", "/ho-so/tra-cuu/", "/ho-so/thu-tuc/"]:
        response = page.goto(base + url)
        assert response.status == 200 and "default-src 'self'" in response.headers["content-security-policy"], url
        assert violations(page, complaints) == [], url
    page.goto(base + "/van-ban/")
    page.get_by_label("Từ khóa").fill("ho tich")
    page.get_by_role("button", name="Tìm kiếm").click()
    page.wait_for_url("**q=ho%20tich**")
    assert violations(page, complaints) == []

    # the editor's page: django-prose-editor's import map and modules run with the nonce
    log_in(page, base, "bientap", "/cong-thong-tin/bai-viet/moi/")
    editor = page.locator(".ProseMirror[contenteditable=true]").first
    editor.wait_for()
    editor.click()
    editor.type("Kiểm tra chính sách bảo mật nội dung.")
    assert "Kiểm tra chính sách" in editor.inner_text()
    assert violations(page, complaints) == []
    page.get_by_role("button", name="Đăng xuất").click()

    # the administrator: the language switch (site.js), the calendar's year picker, the admin site
    log_in(page, base, "admin", "/lich-lam-viec/2026/")
    page.locator("#id_year").select_option("2025")
    page.wait_for_url(f"{base}/lich-lam-viec/2025/")
    page.locator("select[name=language]").select_option("en")
    page.locator("html[lang=en]").wait_for(state="attached")
    page.locator("select[name=language]").select_option("vi")
    page.locator("html[lang=vi]").wait_for(state="attached")
    for url in ["/admin/", "/admin/auth/user/", "/admin/auth/user/add/", "/admin/portal/article/add/"]:
        response = page.goto(base + url)
        assert response.status == 200, url
        if url.startswith("/admin/portal/"):
            page.locator(".ProseMirror[contenteditable=true]").first.wait_for()  # the editor runs in the admin too
        assert violations(page, complaints) == [], url
    page.goto(base + "/van-phong/")
    page.get_by_role("button", name="Đăng xuất").click()

    # the director: the reports' quarter picker submits by itself and HTMX swaps the page
    log_in(page, base, "giamdoc", "/bao-cao/")
    page.locator("#id_quy").wait_for()
    options = page.eval_on_selector_all("#id_quy option", "options => options.map(o => o.value)")
    assert len(options) > 1
    page.locator("#id_quy").select_option(options[1])
    page.wait_for_url(f"**quy={options[1]}**")
    assert page.locator("img.chart").count() == 1
    assert violations(page, complaints) == []
