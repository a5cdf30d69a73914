"""A citizen applies online in Chromium: from the procedure page, signed in through the stand-in
OpenID Connect provider (its own process, real HTTP), two files, the code on screen, Hồ sơ của tôi;
the desk sees the dossier waiting. (Payment, supplements, result and rating: the next session.)"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.citizens.standin import running_provider
from tuphap.dossiers import services
from tuphap.dossiers.catalogue import PROCEDURES
from tuphap.dossiers.models import Dossier
from tuphap.orgs.roles import Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NATIONALITY = "2.001895.000.00.00.H09"  # two components, fully online


def test_a_citizen_signs_in_with_the_identity_and_applies_with_two_files(
    live_server: Any,
    page: Any,
    browser: Any,
    department: Any,
    units: dict[str, Any],
    make_staff: Any,
    settings: Any,
    tmp_path: Any,
) -> None:
    from playwright.sync_api import expect

    data = next(p for p in PROCEDURES if p["code"] == NATIONALITY)
    services.procedure_publish(
        actor=None, data=data, agency=department, unit=units["hctp"], valid_from=dt.date(2015, 1, 1)
    )
    make_staff("motcua", Role.RECEPTION)
    base = live_server.url
    scan = tmp_path / "to-khai.pdf"
    scan.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    from PIL import Image

    photo = tmp_path / "giay-to.png"
    Image.new("RGB", (40, 30), (20, 90, 160)).save(photo)

    with running_provider(tmp_path / "oidc", callback=f"{base}/cong-dan/oidc/callback/") as provider:
        for key, value in provider.settings().items():
            setattr(settings, key, value)
        page.goto(f"{base}/ho-so/thu-tuc/{NATIONALITY}/")
        page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
        page.wait_for_url(f"{base}/cong-dan/dang-nhap/**")
        page.get_by_role("link", name="Đăng nhập bằng định danh điện tử").click()
        page.wait_for_url(f"{provider.url}/login/**")  # the provider's own page, in its own process
        page.get_by_label("Tên đăng nhập").fill("congdan")
        page.get_by_label("Mật khẩu").fill("tuphap-demo")
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(f"{base}/ho-so/nop-truc-tuyen/{NATIONALITY}/")
        # the verified identity, read-only
        expect(page.get_by_text("Nguyễn Thị Minh Anh")).to_be_visible()
        expect(page.get_by_text("001190012345")).to_be_visible()
        inputs = page.locator("input[type=file]")
        expect(inputs).to_have_count(2)
        inputs.nth(0).set_input_files(str(scan))
        inputs.nth(1).set_input_files(str(photo))
        page.get_by_label("Bản điện tử").check()
        page.get_by_label("Tôi cam đoan", exact=False).check()
        page.get_by_role("button", name="Nộp hồ sơ").click()
        page.wait_for_selector("text=Hồ sơ của bạn đã được nộp")
        dossier = Dossier.objects.get()
        assert dossier.state == "submitted" and dossier.attachments.count() == 2
        assert dossier.code in page.locator("h1").inner_text()
        page.get_by_role("link", name="Hồ sơ của tôi").first.click()
        expect(page.get_by_role("link", name=dossier.code)).to_be_visible()

    # the desk sees it waiting
    desk = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh").new_page()
    desk.goto(base + "/dang-nhap/")
    desk.get_by_label("Tên đăng nhập").fill("motcua")
    from tests.conftest import PASSWORD

    desk.get_by_label("Mật khẩu").fill(PASSWORD)
    desk.get_by_role("button", name="Đăng nhập").click()
    desk.wait_for_url(base + "/van-phong/")
    desk.goto(base + "/ho-so/truc-tuyen/cho-tiep-nhan/")
    expect(desk.get_by_role("link", name=dossier.code)).to_be_visible()
    desk.context.close()
