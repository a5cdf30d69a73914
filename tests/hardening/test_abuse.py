"""Abuse controls (issue 10): login throttling, rate limits of the public
look-ups and searches, the Content Security Policy and the production
headers, uploads (size, type by content, storage, serving), HTML sanitising.

Everything goes through the real HTTP stack (Django's test client and the
project's middleware), the real services and the real cache backends.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone, translation
from PIL import Image

from tests.conftest import PASSWORD
from tuphap.core import ratelimit
from tuphap.core.services import api_token_create
from tuphap.dossiers import services as dossier_services
from tuphap.dossiers.catalogue import PROCEDURES
from tuphap.dossiers.models import DossierAttachment
from tuphap.lawdocs import services as lawdoc_services
from tuphap.lawdocs.models import DocumentFile
from tuphap.orgs.roles import Role
from tuphap.portal import caching
from tuphap.portal import services as portal_services
from tuphap.portal.images import prepare_image
from tuphap.portal.models import ArticleImage

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "tuphap"
NATIONALITY = "2.001895.000.00.00.H09"  # 5 working days, unit hctp
APPLICANT = {
    "name": "Nguyễn Văn An",
    "id_number": "060123456789",
    "phone": "0912345678",
    "email": "an@example.vn",
    "address": "Phan Thiết",
}
CODE = "000.00.17.H09-220101-0001"


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(autouse=True)
def _no_leaks() -> Iterator[None]:
    """Pages cache the department's name and the portal's HTML: none of it may
    outlive these tests (they build their own organisation)."""
    _clear_pages()
    with translation.override("vi"):
        yield
    _clear_pages()


def _clear_pages() -> None:
    if isinstance(caches["default"], LocMemCache):
        caches["default"].clear()
    else:  # Redis: never FLUSHDB a shared server
        caches["default"].delete(f"tuphap:agency-name:{django_settings.TUPHAP_AGENCY_CODE}")
    caching.clear()


@pytest.fixture
def staff(make_staff: Callable[..., Any]) -> dict[str, Any]:
    return {
        "reception": make_staff("motcua", Role.RECEPTION),
        "specialist": make_staff("chuyenvien", Role.SPECIALIST),
        "other": make_staff("chuyenvienbtp", Role.SPECIALIST, unit="btp"),
        "editor": make_staff("bientap", Role.EDITOR),
        "admin": make_staff("quantri", Role.ADMIN, superuser=True),
    }


@pytest.fixture
def dossier(department: Any, units: dict[str, Any], staff: dict[str, Any]) -> Any:
    data = next(p for p in PROCEDURES if p["code"] == NATIONALITY)
    dossier_services.procedure_publish(
        actor=None, data=data, agency=department, unit=units[data["unit"]], valid_from=dt.date(2015, 1, 1)
    )
    return dossier_services.dossier_receive(actor=staff["reception"], procedure_code=NATIONALITY, applicant=APPLICANT)


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    caching.clear()
    return tmp_path / "media"


@pytest.fixture
def low_limits(settings: Any) -> dict[str, str]:
    settings.TUPHAP_RATE_LIMITS = {"lookup": "3/60", "lawdocs_search": "3/60", "news_search": "3/60"}
    return settings.TUPHAP_RATE_LIMITS


def _login(
    client: Client, username: str, password: str, *, ip: str = "198.51.100.10", url: str = "/dang-nhap/", **extra: str
) -> Any:
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip, **extra)


def _logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


# --------------------------------------------------------------------------- login throttling


def test_login_is_refused_after_the_failure_limit_even_with_the_right_password(
    client: Client, staff: dict[str, Any], settings: Any
) -> None:
    settings.AXES_FAILURE_LIMIT = 3
    first = _login(client, "motcua", "sai-1")
    assert (
        first.status_code == 200 and "mật khẩu chính xác" in first.content.decode()
    )  # Django's own message, in Vietnamese
    assert _login(client, "motcua", "sai-2").status_code == 200
    locked = _login(client, "motcua", "sai-3")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Đăng nhập sai quá nhiều lần" in page and "15 phút" in page and 'role="alert"' in page
    assert locked["Retry-After"] == "900"
    assert "no-store" in locked["Cache-Control"]
    right = _login(client, "motcua", PASSWORD)
    assert right.status_code == 429 and not _logged_in(client)
    assert client.get("/van-phong/").status_code == 302  # still anonymous


def test_the_lock_is_per_username_and_address(client: Client, staff: dict[str, Any], settings: Any) -> None:
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        _login(client, "motcua", "sai", ip="198.51.100.10")
    assert _login(client, "motcua", PASSWORD, ip="198.51.100.10").status_code == 429
    other_address = Client()
    assert _login(other_address, "motcua", PASSWORD, ip="198.51.100.99").status_code == 302 and _logged_in(
        other_address
    )
    other_user = Client()
    assert _login(other_user, "chuyenvien", PASSWORD, ip="198.51.100.10").status_code == 302 and _logged_in(other_user)


def test_a_successful_login_resets_the_count(client: Client, staff: dict[str, Any], settings: Any) -> None:
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(2):
        assert _login(client, "motcua", "sai").status_code == 200
    assert _login(client, "motcua", PASSWORD).status_code == 302
    client.post("/dang-xuat/")
    for _ in range(2):
        assert _login(client, "motcua", "sai").status_code == 200  # 2 + 2 failures, but counted from zero again
    assert _login(client, "motcua", PASSWORD).status_code == 302


def test_the_lock_ends_after_the_cool_off(client: Client, staff: dict[str, Any], settings: Any) -> None:
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        _login(client, "motcua", "sai")
    assert _login(client, "motcua", PASSWORD).status_code == 429
    # the failures were 16 minutes ago: past the 15 minutes of cool-off
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=16))
    assert _login(client, "motcua", PASSWORD).status_code == 302 and _logged_in(client)


def test_admin_login_is_throttled_too(client: Client, staff: dict[str, Any], settings: Any) -> None:
    settings.AXES_FAILURE_LIMIT = 2
    url = "/admin/login/?next=/admin/"
    assert _login(client, "quantri", "sai", url=url).status_code == 200
    locked = _login(client, "quantri", "sai", url=url)
    assert locked.status_code == 429 and "Đăng nhập sai quá nhiều lần" in locked.content.decode()
    assert _login(client, "quantri", PASSWORD, url=url).status_code == 429 and not _logged_in(client)


def test_api_bearer_tokens_are_not_concerned_by_the_lock(client: Client, staff: dict[str, Any], settings: Any) -> None:
    settings.AXES_FAILURE_LIMIT = 2
    token = api_token_create(actor=None, username="motcua")
    for _ in range(3):
        _login(client, "motcua", "sai")
    assert _login(client, "motcua", PASSWORD).status_code == 429
    me = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}", REMOTE_ADDR="198.51.100.10")
    assert me.status_code == 200 and me.json()["username"] == "motcua"


def test_a_forged_forwarded_for_does_not_escape_the_lock(client: Client, staff: dict[str, Any], settings: Any) -> None:
    settings.AXES_FAILURE_LIMIT = 3
    # without BEHIND_PROXY the header is ignored: every attempt is REMOTE_ADDR's
    for i in range(3):
        _login(client, "motcua", "sai", ip="198.51.100.10", HTTP_X_FORWARDED_FOR=f"10.0.0.{i}")
    assert _login(client, "motcua", PASSWORD, ip="198.51.100.10", HTTP_X_FORWARDED_FOR="10.0.0.9").status_code == 429
    # behind the proxy, the address the proxy appended counts, not what the client put before it
    settings.BEHIND_PROXY = True
    proxied = Client()
    for i in range(3):
        _login(proxied, "chuyenvien", "sai", ip="127.0.0.1", HTTP_X_FORWARDED_FOR=f"10.1.0.{i}, 203.0.113.7")
    assert (
        _login(
            proxied, "chuyenvien", PASSWORD, ip="127.0.0.1", HTTP_X_FORWARDED_FOR="10.1.0.99, 203.0.113.7"
        ).status_code
        == 429
    )
    assert (
        _login(proxied, "chuyenvien", PASSWORD, ip="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.8").status_code == 302
    )


# --------------------------------------------------------------------------- rate limits

LIMITED = [
    ("lookup", f"/ho-so/tra-cuu/?code={CODE}&phone=0000", "html"),
    ("lookup", f"/api/v1/public/dossiers/{CODE}?phone_last4=0000", "json"),
    ("lawdocs_search", "/van-ban/?q=thu+tuc", "html"),
    ("lawdocs_search", "/api/v1/lawdocs?q=thu+tuc", "json"),
    ("news_search", "/tim-kiem/?q=tu+phap", "html"),
]


@pytest.mark.parametrize(("scope", "url", "kind"), LIMITED, ids=[u.split("?")[0] for _s, u, _k in LIMITED])
def test_the_n_plus_first_request_gets_429_and_another_address_does_not(
    db: Any, low_limits: dict[str, str], scope: str, url: str, kind: str
) -> None:
    client = Client()
    statuses = [client.get(url, REMOTE_ADDR="198.51.100.20").status_code for _ in range(3)]
    assert 429 not in statuses and all(s < 500 for s in statuses)
    refused = client.get(url, REMOTE_ADDR="198.51.100.20")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "no-store" in refused["Cache-Control"] or "private" in refused["Cache-Control"]
    text = refused.json()["detail"] if kind == "json" else refused.content.decode()
    assert "xin thử lại sau" in text, text
    if kind == "html":
        assert 'role="alert"' in text and "<html" in text
    assert client.get(url, REMOTE_ADDR="198.51.100.21").status_code != 429


def test_page_and_api_share_the_look_up_budget(db: Any, low_limits: dict[str, str]) -> None:
    client = Client()
    assert client.get(f"/ho-so/tra-cuu/?code={CODE}&phone=0000").status_code == 404
    assert client.get(f"/api/v1/public/dossiers/{CODE}?phone_last4=0000").status_code == 404
    assert client.get(f"/ho-so/tra-cuu/?code={CODE}&phone=0000").status_code == 404
    assert client.get(f"/api/v1/public/dossiers/{CODE}?phone_last4=0000").status_code == 429
    # the scopes are separate: searching documents is still allowed
    assert client.get("/van-ban/?q=luat").status_code == 200


def test_an_htmx_search_over_the_limit_gets_a_fragment_it_can_show(db: Any, low_limits: dict[str, str]) -> None:
    client = Client()
    for _ in range(3):
        client.get("/van-ban/?q=luat", HTTP_HX_REQUEST="true")
    refused = client.get("/van-ban/?q=luat", HTTP_HX_REQUEST="true")
    assert refused.status_code == 429
    body = refused.content.decode()
    assert body.startswith('<p class="errors" role="alert">') and "<html" not in body


def test_the_window_closes_and_the_client_may_come_back(db: Any, settings: Any) -> None:
    settings.TUPHAP_RATE_LIMITS = {**settings.TUPHAP_RATE_LIMITS, "news_search": "2/1"}
    client = Client()
    assert [client.get("/tim-kiem/?q=a").status_code for _ in range(3)] == [200, 200, 429]
    time.sleep(1.2)
    assert client.get("/tim-kiem/?q=a").status_code == 200


def test_forwarded_for_is_trusted_only_behind_the_proxy_and_only_its_last_address(
    db: Any, low_limits: dict[str, str], settings: Any
) -> None:
    client = Client()
    # not behind a proxy: a client rotating X-Forwarded-For is still one address
    codes = [client.get("/tim-kiem/?q=a", HTTP_X_FORWARDED_FOR=f"10.0.0.{i}").status_code for i in range(4)]
    assert codes[-1] == 429
    settings.BEHIND_PROXY = True
    codes = [
        client.get(
            "/tim-kiem/?q=a", REMOTE_ADDR="127.0.0.2", HTTP_X_FORWARDED_FOR=f"10.0.0.{i}, 203.0.113.50"
        ).status_code
        for i in range(4)
    ]
    assert codes[-1] == 429  # the forged first addresses do not count
    assert client.get("/tim-kiem/?q=a", REMOTE_ADDR="127.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.51").status_code == 200


def test_rates_are_parsed_strictly() -> None:
    assert ratelimit.parse_rate("20/60") == ratelimit.Rate(20, 60)
    assert ratelimit.parse_rate("20/m") == ratelimit.Rate(20, 60)
    assert ratelimit.parse_rate("100/5m") == ratelimit.Rate(100, 300)
    assert ratelimit.parse_rate("5/h") == ratelimit.Rate(5, 3600)
    assert ratelimit.parse_rate("off") is None and ratelimit.parse_rate("0") is None
    for bad in ["twenty", "20", "20/0", "-1/60", "20/60x"]:
        with pytest.raises(ValueError, match="rate"):
            ratelimit.parse_rate(bad)


def test_a_disabled_scope_never_refuses(db: Any, settings: Any) -> None:
    settings.TUPHAP_RATE_LIMITS = {**settings.TUPHAP_RATE_LIMITS, "news_search": "off"}
    client = Client()
    assert {client.get("/tim-kiem/?q=a").status_code for _ in range(70)} == {200}


def test_429_is_in_the_api_schema(db: Any) -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    assert "429" in schema["paths"]["/api/v1/lawdocs"]["get"]["responses"]
    assert "429" in schema["paths"]["/api/v1/public/dossiers/{code}"]["get"]["responses"]


def test_with_redis_every_process_counts_in_one_place(db: Any, settings: Any, low_limits: dict[str, str]) -> None:
    """Two processes (this one and a child) share the counters in Redis; the
    client's address is not stored in clear."""
    prefix = f"tuphap-rl-test-{uuid.uuid4().hex[:8]}"
    redis_url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": prefix,
        },
    }
    client = Client()
    assert client.get("/tim-kiem/?q=a", REMOTE_ADDR="198.51.100.77").status_code == 200
    child = subprocess.run(
        [
            sys.executable,
            "-c",
            (
                "import django, os; django.setup()\n"
                "from django.conf import settings\n"
                "from django.test import RequestFactory\n"
                "from tuphap.core import ratelimit\n"
                f"settings.CACHES['ratelimit'] = {{'BACKEND': 'django.core.cache.backends.redis.RedisCache', "
                f"'LOCATION': {redis_url!r}, 'KEY_PREFIX': {prefix!r}}}\n"
                "settings.TUPHAP_RATE_LIMITS = {'news_search': '3/60'}\n"
                "request = RequestFactory().get('/tim-kiem/', REMOTE_ADDR='198.51.100.77')\n"
                "print(ratelimit.hit(request, 'news_search').count)\n"
            ),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tuphap.settings_test", "PYTHONPATH": str(ROOT / "src")},
    )
    assert child.returncode == 0, child.stderr
    assert child.stdout.strip().splitlines()[-1] == "2"  # the child saw this process's request
    assert client.get("/tim-kiem/?q=a", REMOTE_ADDR="198.51.100.77").status_code == 200  # 3rd
    assert client.get("/tim-kiem/?q=a", REMOTE_ADDR="198.51.100.77").status_code == 429  # 4th, across processes
    from django.core.cache import caches

    raw = caches["ratelimit"]._cache.get_client()  # type: ignore[attr-defined]
    keys = [k.decode() for k in raw.scan_iter(match=f"{prefix}:*")]
    assert keys and not any("198.51.100.77" in k for k in keys)
    raw.delete(*keys)


# --------------------------------------------------------------------------- CSP and production headers

NONCE = re.compile(r"'nonce-([A-Za-z0-9_\-]+)'")


def _csp(response: Any) -> str:
    return response["Content-Security-Policy"]


def test_every_page_gets_a_strict_policy(client: Client, staff: dict[str, Any]) -> None:
    for url in ["/", "/dang-nhap/", "/van-ban/", "/ho-so/tra-cuu/", "/api/v1/health"]:
        policy = _csp(client.get(url))
        assert (
            "default-src 'self'" in policy and "object-src 'none'" in policy and "frame-ancestors 'none'" in policy
        ), url
        assert "base-uri 'none'" in policy and "form-action 'self'" in policy
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, url
        for directive in ("script-src", "style-src"):
            values = next(d for d in policy.split("; ") if d.startswith(directive + " ")).split()[1:]
            assert values[0] == "'self'" and all(NONCE.fullmatch(v) for v in values[1:]), policy


def test_the_nonce_in_the_page_is_the_one_in_the_header(client: Client, staff: dict[str, Any]) -> None:
    client.force_login(staff["editor"])
    response = client.get("/cong-thong-tin/bai-viet/moi/")
    assert response.status_code == 200
    html = response.content.decode()
    header = NONCE.search(_csp(response))
    assert header is not None
    # django-prose-editor's import map is an inline script: it runs only with the nonce
    importmap = re.search(r'<script type="importmap"[^>]*>', html)
    assert importmap is not None and f'nonce="{header.group(1)}"' in importmap.group(0)
    second = client.get("/cong-thong-tin/bai-viet/moi/")
    assert NONCE.search(_csp(second)).group(1) != header.group(1)  # type: ignore[union-attr]


def test_printable_documents_style_runs_with_the_nonce(client: Client, staff: dict[str, Any], dossier: Any) -> None:
    client.force_login(staff["reception"])
    response = client.get(f"/ho-so/{dossier.code}/giay-to/receipt.html")
    assert response.status_code == 200
    html = response.content.decode()
    nonce = NONCE.search(_csp(response)).group(1)  # type: ignore[union-attr]
    assert f'<style nonce="{nonce}">' in html
    assert " style=" not in html and "onclick" not in html and "data-print" in html


def test_the_500_page_styles_itself_with_the_nonce(rf: Any) -> None:
    from django.middleware.csp import ContentSecurityPolicyMiddleware

    from tuphap.core.views import error_500

    response = ContentSecurityPolicyMiddleware(error_500)(rf.get("/"))
    assert response.status_code == 500
    nonce = NONCE.search(_csp(response)).group(1)  # type: ignore[union-attr]
    assert f'<style nonce="{nonce}">' in response.content.decode()


TEMPLATE_DIRS = sorted(p for p in SRC.rglob("templates") if p.is_dir())


def test_no_template_has_inline_script_handler_or_style_without_a_nonce() -> None:
    """A guard for the policy: what the CSP would block must not be written."""
    offences = []
    for directory in TEMPLATE_DIRS:
        for path in directory.rglob("*.html"):
            text = path.read_text(encoding="utf-8")
            where = path.relative_to(SRC)
            for tag in re.findall(r"<script\b[^>]*>", text):
                if "src=" not in tag and "nonce" not in tag and 'type="application/json"' not in tag:
                    offences.append(f"{where}: inline {tag}")
            for tag in re.findall(r"<style\b[^>]*>", text):
                if "nonce" not in tag:
                    offences.append(f"{where}: {tag} without a nonce")
            for attribute in re.findall(r"\s(on[a-z]+|style)\s*=", text):
                offences.append(f"{where}: {attribute}= attribute")
            if "javascript:" in text:
                offences.append(f"{where}: javascript: URL")
    assert offences == []


def test_production_settings_are_https_only(tmp_path: Path) -> None:
    code = (
        "from django.conf import settings as s\n"
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,"
        " s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_CONTENT_TYPE_NOSNIFF, s.X_FRAME_OPTIONS,"
        " bool(s.SECURE_CSP), bool(s.SECURE_CSP_REPORT_ONLY))\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG", "HTTPS", "DJANGO_SETTINGS_MODULE"}}
    env.update(
        DEBUG="0",
        SECRET_KEY="k" * 60,
        ALLOWED_HOSTS="tuphap.example.vn",
        TUPHAP_VAR_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="tuphap.settings",
        PYTHONPATH=str(ROOT / "src"),
    )
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + code],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "True",
        "True",
        "True",
        "31536000",
        "True",
        "True",
        "DENY",
        "True",
        "False",
    ]


