"""The payment gateway interface and its sandbox implementation.

A gateway does two things for tuphap: it opens a payment (tuphap says the
reference, the amount and where to send the payer back; the gateway answers
with the address of its page to pay) and it tells tuphap, server to server,
how the payment ended, in a notification signed with a shared secret
(HMAC-SHA256 over the exact bytes of the body, hex, in ``X-Paygate-Signature``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

SIGNATURE_HEADER = "X-Paygate-Signature"


class GatewayError(Exception):
    """The gateway could not be reached or refused the request (English, for logs)."""


class BadNotification(Exception):
    """A notification that is not signed with our secret or not well formed."""


@dataclass(frozen=True)
class Notification:
    reference: str  # ours, given when the payment was opened
    transaction: str  # the gateway's
    amount: int  # VND
    paid: bool


class Gateway(Protocol):
    name: str

    def create(self, *, reference: str, amount: int, description: str, return_url: str, notify_url: str) -> str:
        """Open a payment; return the address of the page where the payer pays."""
        ...

    def verify(self, body: bytes, signature: str) -> Notification:
        """Check a notification's signature and read it; ``BadNotification`` when it is not ours."""
        ...


def sign(secret: str, body: bytes) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def read_notification(secret: str, body: bytes, signature: str) -> Notification:
    if not secret:
        raise BadNotification("no shared secret configured")
    if not hmac.compare_digest(sign(secret, body), (signature or "").strip().lower()):
        raise BadNotification("bad signature")
    try:
        data = json.loads(body)
        amount = data["amount"]
        if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
            raise ValueError("amount")
        status = data["status"]
        if status not in {"paid", "failed"}:
            raise ValueError("status")
        return Notification(
            reference=str(data["reference"])[:40],
            transaction=str(data["transaction"])[:64],
            amount=amount,
            paid=status == "paid",
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise BadNotification(f"malformed notification: {exc}") from None


class SandboxGateway:
    """The sandbox service of ``standins/paygate``: JSON over HTTP, requests signed like notifications."""

    name = "sandbox"

    def __init__(self, base_url: str, secret: str, timeout: float = 10.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.secret = secret
        self.timeout = timeout

    def create(self, *, reference: str, amount: int, description: str, return_url: str, notify_url: str) -> str:
        body = json.dumps(
            {
                "reference": reference,
                "amount": amount,
                "description": description,
                "return_url": return_url,
                "notify_url": notify_url,
            }
        ).encode()
        request = urllib.request.Request(  # noqa: S310 - the configured gateway's http(s) address
            f"{self.base_url}/api/payments",
            data=body,
            method="POST",
            headers={"Content-Type": "application/json", SIGNATURE_HEADER: sign(self.secret, body)},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                answer = json.loads(response.read())
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise GatewayError(f"payment gateway unavailable: {exc}") from None
        pay_url = answer.get("pay_url") if isinstance(answer, dict) else None
        if not isinstance(pay_url, str) or not pay_url.startswith(("http://", "https://")):
            raise GatewayError("payment gateway answered without a page to pay")
        return pay_url

    def verify(self, body: bytes, signature: str) -> Notification:
        return read_notification(self.secret, body, signature)


def gateway() -> Gateway:
    """The configured gateway (``PAYGATE_URL``, ``PAYGATE_SECRET``); only the sandbox exists today."""
    url = getattr(settings, "PAYGATE_URL", "")
    secret = getattr(settings, "PAYGATE_SECRET", "")
    if not url or not secret:
        raise ImproperlyConfigured("PAYGATE_URL and PAYGATE_SECRET must be set to take payments online")
    return SandboxGateway(url, secret)


def enabled() -> bool:
    return bool(getattr(settings, "PAYGATE_URL", "") and getattr(settings, "PAYGATE_SECRET", ""))
