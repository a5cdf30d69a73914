"""Staff pages of the one-stop desk: reception, inbox, dossier page, documents.

HTTP only: every change goes through ``tuphap.dossiers.services`` (one service
per transition); the services check roles, scope, state and version again.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tuphap.core import idempotency
from tuphap.core.csp import nonce as csp_nonce
from tuphap.core.errors import ConflictError
from tuphap.core.fetch_site import cross_site_refusal
from tuphap.core.forms import add_service_errors
from tuphap.core.masking import mask_id, mask_phone
from tuphap.core.params import int_param, page_param
from tuphap.core.services import audit_record
from tuphap.dossiers import selectors, services, workflow
from tuphap.dossiers.actions import ACTIONS, dossier_act
from tuphap.dossiers.attachments import attachment_add
from tuphap.dossiers.documents import build as documents
from tuphap.dossiers.documents.render import to_docx, to_html, to_pdf
from tuphap.dossiers.forms import (
    ACTION_FORMS,
    AssignForm,
    AttachmentForm,
    DeskForm,
    InboxFilterForm,
    RegisterForm,
    TimeVariantForm,
    check_applicant_field,
    service_field,
)
from tuphap.dossiers.models import Dossier, DossierAttachment, Procedure
from tuphap.dossiers.procedures import not_in_force_message
from tuphap.dossiers.regimes import regime_for
from tuphap.orgs.permissions import can, capability_required, roles_of
from tuphap.orgs.roles import Role
from tuphap.orgs.selectors import agency_in_force, department_on, desk_points
from tuphap.workdays.core import WorkdaysError
from tuphap.workdays.selectors import estimated_years, office_clock

PAGE_SIZE = 25
FORMATS = {"html", "pdf", "docx"}


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def _component_names(procedure: Procedure | None) -> list[str]:
    if procedure is None:
        return []
    return [str(c.get("name") if isinstance(c, dict) else c) for c in procedure.components or []]


def _duration(seconds: int, per_day: int) -> str:
    days, rest = divmod(abs(seconds), per_day)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return _("%(days)s d %(hours)s h") % {"days": days, "hours": hours}
    if hours:
        return _("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": minutes}
    return _("%(minutes)s min") % {"minutes": minutes}


# --------------------------------------------------------------------------- the reception desk


def _preview(procedure: Procedure | None) -> dict[str, Any]:
    if procedure is None:
        return {"procedure": None}
    now = timezone.now()
    try:
        agency = agency_in_force(procedure.agency, timezone.localtime(now).date())  # the clock the dossier will have
        due = office_clock(agency.pk).due_at(now, procedure.time_limit_amount, procedure.time_limit_unit)
        error = ""
    except WorkdaysError as exc:
        due, error = None, str(exc)
    return {
        "procedure": procedure,
        "due": due,
        "estimated_years": estimated_years(now, due) if due is not None else [],
        "due_error": error,
        "now": now,
        "components": _component_names(procedure),
    }


def _find(procedures: list[Procedure], code: str) -> Procedure | None:
    return next((p for p in procedures if p.code == code), None)


def _desk_once(request: HttpRequest, token: str, make: Callable[[], Dossier]) -> Dossier | HttpResponse:
    """``make`` the desk form's dossier once per one-time form token: a second click
    on the same page gets the first dossier's page back, not a second dossier."""
    with transaction.atomic():
        once, first = idempotency.form_first_answer(request=request, token=token)
        if first is not None:
            messages.info(request, _("This form was already sent: here is the dossier it received."))
            return redirect(first)
        dossier = make()
        idempotency.form_remember(once, reverse("dossiers:detail", args=[dossier.code]))
    return dossier


