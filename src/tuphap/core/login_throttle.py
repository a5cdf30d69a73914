"""Login throttling with django-axes, on the staff login (/dang-nhap/) and the
admin's login, both Django's ``authenticate()`` with the request.

After ``AXES_FAILURE_LIMIT`` failed logins for one username from one address
the pair is refused for ``AXES_COOLOFF_TIME`` (even with the right password);
a successful login clears the count. Failed attempts are rows in the
database (``axes.AccessAttempt``), so every server process sees them. API
clients authenticate with tokens, not passwords, and are not concerned.

Password spraying (one or two passwords tried against many usernames) never
reaches the per-username limit, so the address has a limit of its own across
usernames: ``TUPHAP_LOGIN_ADDRESS_LIMIT`` failures within the cool-off
refuse every login from that address until the cool-off has passed since its
latest failures. The limit is higher than the per-username one because a
whole office can sit behind one NAT address (numbers in docs/security.md).
"""

from __future__ import annotations

import math
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from tuphap.core.middleware import client_ip


def client_address(request: HttpRequest) -> str | None:
    """The address axes counts (the same as the audit log and the rate limits)."""
    return client_ip(request)


class LoginThrottleBackend(AxesStandaloneBackend):
    """axes' backend; ``authenticate()`` without a request (the test client's
    ``login``, management commands) is no web login and is not throttled."""

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> None:
        if request is None:
            return None
        if address_locked(request):
            request.axes_locked_out = True  # type: ignore[attr-defined]  # AxesMiddleware answers with lockout_response
            request.tuphap_address_locked = True  # type: ignore[attr-defined]
            raise AxesBackendPermissionDenied("too many failed logins from this address, across usernames")
        return super().authenticate(request, username=username, password=password, **kwargs)


def address_failures(address: str | None) -> int:
    """Failed logins from the address, for every username, within the cool-off."""
    if not address:
        return 0
    recent = AccessAttempt.objects.filter(ip_address=address)
    cool_off = get_cool_off()
    if cool_off:
        recent = recent.filter(attempt_time__gte=timezone.now() - cool_off)
    return recent.aggregate(total=Sum("failures_since_start"))["total"] or 0


def address_locked(request: HttpRequest) -> bool:
    limit = settings.TUPHAP_LOGIN_ADDRESS_LIMIT
    return bool(limit) and address_failures(client_address(request)) >= limit


def cool_off_minutes() -> int:
    cool_off = get_cool_off()
    return max(1, math.ceil(cool_off.total_seconds() / 60)) if cool_off else 0


def lockout_message() -> str:
    return _(
        "Too many failed logins for this username from your address. "
        "Logging in is suspended for %(minutes)s minutes; please try again later "
        "or ask the administrator to unlock the account."
    ) % {"minutes": cool_off_minutes()}


def address_lockout_message() -> str:
    return _(
        "Too many failed logins from your address, for several usernames. "
        "Logging in from this address is suspended for %(minutes)s minutes; please try again later "
        "or ask the administrator."
    ) % {"minutes": cool_off_minutes()}


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict[str, Any] | None = None
) -> HttpResponse:
    """The login page again, with the reason in Vietnamese, as 429 with Retry-After."""
    form = AuthenticationForm(request)  # unbound: the page, without "required" errors
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    response = TemplateResponse(
        request,
        "registration/login.html",
        {
            "form": form,
            "locked_out": address_lockout_message()
            if getattr(request, "tuphap_address_locked", False)
            else lockout_message(),
            "username": username,
            "next": request.POST.get("next", ""),
        },
        status=429,
    )
    cool_off = get_cool_off()
    response["Retry-After"] = str(int(cool_off.total_seconds()) if cool_off else 3600)
    add_never_cache_headers(response)
    return response.render()