def test_https_responses_carry_hsts_and_secure_cookies(client: Client, staff: dict[str, Any], settings: Any) -> None:
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    response = _login(client, "motcua", PASSWORD, secure=True)
    assert response.status_code == 302
    assert response["Strict-Transport-Security"].startswith("max-age=31536000; includeSubDomains")
    session = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    assert response["X-Content-Type-Options"] == "nosniff" and response["Referrer-Policy"] == "same-origin"


# --------------------------------------------------------------------------- uploads


def _png(size: tuple[int, int] = (40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def test_uploaded_files_live_outside_the_web_root() -> None:
    media = Path(django_settings.MEDIA_ROOT).resolve()
    static_roots = [
        Path(django_settings.STATIC_ROOT).resolve(),
        *(Path(p).resolve() for p in django_settings.STATICFILES_DIRS),
    ]
    for root in static_roots:
        assert not media.is_relative_to(root) and not root.is_relative_to(media)
    assert getattr(django_settings, "WHITENOISE_ROOT", None) is None
    assert django_settings.FILE_UPLOAD_PERMISSIONS == 0o640
    assert django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024
    assert django_settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024
    assert django_settings.TUPHAP_MAX_REQUEST_BYTES <= 50 * 1024 * 1024


def test_dossier_attachments_judged_by_content_stored_privately_served_by_permission(
    client: Client, staff: dict[str, Any], dossier: Any, media: Path
) -> None:
    client.force_login(staff["specialist"])
    url = f"/ho-so/{dossier.code}/tep/"
    # a web page disguised by its name and its declared type is refused
    disguised = SimpleUploadedFile(
        "scan.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf"
    )
    refused = client.post(url, {"kind": "component", "file": disguised})
    assert refused.status_code == 400 and "Chỉ nhận tệp PDF, JPEG hoặc PNG" in refused.content.decode()
    # a real PNG sent with a .exe name is kept as a PNG, named .png
    assert (
        client.post(
            url,
            {
                "kind": "component",
                "file": SimpleUploadedFile("setup.exe", _png(), content_type="application/x-msdownload"),
            },
        ).status_code
        == 302
    )
    item = DossierAttachment.objects.get()
    assert item.content_type == "image/png" and item.name.endswith(".png")
    stored = Path(item.file.path).resolve()
    assert stored.is_relative_to(media.resolve()) and not stored.is_relative_to(
        Path(django_settings.STATIC_ROOT).resolve()
    )
    assert stored.stat().st_mode & 0o777 == 0o640
    # not reachable by its storage path, nor through the static files
    assert Client().get("/media/" + item.file.name).status_code == 404
    assert Client().get("/static/../media/" + item.file.name).status_code == 404
    # only through the view, only for who may see the dossier, as a download
    download_url = f"/ho-so/{dossier.code}/tep/{item.pk}/"
    assert Client().get(download_url).status_code == 302  # to the login page
    other = Client()
    other.force_login(staff["other"])
    assert other.get(download_url).status_code == 404
    download = client.get(download_url)
    assert download.status_code == 200 and download["Content-Type"] == "image/png"
    assert download["Content-Disposition"].startswith("attachment;") and download["X-Content-Type-Options"] == "nosniff"


def test_a_request_body_over_the_limit_is_refused_before_it_is_read(
    client: Client, staff: dict[str, Any], dossier: Any, media: Path, settings: Any
) -> None:
    settings.TUPHAP_MAX_REQUEST_BYTES = 1024 * 1024
    client.force_login(staff["specialist"])
    big = SimpleUploadedFile("scan.pdf", b"%PDF-1.7\n" + b"0" * (1024 * 1024 + 10), content_type="application/pdf")
    response = client.post(f"/ho-so/{dossier.code}/tep/", {"kind": "component", "file": big})
    assert response.status_code == 413 and "tối đa 1 MB" in response.content.decode()
    api = Client().post(
        "/api/v1/lawdocs", data=b"{" + b" " * (1024 * 1024 + 10) + b"}", content_type="application/json"
    )
    assert api.status_code == 413 and "tối đa 1 MB" in api.json()["detail"]
    assert DossierAttachment.objects.count() == 0 and not list(media.rglob("*.pdf"))


def test_portal_photos_are_checked_by_content_size_and_pixels() -> None:
    assert prepare_image(SimpleUploadedFile("anh.jpg", _png())).width == 40  # a PNG named .jpg: judged by content
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
    for name, data, message in [
        ("anh.png", b"<?php system($_GET['c']); ?>", "không phải là ảnh"),
        ("anh.svg", svg, "không phải là ảnh"),
        ("anh.png", _png() + b"\0" * (8 * 1024 * 1024), "quá lớn"),
    ]:
        with pytest.raises(ValidationError) as info:
            prepare_image(SimpleUploadedFile(name, data))
        assert message in " ".join(info.value.messages).lower(), name
    # a decompression bomb: a small file declaring 49 million pixels, refused before decoding
    bomb = io.BytesIO()
    Image.new("1", (7_000, 7_000)).save(bomb, "PNG")
    assert len(bomb.getvalue()) < 200_000
    with pytest.raises(ValidationError) as info:
        prepare_image(SimpleUploadedFile("bomb.png", bomb.getvalue()))
    assert info.value.code == "too_many_pixels"


def test_portal_photos_of_a_draft_are_not_public(client: Client, staff: dict[str, Any], media: Path) -> None:
    editor = staff["editor"]
    category = portal_services.category_upsert(actor=None, slug="hoat-dong", name="Hoạt động", position=1)
    article = portal_services.article_create(
        actor=editor, category=category, title="Bài nháp có ảnh", lead="", body="<p>x</p>"
    )
    photo = portal_services.article_image_add(actor=editor, article=article, upload=SimpleUploadedFile("a.png", _png()))
    url = photo.image.url
    assert url.startswith("/media/portal/")
    assert Client().get(url).status_code == 404  # a draft's photo: not for the public
    client.force_login(editor)
    private = client.get(url)
    assert private.status_code == 200 and "private" in private["Cache-Control"]
    portal_services.article_publish(actor=editor, article=article)
    public = Client().get(url)
    assert (
        public.status_code == 200
        and "public" in public["Cache-Control"]
        and public["X-Content-Type-Options"] == "nosniff"
    )
    # a file that is no article's photo is never served, even with an image suffix
    stray = media / "portal" / "stray.png"
    stray.write_bytes(_png())
    assert client.get("/media/portal/stray.png").status_code == 404
    assert ArticleImage.objects.count() == 1


def test_legal_document_files_are_served_by_a_view_as_downloads(client: Client, db: Any, media: Path) -> None:
    document, _ = lawdoc_services.document_save(
        actor=None,
        number="12/2022/QĐ-UBND",
        title="Quy định mẫu",
        doc_type="decision",
        issuer="UBND tỉnh",
        issued_on=dt.date(2022, 3, 1),
        effective_from=dt.date(2022, 3, 15),
    )
    item = DocumentFile(document=document, name="quy-dinh.pdf")
    item.file.save("quy-dinh.pdf", io.BytesIO(b"%PDF-1.7\n..."), save=True)
    page = client.get(f"/van-ban/{document.pk}/").content.decode()
    link = f"/van-ban/{document.pk}/tep/{item.pk}/"
    assert link in page and item.file.url not in page
    response = client.get(link)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    assert client.get(item.file.url).status_code == 404  # /media/lawdocs/... is not served
    assert client.get(f"/van-ban/{document.pk + 1}/tep/{item.pk}/").status_code == 404


# --------------------------------------------------------------------------- HTML sanitising and escaping

EVIL = (
    '<p onclick="steal()">Xin chào<script>alert(1)</script></p>'
    '<a href="javascript:alert(2)">liên kết</a><a href="https://example.vn/" target="_blank" onmouseover="x()">tốt</a>'
    '<img src="x" onerror="alert(3)"><iframe src="https://evil.example/"></iframe>'
    '<p style="background:url(javascript:alert(4))">kiểu</p><svg><script>alert(5)</script></svg>'
    '<form action="https://evil.example/"><input name="password"></form><object data="x.swf"></object>'
)


def test_article_bodies_lose_scripts_handlers_and_javascript_urls(
    client: Client, staff: dict[str, Any], media: Path
) -> None:
    editor = staff["editor"]
    category = portal_services.category_upsert(actor=None, slug="hoat-dong", name="Hoạt động", position=1)
    article = portal_services.article_create(
        actor=editor, category=category, title="Bài <b>thử</b>", lead="<i>tóm tắt</i>", body=EVIL
    )
    body = article.body.lower()
    for bad in [
        "<script",
        "onclick",
        "onerror",
        "onmouseover",
        "javascript:",
        "<iframe",
        "style=",
        "<svg",
        "<form",
        "<input",
        "<object",
        "alert(",
    ]:
        assert bad not in body, bad
    assert "xin chào" in body and 'href="https://example.vn/"' in body and "tốt" in body
    portal_services.article_publish(actor=editor, article=article)
    html = Client().get(article.get_absolute_url()).content.decode()
    assert "<script>alert" not in html and "javascript:alert" not in html
    assert "Bài &lt;b&gt;thử&lt;/b&gt;" in html and "&lt;i&gt;tóm tắt&lt;/i&gt;" in html  # title and lead are text
    updated = portal_services.article_update(
        actor=editor, article=article, category=category, title="Bài thử", body=EVIL + "<p>sửa</p>"
    )  # the update path too
    assert "<script" not in updated.body and "javascript:" not in updated.body and "sửa" in updated.body


def test_other_user_text_is_escaped_in_pages(
    client: Client, staff: dict[str, Any], department: Any, units: dict[str, Any], media: Path
) -> None:
    data = next(p for p in PROCEDURES if p["code"] == NATIONALITY)
    dossier_services.procedure_publish(
        actor=None, data=data, agency=department, unit=units[data["unit"]], valid_from=dt.date(2015, 1, 1)
    )
    d = dossier_services.dossier_receive(
        actor=staff["reception"],
        procedure_code=NATIONALITY,
        applicant={**APPLICANT, "name": "Trần <i>Thị</i> B"},
    )
    client.force_login(staff["reception"])
    detail = client.get(f"/ho-so/{d.code}/").content.decode()
    assert "<i>Thị</i>" not in detail and "Trần &lt;i&gt;Thị&lt;/i&gt; B" in detail
    announcement = portal_services.announcement_create(
        actor=staff["admin"], title="<script>alert('tb')</script>", body="<b>đậm?</b>", valid_from=dt.date(2020, 1, 1)
    )
    page = Client().get(f"/thong-bao/{announcement.pk}/").content.decode()
    assert "<script>alert('tb')" not in page and "&lt;script&gt;alert(&#x27;tb&#x27;)&lt;/script&gt;" in page
    assert "<b>đậm?</b>" not in page and "&lt;b&gt;đậm?&lt;/b&gt;" in page
    for url in ["/tim-kiem/?q=%3Cscript%3Ealert(1)%3C/script%3E", "/van-ban/?q=%3Cscript%3Ealert(1)%3C/script%3E"]:
        echoed = Client().get(url).content.decode()
        assert "<script>alert(1)</script>" not in echoed and "&lt;script&gt;alert(1)&lt;/script&gt;" in echoed, url


def test_api_search_snippets_escape_the_document_text(db: Any) -> None:
    lawdoc_services.document_save(
        actor=None,
        number="13/2022/QĐ-UBND",
        title="Quy định về hộ tịch",
        doc_type="decision",
        issuer="UBND tỉnh",
        issued_on=dt.date(2022, 3, 1),
        effective_from=dt.date(2022, 3, 15),
        text="Điều 1. Hộ tịch <img src=x onerror=alert(1)> được đăng ký tại xã.",
    )
    results = Client().get("/api/v1/lawdocs?q=hộ tịch").json()["results"]
    snippet = results[0]["snippet"]
    assert "<mark>" in snippet and "<img" not in snippet and "&lt;img src=x onerror=alert(1)&gt;" in snippet
