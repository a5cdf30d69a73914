"""Core services: audit events and API tokens."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models, transaction
from django.utils import timezone

from tuphap.core import rows
from tuphap.core.context import current_ip
from tuphap.core.models import ApiToken, AuditEvent, hash_token
from tuphap.orgs.permissions import require

TOKEN_PREFIX = "tp_"  # noqa: S105 - a visible prefix, not a secret


def acting_user(actor: AbstractBaseUser | AnonymousUser | None) -> Any:
    """The account to store as who acted: None for the system (no actor) and for anonymous users."""
    return actor if actor is not None and actor.is_authenticated else None


def audit_record(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    obj: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    ip: str | None = None,
    operator: str = "",
) -> AuditEvent:
    """Append one audit event. Services call this inside their transaction.

    ``actor`` is the person who acted: the signed-in user, the owner of the API
    token of the request (a token is never re-assigned, so its owner is who
    used it), the administrator in the admin. ``operator`` names an actor
    without an account, e.g. a management command and the system account
    that ran it, when ``actor`` is None."""
    user = acting_user(actor)
    event = AuditEvent(
        actor=user,
        actor_name=user.get_username() if user is not None else operator[:150],
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:255] if obj is not None else "",
        before=before,
        after=after,
        ip=ip if ip is not None else current_ip.get(),
    )
    rows.insert(event)  # a new row, in one plain statement: every service writes one
    return event


def audit_value(value: Any) -> Any:
    """A value as an audit event stores it (JSON): a date or time as ISO text, a row as its key."""
    if isinstance(value, dt.date):  # datetime is a date too
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    return value


def audited_save[M: models.Model](
    obj: M,
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    changes: Mapping[str, Any] | None = None,
    fields: Iterable[str] = (),
    snapshot: Callable[[M], dict[str, Any]] | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    operator: str = "",
) -> M:
    """Write ``obj`` and its audit event together, in the caller's transaction (or
    one of its own): how a service saves a row it audits.

    ``changes`` are set on ``obj`` first. A loaded row saves the fields of
    ``changes`` and ``fields`` (``update_fields``: other columns are not
    rewritten); a new row (``Model(...)``, not saved yet) is inserted whole,
    as ``Model.objects.create`` inserts it.
    The event's ``before`` and ``after`` are the ones given, else
    ``snapshot(obj)`` taken before the changes (a loaded row only) and after
    the save; without either, ``after`` is ``changes`` (:func:`audit_value`)
    and ``before`` none."""
    with transaction.atomic(savepoint=False):
        adding = obj._state.adding
        if before is None and snapshot is not None and not adding:
            before = snapshot(obj)
        for name, value in (changes or {}).items():
            setattr(obj, name, value)
        if adding:
            obj.save(force_insert=True)
        else:
            obj.save(update_fields=[*(changes or {}), *fields])
        if after is None and snapshot is not None:
            after = snapshot(obj)
        elif after is None and changes:
            after = {name: audit_value(value) for name, value in changes.items()}
        audit_record(actor=actor, action=action, obj=obj, before=before, after=after, operator=operator)
    return obj


def audited_edit[M: models.Model](
    obj: M, changed: Mapping[str, Any], *, actor: AbstractBaseUser | AnonymousUser | None, action: str
) -> M:
    """Set ``changed`` (the fields whose values differ) on a loaded row, validate
    it (``full_clean``) and save those fields with their audit event: each one's
    value before and after, as text."""
    before = {name: str(getattr(obj, name)) for name in changed}
    for name, value in changed.items():
        setattr(obj, name, value)
    obj.full_clean()
    return audited_save(
        obj,
        actor=actor,
        action=action,
        fields=list(changed),
        before=before,
        after={name: str(value) for name, value in changed.items()},
    )


def audited_create[M: models.Model](
    model: type[M],
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    snapshot: Callable[[M], dict[str, Any]] | None = None,
    after: dict[str, Any] | None = None,
    **fields: Any,
) -> M:
    """Build a new ``model`` row of ``fields`` (as ``Model.objects.create`` takes them),
    validate it (``full_clean``) and insert it with its audit event: the creation
    counterpart of :func:`audited_edit`. The event's ``after`` is the one given,
    else ``snapshot`` of the new row."""
    obj = model(**fields)
    obj.full_clean()
    return audited_save(obj, actor=actor, action=action, snapshot=snapshot, after=after)


def api_token_issue(
    *, actor: AbstractBaseUser | None, user: AbstractBaseUser, name: str = "", operator: str = ""
) -> tuple[ApiToken, str]:
    """Create a bearer token for ``user``: the row and the token itself (shown
    once, stored hashed). A token stays its owner's for ever (``ApiToken.save``);
    another owner needs a new token.

    ``actor`` None means the command line (an operator with shell access,
    named by ``operator`` in the audit event)."""
    if actor is not None and actor.pk != user.pk:
        require(actor, "orgs.manage")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = audited_save(
        ApiToken(user=user, name=name, prefix=raw[:10], digest=hash_token(raw)),  # type: ignore[misc]
        actor=actor,
        action="api_token.create",
        after={"user": user.get_username(), "name": name},
        operator=operator,
    )
    return token, raw


def api_token_create(*, actor: AbstractBaseUser | None, username: str, name: str = "", operator: str = "") -> str:
    """Create a bearer token for the user named ``username`` and return it (see :func:`api_token_issue`)."""
    user_model = get_user_model()
    user = user_model.objects.get(**{user_model.USERNAME_FIELD: username})
    return api_token_issue(actor=actor, user=user, name=name, operator=operator)[1]


def api_token_revoke(*, actor: AbstractBaseUser | None, token: ApiToken) -> ApiToken:
    """Revoke a token (for good: a token is never re-activated). Its owner may
    revoke their own; anyone else needs ``orgs.manage``. Revoking a revoked
    token changes nothing and records nothing."""
    if actor is not None and actor.pk != token.user_id:
        require(actor, "orgs.manage")
    with transaction.atomic():
        row = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
        if row.revoked_at is None:
            now = timezone.now()
            audited_save(
                row,
                actor=actor,
                action="api_token.revoke",
                changes={"revoked_at": now},
                before={"revoked_at": None},
                after={"user": row.user.get_username(), "name": row.name, "revoked_at": now.isoformat()},
            )
    token.revoked_at = row.revoked_at
    return row
