"""The one-time code message: gettext with English msgids, always rendered in Vietnamese.

The expected texts were produced by the Vietnamese literals of ``citizens/services.py``
before the texts moved to ``citizens/messages.py``: not a byte may change.
"""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from tuphap.citizens import messages, services
from tuphap.core.models import Notification

PASSWORD = "mot-mat-khau-kho-doan-9"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_code_message_is_todays_vietnamese_in_any_language(language: str) -> None:
    with translation.override(language):
        assert messages.verification_code(code="012345", minutes=10) == (
            "Mã xác minh tài khoản",
            "Mã xác minh tài khoản dịch vụ công của Sở Tư pháp: 012345 (hiệu lực 10 phút).",
        )
        assert translation.get_language() == language


@pytest.mark.django_db
def test_the_code_is_queued_in_vietnamese_while_english_is_active() -> None:
    with translation.override("en"):
        services.citizen_register(contact="hoa@example.vn", password=PASSWORD, full_name="Lê Thị Hoa")
        services.citizen_register(contact="0912345009", password=PASSWORD, full_name="Trần Văn Bình")
    email = Notification.objects.get(to="hoa@example.vn")
    assert email.kind == "email" and email.subject == "Mã xác minh tài khoản"
    sms = Notification.objects.get(to="0912345009")
    assert sms.kind == "sms"
    for message in (email, sms):
        assert re.fullmatch(
            r"Mã xác minh tài khoản dịch vụ công của Sở Tư pháp: \d{6} \(hiệu lực 10 phút\)\.", message.body
        ), message.body
