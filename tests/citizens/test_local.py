"""Local citizen accounts (a province without single sign-on): phone or email and a password,
the contact verified by a one-time code sent through the outbox; rate-limited."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from tuphap.citizens.models import CitizenProfile, OneTimeCode
from tuphap.core.models import Notification

pytestmark = pytest.mark.django_db
PASSWORD = "mot-mat-khau-kho-doan-9"


def last_code(to: str) -> str:
    message = Notification.objects.filter(to=to).order_by("-id").first()
    assert message is not None, f"no message to {to}"
    found = re.search(r"\b(\d{6})\b", message.body)
    assert found is not None
    return found.group(1)


def sign_up(client: Client, contact: str = "0912345001", name: str = "Lê Thị Hoa") -> Any:
    return client.post("/cong-dan/dang-ky/", {"full_name": name, "contact": contact, "password": PASSWORD})


def test_sign_up_by_phone_verify_the_code_and_sign_in(client: Client) -> None:
    response = sign_up(client, "0912 345 001")
    assert response.status_code == 303 and response["Location"] == "/cong-dan/xac-minh/"
    profile = CitizenProfile.objects.select_related("user").get(phone="0912345001")
    assert profile.source == "local" and not profile.identity_verified
    assert not profile.user.is_active  # nothing works until the contact is verified
    sms = Notification.objects.get(to="0912345001")
    assert sms.kind == "sms" and sms.object_type == "citizens.citizenprofile"
    code = last_code("0912345001")
    assert OneTimeCode.objects.get(profile=profile).digest != code  # kept as a keyed digest

    wrong = "000000" if code != "000000" else "111111"
    assert client.post("/cong-dan/xac-minh/", {"code": wrong}).status_code == 400
    done = client.post("/cong-dan/xac-minh/", {"code": code})
    assert done.status_code == 303 and done["Location"] == "/ho-so/cua-toi/"
    profile.refresh_from_db()
    profile.user.refresh_from_db()
    assert profile.user.is_active and profile.phone_verified_at is not None
    assert client.get("/ho-so/cua-toi/").status_code == 200

    other = Client()
    page = other.post("/cong-dan/dang-nhap/", {"contact": "0912345001", "password": PASSWORD})
    assert page.status_code == 302 and page["Location"] == "/ho-so/cua-toi/"
    refused = Client().post("/cong-dan/dang-nhap/", {"contact": "0912345001", "password": "sai"})
    assert refused.status_code == 400


def test_an_unverified_account_cannot_sign_in(client: Client) -> None:
    sign_up(client, "hoa@example.vn")
    assert Notification.objects.get(to="hoa@example.vn").kind == "email"
    response = Client().post("/cong-dan/dang-nhap/", {"contact": "hoa@example.vn", "password": PASSWORD})
    assert response.status_code == 400 and "_auth_user_id" not in Client().session


def test_a_code_is_used_once_and_dies_after_five_wrong_attempts(client: Client) -> None:
    sign_up(client, "0912345002")
    code = last_code("0912345002")
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        client.post("/cong-dan/xac-minh/", {"code": wrong})
    assert client.post("/cong-dan/xac-minh/", {"code": code}).status_code == 400  # the attempts are spent
    assert not CitizenProfile.objects.get(phone="0912345002").user.is_active
    client.post("/cong-dan/xac-minh/", {"again": "1"})
    fresh = last_code("0912345002")
    assert client.post("/cong-dan/xac-minh/", {"code": fresh}).status_code == 303


def test_bad_input_gets_messages_in_vietnamese(client: Client) -> None:
    response = client.post("/cong-dan/dang-ky/", {"full_name": "Lê Hoa", "contact": "abc", "password": PASSWORD})
    assert response.status_code == 400
    assert "Nhập đúng địa chỉ thư điện tử hoặc số điện thoại" in response.content.decode()
    weak = client.post("/cong-dan/dang-ky/", {"full_name": "Lê Hoa", "contact": "0912345555", "password": "123"})
    assert weak.status_code == 400 and "password" in weak.context["form"].errors
    assert not CitizenProfile.objects.exists() and not Notification.objects.exists()


def test_a_staff_username_is_no_citizen_account(client: Client, reception: Any) -> None:
    response = client.post("/cong-dan/dang-nhap/", {"contact": "motcua", "password": "mat-khau-thu-nghiem-1"})
    assert response.status_code == 400  # a staff account does not sign in as a citizen
    assert client.get("/ho-so/cua-toi/").status_code == 302


def test_sign_ups_are_rate_limited(client: Client, settings: Any) -> None:
    settings.TUPHAP_RATE_LIMITS = {**settings.TUPHAP_RATE_LIMITS, "citizen_signup": "2/3600"}
    for n in range(2):
        assert sign_up(client, f"091234510{n}").status_code == 303
    refused = sign_up(client, "0912345109")
    assert refused.status_code == 429 and "Retry-After" in refused
    assert not CitizenProfile.objects.filter(phone="0912345109").exists()


def test_codes_sent_again_are_limited_per_account(client: Client) -> None:
    sign_up(client, "0912345003")
    statuses = [client.post("/cong-dan/xac-minh/", {"again": "1"}).status_code for _ in range(5)]
    assert statuses[:4] == [200] * 4 and statuses[4] == 429  # five codes an hour, the first at sign-up
    assert Notification.objects.filter(to="0912345003").count() == 5


def test_old_codes_are_purged_by_the_daily_job(client: Client) -> None:
    import datetime as dt

    from django.utils import timezone

    from tuphap.citizens.periodic import JOBS

    sign_up(client, "0912345004")
    assert OneTimeCode.objects.count() == 1
    job = next(j for j in JOBS if j.name == "citizen-codes-purge")
    assert job.run(timezone.now()) == ""  # still fresh
    assert job.run(timezone.now() + dt.timedelta(days=2)) == "1 one-time codes deleted"
    assert not OneTimeCode.objects.exists()
