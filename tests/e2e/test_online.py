"""A citizen applies online in Chromium: from the procedure page, signed in through the stand-in
OpenID Connect provider (its own process, real HTTP), two files, the code on screen, Hồ sơ của tôi;
the desk sees the dossier waiting. (Payment, supplements, result and rating: test_citizen_path.py.)"""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import NATIONALITY, apply_with_two_files, log_in
from tuphap.dossiers.models import Dossier
from tuphap.orgs.roles import Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_citizen_signs_in_with_the_identity_and_applies_with_two_files(
    live_server: Any, page: Any, browser: Any, publish: Any, oidc: Any, make_staff: Any, tmp_path: Any
) -> None:
    from playwright.sync_api import expect

    publish(NATIONALITY)
    make_staff("motcua", Role.RECEPTION)
    base = live_server.url
    apply_with_two_files(page, base, oidc, tmp_path)
    dossier = Dossier.objects.get()
    assert dossier.state == "submitted" and dossier.attachments.count() == 2
    assert dossier.code in page.locator("h1").inner_text()
    page.get_by_role("link", name="Hồ sơ của tôi").first.click()
    expect(page.get_by_role("link", name=dossier.code)).to_be_visible()

    # the desk sees it waiting
    desk = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh").new_page()
    log_in(desk, base, "motcua")
    desk.goto(base + "/ho-so/truc-tuyen/cho-tiep-nhan/")
    expect(desk.get_by_role("link", name=dossier.code)).to_be_visible()
    desk.context.close()
