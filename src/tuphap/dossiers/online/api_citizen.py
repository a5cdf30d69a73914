"""The citizens' API (/api/v1/citizen/…), the same operations as the pages, for a mobile app:
submit an application (multipart), list one's dossiers (paged), read one (404 for another's),
supplement, rate, withdraw, take the electronic result and its signature, pay the fee through the gateway."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Form, Query, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from tuphap.api import PUBLIC_PAGE_SIZE, PageNumber, PageOut, Router, errors, paged
from tuphap.citizens.api_auth import citizen_auth
from tuphap.core.api_bodies import Text
from tuphap.core.idempotency import idempotent
from tuphap.core.ratelimit import ScopeThrottle
from tuphap.dossiers.documents.build import status_token
from tuphap.dossiers.models import Dossier
from tuphap.dossiers.online import selectors
from tuphap.dossiers.online.services import (
    SUPPLEMENT_FIELD,
    component_files,
    may_rate,
    online_rate,
    online_submit,
    online_supplement,
    online_withdraw,
    supplement_request,
)
from tuphap.dossiers.payments import gateway as gateways
from tuphap.dossiers.payments.gateway import GatewayError
from tuphap.dossiers.payments.services import check_payable, payment_open, payment_summary
from tuphap.dossiers.payments.views import gateway_urls
from tuphap.dossiers.results import services as results
from tuphap.dossiers.results.signing import signer
from tuphap.dossiers.results.views import RESULT_PARTS, result_file
from tuphap.dossiers.workflow import NATIONAL_CODE, STATE_LABELS_VI, TRANSITIONS, State

log = logging.getLogger(__name__)
router = Router(tags=["citizen"], auth=citizen_auth)


class CitizenApplyIn(Schema):  # online_submit's parameters besides the actor and the files
    procedure_code: str = Field(..., max_length=40)
    delivery: str = Field(..., max_length=12, description="desk, post or electronic")
    phone: str = Field("", max_length=15)
    email: str = Field("", max_length=254)
    address: str = Field("", max_length=255)


class CitizenEventOut(Schema):
    at: dt.datetime
    action: str
    label: str
    state: str
    note: str


class CitizenFileOut(Schema):
    id: int
    name: str
    kind: str
    content_type: str
    size: int


class CitizenDossierOut(Schema):
    code: str
    procedure_code: str
    procedure_name: str
    state: str
    state_label: str
    national_status: int
    delivery: str
    submitted_at: dt.datetime | None
    received_at: dt.datetime | None
    due_at: dt.datetime | None
    finished_at: dt.datetime | None
    outcome_reason: str


class CitizenSupplementRequestOut(Schema):
    at: dt.datetime
    items: list[str]
    reason: str


class CitizenResultOut(Schema):
    available: bool = Field(..., description="an electronic result can be downloaded now")
    reason: str = Field("", description="why not, in Vietnamese (empty when available)")
    number: str | None = Field(None, description="the result's document number, once issued")
    verify_url: str | None = Field(None, description="the public page that checks the result, once issued")


class CitizenPaymentOut(Schema):
    amount: int = Field(..., description="VND: the fee to pay now, or the amount of the payment shown")
    state: Literal["none", "due", "pending", "failed", "paid", "refund_due"] = Field(
        ...,
        description="none: nothing to pay online; due: to pay now; pending: waiting for the gateway; "
        "failed: the last attempt failed; paid; refund_due: paid, and due back to the payer",
    )
    may_pay: bool
    reference: str = Field("", description="the payment's reference (TT…)")
    receipt_number: str = Field("", description="the electronic receipt's number (BL…), once paid")
    paid_at: dt.datetime | None = None
    settled: bool = Field(False, description="taken as the dossier's fee (at receipt, or when asked for)")
    refund_reason: str = ""


class CitizenDossierDetailOut(CitizenDossierOut):
    events: list[CitizenEventOut]
    files: list[CitizenFileOut]
    supplement_request: CitizenSupplementRequestOut | None = Field(
        None, description="the request to supplement to answer now (state supplement_requested)"
    )
    rating: str = Field("", description="good, acceptable or poor; empty until rated")
    may_rate: bool = False
    result: CitizenResultOut = Field(..., description="the electronic result: /result (PDF), /result/signature")
    payment: CitizenPaymentOut | None = Field(None, description="the fee paid online, or to pay")


class CitizenSupplementIn(Schema):
    note: str = Field("", max_length=1000)


class CitizenRateIn(Schema):
    rating: Literal["good", "acceptable", "poor"]


class CitizenDossierPage(PageOut):
    items: list[CitizenDossierOut]


def dossier_out(d: Dossier) -> dict[str, Any]:
    state = State(d.state)
    online = getattr(d, "online", None)
    return {
        "code": d.code,
        "procedure_code": d.procedure.code,
        "procedure_name": d.procedure.name,
        "state": d.state,
        "state_label": STATE_LABELS_VI[state],
        "national_status": NATIONAL_CODE[state],
        "delivery": online.delivery if online else "",
        "submitted_at": online.submitted_at if online else None,
        "received_at": d.received_at if state != State.SUBMITTED else None,
        "due_at": d.due_at,
        "finished_at": d.finished_at,
        "outcome_reason": d.outcome_reason,
    }


def _multipart(required: list[str], properties: dict[str, Any], **schema: Any) -> dict[str, Any]:
    """The ``openapi_extra`` that documents a multipart body (its fields and files, which ninja's ``Form`` and
    ``request.FILES`` do not describe): an object with its ``required`` and ``properties``, and ``schema``'s
    further keywords."""
    body = {"type": "object", "required": required, "properties": properties, **schema}
    return {"requestBody": {"content": {"multipart/form-data": {"schema": body}}}}


@router.post(
    "/dossiers",
    response={201: CitizenDossierDetailOut, **errors(401, 403, 422, 429)},
    throttle=ScopeThrottle("citizen_submit"),
    summary="Submit an application online (multipart: the fields and component_<id> files)",
    openapi_extra=_multipart(
        ["procedure_code", "delivery"],
        {
            "procedure_code": {"type": "string", "maxLength": 40},
            "delivery": {"type": "string", "enum": ["desk", "post", "electronic"]},
            "phone": {"type": "string", "maxLength": 15},
            "email": {"type": "string", "maxLength": 254},
            "address": {"type": "string", "maxLength": 255},
        },
        additionalProperties={"type": "string", "format": "binary"},
    ),
)
@idempotent
def citizen_dossiers_create(request: HttpRequest, payload: Form[CitizenApplyIn]) -> Status[dict[str, Any]]:
    files = component_files(request.FILES)
    dossier = online_submit(actor=request.auth, **payload.model_dump(), files=files)  # type: ignore[attr-defined]
    own = selectors.citizen_dossier(request.auth, dossier.code)  # type: ignore[attr-defined]
    assert own is not None  # noqa: S101 - just submitted by this citizen
    return Status(201, _detail(own, request))


class CitizenFilters(Schema):
    page: PageNumber = 1
    page_size: int = Field(PUBLIC_PAGE_SIZE, ge=1, le=100)


@router.get(
    "/dossiers", response={200: CitizenDossierPage, **errors(401, 422)}, summary="My dossiers (paged, newest first)"
)
def citizen_dossiers_list(request: HttpRequest, filters: Query[CitizenFilters]) -> dict[str, Any]:
    qs = selectors.citizen_dossiers(request.auth)  # type: ignore[attr-defined]
    return paged(qs, filters, dossier_out)


def _detail(d: Dossier, request: HttpRequest | None = None) -> dict[str, Any]:
    return {
        **dossier_out(d),
        "events": [
            {
                "at": e.at,
                "action": e.action,
                "label": TRANSITIONS[e.action].description if e.action in TRANSITIONS else e.action,
                "state": e.to_state,
                "note": e.note,
            }
            for e in d.events.order_by("seq")
        ],
        "files": [
            {"id": a.pk, "name": a.name, "kind": a.kind, "content_type": a.content_type, "size": a.size}
            for a in d.attachments.all()
        ],
        "supplement_request": supplement_request(d),
        "rating": d.rating,
        "may_rate": may_rate(d),
        "result": _result_of(request, d),
        "payment": payment_summary(d),
    }


@router.get(
    "/dossiers/{code}",
    response={200: CitizenDossierDetailOut, **errors(401, 404, 422)},
    summary="One of my dossiers with its timeline and files (404 for another's code, as for a missing one)",
)
def citizen_dossiers_get(request: HttpRequest, code: str) -> dict[str, Any]:
    return _detail(_own(request, code), request)


def _own(request: HttpRequest, code: str) -> Dossier:
    dossier = selectors.citizen_dossier(request.auth, code[:40])  # type: ignore[attr-defined]
    if dossier is None:
        raise Dossier.DoesNotExist(code)
    return dossier


def _act(request: HttpRequest, code: str, service: Callable[..., Dossier], **params: Any) -> dict[str, Any]:
    """One of the citizen's actions on their dossier through its ``online_…`` service, answered with the dossier
    as it is then."""
    dossier = _own(request, code)
    service(actor=request.auth, code=dossier.code, **params)  # type: ignore[attr-defined]
    return _detail(_own(request, code), request)


def _action[F: Callable[..., Any]](path: str, summary: str) -> Callable[[F], F]:
    """The route of a citizen's plain action on their dossier (``_act``, with a JSON body): a POST under
    ``/dossiers/{code}/``, idempotent with an Idempotency-Key, answered with the dossier."""

    def route(view: F) -> F:
        answers = {200: CitizenDossierDetailOut, **errors(401, 404, 409, 422)}
        return router.post(f"/dossiers/{{code}}/{path}", response=answers, summary=summary)(idempotent(view))

    return route


@router.post(
    "/dossiers/{code}/supplement",
    response={200: CitizenDossierDetailOut, **errors(401, 404, 409, 422, 429)},
    throttle=ScopeThrottle("citizen_submit"),
    summary="Supplement one of my dossiers against the request (multipart: the files as `files`, an optional note)",
    openapi_extra=_multipart(
        [SUPPLEMENT_FIELD],
        {
            SUPPLEMENT_FIELD: {"type": "array", "items": {"type": "string", "format": "binary"}},
            "note": {"type": "string", "maxLength": 1000},
        },
    ),
)
@idempotent
def citizen_dossiers_supplement(request: HttpRequest, code: str, payload: Form[CitizenSupplementIn]) -> dict[str, Any]:
    return _act(request, code, online_supplement, files=request.FILES.getlist(SUPPLEMENT_FIELD), note=payload.note)


@_action("rating", "Rate one of my dossiers, once, after its result is returned")
def citizen_dossiers_rate(request: HttpRequest, code: str, payload: CitizenRateIn) -> dict[str, Any]:
    return _act(request, code, online_rate, rating=payload.rating)


# --------------------------------------------------------------------------- the electronic result and withdrawing
# (issue 18: the same operations as "Hồ sơ của tôi" offers; keep this block together)


class CitizenWithdrawIn(Schema):
    reason: Text = Field(..., max_length=1000, description="why the dossier is withdrawn")


def _result_of(request: HttpRequest | None, d: Dossier) -> dict[str, Any]:
    """Whether the result can be downloaded (if not, why) and, once issued, its number and the page
    that checks it (absolute with the request, its path without)."""
    reason = results.why_not_issued(d)
    found = results.issued(d)
    verify = reverse("dossiers:result_verify", args=[results.verification_token(found)]) if found else None
    return {
        "available": not reason,
        "reason": reason,
        "number": found.number if found else None,
        "verify_url": request.build_absolute_uri(verify) if verify and request is not None else verify,
    }


def _result_file(request: HttpRequest, code: str, part: str) -> HttpResponse:
    dossier = _own(request, code)
    result = results.result_download(
        actor=request.auth,  # type: ignore[attr-defined]
        dossier=dossier,
        part=part,
        base_url=request.build_absolute_uri("/"),
        signer=signer(),
        via="api",
    )
    return result_file(result, part)


def _result_part[F: Callable[..., HttpResponse]](path: str, part: str, summary: str) -> Callable[[F], F]:
    """The route of a part of the electronic result (``RESULT_PARTS``): a GET under ``/dossiers/{code}/``
    documented as the part's file, 409 with the reason while there is none."""
    content_type, _ext, label = RESULT_PARTS[part]
    binary = {"content": {content_type: {"schema": {"type": "string", "format": "binary"}}}}
    extra = {"responses": {200: {"description": label, **binary}}}
    return router.get(
        f"/dossiers/{{code}}/{path}", response=errors(401, 404, 409, 422), summary=summary, openapi_extra=extra
    )


