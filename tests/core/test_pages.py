"""The back office's pages: Vietnamese, role-aware, with clear error pages."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD


def test_anonymous_home_is_vietnamese_with_login_link(client: Client, department: Any) -> None:
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "Sở Tư pháp tỉnh Bình Thuận".upper() in html
    assert "Cán bộ đăng nhập" in html and reverse("login") in html


def test_login_then_staff_home_shows_roles_and_unit(client: Client, reception: Any) -> None:
    response = client.post(reverse("login"), {"username": "motcua", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("backoffice")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Văn phòng số" in html and "Cán bộ một cửa" in html and "Phòng Hành chính tư pháp" in html
    assert "Đăng xuất" in html
    # navigation by role: a reception officer has no audit log and no admin link
    assert reverse("audit_log") not in html and "/admin/" not in html


def test_wrong_password_gives_a_vietnamese_error(client: Client, reception: Any) -> None:
    response = client.post(reverse("login"), {"username": "motcua", "password": "sai"})
    assert response.status_code == 200
    assert "và mật khẩu chính xác" in response.content.decode()


def test_director_sees_audit_log_and_all_units(client: Client, director: Any, units: dict[str, Any]) -> None:
    client.force_login(director)
    html = client.get(reverse("backoffice")).content.decode()
    assert reverse("audit_log") in html
    assert "Phòng Bổ trợ tư pháp" in html and "Phòng Hành chính tư pháp" in html
    response = client.get(reverse("audit_log"))
    assert response.status_code == 200 and "staff.create" in response.content.decode()


def test_unit_staff_see_only_their_unit(client: Client, reception: Any, units: dict[str, Any]) -> None:
    client.force_login(reception)
    html = client.get(reverse("backoffice")).content.decode()
    assert "Phòng Hành chính tư pháp" in html and "Phòng Bổ trợ tư pháp" not in html


def test_forbidden_page_is_vietnamese_403(client: Client, reception: Any) -> None:
    client.force_login(reception)
    response = client.get(reverse("audit_log"))
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.content.decode()


def test_anonymous_is_sent_to_login_for_staff_pages(client: Client, db: Any) -> None:
    response = client.get(reverse("audit_log"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_not_found_page_is_vietnamese_404(client: Client, db: Any) -> None:
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_server_error_page_is_vietnamese_500(rf: Any) -> None:
    from tuphap.core.views import error_500

    response = error_500(rf.get("/"))
    assert response.status_code == 500 and "Lỗi hệ thống" in response.content.decode()


def test_healthz_checks_the_database(client: Client, db: Any) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok" and response.json()["database"] in {"sqlite", "postgresql"}
    assert "no-cache" in response["Cache-Control"]


def test_admin_is_for_administrators_only(client: Client, admin_user: Any, reception: Any) -> None:
    client.force_login(reception)
    assert client.get("/admin/").status_code == 302
    client.force_login(admin_user)
    response = client.get("/admin/")
    assert response.status_code == 200


def test_english_is_available(client: Client, department: Any) -> None:
    response = client.get("/", headers={"accept-language": "en-US,en;q=0.9"})
    # Vietnamese first: a browser's English preference alone does not switch the site
    assert "Cán bộ đăng nhập" in response.content.decode() and response["Content-Language"] == "vi"
    # Vietnamese first: without a choice the site stays Vietnamese ...
    assert "Cán bộ đăng nhập" in client.get("/").content.decode()
    # ... and a visitor who picks English gets English
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Staff log in" in client.get("/").content.decode()
    assert response.status_code == 200
    # ... for that request only: the thread that served it is Vietnamese again
    from django.utils import translation

    assert translation.get_language() == "vi"  # ("/" without a session: the portal's shortcut served it)
    assert "Log in" in client.get(reverse("login")).content.decode()  # and through the whole middleware stack
    assert translation.get_language() == "vi"


def test_every_url_declares_its_permission() -> None:
    """Each of our views is either capability-checked or explicitly public."""
    from django.urls import URLPattern, URLResolver, get_resolver

    unchecked = []

    def walk(patterns: list[Any], prefix: str = "") -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if str(pattern.pattern) in {"admin/", "api/v1/"}:
                    continue  # admin: is_staff + model permissions; API: checked in test_api
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                callback = pattern.callback
                module = getattr(callback, "__module__", "")
                if not module.startswith("tuphap."):
                    continue  # Django's own login/logout/set_language
                if not hasattr(callback, "tuphap_capability") and not hasattr(
                    getattr(callback, "view_class", None), "capability"
                ):
                    unchecked.append(prefix + str(pattern.pattern))

    walk(get_resolver().url_patterns)
    assert unchecked == []
