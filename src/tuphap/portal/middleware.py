"""A short way through for anonymous visitors of the portal's cached pages.

The portal's public pages are counted, then served from the page cache,
identical for every anonymous visitor (``views_public._serve``). For such a request
the inner half of the middleware stack has nothing to do: no session to load
or save (no session cookie), no user to look up, no CSRF token (the pages
carry no form; the personal corner is a separate island), no messages, no
``request.htmx``, no client address for an audit event (counting writes
none), and URL resolution through the whole site is not needed for a handful
of known paths. This middleware, placed right after WhiteNoise (so that
security, CSP and size checks still run outside it), answers those requests
itself; it does what the skipped middleware would visibly do (language from
the language cookie, ``Content-Language``, ``Content-Length``,
``X-Frame-Options``, the host check) and a test compares its answers with the full stack's, header by
header. Anything else, including a 404, goes the usual way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern
from django.utils import translation

# The anonymous, cached public pages (names in tuphap/portal/urls.py).
SHORT_WAY = {"home", "portal:news", "portal:article", "portal:category", "portal:announcements", "portal:announcement"}


def _patterns() -> list[URLPattern]:
    from tuphap.portal import urls

    patterns: list[URLPattern] = [p for p in urls.urlpatterns if isinstance(p, URLPattern) and p.name in SHORT_WAY]
    patterns += [p for p in urls.portal_patterns if isinstance(p, URLPattern) and f"portal:{p.name}" in SHORT_WAY]
    return patterns


class PublicPageShortcut:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.patterns = _patterns()
        self.languages = dict(settings.LANGUAGES)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "GET" or settings.SESSION_COOKIE_NAME in request.COOKIES:
            return self.get_response(request)
        match = self.resolve(request.path_info)
        if match is None:
            return self.get_response(request)
        view, kwargs = match
        request.get_host()  # ALLOWED_HOSTS, as CommonMiddleware checks it
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.languages else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        try:
            with translation.override(language):  # this request only, as VietnameseFirstLocaleMiddleware
                response = view(request, **kwargs)
        except Http404:
            return self.get_response(request)  # the site's own 404 page, through the whole stack
        response.headers.setdefault("Content-Language", language)
        if not response.streaming and not response.has_header("Content-Length"):
            response.headers["Content-Length"] = str(len(response.content))
        if not getattr(response, "xframe_options_exempt", False):
            response.headers.setdefault("X-Frame-Options", getattr(settings, "X_FRAME_OPTIONS", "DENY").upper())
        return response

    def resolve(self, path: str) -> tuple[Callable[..., HttpResponse], dict[str, Any]] | None:
        """The view this middleware calls for ``path`` and its arguments, or None
        (the URL patterns' own matching, converters included, without building
        a ResolverMatch)."""
        if not (path == "/" or path.startswith(("/tin-tuc/", "/chuyen-muc/", "/thong-bao/"))):
            return None
        for pattern in self.patterns:
            found = pattern.pattern.match(path[1:])
            if found is not None:
                return pattern.callback, found[2]
        return None