@_result_part(
    "result", "pdf", "The electronic result of one of my dossiers (PDF; 409 with the reason while there is none)"
)
def citizen_dossiers_result(request: HttpRequest, code: str) -> HttpResponse:
    return _result_file(request, code, "pdf")


@_result_part("result/signature", "signature", "The agency's signature over the electronic result (detached CMS, DER)")
def citizen_dossiers_result_signature(request: HttpRequest, code: str) -> HttpResponse:
    return _result_file(request, code, "signature")


@_action("withdraw", "Withdraw one of my dossiers while the workflow allows it (JSON: the reason)")
def citizen_dossiers_withdraw(request: HttpRequest, code: str, payload: CitizenWithdrawIn) -> dict[str, Any]:
    return _act(request, code, online_withdraw, reason=payload.reason)


# --------------------------------------------------------------------------- paying the fee online


class CitizenPaymentStartOut(Schema):
    pay_url: str | None = Field(None, description="the gateway's page to send the payer to; null when already paid")
    payment: CitizenPaymentOut


@router.post(
    "/dossiers/{code}/payment",
    response={200: CitizenPaymentStartOut, 201: CitizenPaymentStartOut, **errors(401, 404, 409, 422, 429, 503)},
    throttle=ScopeThrottle("citizen_submit"),
    summary="Pay the fee of one of my dossiers online: 201 with the gateway's page to send the payer to "
    "(right after submission, or once the officer asks for the fee); 200 without one when already paid; "
    "idempotent with an Idempotency-Key (the same key answers the first payment's page again)",
)
@idempotent
def citizen_dossiers_pay(request: HttpRequest, code: str) -> Status[dict[str, Any]]:
    dossier = _own(request, code)
    if payment_summary(dossier)["state"] == "paid":
        return Status(200, {"pay_url": None, "payment": payment_summary(dossier)})
    check_payable(dossier)  # 409 when there is nothing to pay online now
    unavailable = _("The payment gateway cannot be reached now. Please try again later or pay at the one-stop desk.")
    if not gateways.enabled():
        raise HttpError(503, unavailable)
    try:
        _payment, pay_url = payment_open(
            dossier=dossier, gateway=gateways.gateway(), **gateway_urls(request, status_token(dossier.code))
        )
    except GatewayError as exc:
        log.warning("payment gateway failed for %s: %s", dossier.code, exc)
        raise HttpError(503, unavailable) from None
    return Status(201, {"pay_url": pay_url, "payment": payment_summary(_own(request, code))})
