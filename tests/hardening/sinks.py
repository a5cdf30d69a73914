"""Where the processes started by the hardening tests send their messages, and
the readers the tests use to count what arrived (see ``proc_settings``)."""

from __future__ import annotations

import email
import email.policy
import json
import os
import time
import uuid
from pathlib import Path
from typing import Any

from django.core.mail.backends.filebased import EmailBackend

SEPARATOR = b"\n" + b"-" * 79 + b"\n"


class SlowFileEmailBackend(EmailBackend):
    """Django's file-based backend; each message takes ``HARDENING_SEND_DELAY`` seconds."""

    def send_messages(self, email_messages: Any) -> int:
        time.sleep(float(os.environ.get("HARDENING_SEND_DELAY", "0")))
        return int(super().send_messages(email_messages))


class FileSmsGateway:
    """One JSON file per SMS handed to the carrier (with the idempotency key)."""

    def send(self, to: str, text: str, *, key: str = "") -> None:
        time.sleep(float(os.environ.get("HARDENING_SEND_DELAY", "0")))
        folder = Path(os.environ["HARDENING_SMS_DIR"])
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{uuid.uuid4().hex}.json").write_text(
            json.dumps({"to": to, "text": text, "key": key}), encoding="utf-8"
        )


def read_mail(folder: Path) -> list[email.message.EmailMessage]:
    """Every message the file-based backend wrote into ``folder``."""
    messages = []
    for path in sorted(folder.glob("*.log")) if folder.exists() else []:
        for chunk in path.read_bytes().split(SEPARATOR):
            if chunk.strip():
                messages.append(email.message_from_bytes(chunk.strip(b"\n") + b"\n", policy=email.policy.default))
    return messages  # type: ignore[return-value]


def read_sms(folder: Path) -> list[dict[str, str]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))] if folder.exists() else []
