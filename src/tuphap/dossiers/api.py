"""Dossiers' API: /api/v1/procedures, /api/v1/dossiers, /api/v1/public/dossiers.

Errors: 422 invalid input (field and message), 403 not allowed for the role,
404 unknown, 409 not allowed in this state / a once-only rule / a lost race.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema
from ninja.errors import HttpError
from ninja.responses import Status
from pydantic import BaseModel, ConfigDict

from tuphap.api import PAGE_SIZE, Date, DateTime, PageNumber, PageOut, PageSize, Router, errors, paged, staff_auth
from tuphap.core.api_bodies import Text, action_body, named_action_body
from tuphap.core.fetch_site import MESSAGE as FETCH_SITE_MESSAGE
from tuphap.core.fetch_site import from_other_site
from tuphap.core.idempotency import idempotent
from tuphap.core.masking import mask_id, mask_phone
from tuphap.core.ratelimit import ScopeThrottle
from tuphap.core.services import audit_record
from tuphap.dossiers import procedures, selectors, services
from tuphap.dossiers.actions import dossier_act
from tuphap.dossiers.models import Dossier, DossierEvent, Procedure
from tuphap.dossiers.online.api_citizen import router as citizen_router
from tuphap.dossiers.workflow import ACTIONS, NATIONAL_CODE, State
from tuphap.orgs.permissions import require

procedures_router = Router(tags=["procedures"])
dossiers_router = Router(tags=["dossiers"], auth=staff_auth)
public_router = Router(tags=["public"])
routers = [
    ("/procedures", procedures_router),
    ("/dossiers", dossiers_router),
    ("/public", public_router),
    ("/citizen", citizen_router),  # issue 18: dossiers.online
]


# --------------------------------------------------------------------------- schemas


class ProcedureOut(Schema):
    code: str
    version: int
    name: str
    field: str
    time_limit_amount: int
    time_limit_unit: str
    time_limit_note: str
    fee: int
    fee_note: str
    components: list[Any]
    channels: list[str]
    online_level: str
    legal_basis: str
    unit: str
    valid_from: dt.date
    valid_to: dt.date | None
    fee_rules: list[dict[str, Any]]
    time_limit_variants: list[dict[str, Any]]
    handed_to: str
    code_source: str

    @staticmethod
    def resolve_unit(p: Procedure) -> str:
        return p.unit.name


class ApplicantIn(Schema):
    name: Text = Field(..., max_length=255)
    id_type: Literal["cccd", "passport", "other"] = "cccd"
    id_number: Text = Field("", max_length=40)
    phone: Text = Field(..., max_length=30)
    email: Text | None = Field(None, max_length=254)
    address: Text | None = Field(None, max_length=500)


class DossierIn(Schema):
    procedure_code: Text = Field(..., max_length=40)
    applicant: ApplicantIn
    channel: Literal["desk", "online", "post"] = "desk"
    received_at: DateTime | None = None
    code: Text | None = Field(None, max_length=40)
    scanned_components: bool = False
    receiving_point: Text | None = Field(
        None,
        max_length=60,
        description="Code of the receiving point (GET /api/v1/agencies/receiving-points); default: the officer's "
        "point or the provincial centre, the online portal or the public post by channel",
    )


class ApplicantOut(Schema):
    name: str
    id_type: str
    id_number: str
    phone: str
    email: str
    address: str


class DossierEventOut(Schema):  # not "EventOut": OpenAPI names components by class, and workplans has its own
    seq: int
    action: str
    from_state: str
    to_state: str
    actor: str
    to_user: str | None
    at: dt.datetime
    note: str
    data: dict[str, Any]
    due_before: dt.datetime | None
    due_after: dt.datetime | None
    step_due_at: dt.datetime | None

    @staticmethod
    def resolve_actor(e: DossierEvent) -> str:
        return e.actor_name

    @staticmethod
    def resolve_to_user(e: DossierEvent) -> str | None:
        return e.to_user.get_username() if e.to_user else None


class DossierOut(Schema):
    code: str
    state: str
    status_code: int
    procedure_code: str
    procedure_name: str
    agency_code: str
    receiving_point: str | None
    receiving_point_name: str
    unit: str
    handler: str | None
    channel: str
    applicant: ApplicantOut
    received_at: dt.datetime
    due_at: dt.datetime | None
    extended_due_at: dt.datetime | None
    finished_at: dt.datetime | None
    outcome: str
    rating: str
    timeliness: str
    version: int


class DossierDetailOut(DossierOut):
    events: list[DossierEventOut]


class DossierPage(PageOut):
    items: list[DossierOut]


def dossier_out(d: Dossier, *, reveal: bool = False) -> dict[str, Any]:
    return {
        "code": d.code,
        "state": d.state,
        "status_code": NATIONAL_CODE[State(d.state)],
        "procedure_code": d.procedure.code,
        "procedure_name": d.procedure.name,
        "agency_code": d.agency.code,
        "receiving_point": d.receiving_point.code if d.receiving_point_id else None,
        "receiving_point_name": d.receiving_point.name if d.receiving_point_id else "",
        "unit": d.unit.name,
        "handler": d.handler.get_username() if d.handler else None,
        "channel": d.channel,
        "applicant": {
            "name": d.applicant_name,
            "id_type": d.applicant_id_type,
            "id_number": d.applicant_id_number if reveal else mask_id(d.applicant_id_number),
            "phone": d.applicant_phone if reveal else mask_phone(d.applicant_phone),
            "email": d.applicant_email if reveal else ("***" if d.applicant_email else ""),
            "address": d.applicant_address if reveal else "",
        },
        "received_at": d.received_at,
        "due_at": d.due_at,
        "extended_due_at": d.extended_due_at,
        "finished_at": d.finished_at,
        "outcome": d.outcome,
        "rating": d.rating,
        "timeliness": selectors.lateness(d),
        "version": d.version,
    }


# --------------------------------------------------------------------------- procedures (public)


@procedures_router.public_get(
    "",
    response={200: list[ProcedureOut], **errors(422)},
    summary="The procedures catalogue in force on a day (`on`, YYYY-MM-DD; default today in Asia/Ho_Chi_Minh)",
)
def procedures_list(
    request: HttpRequest, field: str | None = None, q: str | None = None, on: Date | None = None
) -> list[Procedure]:
    """Each procedure in force on ``on`` (its version of that day) with
    ``valid_from``, ``valid_to``, its fee rules, time-limit variants and
    components (each with its ``id``)."""
    seen: set[str] = set()
    out = []
    for p in selectors.procedures_current(on or timezone.localdate()):
        if p.code in seen:
            continue
        seen.add(p.code)
        if field and p.field != field:
            continue
        if q and q.lower() not in (p.name + " " + p.code).lower():
            continue
        out.append(p)
    return out


@procedures_router.public_get(
    "/{code}",
    response={200: ProcedureOut, **errors(404, 422)},
    summary="One procedure (the version in force on `on`, default today)",
)
def procedures_get(request: HttpRequest, code: str, on: Date | None = None) -> Procedure:
    try:
        return procedures.procedure_for(code, on=on or timezone.localdate())
    except DjangoValidationError:
        raise Http404 from None


# --------------------------------------------------------------------------- dossiers (staff)


@dossiers_router.post(
    "", response={201: DossierOut, **errors(401, 403, 409, 422)}, summary="Receive a dossier (reception officers)"
)
@idempotent
def dossiers_create(request: HttpRequest, payload: DossierIn) -> Status[dict[str, Any]]:
    dossier = services.dossier_receive(
        actor=request.auth,  # type: ignore[attr-defined]
        procedure_code=payload.procedure_code,
        applicant=payload.applicant.model_dump(),
        channel=payload.channel,
        received_at=payload.received_at,
        code=payload.code,
        flags={"scanned_components": payload.scanned_components},
        receiving_point=payload.receiving_point,
    )
    return Status(201, dossier_out(dossier))


class DossierFilters(Schema):
    state: str | None = None
    unit: str | None = None
    overdue: bool | None = None
    received_from: Date | None = None
    received_to: Date | None = None
    q: str | None = Field(None, max_length=100)
    page: PageNumber = 1
    page_size: PageSize = PAGE_SIZE


@dossiers_router.get(
    "", response={200: DossierPage, **errors(401, 403, 422)}, summary="Dossiers the user may see (paged)"
)
def dossiers_list(request: HttpRequest, filters: Query[DossierFilters]) -> dict[str, Any]:
    user = request.auth  # type: ignore[attr-defined]
    require(user, "dossiers.view")
    qs = selectors.dossiers_visible(user)
    if filters.state:
        if filters.state not in {s.value for s in State}:
            raise DjangoValidationError(
                {"state": _("Unknown state; one of: %(states)s.") % {"states": ", ".join(State)}}
            )
        qs = qs.filter(state=filters.state)
    if filters.unit:
        qs = qs.filter(unit__code=filters.unit)
    if filters.overdue is not None:
        now = timezone.now()
        overdue = selectors.dossiers_overdue(at=now).values("pk")
        qs = qs.filter(pk__in=overdue) if filters.overdue else qs.exclude(pk__in=overdue)
    if filters.received_from and (start_at := _local_midnight(filters.received_from)) is not None:
        qs = qs.filter(received_at__gte=start_at)
    if filters.received_to and (end_at := _local_midnight(filters.received_to, days_after=1)) is not None:
        qs = qs.filter(received_at__lt=end_at)
    if filters.q:
        qs = qs.filter(code__icontains=filters.q.strip()) | qs.filter(applicant_name__icontains=filters.q.strip())
    qs = qs.order_by("-received_at", "-id")
    return paged(qs, filters, dossier_out)


def _local_midnight(day: dt.date, *, days_after: int = 0) -> dt.datetime | None:
    """The start of the local day (plus ``days_after``) in UTC; None, no bound,
    at the ends of the calendar (year 1, year 9999), which UTC cannot hold."""
    try:
        return dt.datetime.combine(
            day + dt.timedelta(days=days_after), dt.time(0), tzinfo=timezone.get_current_timezone()
        ).astimezone(dt.UTC)
    except OverflowError:
        return None


def _visible(user: Any, code: str) -> Dossier:
    require(user, "dossiers.view")
    return get_object_or_404(selectors.dossiers_visible(user), code=code)


@dossiers_router.get(
    "/{code}",
    response={200: DossierDetailOut, **errors(401, 403, 404, 422)},
    summary="One dossier with its events (the control slip)",
)
def dossiers_get(request: HttpRequest, code: str, reveal: bool = False) -> dict[str, Any]:
    """``reveal=true`` shows the applicant's ID number, phone, email and
    address whole; every such view is logged."""
    user = request.auth  # type: ignore[attr-defined]
    dossier = _visible(user, code)
    if reveal:
        require(user, "dossiers.view_personal")
        if from_other_site(request):  # a link on another site, with the session: no reveal, no event
            raise HttpError(403, str(FETCH_SITE_MESSAGE))
        audit_record(actor=user, action="dossier.view_personal", obj=dossier)
    out = dossier_out(dossier, reveal=reveal)
    out["events"] = dossier.events.select_related("to_user").order_by("seq")
    return out


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_max_length=5000)
    expected_version: int | None = None


class AssignBody(_Body):
    handler: Text
    note: Text = ""


class ForwardBody(_Body):
    to: Text
    note: Text = ""
    step_days: int | None = None


class SupplementBody(_Body):
    items: list[Text]
    reason: Text = ""


class EmptyBody(_Body):
    note: Text = ""


class FeePaidBody(_Body):
    online: bool = False


class ExtendBody(_Body):
    reason: Text
    new_due_at: DateTime


class ResolveBody(_Body):
    outcome: Literal["approved", "rejected"]
    reason: Text = ""
    electronic_result: bool = False


class ReasonBody(_Body):
    reason: Text


class RateBody(_Body):
    rating: Literal["good", "acceptable", "poor"]


ACTION_BODIES: dict[str, type[_Body]] = {
    "receive": EmptyBody,
    "refuse": ReasonBody,
    "assign": AssignBody,
    "forward": ForwardBody,
    "request_supplement": SupplementBody,
    "supplement_received": EmptyBody,
    "request_fee": EmptyBody,
    "fee_paid": FeePaidBody,
    "extend": ExtendBody,
    "resolve": ResolveBody,
    "stop": ReasonBody,
    "withdraw": ReasonBody,
    "return": EmptyBody,
    "rate": RateBody,
}
if set(ACTION_BODIES) != set(ACTIONS):  # the table and the workflow must agree
    raise RuntimeError("ACTION_BODIES does not cover the workflow's actions")


@dossiers_router.post(
    "/{code}/actions/{action}",
    response={200: DossierOut, **errors(401, 403, 404, 409, 422)},
    summary=(
        "Take a workflow action (assign, forward, request_supplement, supplement_received, request_fee, fee_paid, "
        "extend, resolve, stop, withdraw, return, rate)"
    ),
    openapi_extra={
        "requestBody": {
            "required": False,
            "content": {
                "application/json": {
                    "schema": {"oneOf": [m.model_json_schema() for m in dict.fromkeys(ACTION_BODIES.values())]}
                }
            },
        }
    },
)
@idempotent
def dossiers_action(request: HttpRequest, code: str, action: str) -> dict[str, Any]:
    """The JSON body depends on the action, e.g. assign ``{"handler": username}``,
    request_supplement ``{"items": [...], "reason"}``, extend ``{"reason",
    "new_due_at"}``, resolve ``{"outcome": "approved"|"rejected", "reason"?}``,
    stop and withdraw ``{"reason"}``, rate ``{"rating"}``; every body may carry
    ``expected_version`` (409 if the dossier changed since)."""
    user = request.auth  # type: ignore[attr-defined]
    body = named_action_body(request, ACTION_BODIES, action)
    dossier = _visible(user, code)
    params = body.model_dump(exclude={"expected_version"})
    return dossier_out(
        dossier_act(actor=user, dossier=dossier, action=action, params=params, expected_version=body.expected_version)
    )


class TimeVariantBody(_Body):
    variant: Text
    reason: Text


@dossiers_router.post(
    "/{code}/time-variant",
    response={200: DossierOut, **errors(401, 403, 404, 409, 422)},
    summary="Apply a time-limit variant of the procedure (reception, specialist): the appointment is re-timed",
)
@idempotent
def dossiers_time_variant(request: HttpRequest, code: str) -> dict[str, Any]:
    """Body ``{"variant": key, "reason", "expected_version"?}``; the keys are
    the procedure version's ``time_limit_variants`` (``GET /procedures/{code}``)."""
    user = request.auth  # type: ignore[attr-defined]
    body = action_body(request, TimeVariantBody)
    dossier = _visible(user, code)
    return dossier_out(
        services.dossier_apply_time_variant(
            actor=user,
            dossier=dossier,
            variant=body.variant,
            reason=body.reason,
            expected_version=body.expected_version,
        )
    )


