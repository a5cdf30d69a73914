"""Citizens' sign-in through OpenID Connect (mozilla-django-oidc): the national
identity's single sign-on in production, the stand-in provider
(``standins/oidc``) in the demo and the tests. Configured by the environment
(``settings.py``: ``OIDC_OP_*``, ``OIDC_RP_*``, ``OIDC_CLAIM_*``); without
``OIDC_OP_AUTHORIZATION_ENDPOINT`` the single sign-on is off and only local
accounts remain."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, SuspiciousOperation, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from tuphap.citizens.services import citizen_from_identity

log = logging.getLogger("tuphap.citizens")


def sso_enabled() -> bool:
    return bool(getattr(settings, "OIDC_OP_AUTHORIZATION_ENDPOINT", "") and getattr(settings, "OIDC_RP_CLIENT_ID", ""))


class CitizenOIDCBackend(OIDCAuthenticationBackend):
    """Finds the citizen by the provider's subject, never by email (an email is no identity)."""

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> Any:
        if request is None or not sso_enabled():
            return None
        return super().authenticate(request, **kwargs)

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claims.get("sub"))

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        claims = self.get_userinfo(access_token, id_token, payload)
        if claims.get("sub") != payload.get("sub"):
            log.warning("OIDC userinfo subject differs from the ID token's: refused")
            return None
        try:
            return citizen_from_identity(claims=claims)
        except (ValidationError, PermissionDenied) as exc:
            log.warning("OIDC sign-in refused: %s", exc)
            return None


class SignInStart(OIDCAuthenticationRequestView):
    """Sends the browser to the provider (404 when the single sign-on is off)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not sso_enabled():
            raise Http404
        response: HttpResponse = super().get(request)
        return response


class SignInCallback(OIDCAuthenticationCallbackView):
    """The provider's answer: the citizen is signed in and goes where they were going."""

    def get(self, request: HttpRequest) -> HttpResponse:
        try:
            response: HttpResponse = super().get(request)
        except SuspiciousOperation as exc:  # an unknown or replayed state: no sign-in, back to the page
            log.warning("OIDC callback refused: %s", exc)
            return self.login_failure()
        return response

    @property
    def failure_url(self) -> str:
        return reverse("citizens:signin") + "?loi=sso"

    @property
    def success_url(self) -> str:
        url = self.request.session.get("oidc_login_next")  # checked by the start view (same host only)
        return str(url) if url else reverse("dossiers:mine")
