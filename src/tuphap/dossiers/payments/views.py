"""The pages of paying online: start from the status page (authorised by the
signed status token, like the rating), come back from the gateway, the
electronic receipt, and the gateway's server-to-server notification."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from tuphap.core import ratelimit
from tuphap.core.context_processors import department_name
from tuphap.core.errors import ConflictError
from tuphap.dossiers.documents.build import code_from_token
from tuphap.dossiers.models import Dossier
from tuphap.dossiers.payments import gateway as gateways
from tuphap.dossiers.payments import services
from tuphap.dossiers.payments.gateway import SIGNATURE_HEADER, BadNotification, GatewayError
from tuphap.dossiers.payments.models import Payment
from tuphap.dossiers.results import services as result_services
from tuphap.orgs.permissions import public

log = logging.getLogger(__name__)


def status_context(dossier: Dossier) -> dict[str, Any]:
    """What the public status page shows of payments: the button to pay, the receipts."""
    return {
        "may_pay": gateways.enabled() and services.may_pay(dossier),
        "fee": services.amount_due(dossier),
        "receipts": [p for p in dossier.payments.all() if p.status == Payment.Status.PAID],
        "may_download_result": result_services.may_issue(dossier),
    }


def allow_gateway(response: HttpResponse) -> HttpResponse:
    """Let a page's form go to the gateway: the pay button's POST is answered with a
    redirect to the gateway's origin, which the policy's ``form-action`` must allow."""
    if not gateways.enabled():
        return response
    parts = urlsplit(settings.PAYGATE_URL)
    origin = f"{parts.scheme}://{parts.netloc}"
    policies: list[tuple[str, dict[str, Any]]] = [
        ("_csp_config", settings.SECURE_CSP),
        ("_csp_ro_config", settings.SECURE_CSP_REPORT_ONLY),
    ]
    for attribute, config in policies:
        if config:
            allowed: list[str] = [str(source) for source in config.get("form-action") or []]
            setattr(response, attribute, {**config, "form-action": [*allowed, origin]})
    return response


def _page(template: str, context: dict[str, Any], *, status: int = 200) -> HttpResponse:
    html = render_to_string(
        template, {"tuphap_name": settings.TUPHAP_SITE_NAME, "department_name": department_name(), **context}
    )
    response = HttpResponse(html, status=status)
    patch_cache_control(response, private=True, no_store=True)
    return response


def _by_token(token: str) -> Dossier:
    code = code_from_token(token)
    dossier = Dossier.objects.select_related("procedure", "agency").filter(code=code).first() if code else None
    if dossier is None:
        raise Http404
    return dossier


def _base(request: HttpRequest) -> str:
    return (getattr(settings, "PAYGATE_CALLBACK_BASE", "") or request.build_absolute_uri("/")).rstrip("/")


def gateway_urls(request: HttpRequest, token: str) -> dict[str, str]:
    """Where the gateway sends the payer back (the page of the payment, by the dossier's status
    token; ``{reference}`` filled in by ``payment_open``) and where it notifies tuphap."""
    base = _base(request)
    return {
        "return_url": base + reverse("dossiers:payment_back", args=[token, "REF"]).replace("REF", "{reference}"),
        "notify_url": base + reverse("dossiers:payment_notify"),
    }


@public
@csrf_exempt  # authorised by the signed token in the URL, as the rating is
@require_POST
def pay(request: HttpRequest, token: str) -> HttpResponse:
    """Open a payment of the fee and send the payer to the gateway's page."""
    dossier = _by_token(token)
    verdict = ratelimit.hit(request, "lookup")
    if not verdict.allowed:
        return ratelimit.mark_limited(HttpResponse(ratelimit.message(verdict), status=429), verdict)
    try:
        services.check_payable(dossier)
    except ConflictError as exc:
        return _page("dossiers/payments/back.html", {"d": dossier, "token": token, "error": str(exc)}, status=409)
    try:
        _, pay_url = services.payment_open(dossier=dossier, gateway=gateways.gateway(), **gateway_urls(request, token))
    except ConflictError as exc:  # the state changed meanwhile
        return _page("dossiers/payments/back.html", {"d": dossier, "token": token, "error": str(exc)}, status=409)
    except (GatewayError, ImproperlyConfigured) as exc:  # gateway down or not configured: say so, keep the dossier
        log.warning("payment gateway failed for %s: %s", dossier.code, exc)
        return _page("dossiers/payments/back.html", {"d": dossier, "token": token, "unavailable": True}, status=503)
    response = HttpResponseRedirect(pay_url)
    response.status_code = 303  # See Other: the gateway's page is fetched with GET
    return response


def _payment(dossier: Dossier, reference: str) -> Payment:
    payment = Payment.objects.filter(dossier=dossier, reference=reference).first()
    if payment is None:
        raise Http404
    return payment


@public
@require_GET
def back(request: HttpRequest, token: str, reference: str) -> HttpResponse:
    """Where the gateway sends the payer back: what tuphap knows of the payment
    (the notification, not this visit, is what counts)."""
    dossier = _by_token(token)
    payment = _payment(dossier, reference)
    return _page("dossiers/payments/back.html", {"d": dossier, "token": token, "p": payment})


@public
@require_GET
def receipt(request: HttpRequest, token: str, reference: str) -> HttpResponse:
    """The electronic receipt (biên lai điện tử) of a paid payment."""
    dossier = _by_token(token)
    payment = _payment(dossier, reference)
    if payment.status != Payment.Status.PAID:
        raise Http404
    return _page("dossiers/payments/receipt.html", {"d": dossier, "p": payment, "agency": dossier.agency})


@public
@csrf_exempt  # server to server: authorised by the HMAC signature of the body
@require_POST
def notify(request: HttpRequest) -> HttpResponse:
    """The gateway's notification: 200 when taken (also again), 403 when not
    signed with our secret, 409 when it contradicts the payment."""
    if not gateways.enabled():
        log.warning("payment notification while no gateway is configured")
        return JsonResponse({"error": "bad notification"}, status=403)
    try:
        payment = services.payment_notified(
            gateway=gateways.gateway(), body=request.body, signature=request.headers.get(SIGNATURE_HEADER, "")
        )
    except BadNotification as exc:
        log.warning("payment notification refused: %s", exc)
        return JsonResponse({"error": "bad notification"}, status=403)
    except ConflictError as exc:
        log.warning("payment notification conflicts: %s", exc)
        return JsonResponse({"error": exc.code}, status=409)
    return JsonResponse({"ok": True, "status": payment.status})
