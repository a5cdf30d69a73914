"""Password spraying: one address trying a password against many usernames
(issue 10, known gap). django-axes locks a username from an address after
``AXES_FAILURE_LIMIT`` failures; a sprayer never fails twice on one username,
so the address has its own, higher limit across usernames
(``TUPHAP_LOGIN_ADDRESS_LIMIT``, docs/security.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone

from tests.conftest import PASSWORD
from tuphap.orgs.roles import Role

SPRAYER = "198.51.100.66"
OFFICE = "198.51.100.10"


@pytest.fixture
def staff(make_staff: Callable[..., Any]) -> list[Any]:
    return [make_staff(name, Role.SPECIALIST) for name in ("chuyenvien", "chuyenvien2")]


def _login(username: str, password: str, ip: str) -> Any:
    return Client().post("/dang-nhap/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_the_address_limit_is_higher_than_the_username_limit() -> None:
    assert django_settings.AXES_FAILURE_LIMIT == 5 and django_settings.TUPHAP_LOGIN_ADDRESS_LIMIT == 30


def test_spraying_many_usernames_locks_the_address_not_the_office(staff: list[Any], settings: Any) -> None:
    settings.TUPHAP_LOGIN_ADDRESS_LIMIT = 6
    for i in range(6):  # one guess per username: the per-username limit (5) is never reached
        response = _login(f"nguoidung{i}", "123456", SPRAYER)
        assert response.status_code == 200, i
    locked = _login("chuyenvien", PASSWORD, SPRAYER)  # even the right password of a real account
    assert locked.status_code == 429 and locked["Retry-After"] == "900"
    page = locked.content.decode()
    assert (
        "Đăng nhập sai quá nhiều lần từ địa chỉ của bạn, với nhiều tên đăng nhập khác nhau" in page
        and "15 phút" in page
    )
    assert "_auth_user_id" not in locked.wsgi_request.session
    # another address (the office's) is not concerned
    assert _login("chuyenvien", PASSWORD, OFFICE).status_code == 302
    # the cool-off ends the lock
    AccessAttempt.objects.filter(ip_address=SPRAYER).update(attempt_time=timezone.now() - dt.timedelta(minutes=16))
    assert _login("chuyenvien2", PASSWORD, SPRAYER).status_code == 302


def test_an_office_under_the_address_limit_logs_in(staff: list[Any], settings: Any) -> None:
    settings.TUPHAP_LOGIN_ADDRESS_LIMIT = 6
    for i in range(5):  # five colleagues mistype once each, behind one NAT address
        assert _login(f"canbo{i}", "sai", OFFICE).status_code == 200
    assert _login("chuyenvien", PASSWORD, OFFICE).status_code == 302
