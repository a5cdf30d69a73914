"""The API's authentication for citizens: a bearer token (``manage.py create_api_token
<citizen>``) or the browser session (with CSRF), of an active citizen account only.
Staff tokens and sessions are refused here, as citizens' are on staff operations."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from tuphap.citizens.permissions import citizen_of
from tuphap.core.models import ApiToken, hash_token


class CitizenBearer(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if not token or len(token) > 200:
            return None
        row = (
            ApiToken.objects.select_related("user", "user__citizen_profile")
            .filter(digest=hash_token(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if row is None or citizen_of(row.user) is None:
            return None
        now = timezone.now()
        if row.last_used_at is None or now - row.last_used_at > timedelta(minutes=1):
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        request.user = row.user
        request.auth_token = row  # type: ignore[attr-defined]
        return row.user


class CitizenSession(SessionAuth):
    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        return user if user is not None and citizen_of(user) is not None else None

    def _get_key(self, request: HttpRequest) -> str | None:
        if self.param_name not in request.COOKIES:
            return None
        return super()._get_key(request)


citizen_auth = [CitizenBearer(), CitizenSession()]
