"""Rate limits of the public look-ups and searches, per client address.

One small limiter for the HTML pages and the API (django-ninja's throttles
cover only the API and answer in English; django-ratelimit has had no release
since 2023 and sends no ``Retry-After``). A scope (``lookup``,
``lawdocs_search``, ``news_search``) has a rate in ``TUPHAP_RATE_LIMITS``,
``"N/SECONDS"``: at most N requests in a window of SECONDS that opens with a
client's first request. The counters live in the ``ratelimit`` cache: Redis
when ``REDIS_URL`` is set (shared by every server process, atomic INCR),
otherwise each process's memory (each process then counts on its own, so a
client may get N requests per process: weaker, said in docs/operations.md).

The client is its address (``client_ip``: X-Forwarded-For only with
``BEHIND_PROXY``), kept in the cache as a keyed hash, never in clear.
A refused request gets 429 with ``Retry-After`` and a Vietnamese message.
"""

from __future__ import annotations

import logging
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.utils.crypto import salted_hmac
from django.utils.html import format_html
from django.utils.translation import gettext as _
from ninja.throttling import BaseThrottle

from tuphap.core.middleware import client_ip

log = logging.getLogger("tuphap.ratelimit")

CACHE_ALIAS = "ratelimit"
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd]?)\s*$")


@dataclass(frozen=True)
class Rate:
    limit: int
    seconds: int


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    count: int
    limit: int
    retry_after: int  # seconds until the window closes (0 when allowed)


def parse_rate(text: str) -> Rate | None:
    """``"20/60"``, ``"20/m"``, ``"100/5m"`` → Rate; ``"off"``, ``"0"`` or ``""`` → None (no limit)."""
    text = (text or "").strip().lower()
    if text in {"", "off", "0", "none"}:
        return None
    match = _RATE.match(text)
    if match is None:
        raise ValueError(f"rate {text!r} is not N/SECONDS (e.g. 20/60, 20/m)")
    limit, amount, unit = int(match[1]), int(match[2] or 1), _UNITS[match[3]]
    if limit == 0:
        return None
    if amount * unit == 0:
        raise ValueError(f"rate {text!r} has an empty window")
    return Rate(limit, amount * unit)


def rate_for(scope: str) -> Rate | None:
    rates = getattr(settings, "TUPHAP_RATE_LIMITS", {})
    if scope not in rates:
        raise KeyError(f"no rate limit configured for scope {scope!r} (TUPHAP_RATE_LIMITS)")
    return parse_rate(rates[scope])


def _client_key(request: HttpRequest, scope: str) -> str:
    ident = client_ip(request) or "unknown"
    digest = salted_hmac("tuphap.ratelimit", ident, algorithm="sha256").hexdigest()[:32]
    return f"{scope}:{digest}"


def hit(request: HttpRequest, scope: str) -> Verdict:
    """Count this request against the client's window for ``scope``."""
    rate = rate_for(scope)
    if rate is None:
        return Verdict(True, 0, 0, 0)
    cache = caches[CACHE_ALIAS]
    key = _client_key(request, scope)
    now = time.time()
    # The window opens with the first request: its start is kept beside the
    # count, both expiring with the window (INCR keeps the expiry).
    if cache.add(key + ":n", 0, rate.seconds):
        cache.set(key + ":t", now, rate.seconds)
    try:
        count = cache.incr(key + ":n")
    except ValueError:  # expired between add and incr
        cache.set(key + ":n", 1, rate.seconds)
        cache.set(key + ":t", now, rate.seconds)
        count = 1
    if count <= rate.limit:
        return Verdict(True, count, rate.limit, 0)
    started = cache.get(key + ":t")
    remaining = rate.seconds if started is None else float(started) + rate.seconds - now
    retry_after = max(1, min(rate.seconds, math.ceil(remaining)))
    if count == rate.limit + 1:
        log.warning(
            "rate limit reached: scope=%s client=%s limit=%s/%ss",
            scope,
            key.split(":")[1][:12],
            rate.limit,
            rate.seconds,
        )
    return Verdict(False, count, rate.limit, retry_after)


def message(verdict: Verdict) -> str:
    return _("Too many requests from your address; please try again in %(seconds)s seconds.") % {
        "seconds": verdict.retry_after
    }


def too_many_response(request: HttpRequest, verdict: Verdict) -> HttpResponse:
    """429 with Retry-After: an HTMX fragment for HTMX requests, else a page.

    The page is rendered without the request (like the public pages), so it
    touches no session."""
    if request.headers.get("HX-Request"):
        html = format_html('<p class="errors" role="alert">{}</p>', message(verdict))
    else:
        from tuphap.core.context_processors import department_name

        html = render_to_string(
            "429.html",
            {
                "message": message(verdict),
                "tuphap_name": settings.TUPHAP_SITE_NAME,
                "department_name": department_name(),
            },
        )
    response = HttpResponse(html, status=429)
    mark_limited(response, verdict)
    return response


def mark_limited(response: HttpResponse, verdict: Verdict) -> HttpResponse:
    response["Retry-After"] = str(verdict.retry_after)
    add_never_cache_headers(response)
    return response


def rate_limited[F: Callable[..., HttpResponse]](scope: str) -> Callable[[F], F]:
    """Decorate a page view: over the scope's limit it answers 429 instead."""
    rate_for(scope)  # an unknown scope fails at import, not on the first request

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            verdict = hit(request, scope)
            if not verdict.allowed:
                return too_many_response(request, verdict)
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


class ScopeThrottle(BaseThrottle):
    """The same limit for a django-ninja operation (``throttle=ScopeThrottle("lookup")``);
    ``tuphap.api`` answers ninja's ``Throttled`` with ``api_response``."""

    def __init__(self, scope: str) -> None:
        rate_for(scope)
        self.scope = scope

    def allow_request(self, request: HttpRequest) -> bool:
        verdict = hit(request, self.scope)
        request._tuphap_rate_verdict = verdict  # type: ignore[attr-defined]
        return verdict.allowed

    def wait(self) -> float | None:
        # ninja asks without the request and would overwrite Retry-After with
        # this; None leaves the header to api_response, which knows the client.
        return None


def api_response(request: HttpRequest, create: Callable[..., HttpResponse], wait: float | None = None) -> HttpResponse:
    """The API's 429: ``{"detail": message}`` with Retry-After."""
    verdict = getattr(request, "_tuphap_rate_verdict", None)
    if verdict is None:
        seconds = max(1, math.ceil(wait or 60))
        verdict = Verdict(False, 0, 0, seconds)
    response = create(request, {"detail": message(verdict)}, status=429)
    return mark_limited(response, verdict)
