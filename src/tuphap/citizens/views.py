"""The citizens' account pages under /cong-dan/: sign in (single sign-on or a
local account), sign up with a one-time code, the account's own details."""

from __future__ import annotations

from django.contrib.auth import authenticate, login, logout
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tuphap.citizens import services
from tuphap.citizens.forms import CodeForm, ContactForm, SignInForm, SignUpForm
from tuphap.citizens.models import CitizenProfile
from tuphap.citizens.oidc import sso_enabled
from tuphap.citizens.permissions import citizen_of, citizen_required
from tuphap.core import ratelimit
from tuphap.orgs.permissions import public

PENDING = "tuphap_citizen_pending"  # session key: the account waiting for its code


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("dossiers:mine")


def _limited(request: HttpRequest, scope: str, template: str, context: dict) -> HttpResponse | None:
    verdict = ratelimit.hit(request, scope)
    if verdict.allowed:
        return None
    response = render(request, template, {**context, "too_many": ratelimit.message(verdict)}, status=429)
    return ratelimit.mark_limited(response, verdict)


@public
@require_http_methods(["GET", "POST"])
def signin(request: HttpRequest) -> HttpResponse:
    """Sign in: the single sign-on's button, and the local account's form."""
    form = SignInForm(request.POST or None)
    context = {"form": form, "sso": sso_enabled(), "next": _next(request), "sso_failed": "loi" in request.GET}
    if request.method == "POST":
        limited = _limited(request, "citizen_signin", "citizens/signin.html", context)
        if limited is not None:
            return limited
        if form.is_valid():
            try:
                contact = services.normalise_contact(form.cleaned_data["contact"])[1]
            except ValidationError:
                contact = form.cleaned_data["contact"].strip()
            user = authenticate(request, username=contact, password=form.cleaned_data["password"])
            if user is not None and citizen_of(user) is not None:
                login(request, user)
                return HttpResponseRedirect(_next(request))
            form.add_error(None, _("The contact or the password is wrong, or the account is not verified yet."))
        return render(request, "citizens/signin.html", context, status=400)
    return render(request, "citizens/signin.html", context)


@public
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    form = SignUpForm(request.POST or None)
    if request.method == "POST":
        limited = _limited(request, "citizen_signup", "citizens/signup.html", {"form": form})
        if limited is not None:
            return limited
        if form.is_valid():
            try:
                profile = services.citizen_register(**form.cleaned_data)
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, messages)
            else:
                request.session[PENDING] = profile.pk
                return HttpResponseRedirect(reverse("citizens:verify"), status=303)
        return render(request, "citizens/signup.html", {"form": form}, status=400)
    return render(request, "citizens/signup.html", {"form": form})


@public
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """The one-time code of the account signed up in this browser."""
    pk = request.session.get(PENDING)
    profile = CitizenProfile.objects.select_related("user").filter(pk=pk).first() if pk else None
    if profile is None:
        return HttpResponseRedirect(reverse("citizens:signup"))
    form = CodeForm(request.POST or None)
    context = {"form": form, "destination": profile.email or profile.phone}
    if request.method == "POST":
        limited = _limited(request, "citizen_code", "citizens/verify.html", context)
        if limited is not None:
            return limited
        if "again" in request.POST:
            try:
                services.code_send(profile=profile)
            except ValidationError as exc:
                context["too_many"] = exc.message_dict.get("code", [""])[0]
                return render(request, "citizens/verify.html", {**context, "form": CodeForm()}, status=429)
            return render(request, "citizens/verify.html", {**context, "form": CodeForm(), "sent_again": True})
        if form.is_valid() and services.code_verify(profile=profile, code=form.cleaned_data["code"]):
            del request.session[PENDING]
            profile.user.backend = "django.contrib.auth.backends.ModelBackend"
            login(request, profile.user)
            return HttpResponseRedirect(reverse("dossiers:mine"), status=303)
        if form.is_valid():
            form.add_error("code", _("The code is wrong or has expired."))
        return render(request, "citizens/verify.html", context, status=400)
    return render(request, "citizens/verify.html", context)


@public
@require_POST
def signout(request: HttpRequest) -> HttpResponse:
    logout(request)
    return HttpResponseRedirect(reverse("dossiers:procedures"), status=303)


@citizen_required
@require_http_methods(["GET", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    """The citizen's details: the verified identity (read only) and the contact (editable)."""
    profile = citizen_of(request.user)
    assert profile is not None  # noqa: S101 - citizen_required
    form = ContactForm(
        request.POST or None, initial={"phone": profile.phone, "email": profile.email, "address": profile.address}
    )
    saved = False
    if request.method == "POST" and form.is_valid():
        try:
            profile = services.citizen_update_contact(actor=request.user, **form.cleaned_data)
            saved = True
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
    status = 400 if request.method == "POST" and not saved else 200
    return render(request, "citizens/account.html", {"profile": profile, "form": form, "saved": saved}, status=status)
