"""The notification outbox of core: queueing, quiet imports, delivery with
retries and one key per message, whatever app the message is about."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from tuphap.core import notifications
from tuphap.core.models import Notification
from tuphap.core.notifications import Message, deliver_pending, message_key, notify, queue, quiet
from tuphap.orgs.models import Unit


class DownSms:
    def send(self, to: str, text: str) -> None:
        raise ConnectionError(f"carrier refused {to}")


class KeyedSms:
    sent: list[tuple[str, str, str]] = []

    def send(self, to: str, text: str, key: str = "") -> None:
        KeyedSms.sent.append((to, text, key))


@pytest.fixture
def locmem(settings: Any) -> None:
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


def test_notify_queues_an_email_and_a_short_sms_about_an_object(units: dict[str, Any]) -> None:
    unit = units["hctp"]
    rows = notify(about=unit, email="a@example.vn", phone="0912345678", subject="Tiêu đề", body="x" * 600)
    assert [(r.kind, r.to) for r in rows] == [("email", "a@example.vn"), ("sms", "0912345678")]
    sms = Notification.objects.get(kind="sms")
    assert sms.body.startswith("Tiêu đề. x") and len(sms.body) == 480 and sms.subject == ""
    assert set(Notification.objects.about(unit)) == set(rows)
    assert Notification.objects.about_any(Unit, [unit.pk]).count() == 2
    assert (sms.object_type, sms.object_id) == ("orgs.unit", str(unit.pk))
    assert notify(about=None, subject="Không ai", body="…") == []  # no address: nothing queued


def test_nothing_is_queued_inside_quiet(db: Any) -> None:
    with quiet():
        assert queue(messages=[Message.email("a@example.vn", "S", "B")]) == []
    assert Notification.objects.count() == 0
    queue(messages=[Message.email("a@example.vn", "S", "B")])
    assert Notification.objects.count() == 1


def test_delivery_retries_then_gives_up_and_masks_the_number(db: Any, settings: Any, locmem: None, caplog: Any) -> None:
    settings.TUPHAP_SMS_GATEWAY = "tests.core.test_notifications.DownSms"
    queue(messages=[Message.sms("0912345678", "Hồ sơ đã có kết quả."), Message.email("b@example.vn", "S", "B")])
    assert deliver_pending() == {"sent": 1, "failed": 1}
    sms = Notification.objects.get(kind="sms")
    assert sms.status == "pending" and sms.attempts == 1 and sms.next_attempt_at > timezone.now()
    assert "0912345678" not in caplog.text and "******5678" in caplog.text
    assert deliver_pending() == {"sent": 0, "failed": 0}  # not due yet
    for _ in range(notifications.MAX_ATTEMPTS - 1):
        Notification.objects.filter(pk=sms.pk).update(next_attempt_at=timezone.now() - dt.timedelta(seconds=1))
        assert deliver_pending()["failed"] == 1
    sms.refresh_from_db()
    assert sms.status == "failed" and sms.attempts == notifications.MAX_ATTEMPTS and "ConnectionError" in sms.last_error
    assert len(mail.outbox) == 1


def test_each_message_keeps_one_key_for_email_and_sms(db: Any, settings: Any, locmem: None) -> None:
    settings.TUPHAP_SMS_GATEWAY = "tests.core.test_notifications.KeyedSms"
    KeyedSms.sent = []
    email, sms = queue(messages=[Message.email("c@example.vn", "S", "B"), Message.sms("0987654321", "T")])
    assert deliver_pending() == {"sent": 2, "failed": 0}
    email.refresh_from_db()
    sms.refresh_from_db()
    assert mail.outbox[0].extra_headers["Message-ID"] == message_key(email) == message_key(email)
    assert KeyedSms.sent == [("0987654321", "T", message_key(sms))] and message_key(sms) != message_key(email)
    assert email.status == sms.status == "sent" and email.sent_at is not None
