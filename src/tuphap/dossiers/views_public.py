"""Citizen pages: the procedures catalogue, the dossier status page, the rating.

Public and cacheable: pages are rendered without the request (no context
processor, so no session and no CSRF cookie is touched), and the rating form
is authorised by the signed status token instead of a CSRF cookie. A wrong
code and a wrong phone give the same "not found".
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from tuphap.core import ratelimit
from tuphap.core.context_processors import department_name
from tuphap.core.errors import ConflictError
from tuphap.dossiers import selectors, services
from tuphap.dossiers.documents.build import LIMIT_UNITS_VI, code_from_token, status_token
from tuphap.dossiers.forms import CatalogueFilterForm, LookupForm, RateForm
from tuphap.dossiers.models import Dossier, Procedure
from tuphap.dossiers.online.components import online_mode
from tuphap.dossiers.payments import views as payment_views
from tuphap.dossiers.workflow import STATE_LABELS_VI, State
from tuphap.orgs.permissions import public

CATALOGUE_SECONDS = 300
STATUS_SECONDS = 60


def _page(
    template: str,
    context: dict[str, Any],
    *,
    status: int = 200,
    seconds: int = CATALOGUE_SECONDS,
    private: bool = False,
) -> HttpResponse:
    html = render_to_string(
        template, {"tuphap_name": settings.TUPHAP_SITE_NAME, "department_name": department_name(), **context}
    )
    response = HttpResponse(html, status=status)
    if private:
        patch_cache_control(response, private=True, max_age=seconds)
    else:
        patch_cache_control(response, public=True, max_age=seconds)
    return response


def _limit(p: Procedure) -> str:
    text = f"{p.time_limit_amount} {LIMIT_UNITS_VI.get(p.time_limit_unit, p.time_limit_unit)}"
    return f"{text} ({p.time_limit_note})" if p.time_limit_note else text


@public
@require_GET
def procedures(request: HttpRequest) -> HttpResponse:
    """The catalogue in force today (or on ``?on=``): search by name or code, filter by field."""
    on = None
    if request.GET.get("on"):
        probe = CatalogueFilterForm({"on": request.GET["on"]}, fields=[])
        on = probe.cleaned_data["on"] if probe.is_valid() else None
    catalogue = selectors.procedures_catalogue(on)
    fields = sorted({p.field for p in catalogue})
    form = CatalogueFilterForm(request.GET or None, fields=fields)
    q, field = "", ""
    if form.is_valid():
        q = " ".join(form.cleaned_data["q"].split()).lower()
        field = form.cleaned_data["field"]
    items = [
        {"p": p, "limit": _limit(p)}
        for p in catalogue
        if (not field or p.field == field) and (not q or q in f"{p.name} {p.code}".lower())
    ]
    return _page("dossiers/public/procedures.html", {"form": form, "items": items, "count": len(items)})


@public
@require_GET
def procedure(request: HttpRequest, code: str) -> HttpResponse:
    p = next((p for p in selectors.procedures_catalogue() if p.code == code), None)
    if p is None:
        raise Http404
    components = [c if isinstance(c, dict) else {"name": str(c), "copies": 1} for c in p.components or []]
    online = online_mode(p.channels, p.online_level)
    return _page(
        "dossiers/public/procedure.html", {"p": p, "limit": _limit(p), "components": components, "mode": online}
    )


def _status_context(dossier: Dossier, token: str) -> dict[str, Any]:
    state = State(dossier.state)
    return {
        "d": dossier,
        "state_label": STATE_LABELS_VI[state],
        "timeliness": selectors.lateness(dossier),
        "token": token,
        "may_rate": state == State.RETURNED and not dossier.rating,
        "rate_form": RateForm(),
        **payment_views.status_context(dossier),
    }


@public
@require_GET
def lookup(request: HttpRequest) -> HttpResponse:
    """The status look-up: the dossier code and the last four digits of the phone."""
    if not request.GET:
        return _page("dossiers/public/lookup.html", {"form": LookupForm()})
    form = LookupForm(request.GET)
    if not form.is_valid():
        return _page("dossiers/public/lookup.html", {"form": form}, status=400, seconds=0, private=True)
    verdict = ratelimit.hit(request, "lookup")
    if not verdict.allowed:
        page = _page(
            "dossiers/public/lookup.html",
            {"form": form, "too_many": ratelimit.message(verdict)},
            status=429,
            seconds=0,
            private=True,
        )
        return ratelimit.mark_limited(page, verdict)
    dossier = selectors.public_lookup(form.cleaned_data["code"].strip(), form.cleaned_data["phone"])
    if dossier is None:
        return _page(
            "dossiers/public/lookup.html", {"form": form, "not_found": True}, status=404, seconds=0, private=True
        )
    context = {"form": form, **_status_context(dossier, status_token(dossier.code))}
    page = _page("dossiers/public/lookup.html", context, seconds=STATUS_SECONDS, private=True)
    return payment_views.allow_gateway(page)


def _by_token(token: str) -> Dossier:
    code = code_from_token(token)
    if code is None:
        raise Http404
    dossier = Dossier.objects.select_related("procedure").filter(code=code).first()
    if dossier is None:
        raise Http404
    return dossier


@public
@require_GET
def status(request: HttpRequest, token: str) -> HttpResponse:
    """The status page the receipt's QR code opens (signed token: no phone needed)."""
    dossier = _by_token(token)
    context = {**_status_context(dossier, token), "thanks": "cam-on" in request.GET}
    page = _page("dossiers/public/status.html", context, seconds=STATUS_SECONDS, private=True)
    return payment_views.allow_gateway(page)


@public
@csrf_exempt  # authorised by the signed token in the URL; the page stays free of cookies
@require_POST
def rate(request: HttpRequest, token: str) -> HttpResponse:
    """The applicant's rating, once, after the result is returned."""
    dossier = _by_token(token)
    form = RateForm(request.POST)
    if dossier.state != State.RETURNED or dossier.rating:
        return HttpResponseRedirect(reverse("dossiers:status", args=[token]))
    if form.is_valid():
        try:
            services.dossier_rate(actor=None, dossier=dossier, rating=form.cleaned_data["rating"])
        except (ValidationError, ConflictError):
            pass
        else:
            return HttpResponseRedirect(reverse("dossiers:status", args=[token]) + "?cam-on=1", status=303)  # type: ignore[call-arg]
    context = {**_status_context(dossier, token), "rate_form": form}
    return _page("dossiers/public/status.html", context, status=400, seconds=0, private=True)