# --------------------------------------------------------------------------- public look-up


class PublicDossierOut(Schema):
    code: str
    procedure: str
    state: str
    state_label: str
    received_at: dt.datetime
    due_at: dt.datetime | None
    extended_due_at: dt.datetime | None
    finished_at: dt.datetime | None


@public_router.public_get(
    "/dossiers/{code}",
    response={200: PublicDossierOut, **errors(404, 422, 429)},
    throttle=ScopeThrottle("lookup"),
    summary="Public status look-up: the code and the last four digits of the applicant's phone",
)
def public_dossier(request: HttpRequest, code: str, phone_last4: str = "") -> Any:
    dossier = selectors.public_lookup(code, phone_last4)
    if dossier is None:
        return Status(404, {"detail": "Không tìm thấy hồ sơ với mã và số điện thoại đã nhập."})
    from tuphap.dossiers.workflow import STATE_LABELS_VI

    return Status(
        200,
        {
            "code": dossier.code,
            "procedure": dossier.procedure.name,
            "state": dossier.state,
            "state_label": STATE_LABELS_VI[State(dossier.state)],
            "received_at": dossier.received_at,
            "due_at": dossier.due_at,
            "extended_due_at": dossier.extended_due_at,
            "finished_at": dossier.finished_at,
        },
    )
