"""What every site answers at its root (robots.txt, favicon.ico), the icon and
the meta description in every base template."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from PIL import Image

SRC = Path(__file__).resolve().parents[2] / "src" / "tuphap"
SAMPLE = {"int": "1", "str": "x", "slug": "x", "path": "x/y.jpg"}
# Public views that crawlers are kept out of all the same: the load balancer's
# probe and the personal corner loaded into the cached pages.
# the payment gateway's callback (server to server) and the result verification pages (by token, opened from a QR code)
PUBLIC_BUT_NOT_CRAWLED = {
    "healthz",
    "account",
    "signin",
    "oidc_start",
    "oidc_callback",
    "signup",
    "verify",
    "signout",
    "payment_notify",
    "result_verify",
}


def robots_rules(text: str) -> list[tuple[bool, str]]:
    rules = []
    for line in text.splitlines():
        field, _, value = line.partition(":")
        if field.strip().lower() in {"allow", "disallow"} and value.strip():
            rules.append((field.strip().lower() == "allow", value.strip()))
    return rules


def crawlable(rules: list[tuple[bool, str]], path: str) -> bool:
    """RFC 9309: the longest matching rule wins, allow on a tie; * is any run, $ the end."""
    best: tuple[int, bool] = (-1, True)
    for allow, pattern in rules:
        regex = re.escape(pattern).replace(r"\*", ".*").replace(r"\$", "$")
        if re.match(regex, path) and (len(pattern), allow) > best:
            best = (len(pattern), allow)
    return best[1]


def project_urls() -> list[tuple[str, str, str]]:
    """(sample path, view name, capability) of every URL of the project."""
    found: list[tuple[str, str, str]] = []

    def walk(patterns: list[Any], prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                path = "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE[m.group(1) or "str"], route)
                capability = getattr(pattern.callback, "tuphap_capability", "")
                found.append((path.lstrip("^").replace("^", ""), pattern.name or "", capability))

    walk(get_resolver().url_patterns, "")
    return found


def test_robots_txt_opens_the_portal_and_closes_the_back_office(client: Client, db: Any) -> None:
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert text.startswith("User-agent: *\n")
    assert "Sitemap: http://testserver/sitemap.xml" in text.splitlines()
    rules = robots_rules(text)
    for path in ("/admin/", "/api/", "/van-phong/"):
        assert (False, path) in rules
    checked = 0
    for path, name, capability in project_urls():
        if path.startswith(("/admin/", "/api/")):
            assert not crawlable(rules, path), path
        elif capability == "public" and name not in PUBLIC_BUT_NOT_CRAWLED:
            assert crawlable(rules, path), f"public page {path} ({name}) is closed to crawlers"
        else:
            assert not crawlable(rules, path), f"back-office page {path} ({name}) is open to crawlers"
        checked += 1
    assert checked > 60
    for path in ("/", "/tin-tuc/", "/van-ban/", "/van-ban/12/", "/ho-so/thu-tuc/", "/ho-so/tra-cuu/", "/sitemap.xml"):
        assert crawlable(rules, path), path
    for path in ("/ho-so/", "/ho-so/000.00.17.H09-260101-0001/", "/van-ban/12/sua/", "/bao-cao/", "/nhiem-vu/"):
        assert not crawlable(rules, path), path


def test_favicon_ico_is_an_icon(client: Client, db: Any) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert "max-age" in response["Cache-Control"]
    icon = Image.open(io.BytesIO(response.content))
    assert icon.format == "ICO"
    assert {(16, 16), (32, 32)} <= set(icon.info["sizes"])
    red, green, blue, alpha = icon.convert("RGBA").getpixel((2, 8))
    assert (red, green, blue, alpha) == (0xA4, 0x16, 0x1A, 255)  # the portal's red


def test_favicon_svg_is_a_valid_svg() -> None:
    root = ElementTree.parse(SRC / "static/tuphap/favicon.svg").getroot()  # noqa: S314 - our own file
    assert root.tag == "{http://www.w3.org/2000/svg}svg"


def head_of(response: Any) -> str:
    assert response.status_code == 200
    return response.content.decode().split("</head>")[0]


def description_of(response: Any) -> str:
    (content,) = re.findall(r'<meta name="description" content="([^"]*)">', head_of(response))
    return html.unescape(content)


def test_every_base_template_links_the_icon(client: Client, department: Any, reception: Any) -> None:
    pages = ["/", "/van-ban/", "/ho-so/thu-tuc/", "/dang-nhap/", "/bao-cao/cong-khai/"]
    for path in pages:
        assert '<link rel="icon" href="/static/tuphap/favicon.svg" type="image/svg+xml">' in head_of(client.get(path))
    client.force_login(reception)
    assert 'rel="icon"' in head_of(client.get("/van-phong/"))
    error_page = (SRC / "templates/500.html").read_text(encoding="utf-8")
    assert '<link rel="icon" href="/favicon.ico">' in error_page


def test_public_pages_have_a_meta_description(client: Client, department: Any) -> None:
    home = description_of(client.get("/"))
    assert home.startswith("Cổng thông tin điện tử Sở Tư pháp tỉnh Bình Thuận: tin tức, thông báo")
    lawdocs = description_of(client.get("/van-ban/"))
    assert lawdocs.startswith("Tra cứu văn bản quy phạm pháp luật của tỉnh")
    procedures = description_of(client.get("/ho-so/thu-tuc/"))
    assert procedures.startswith("Thủ tục hành chính của Sở Tư pháp tỉnh Bình Thuận")
    lookup = description_of(client.get("/ho-so/tra-cuu/"))
    assert lookup.startswith("Tra cứu tình trạng hồ sơ bằng mã hồ sơ")
    news = description_of(client.get("/tin-tuc/"))
    assert news == "Toàn bộ tin tức do Sở Tư pháp tỉnh Bình Thuận đăng tải."
    # a page without its own: the sensible default of the base template
    login = description_of(client.get("/dang-nhap/"))
    assert (
        login
        == "Sở Tư pháp tỉnh Bình Thuận: thủ tục hành chính, tra cứu tình trạng hồ sơ, văn bản pháp luật và tin tức."
    )
    assert len({home, lawdocs, procedures, lookup, news, login}) == 6
