"""Back-office home, health check, audit log and error pages."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from tuphap.core.params import page_param
from tuphap.core.selectors import audit_events, home_summary
from tuphap.orgs.permissions import capability_required, public, roles_labels, roles_of


@capability_required("backoffice.view")
@require_GET
def backoffice(request: HttpRequest) -> HttpResponse:
    """The back office's home: the user's roles, units and recent actions."""
    context = {
        "roles": roles_labels(roles_of(request.user)),
        "profile": getattr(request.user, "staff_profile", None),
        "summary": home_summary(request.user),
    }
    return render(request, "core/home_staff.html", context)


@public
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for load balancers and `make demo`."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return JsonResponse({"status": "error", "database": type(exc).__name__}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor})


@capability_required("audit.view")
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    page = Paginator(audit_events(), 50).get_page(page_param(request))
    return render(request, "core/audit_log.html", {"page": page})


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A request out of shape: the page says which parameter and why (``core.params.ParamError``)."""
    from tuphap.core.params import ParamError

    message = exception.message if isinstance(exception, ParamError) else ""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message or _("Bad request.")}, status=400)
    return render(request, "400.html", {"message": message}, status=400)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):  # an API client reads JSON, like the API's own 404s
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    # No context processors touching the database: the database may be why we are here.
    from django.template import loader

    from tuphap.core.csp import nonce

    return HttpResponse(loader.get_template("500.html").render({"csp_nonce": nonce(request)}), status=500)
