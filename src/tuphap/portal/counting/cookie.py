"""The visitor cookie: signed exactly as ``django.core.signing.Signer(salt=SALT)``
signs (so cookies stay valid either way), with the derived key computed once
instead of twice per request; SECRET_KEY_FALLBACKS are honoured through
Django's signer."""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import cache
from typing import Any

from django.conf import settings
from django.core import signing
from django.http import HttpResponse

from tuphap.portal import visitor
from tuphap.portal.counting.base import Tracking

COOKIE_NAME = "tp_khach"
SALT = "tuphap.portal.visitor"


@cache
def _mac(secret: str) -> Any:
    return hmac.new(hashlib.sha256(f"{SALT}signer{secret}".encode()).digest(), digestmod=hashlib.sha256)


def _signature(value: str) -> str:
    mac = _mac(settings.SECRET_KEY).copy()
    mac.update(value.encode())
    return base64.urlsafe_b64encode(mac.digest()).rstrip(b"=").decode()


def sign(value: str) -> str:
    return f"{value}:{_signature(value)}"


def unsign(signed: str) -> str | None:
    value, sep, signature = signed.rpartition(":")
    if not sep:
        return None
    if hmac.compare_digest(signature, _signature(value)):
        return value
    if settings.SECRET_KEY_FALLBACKS:
        try:
            return signing.Signer(salt=SALT).unsign(signed)
        except signing.BadSignature:
            return None
    return None


def read_state(raw: str | None) -> visitor.VisitorState | None:
    if not raw or len(raw) > 1200:
        return None
    value = unsign(raw)
    return visitor.decode(value) if value is not None else None


def set_visitor_cookie(response: HttpResponse, tracking: Tracking) -> None:
    """What ``response.set_cookie(max_age=…)`` sets, without the ``Expires`` date
    it adds for browsers that predate ``Max-Age`` (formatting it costs more
    than the rest of the cookie)."""
    response.cookies[COOKIE_NAME] = tracking.cookie
    morsel = response.cookies[COOKIE_NAME]
    morsel["max-age"] = visitor.COOKIE_LIFETIME
    morsel["path"] = "/"
    morsel["httponly"] = True
    morsel["samesite"] = "Lax"
    if settings.SESSION_COOKIE_SECURE:
        morsel["secure"] = True
