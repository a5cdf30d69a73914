"""Requests started by another site (issue 16): a GET that shows personal data
whole writes a "personal data viewed" audit event, and a link or a form on
another site would make a signed-in officer's browser send it with the session
(SameSite=Lax cookies go along with a top-level GET). Browsers say where a
request comes from in ``Sec-Fetch-Site``; such pages refuse ``cross-site``.

Served: ``same-origin`` and ``same-site`` (the site's own pages), ``none`` (a
typed address, a bookmark), no header (an old browser, a script), and any API
request authenticated by a bearer token (a browser never adds one to a
cross-site request on its own)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy

MESSAGE = gettext_lazy(
    "This page shows personal data and opens only from the pages of this site, not from a link on another site. "
    "Open it from the dossier's page."
)


def from_other_site(request: HttpRequest) -> bool:
    """The browser says that another site started this request (and no API token authenticated it)."""
    if getattr(request, "auth_token", None) is not None:
        return False
    return request.headers.get("Sec-Fetch-Site", "").strip().lower() == "cross-site"


def cross_site_refusal(request: HttpRequest) -> HttpResponse | None:
    """A 403 page for a request from another site, None for the others:
    ``if (refused := cross_site_refusal(request)) is not None: return refused``."""
    if not from_other_site(request):
        return None
    return render(request, "403.html", {"message": MESSAGE}, status=403)