@capability_required("dossiers.receive")
@require_http_methods(["GET", "POST"])
def desk(request: HttpRequest) -> HttpResponse:
    """Pick the procedure, tick the components, enter the applicant; receive,
    refuse, or hand over the list of missing items (form 02)."""
    procedures = selectors.procedures_catalogue()
    code = request.POST.get("procedure") or request.GET.get("procedure", "")
    procedure = _find(procedures, code)
    points = desk_points(timezone.localdate())
    own = getattr(getattr(request.user, "staff_profile", None), "receiving_point", None)
    initial = {
        "procedure": code,
        "form_token": idempotency.new_form_token(),
        "receiving_point": own.code if own is not None and own in points else "",
    }
    form = DeskForm(
        request.POST or None,
        procedures=procedures,
        components=_component_names(procedure),
        points=points,
        initial=initial,
    )
    if request.method == "POST" and code and procedure is None and not form.is_valid() and "procedure" in form.errors:
        # a procedure that left the catalogue (ended, handed to another body): say since when and who handles it
        form.errors["procedure"] = form.error_class([not_in_force_message(code.strip(), timezone.localdate())])
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action", "receive")
        data = form.cleaned_data
        try:
            if action == "receive":
                note = ""
                if data["components"]:
                    note = "Thành phần đã nhận: " + "; ".join(data["components"])
                dossier = _desk_once(
                    request,
                    data["form_token"],
                    lambda: services.dossier_receive(
                        actor=request.user,
                        procedure_code=data["procedure"],
                        applicant=form.applicant(),
                        channel=data["channel"],
                        flags={"scanned_components": data["scanned"]},
                        note=note,
                        receiving_point=data["receiving_point"] or None,
                    ),
                )
                if isinstance(dossier, HttpResponse):
                    return dossier
                messages.success(
                    request, _("Dossier %(code)s received; the receipt is ready to print.") % {"code": dossier.code}
                )
                return redirect("dossiers:detail", code=dossier.code)
            if action == "refuse":
                if not data["reason"].strip():
                    form.add_error("reason", _("Give the reason for the refusal."))
                else:

                    def submit_and_refuse() -> Dossier:
                        submitted = services.dossier_submit(
                            actor=request.user,
                            procedure_code=data["procedure"],
                            applicant=form.applicant(),
                            channel=data["channel"],
                            receiving_point=data["receiving_point"] or None,
                        )
                        services.dossier_refuse(actor=request.user, dossier=submitted, reason=data["reason"])
                        return submitted

                    dossier = _desk_once(request, data["form_token"], submit_and_refuse)
                    if isinstance(dossier, HttpResponse):
                        return dossier
                    messages.success(
                        request,
                        _("Dossier %(code)s refused; the refusal (form 03) is ready to print.")
                        % {"code": dossier.code},
                    )
                    return redirect("dossiers:detail", code=dossier.code)
            elif action == "incomplete":
                items = form.missing_items()
                if not items:
                    form.add_error("missing", _("List every missing item, one per line."))
                else:
                    assert procedure is not None  # noqa: S101 - the form's choice was valid
                    audit_record(
                        actor=request.user,
                        action="dossier.intake_incomplete",
                        after={"procedure": procedure.code, "items": items},
                    )
                    doc = documents.supplement_at_desk(
                        agency=agency_in_force(procedure.agency, timezone.localdate()),
                        procedure=procedure,
                        applicant=form.applicant(),
                        items=items,
                        reason=data["reason"],
                        officer=request.user,
                    )
                    return HttpResponse(to_html(doc, print_button=True, nonce=csp_nonce(request)))
            else:
                form.add_error(None, _("Unknown action."))
        except ValidationError as exc:
            add_service_errors(form, exc, field_name=service_field)
        except ConflictError as exc:
            form.add_error(None, str(exc))
    context = {"form": form, "preview": _preview(procedure), "status": 400 if form.errors else 200}
    return render(request, "dossiers/desk.html", context, status=context["status"])


@capability_required("dossiers.receive")
@require_GET
def desk_procedures(request: HttpRequest) -> HttpResponse:
    """HTMX: the procedure options matching a name or code."""
    # NFC: a Vietnamese keyboard may send letters and combining marks (NFD)
    q = unicodedata.normalize("NFC", " ".join(request.GET.get("q", "").split())).casefold()[:100]
    procedures = [
        p
        for p in selectors.procedures_catalogue()
        if not q or q in unicodedata.normalize("NFC", f"{p.name} {p.code}").casefold()
    ]
    return render(
        request,
        "dossiers/desk.html#procedure-options",
        {"procedures": procedures, "selected": request.GET.get("procedure", "")},
    )


