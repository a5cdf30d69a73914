"""Core services: audit events and API tokens."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models, transaction

from tuphap.core.context import current_ip
from tuphap.core.models import ApiToken, AuditEvent, hash_token
from tuphap.orgs.permissions import require

TOKEN_PREFIX = "tp_"  # noqa: S105 - a visible prefix, not a secret


def audit_record(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    obj: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    ip: str | None = None,
) -> AuditEvent:
    """Append one audit event. Services call this inside their transaction."""
    user = actor if actor is not None and actor.is_authenticated else None
    event = AuditEvent(
        actor=user,  # type: ignore[misc]
        actor_name=user.get_username() if user is not None else "",
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:255] if obj is not None else "",
        before=before,
        after=after,
        ip=ip if ip is not None else current_ip.get(),
    )
    event.save()
    return event


def api_token_create(*, actor: AbstractBaseUser | None, username: str, name: str = "") -> str:
    """Create a bearer token for a user and return it (shown once, stored hashed).

    ``actor`` None means the command line (an operator with shell access).
    """
    user_model = get_user_model()
    user = user_model.objects.get(**{user_model.USERNAME_FIELD: username})
    if actor is not None and actor.pk != user.pk:
        require(actor, "orgs.manage")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(user=user, name=name, prefix=raw[:10], digest=hash_token(raw))
        audit_record(actor=actor, action="api_token.create", obj=token, after={"user": username, "name": name})
    return raw
