"""The citizen's pages: apply online for a procedure, "Hồ sơ của tôi" (list, detail with the
timeline, the files, withdraw). Personal pages: never cached, CSRF on every form, only
the citizen's own dossiers (another's code is a 404 like a missing one)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from tuphap.citizens.permissions import citizen_of, citizen_required
from tuphap.core import idempotency, ratelimit
from tuphap.core.errors import ConflictError
from tuphap.dossiers.documents.build import LIMIT_UNITS_VI, status_token
from tuphap.dossiers.models import Dossier
from tuphap.dossiers.online import selectors
from tuphap.dossiers.online.components import components_of, online_mode
from tuphap.dossiers.online.forms import ApplyForm, RateForm, SupplementForm, WithdrawForm
from tuphap.dossiers.online.services import (
    SUPPLEMENT_FIELD,
    Contact,
    component_files,
    draft_files,
    may_rate,
    online_draft_delete,
    online_draft_save,
    online_procedure,
    online_rate,
    online_submit,
    online_supplement,
    online_withdraw,
    supplement_request,
)
from tuphap.dossiers.payments import gateway as gateways
from tuphap.dossiers.payments.services import payment_summary
from tuphap.dossiers.payments.views import allow_gateway
from tuphap.dossiers.results.services import may_issue
from tuphap.dossiers.workflow import OPEN_STATES, STATE_LABELS_VI, TRANSITIONS, State
from tuphap.orgs.permissions import capability_required


def _unit_vi(unit: str) -> str:
    return next((label for key, label in LIMIT_UNITS_VI.items() if key == unit), "")


def _form_errors(form: ApplyForm, exc: ValidationError) -> None:
    for field, messages in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


@never_cache
@citizen_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, code: str) -> HttpResponse:
    """Nộp hồ sơ trực tuyến: the form of one procedure, kept as a draft on "save", submitted on "submit"."""
    profile = citizen_of(request.user)
    try:
        procedure = online_procedure(code)
    except ValidationError:
        raise Http404 from None
    components = components_of(procedure.components)
    draft = selectors.citizen_draft(request.user, procedure.code)
    if request.method == "POST" and "delete_draft" in request.POST:
        online_draft_delete(actor=request.user, procedure_code=procedure.code)
        return HttpResponseRedirect(reverse("dossiers:mine"), status=303)
    initial = {
        "phone": (draft.phone if draft else "") or (profile.phone if profile else ""),
        "email": (draft.email if draft else "") or (profile.email if profile else ""),
        "address": (draft.address if draft else "") or (profile.address if profile else ""),
        "delivery": draft.delivery if draft and draft.delivery else None,
        "form_token": idempotency.new_form_token(),  # a second click shows the first dossier
    }
    saving = request.method == "POST" and "save_draft" in request.POST
    form = ApplyForm(
        request.POST or None,
        request.FILES or None,
        components=components,
        draft=saving,
        initial=initial,
        kept=draft_files(draft),
    )
    context: dict[str, Any] = {
        "p": procedure,
        "profile": profile,
        "form": form,
        "mode": online_mode(procedure.channels, procedure.online_level),
        "limit": f"{procedure.time_limit_amount} {_unit_vi(procedure.time_limit_unit)}",
        "draft": draft,
    }
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            contact = Contact(phone=data["phone"], email=data["email"], address=data["address"])
            try:
                if saving:
                    online_draft_save(
                        actor=request.user,
                        procedure_code=procedure.code,
                        delivery=data.get("delivery") or "",
                        files=component_files(request.FILES),
                        **contact,
                    )
                    context["saved"] = True
                    context["draft"] = draft = selectors.citizen_draft(request.user, procedure.code)
                    form.kept = draft_files(draft)
                    return render(request, "dossiers/online/apply.html", context)
                verdict = ratelimit.hit(request, "citizen_submit")
                if not verdict.allowed:
                    context["too_many"] = ratelimit.message(verdict)
                    return ratelimit.mark_limited(
                        render(request, "dossiers/online/apply.html", context, status=429), verdict
                    )
                files = component_files(request.FILES)
                with transaction.atomic():
                    once, first = idempotency.form_first_answer(request=request, token=data["form_token"])
                    if first is not None:
                        return HttpResponseRedirect(first, status=303)
                    dossier = online_submit(
                        actor=request.user,
                        procedure_code=procedure.code,
                        delivery=data["delivery"],
                        files=files,
                        declared=data["declaration"],
                        **contact,
                    )
                    idempotency.form_remember(once, reverse("dossiers:mine_detail", args=[dossier.code]))
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                url = reverse("dossiers:mine_detail", args=[dossier.code]) + "?da-nop=1"
                return HttpResponseRedirect(url, status=303)
        return render(request, "dossiers/online/apply.html", context, status=400)
    return render(request, "dossiers/online/apply.html", context)


@never_cache
@citizen_required
@require_http_methods(["GET"])
def mine(request: HttpRequest) -> HttpResponse:
    """Hồ sơ của tôi: the citizen's dossiers and drafts."""
    dossiers = list(selectors.citizen_dossiers(request.user)[:200])
    unpaid = selectors.fee_unpaid(dossiers)
    rows = [{"d": d, "state_label": STATE_LABELS_VI[State(d.state)], "unpaid": d.pk in unpaid} for d in dossiers]
    drafts = list(selectors.citizen_drafts(request.user))
    return render(request, "dossiers/online/mine.html", {"rows": rows, "drafts": drafts})