@capability_required("dossiers.receive")
@require_GET
def desk_preview(request: HttpRequest) -> HttpResponse:
    """HTMX: the components checklist, fee and the appointment if received now."""
    procedure = _find(selectors.procedures_catalogue(), request.GET.get("procedure", ""))
    form = DeskForm(procedures=[], components=_component_names(procedure))
    return render(request, "dossiers/desk.html#preview", {"preview": _preview(procedure), "form": form})


@capability_required("dossiers.receive")
@require_GET
def desk_check(request: HttpRequest, field: str) -> HttpResponse:
    """HTMX: the applicant field's error as typed (empty when fine)."""
    if field not in {"applicant_name", "phone", "id_number", "email"}:
        raise Http404
    error = check_applicant_field(field, request.GET.get(field, ""), request.GET.get("id_type", "cccd"))
    return render(request, "dossiers/desk.html#field-error", {"error": error, "fname": field})


# --------------------------------------------------------------------------- the inbox


def _rows(dossiers: list[Dossier], now: dt.datetime) -> list[dict[str, Any]]:
    clocks: dict[int, Any] = {}
    rows = []
    for d in dossiers:
        clock = clocks.get(d.agency_id)
        if clock is None:
            clock = clocks[d.agency_id] = office_clock(d.agency_id)
        left = selectors.time_left(d, clock=clock, at=now)
        if left["seconds"] is not None:
            per_day = clock.calendar.hours.seconds_per_day
            left["text"] = _duration(left["seconds"], per_day)
        rows.append(
            {
                "d": d,
                "left": left,
                "state": workflow.STATE_LABELS_VI[workflow.State(d.state)],
                "phone": mask_phone(d.applicant_phone),
            }
        )
    return rows


@capability_required("dossiers.view")
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    """My dossiers and my unit's, with the office time left; filtered in place (HTMX)."""
    form = InboxFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    scope = filters.get("scope") or "unit"
    qs = selectors.dossiers_inbox(
        request.user, scope=scope, state=filters.get("state", ""), due=filters.get("due", ""), q=filters.get("q", "")
    )
    page = Paginator(qs, PAGE_SIZE).get_page(page_param(request))
    now = timezone.now()
    query = request.GET.copy()
    query.pop("trang", None)
    context = {
        "form": form,
        "page": page,
        "rows": _rows(list(page.object_list), now),
        "query": query.urlencode(),
        "scope": scope,
    }
    template = "dossiers/inbox.html#results" if request.htmx else "dossiers/inbox.html"  # type: ignore[attr-defined]
    return render(request, template, context)


# --------------------------------------------------------------------------- the dossier page


def _visible(request: HttpRequest, code: str) -> Dossier:
    return get_object_or_404(selectors.dossiers_visible(request.user), code=code)


