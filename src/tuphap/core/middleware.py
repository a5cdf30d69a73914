from __future__ import annotations

import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse

from tuphap.core.context import current_ip


def client_ip(request: HttpRequest) -> str | None:
    """The client's address; X-Forwarded-For only when BEHIND_PROXY is configured.

    Behind the proxy the last address of X-Forwarded-For is the one our proxy
    saw (it appends it); the addresses before it are whatever the client sent,
    so trusting the first one would let anyone choose their address and walk
    around the login throttle and the rate limits.
    """
    raw = request.META.get("REMOTE_ADDR", "")
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            raw = forwarded.split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(raw))
    except ValueError:
        return None


class RequestSizeLimitMiddleware:
    """Refuse (413) a request whose body is larger than TUPHAP_MAX_REQUEST_BYTES
    before anything reads it: Django caps form fields but streams any size of
    uploaded file to a temporary file, so without this a client could fill the
    disk. Each upload then has its own, smaller limit and content check."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = getattr(settings, "TUPHAP_MAX_REQUEST_BYTES", 0)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit and length > limit:
            from django.utils.translation import gettext as _

            message = _("The request is too large (at most %(mb)s MB).") % {"mb": limit // (1024 * 1024)}
            if request.path.startswith("/api/"):
                response: HttpResponse = JsonResponse({"detail": message}, status=413)
            else:
                response = HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
            return response
        return self.get_response(request)


class NulInPathMiddleware:
    """A NUL in the path (``/api/v1/dossiers/%00``) names nothing, and PostgreSQL
    cannot even compare a text holding one (the lookup answered 500): 404 first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path_info:
            raise Http404
        return self.get_response(request)


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)


class VietnameseFirstLocaleMiddleware:
    """Vietnamese unless the visitor chose another language (the language
    cookie set by ``/ngon-ngu/``). Unlike Django's LocaleMiddleware, the
    browser's Accept-Language is not followed: a department's site speaks
    Vietnamese first, whatever the browser was installed with."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        # for this request only: the thread's language is set back afterwards, so that
        # whatever runs next in this thread (a task, a test) is not in a visitor's language
        with translation.override(language):
            request.LANGUAGE_CODE = translation.get_language()
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
