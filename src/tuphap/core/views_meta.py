"""What every site answers at its root: /robots.txt and /favicon.ico.

The favicon is the same picture as static/tuphap/favicon.svg (which the base
templates link): a gold star on the portal's red, drawn here with Pillow as an
ICO for the browsers and tools that ask for /favicon.ico.
"""

from __future__ import annotations

import io
import math
from functools import cache

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from tuphap.orgs.permissions import public

RED = "#a4161a"
GOLD = "#ffcd00"

# The public portal is open to crawlers; the back office, the API, the admin
# and the session pages are not (a crawler would only meet the login page
# there). Allow lines carve the public pages out of a disallowed prefix: the
# longest matching rule wins (RFC 9309). tests/core/test_meta.py checks every
# URL of the project against these rules.
ROBOTS_ALLOW = ["/ho-so/thu-tuc/", "/ho-so/tra-cuu/", "/ho-so/phan-anh/", "/bao-cao/cong-khai/"]
ROBOTS_DISALLOW = [
    "/admin/",
    "/api/",
    "/van-phong/",
    "/dang-nhap/",
    "/dang-xuat/",
    "/ngon-ngu/",
    "/nhat-ky/",
    "/healthz",
    "/tai-khoan/",
    "/lich-lam-viec/",
    "/ho-so/",
    "/van-ban/moi/",
    "/van-ban/*/sua/",
    "/van-ban/du-thao/",
    "/van-ban/tham-dinh/",
    "/van-ban/ra-soat/",
    "/van-ban/danh-muc-het-hieu-luc/",
    "/nhiem-vu/",
    "/bao-cao/",
    "/cong-thong-tin/",
    "/cong-dan/",  # citizens' sign-in, sign-up and account (issue 18)
]


def star(cx: float, cy: float, outer: float, inner: float) -> list[tuple[float, float]]:
    """The ten corners of a five-pointed star, the first point up."""
    points = []
    for i in range(10):
        angle = -math.pi / 2 + i * math.pi / 5
        radius = outer if i % 2 == 0 else inner
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


@cache
def favicon_ico() -> bytes:
    """The favicon as an ICO of 16, 32 and 48 pixels (drawn large, then scaled down)."""
    from PIL import Image, ImageDraw

    size = 256
    scale = size / 32
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, size - 1, size - 1), radius=6 * scale, fill=RED)
    draw.polygon([(x * scale, y * scale) for x, y in star(16, 16.8, 11, 4.4)], fill=GOLD)
    out = io.BytesIO()
    image.save(out, format="ICO", sizes=[(16, 16), (32, 32), (48, 48)])
    return out.getvalue()


@public
@require_GET
@cache_control(public=True, max_age=7 * 24 * 3600)
def favicon(request: HttpRequest) -> HttpResponse:
    return HttpResponse(favicon_ico(), content_type="image/x-icon")


@public
@require_GET
@cache_control(public=True, max_age=24 * 3600)
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *"]
    lines += [f"Allow: {path}" for path in ROBOTS_ALLOW]
    lines += [f"Disallow: {path}" for path in ROBOTS_DISALLOW]
    lines += ["", f"Sitemap: {request.build_absolute_uri(reverse('portal:sitemap'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
