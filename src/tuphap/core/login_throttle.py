"""Login throttling with django-axes, on the staff login (/dang-nhap/) and the
admin's login, both Django's ``authenticate()`` with the request.

After ``AXES_FAILURE_LIMIT`` failed logins for one username from one address
the pair is refused for ``AXES_COOLOFF_TIME`` (even with the right password);
a successful login clears the count. Failed attempts are rows in the
database (``axes.AccessAttempt``), so every server process sees them. API
clients authenticate with tokens, not passwords, and are not concerned.
"""

from __future__ import annotations

import math
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from tuphap.core.middleware import client_ip


def client_address(request: HttpRequest) -> str | None:
    """The address axes counts (the same as the audit log and the rate limits)."""
    return client_ip(request)


class LoginThrottleBackend(AxesStandaloneBackend):
    """axes' backend; ``authenticate()`` without a request (the test client's
    ``login``, management commands) is no web login and is not throttled."""

    def authenticate(self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any) -> None:
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def cool_off_minutes() -> int:
    cool_off = get_cool_off()
    return max(1, math.ceil(cool_off.total_seconds() / 60)) if cool_off else 0


def lockout_message() -> str:
    return _(
        "Too many failed logins for this username from your address. "
        "Logging in is suspended for %(minutes)s minutes; please try again later "
        "or ask the administrator to unlock the account."
    ) % {"minutes": cool_off_minutes()}


def lockout_response(request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict[str, Any] | None = None) -> HttpResponse:
    """The login page again, with the reason in Vietnamese, as 429 with Retry-After."""
    form = AuthenticationForm(request)  # unbound: the page, without "required" errors
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    response = TemplateResponse(
        request,
        "registration/login.html",
        {"form": form, "locked_out": lockout_message(), "username": username, "next": request.POST.get("next", "")},
        status=429,
    )
    cool_off = get_cool_off()
    response["Retry-After"] = str(int(cool_off.total_seconds()) if cool_off else 3600)
    add_never_cache_headers(response)
    return response.render()

