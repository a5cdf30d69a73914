"""Notifications leave as real emails: the outbox's sender speaks SMTP to a
stand-in server (``standins/smtp``, aiosmtpd) in its own process on loopback."""

from __future__ import annotations

import email
import email.policy
import os
import select
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.dossiers.conftest import LLTP, catalogue, receive, staff  # noqa: F401 - fixtures
from tuphap.core.models import Notification
from tuphap.core.notifications.delivery import deliver_pending
from tuphap.dossiers import services

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def smtp_server(tmp_path: Path, settings: Any) -> Iterator[Path]:
    """Start the stand-in on a free port, point tuphap's mailer at it; the folder its messages land in."""
    maildir = tmp_path / "mail"
    process = subprocess.Popen(  # noqa: S603 - our own stand-in
        [sys.executable, "-m", "standins.smtp"],
        cwd=ROOT,
        env={**os.environ, "SMTP_PORT": "0", "SMTP_MAILDIR": str(maildir)},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], 15)
    line = process.stdout.readline() if ready else ""
    if not line.startswith("smtp listening on "):
        process.kill()
        pytest.fail(f"the stand-in SMTP server did not start (said {line!r}, exit {process.poll()})")
    host, port = line.split()[-1].rsplit(":", 1)
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": host, "port": int(port), "timeout": 10},
        }
    }
    settings.DEFAULT_FROM_EMAIL = "Sở Tư pháp <no-reply@tuphap.test>"
    try:
        yield maildir
    finally:
        process.terminate()
        process.wait(10)


def _messages(maildir: Path, count: int) -> list[email.message.EmailMessage]:
    for _ in range(100):
        files = sorted(maildir.glob("*.eml"))
        if len(files) >= count:
            return [email.message_from_bytes(f.read_bytes(), policy=email.policy.default) for f in files]  # type: ignore[misc]
        time.sleep(0.1)
    pytest.fail(f"{count} message(s) expected at the SMTP server, {len(list(maildir.glob('*.eml')))} arrived")


@pytest.mark.django_db
def test_a_dossier_event_arrives_as_an_email(
    smtp_server: Path,
    receive: Callable[..., Any],  # noqa: F811 - the fixture imported above
    staff: dict[str, Any],  # noqa: F811
) -> None:
    d = receive(LLTP)
    services.dossier_request_fee(actor=staff["specialist"], dossier=d)
    result = deliver_pending()
    assert result["failed"] == 0 and result["sent"] >= 1
    emails = Notification.objects.filter(kind=Notification.Kind.EMAIL)
    assert emails.count() == 2 and set(emails.values_list("status", flat=True)) == {"sent"}  # receipt, fee
    fee = [m for m in _messages(smtp_server, 2) if "chờ nộp phí" in str(m["Subject"])]
    assert len(fee) == 1
    message = fee[0]
    assert message["X-Envelope-To"] == "an@example.vn" and message["To"] == "an@example.vn"
    assert str(message["Subject"]) == f"Hồ sơ {d.code} chờ nộp phí"
    assert "200.000 đồng" in message.get_content()
    assert message["Message-ID"].startswith("<tuphap.notification.")
    # sent once: a second run finds nothing to send
    assert deliver_pending() == {"sent": 0, "failed": 0}