def _handlers(dossier: Dossier) -> list[Any]:
    users = (
        get_user_model()
        .objects.filter(
            is_active=True, staff_profile__unit_id=dossier.unit_id, groups__name__in=[Role.SPECIALIST, Role.UNIT_HEAD]
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
    return list(users)


def _actions(request: HttpRequest, dossier: Dossier) -> list[str]:
    return workflow.allowed_actions(selectors.dossier_facts(dossier), {r.value for r in roles_of(request.user)})


def _action_form(action: str, dossier: Dossier, data: Any = None) -> Any:
    cls = ACTION_FORMS[action]
    prefix = action
    if issubclass(cls, AssignForm):
        return cls(data, handlers=_handlers(dossier), prefix=prefix)
    return cls(data, prefix=prefix)


def _detail(
    request: HttpRequest,
    dossier: Dossier,
    *,
    bound: tuple[str, Any] | None = None,
    reveal: bool = False,
    attachment_form: AttachmentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    events = list(dossier.events.select_related("actor", "to_user").order_by("seq"))
    actions = _actions(request, dossier)
    forms = []
    for action in actions:
        form = bound[1] if bound and bound[0] == action else _action_form(action, dossier)
        forms.append(
            {
                "action": action,
                "label": ACTIONS[action].label,
                "form": form,
                "open": bound is not None and bound[0] == action,
            }
        )
    variant_form = _time_variant_form(request, dossier, bound)
    if variant_form is not None:
        forms.append(
            {
                "action": "time_variant",
                "label": _("Apply a time limit variant"),
                "form": variant_form,
                "open": bound is not None and bound[0] == "time_variant",
                "url": reverse("dossiers:time_variant", args=[dossier.code]),
            }
        )
    done = {e.action for e in events}
    clock = office_clock(dossier.agency_id)
    left = selectors.time_left(dossier, clock=clock, at=timezone.now())
    if left["seconds"] is not None:
        left["text"] = _duration(left["seconds"], clock.calendar.hours.seconds_per_day)
    context = {
        "d": dossier,
        "state_label": workflow.STATE_LABELS_VI[workflow.State(dossier.state)],
        "events": [
            {
                "e": e,
                "label": documents.ACTION_VI.get(e.action, e.action),
                "to": workflow.STATE_LABELS_VI.get(workflow.State(e.to_state), e.to_state) if e.to_state else "",
                "items": e.data.get("items") or [],
            }
            for e in events
        ],
        "forms": forms,
        "documents": [{"key": k, "label": documents.FORMS[k].label} for k in documents.available(dossier, done)],
        "attachments": list(dossier.attachments.select_related("uploaded_by")),
        "attachment_form": attachment_form or AttachmentForm(),
        "reveal": reveal,
        "id_number": dossier.applicant_id_number if reveal else mask_id(dossier.applicant_id_number),
        "phone": dossier.applicant_phone if reveal else mask_phone(dossier.applicant_phone),
        "may_reveal": can(request.user, "dossiers.view_personal"),
        "left": left,
        "timeliness": selectors.lateness(dossier),
        "status_url": documents.status_url(dossier.code, _base_url(request)),
        "flags": _regime_flags(dossier),
        "receipt_issues": [e for e in events if e.action in documents.RECEIPT_ACTIONS],
        "may_reissue": can(request.user, "dossiers.receive")
        and dossier.due_at is not None
        and dossier.state in selectors.OPEN,
    }
    return render(request, "dossiers/detail.html", context, status=status)


def _regime_flags(dossier: Dossier) -> list[dict[str, str]]:
    """The one-stop rules this dossier broke, each with the rule of its regime
    (the regime in force at receipt) and whether we confirmed it in the text."""
    regime = regime_for(timezone.localtime(dossier.received_at).date())
    flags = []
    for flag, rule, label, text in (
        (
            dossier.late_notice,
            regime.apology_lead_days,
            _("Apology sent late"),
            _("The apology was sent less than %(days)s working day(s) before the appointment (%(source)s)."),
        ),
        (
            dossier.late_supplement_request,
            regime.supplement_window_days,
            _("Supplement requested late"),
            _("The supplement was requested more than %(days)s working day(s) after receipt (%(source)s)."),
        ),
    ):
        if flag:
            sentence = text % {"days": rule.value, "source": rule.source}
            if not rule.confirmed:
                sentence += " " + _("(not confirmed)")
            flags.append({"label": label, "text": sentence})
    return flags


def _time_variant_form(request: HttpRequest, dossier: Dossier, bound: tuple[str, Any] | None) -> Any:
    """The form of the time-limit variants, offered to the roles that apply them on an open dossier."""
    variants = dossier.procedure.time_limit_variants
    roles = {r.value for r in roles_of(request.user)}
    if not variants or not roles & services.TIME_VARIANT_ROLES or dossier.state not in services.TIME_VARIANT_STATES:
        return None
    if bound is not None and bound[0] == "time_variant":
        return bound[1]
    return TimeVariantForm(variants=variants, prefix="time_variant")


@capability_required("dossiers.view")
@require_GET
def detail(request: HttpRequest, code: str) -> HttpResponse:
    """The dossier: timeline, the actions this user may take now, documents, files."""
    return _detail(request, _visible(request, code))


@capability_required("dossiers.view_personal")
@require_POST
def reveal(request: HttpRequest, code: str) -> HttpResponse:
    """Show the applicant's personal data whole, on purpose; every view is audited."""
    dossier = _visible(request, code)
    audit_record(actor=request.user, action="dossier.view_personal", obj=dossier)
    return _detail(request, dossier, reveal=True)


def _params(action: str, form: Any) -> dict[str, Any]:
    """The service's parameters from an action form (the forms name a few differently)."""
    params = dict(form.cleaned_data)
    if action == "forward":
        params["to"] = params.pop("handler")
    elif action == "request_supplement":
        params["items"] = form.item_list()
    return params


@capability_required("dossiers.view")
@require_POST
def act(request: HttpRequest, code: str, action: str) -> HttpResponse:
    """Take one workflow action through its service; errors go back next to the fields."""
    if action not in ACTION_FORMS:
        raise Http404
    dossier = _visible(request, code)
    form = _action_form(action, dossier, request.POST)
    version = int_param(request, "version", source="POST")
    if form.is_valid():
        try:
            dossier_act(
                actor=request.user,
                dossier=dossier,
                action=action,
                params=_params(action, form),
                expected_version=version,
            )
        except ValidationError as exc:
            add_service_errors(form, exc, field_name=service_field)
        except ConflictError as exc:
            messages.error(request, str(exc))
            return _detail(
                request,
                Dossier.objects.select_related("procedure", "unit", "handler", "agency", "receiving_point").get(
                    pk=dossier.pk
                ),
                status=409,
            )
        except PermissionDenied:
            messages.error(request, _("You may not take this action on this dossier."))
            return _detail(request, dossier, status=403)
        else:
            messages.success(request, _("Done: %(action)s.") % {"action": ACTIONS[action].label})
            return redirect("dossiers:detail", code=dossier.code)
    return _detail(request, dossier, bound=(action, form), status=400)


@capability_required("dossiers.view")
@require_POST
def time_variant(request: HttpRequest, code: str) -> HttpResponse:
    """Apply a time-limit variant of the procedure: the appointment is re-timed (reception, specialist)."""
    dossier = _visible(request, code)
    form = TimeVariantForm(request.POST, variants=dossier.procedure.time_limit_variants, prefix="time_variant")
    if form.is_valid():
        try:
            services.dossier_apply_time_variant(
                actor=request.user,
                dossier=dossier,
                variant=form.cleaned_data["variant"],
                reason=form.cleaned_data["reason"],
                expected_version=int_param(request, "version", source="POST"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc, field_name=service_field)
        except ConflictError as exc:
            messages.error(request, str(exc))
            return _detail(request, _visible(request, code), status=409)
        except PermissionDenied:
            messages.error(request, _("You may not take this action on this dossier."))
            return _detail(request, dossier, status=403)
        else:
            messages.success(request, _("The time limit variant is applied; the appointment is re-timed."))
            return redirect("dossiers:detail", code=dossier.code)
    return _detail(request, dossier, bound=("time_variant", form), status=400)


# --------------------------------------------------------------------------- documents and files


def _document_response(request: HttpRequest, doc: documents.Document, fmt: str) -> HttpResponse:
    if fmt == "html":
        return HttpResponse(to_html(doc, print_button=True, nonce=csp_nonce(request)))
    if fmt == "pdf":
        response = HttpResponse(to_pdf(doc), content_type="application/pdf")
    elif fmt == "docx":
        response = HttpResponse(
            to_docx(doc), content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{doc.filename}.{fmt}"'
    return response


@capability_required("dossiers.view")
@require_GET
def document(request: HttpRequest, code: str, key: str, fmt: str) -> HttpResponse:
    """An official form of this dossier: the print view (HTML), PDF or DOCX."""
    if fmt not in FORMATS:
        raise Http404
    dossier = _visible(request, code)
    version = int_param(request, "lan", min=1)  # the receipt's issue (1 = the first), default the latest
    try:
        doc = documents.build(key, dossier, _base_url(request), version)
    except documents.DocumentUnavailable:
        raise Http404 from None
    if documents.FORMS[key].personal:  # the applicant's phone, email and address, whole
        if not can(request.user, "dossiers.view_personal"):
            raise PermissionDenied("dossiers.view_personal")
        if (refused := cross_site_refusal(request)) is not None:
            return refused
        audit_record(
            actor=request.user, action="dossier.view_personal", obj=dossier, after={"document": key, "format": fmt}
        )
    return _document_response(request, doc, fmt)


@capability_required("dossiers.receive")
@require_POST
def reissue_receipt(request: HttpRequest, code: str) -> HttpResponse:
    """Reissue the receipt with the appointment in force now (audited; the earlier issues are kept)."""
    dossier = _visible(request, code)
    try:
        services.dossier_reissue_receipt(
            actor=request.user, dossier=dossier, expected_version=int_param(request, "version", source="POST")
        )
    except ConflictError as exc:
        messages.error(request, str(exc))
        return _detail(request, dossier, status=409)
    except PermissionDenied:
        messages.error(request, _("You may not take this action on this dossier."))
        return _detail(request, dossier, status=403)
    messages.success(request, _("The receipt was reissued with the new appointment."))
    return redirect("dossiers:detail", code=dossier.code)


@capability_required("dossiers.register")
@require_GET
def register(request: HttpRequest) -> HttpResponse:
    """Form 07: the register of a period, on screen, PDF, DOCX or XLSX."""
    today = timezone.localdate()
    form = RegisterForm(request.GET or None, initial={"start": today.replace(day=1), "end": today})
    fmt = request.GET.get("format", "")
    if form.is_valid() and fmt:
        from tuphap.dossiers.register import register_xlsx
        from tuphap.orgs.models import Agency

        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        visible = selectors.dossiers_visible(request.user)  # a unit head's register is the unit's
        # headed by the agency in force on the day it is printed (the dossiers stay under their own)
        agency = department_on(today) or Agency.objects.select_related("parent").first()
        if fmt == "xlsx":
            response = HttpResponse(
                register_xlsx(start, end, agency.name if agency else "", dossiers=visible),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            response["Content-Disposition"] = f'attachment; filename="so-theo-doi-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"'
            return response
        if agency is None:
            raise Http404
        return _document_response(
            request, documents.register(agency=agency, start=start, end=end, dossiers=visible), fmt
        )
    return render(
        request, "dossiers/register.html", {"form": form, "query": request.GET.urlencode() if form.is_valid() else ""}
    )


@capability_required("dossiers.view")
@require_POST
def attach(request: HttpRequest, code: str) -> HttpResponse:
    """Upload a scanned component or the electronic result (PDF, JPEG, PNG; 10 MB)."""
    dossier = _visible(request, code)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attachment_add(
                actor=request.user, dossier=dossier, upload=form.cleaned_data["file"], kind=form.cleaned_data["kind"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc, field_name=service_field)
        else:
            messages.success(request, _("File attached."))
            return redirect("dossiers:detail", code=dossier.code)
    return _detail(request, dossier, attachment_form=form, status=400)


@capability_required("dossiers.view")
@require_GET
def attachment(request: HttpRequest, code: str, pk: int) -> FileResponse | HttpResponse:
    dossier = _visible(request, code)
    item = get_object_or_404(DossierAttachment, pk=pk, dossier=dossier)
    # a scanned component is the applicant's papers (ID card, certificates): a whole view, logged
    if not can(request.user, "dossiers.view_personal"):
        raise PermissionDenied("dossiers.view_personal")
    if (refused := cross_site_refusal(request)) is not None:
        return refused
    audit_record(
        actor=request.user,
        action="dossier.view_personal",
        obj=dossier,
        after={"attachment": item.pk, "name": item.name},
    )
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.name, content_type=item.content_type)