def _own(request: HttpRequest, code: str) -> Dossier:
    dossier = selectors.citizen_dossier(request.user, code)
    if dossier is None:
        raise Http404
    return dossier


def _detail_context(dossier: Dossier, **forms: object) -> dict[str, object]:
    events = [
        {"e": e, "label": TRANSITIONS[e.action].description if e.action in TRANSITIONS else e.action}
        for e in dossier.events.order_by("seq")
    ]
    return {
        "d": dossier,
        "state_label": STATE_LABELS_VI[State(dossier.state)],
        "events": events,
        "files": list(dossier.attachments.all()),
        "may_withdraw": State(dossier.state) in OPEN_STATES,
        "withdraw_form": WithdrawForm(),
        "supplement": supplement_request(dossier),
        "supplement_form": SupplementForm(),
        "may_rate": may_rate(dossier),
        "rate_form": RateForm(),
        "rating_label": Dossier.Rating(dossier.rating).label if dossier.rating else "",
        # the fee (paid right after submission, or when asked) and the electronic result through the
        # payment and result pages of the dossier's status token
        "status_token": status_token(dossier.code),
        "fee": payment_summary(dossier),
        "gateway": gateways.enabled(),
        "may_download_result": may_issue(dossier),
        **forms,
    }


@never_cache
@citizen_required
@require_http_methods(["GET"])
def mine_detail(request: HttpRequest, code: str) -> HttpResponse:
    dossier = _own(request, code)
    context = _detail_context(dossier, submitted="da-nop" in request.GET, supplemented="da-bo-sung" in request.GET)
    return allow_gateway(render(request, "dossiers/online/detail.html", context))


def _act(
    request: HttpRequest,
    code: str,
    form_name: str,
    form_class: type[Form],
    service: Callable[..., Dossier],
    *,
    failed: str,
    done: str = "",
    **params: Any,
) -> HttpResponse:
    """Run one of the citizen's actions on their dossier: ``service`` (an ``online_…`` service) with the posted
    form's fields (and ``params``); back to the dossier's page when done (with the query ``done``), else the page
    again (400) saying ``failed`` and every reason (the form's own, the service's refusal, a conflict with the desk
    acting in the same moment)."""
    dossier = _own(request, code)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            service(actor=request.user, code=dossier.code, **form.cleaned_data, **params)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        except ConflictError as exc:
            form.add_error(None, str(exc))
        else:
            return HttpResponseRedirect(reverse("dossiers:mine_detail", args=[dossier.code]) + done, status=303)
    reasons = [str(message) for messages in form.errors.values() for message in messages]
    context = _detail_context(dossier, **{form_name: form}, error=" ".join([failed, *reasons]))
    return render(request, "dossiers/online/detail.html", context, status=400)


@citizen_required
@require_POST
def withdraw(request: HttpRequest, code: str) -> HttpResponse:
    return _act(
        request, code, "withdraw_form", WithdrawForm, online_withdraw, failed=_("The dossier was not withdrawn.")
    )


@citizen_required
@require_POST
def supplement(request: HttpRequest, code: str) -> HttpResponse:
    """The citizen uploads the missing items against the request to supplement."""
    return _act(
        request,
        code,
        "supplement_form",
        SupplementForm,
        online_supplement,
        failed=_("The supplement was not sent."),
        done="?da-bo-sung=1",
        files=request.FILES.getlist(SUPPLEMENT_FIELD),
    )


@citizen_required
@require_POST
def rate(request: HttpRequest, code: str) -> HttpResponse:
    """The citizen's rating, once, after the result is returned."""
    return _act(request, code, "rate_form", RateForm, online_rate, failed=_("The rating was not recorded."))


def _download(stored: Any, filename: str) -> FileResponse:
    """A stored file (its ``file`` and ``content_type``) as a download named ``filename``, never sniffed."""
    response = FileResponse(stored.file.open("rb"), content_type=stored.content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@never_cache
@citizen_required
@require_http_methods(["GET"])
def file(request: HttpRequest, code: str, pk: int) -> FileResponse:
    """A file of the citizen's own dossier (their components, the electronic result)."""
    dossier = _own(request, code)
    attachment = dossier.attachments.filter(pk=pk).first()
    if attachment is None:
        raise Http404
    return _download(attachment, f"{attachment.pk}{_ext(attachment.name)}")


@never_cache
@citizen_required
@require_http_methods(["GET"])
def draft_file(request: HttpRequest, code: str, pk: int) -> FileResponse:
    """A file kept with the citizen's own draft (another's is a 404 like a missing one)."""
    kept = selectors.citizen_draft_file(request.user, code, pk)
    if kept is None:
        raise Http404
    return _download(kept, f"nhap-{kept.pk}{_ext(kept.name)}")


def _ext(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if 0 <= dot and len(name) - dot <= 5 and name[dot + 1 :].isalnum() else ""


@capability_required("dossiers.receive")
@require_http_methods(["GET"])
def desk_online(request: HttpRequest) -> HttpResponse:
    """The desk: online dossiers waiting to be received or refused, oldest first, with the
    office time each has waited against the intake time (a setting; its legal figure unconfirmed)."""
    from django.conf import settings

    rows = selectors.online_waiting(request.user)
    limit = int(getattr(settings, "TUPHAP_ONLINE_INTAKE_WORKING_HOURS", 8))
    return render(request, "dossiers/online/desk.html", {"rows": rows, "limit": limit})
