"""The HTTP API at /api/v1/ (django-ninja); OpenAPI at /api/v1/openapi.json.

Staff authenticate with the browser session or with ``Authorization: Bearer
<token>`` (``manage.py create_api_token USERNAME``). Every operation states its
authentication explicitly; public operations say ``auth=None``.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from tuphap.core.errors import ConflictError
from tuphap.core.models import ApiToken, hash_token
from tuphap.orgs.permissions import can, roles_of


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if not token or len(token) > 200:
            return None
        row = (
            ApiToken.objects.select_related("user")
            .filter(digest=hash_token(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if row is None:
            return None
        now = timezone.now()
        if row.last_used_at is None or now - row.last_used_at > timedelta(minutes=1):
            # at most one write a minute per token: reads stay reads
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        request.user = row.user
        return row.user


class StaffSession(SessionAuth):
    """Session auth (with CSRF on unsafe methods) for logged-in staff."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        return user if user is not None and can(user, "api.use") else None


# Bearer first: a program with a token needs no CSRF cookie; browsers fall through to the session.
staff_auth = [BearerToken(), StaffSession()]

api = NinjaAPI(
    title="tuphap API",
    version="1",
    description="API của hệ thống Tư pháp số (Sở Tư pháp).",
    urls_namespace="api",
    auth=staff_auth,
)


@api.exception_handler(ConflictError)
def on_conflict(request: HttpRequest, exc: ConflictError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc), "code": exc.code}, status=409)


@api.exception_handler(PermissionDenied)
def on_forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": "Vai trò của bạn không được phép thực hiện thao tác này."}, status=403)


@api.exception_handler(ObjectDoesNotExist)
def on_missing(request: HttpRequest, exc: ObjectDoesNotExist) -> HttpResponse:
    return api.create_response(request, {"detail": "Không tìm thấy."}, status=404)


@api.exception_handler(Http404)
def on_404(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": "Không tìm thấy."}, status=404)


@api.exception_handler(DjangoValidationError)
def on_invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        errors = [{"field": field, "message": str(message)} for field, messages in exc.message_dict.items() for message in messages]
    else:
        errors = [{"field": None, "message": str(message)} for message in exc.messages]
    return api.create_response(request, {"detail": errors}, status=422)


class HealthOut(Schema):
    status: str


class MeOut(Schema):
    username: str
    full_name: str
    roles: list[str]
    unit: str | None


@api.get("/health", response=HealthOut, auth=None, tags=["core"], summary="Public liveness check")
def health(request: HttpRequest) -> dict[str, str]:
    return {"status": "ok"}


@api.get("/me", response=MeOut, tags=["core"], summary="The authenticated user and their roles")
def me(request: HttpRequest) -> dict[str, Any]:
    user = request.auth  # type: ignore[attr-defined]
    if not can(user, "api.use"):
        raise AuthenticationError()
    profile = getattr(user, "staff_profile", None)
    return {
        "username": user.get_username(),
        "full_name": user.get_full_name(),
        "roles": sorted(role.value for role in roles_of(user)),
        "unit": profile.unit.name if profile is not None and profile.unit is not None else None,
    }




def _mount_routers() -> None:
    from tuphap.core.apps_registry import api_routers

    for prefix, router in api_routers():
        api.add_router(prefix, router)


_mount_routers()
