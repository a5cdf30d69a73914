"""Citizens' feedback (phản ánh, kiến nghị): the public form and the staff register.

The public form is a normal Django form with CSRF, never cached, and rate-limited per
client (scope ``feedback``) on submission; the thank-you page gives the reference and
the answer's due date only, never what was sent. The register lists no personal data;
the sender's name and contact appear on a record's page for those whose role lets them
see personal data, and each such view is logged.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from tuphap.core import ratelimit
from tuphap.core.context_processors import department_name
from tuphap.core.errors import ConflictError
from tuphap.core.services import audit_record
from tuphap.dossiers import feedback as services
from tuphap.dossiers.models import Feedback
from tuphap.orgs.permissions import can, capability_required, public


class FeedbackForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Feedback.Kind.choices)
    dossier_code = forms.CharField(label=_("Dossier code (if it is about a dossier)"), max_length=60, required=False)
    content = forms.CharField(
        label=_("Content"), widget=forms.Textarea(attrs={"rows": 6}), min_length=10, max_length=services.MAX_CONTENT
    )
    sender_name = forms.CharField(label=_("Your name"), max_length=255)
    sender_contact = forms.CharField(label=_("Phone or email for the answer"), max_length=255, required=False)


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"), widget=forms.Textarea(attrs={"rows": 5}), min_length=10, max_length=services.MAX_CONTENT
    )


class ReactionForm(forms.Form):
    satisfied = forms.TypedChoiceField(
        label=_("The sender's reaction to the answer"),
        choices=[("1", _("Satisfied")), ("0", _("Not satisfied"))],
        coerce=lambda v: v == "1",
    )


def _public(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    context = {"tuphap_name": settings.TUPHAP_SITE_NAME, "department_name": department_name(), **context}
    response = render(request, "dossiers/public/feedback.html", context, status=status)
    add_never_cache_headers(response)
    return response


@public
@require_http_methods(["GET", "POST"])
def feedback_public(request: HttpRequest) -> HttpResponse:
    """The public form: feedback or a recommendation about a dossier or the service."""
    if request.method == "GET":
        if request.GET.get("ma"):
            done = Feedback.objects.filter(reference=request.GET["ma"][:20]).values("reference", "due_at").first()
            if done is not None:
                return _public(request, {"done": done})
        return _public(request, {"form": FeedbackForm()})
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        return _public(request, {"form": form}, status=400)
    verdict = ratelimit.hit(request, "feedback")
    if not verdict.allowed:
        page = _public(request, {"form": form, "too_many": ratelimit.message(verdict)}, status=429)
        return ratelimit.mark_limited(page, verdict)
    try:
        created = services.feedback_submit(actor=None, **form.cleaned_data)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
        return _public(request, {"form": form}, status=400)
    return HttpResponseRedirect(reverse("dossiers:feedback") + f"?ma={created.reference}", status=303)  # type: ignore[call-arg]


@capability_required("dossiers.view")
@require_GET
def feedback_register(request: HttpRequest) -> HttpResponse:
    """The register of feedback the officer may see: open ones first by due date."""
    qs = services.feedback_visible(request.user)
    status = request.GET.get("trang-thai", "")
    now = timezone.now()
    if status == "mo":
        qs = qs.filter(answered_at__isnull=True)
    elif status == "qua-han":
        qs = qs.filter(answered_at__isnull=True, due_at__lt=now)
    qs = qs.order_by("answered_at", "due_at", "-id") if status else qs.order_by("-received_at", "-id")
    page = Paginator(qs, 50).get_page(request.GET.get("trang"))
    return render(request, "dossiers/feedback_register.html", {"page": page, "status": status, "now": now})


@capability_required("dossiers.view")
@require_http_methods(["GET", "POST"])
def feedback_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = services.feedback_visible(request.user).filter(pk=pk).first()
    if item is None:
        raise Http404
    answer_form, reaction_form, error = AnswerForm(), ReactionForm(), None
    if request.method == "POST":
        try:
            if "answer" in request.POST:
                answer_form = AnswerForm(request.POST)
                if answer_form.is_valid():
                    services.feedback_answer(
                        actor=request.user, feedback=item, answer=answer_form.cleaned_data["answer"]
                    )
                    return HttpResponseRedirect(reverse("dossiers:feedback_detail", args=[pk]), status=303)  # type: ignore[call-arg]
            else:
                reaction_form = ReactionForm(request.POST)
                if reaction_form.is_valid():
                    services.feedback_record_reaction(
                        actor=request.user, feedback=item, satisfied=reaction_form.cleaned_data["satisfied"]
                    )
                    return HttpResponseRedirect(reverse("dossiers:feedback_detail", args=[pk]), status=303)  # type: ignore[call-arg]
        except (ValidationError, ConflictError) as exc:
            error = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        except PermissionDenied:
            raise Http404 from None
    personal = can(request.user, "dossiers.view_personal")
    if personal:
        audit_record(actor=request.user, action="feedback.view_personal", obj=item)
    context = {
        "item": item,
        "personal": personal,
        "answer_form": answer_form,
        "reaction_form": reaction_form,
        "error": error,
        "late": item.answered_at is not None and item.answered_at > item.due_at,
        "overdue": item.answered_at is None and item.due_at < timezone.now(),
    }
    return render(
        request, "dossiers/feedback_detail.html", context, status=400 if error or request.method == "POST" else 200
    )
