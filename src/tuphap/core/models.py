"""Append-only audit events, API tokens, idempotency keys, the notification outbox
and the last runs of the periodic jobs."""

from __future__ import annotations

import hashlib
from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete an audit event (a programming error)."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit events are append-only: update() is refused")

    def delete(self) -> NoReturn:  # type: ignore[override]
        raise AppendOnlyError("audit events are append-only: delete() is refused")


class AuditEvent(models.Model):
    """One thing a service did: who, when, what, to which object, before/after.

    Written only by ``tuphap.core.services.audit_record``; never edited.
    """

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=100)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=255, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit event")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_object_idx"),
            # a plain index: the field's own would add a pattern index on PostgreSQL that no query uses
            models.Index(fields=["action"], name="audit_action_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name or '-'} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("audit events are append-only: an existing event cannot be saved again")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit events are append-only: delete() is refused")


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class ApiToken(models.Model):
    """A bearer token for programs; only its SHA-256 is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(_("prefix"), max_length=12, db_index=True)
    digest = models.CharField(_("digest"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API token")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    #: Fixed at creation: a token is never re-assigned to another account nor
    #: given another secret (an audit event names the token's owner as the actor
    #: of every request made with it); a new owner gets a new token.
    FIXED = ("user_id", "digest", "prefix")
    _fixed: dict[str, Any]

    def save(self, *args: Any, **kwargs: Any) -> None:
        fixed = getattr(self, "_fixed", {})
        changed = [name for name, value in fixed.items() if self.__dict__.get(name, value) != value]
        if changed and not self._state.adding:
            raise ValueError(f"an API token is never re-assigned: {', '.join(changed)} cannot change")
        super().save(*args, **kwargs)
        self._fixed = {name: self.__dict__[name] for name in self.FIXED if name in self.__dict__}

    @classmethod
    def from_db(cls, db: str | None, field_names: Any, values: Any, *args: Any, **kwargs: Any) -> ApiToken:
        row = super().from_db(db, field_names, values, *args, **kwargs)
        row._fixed = {name: row.__dict__[name] for name in cls.FIXED if name in row.__dict__}
        return row


class IdempotencyKey(models.Model):
    """The first answer to a request that may be sent again: an API POST with an
    ``Idempotency-Key`` header, or an HTML form with a one-time token.

    Written by ``tuphap.core.idempotency`` in the same transaction as what the
    request creates, so a key exists exactly when its work was committed; kept
    until ``expires_at`` (``TUPHAP_IDEMPOTENCY_HOURS``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(_("key"), max_length=300)
    fingerprint = models.CharField(_("request fingerprint"), max_length=64)
    status = models.PositiveSmallIntegerField(_("status"), null=True, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    body = models.BinaryField(_("body"), default=b"")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_user_key_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.key}"


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class NotificationQuerySet(models.QuerySet["Notification"]):
    def about(self, obj: models.Model) -> NotificationQuerySet:
        """The messages about one object (a dossier, a task, …)."""
        return self.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))

    def about_any(self, model: type[models.Model], ids: Any) -> NotificationQuerySet:
        """The messages about any of these objects of one model."""
        return self.filter(object_type=model._meta.label_lower, object_id__in=[str(pk) for pk in ids])


class Notification(models.Model):
    """An email or SMS to send: queued by ``tuphap.core.notifications.queue`` in
    the service's transaction, sent by ``deliver_pending`` (the worker and the
    periodic job). ``object_type``/``object_id`` name what the message is about
    (``dossiers.dossier`` and its id; as the audit events do), so that the
    outbox knows no domain app and an app can still find and purge its
    messages (``Notification.objects.about(dossier)``)."""

    class Kind(models.TextChoices):
        EMAIL = "email", _("Email")
        SMS = "sms", _("SMS")

    object_type = models.CharField(_("object type"), max_length=100, blank=True, default="")
    object_id = models.CharField(_("object id"), max_length=64, blank=True, default="")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    to = models.CharField(_("recipient"), max_length=255)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    body = models.TextField(_("body"))
    status = models.CharField(_("status"), max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="notification_object_idx"),
            models.Index(fields=["status"], name="notification_status_idx"),  # plain: no pattern index
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.to} ({self.status})"


class JobRun(models.Model):
    """The last working day a daily periodic job ran (``tuphap.core.periodic``):
    a daily job runs once per working day, whichever process runs ``periodic``."""

    name = models.CharField(_("job"), max_length=100, unique=True)
    last_day = models.DateField(_("last day"))
    last_at = models.DateTimeField(_("last run at"))

    class Meta:
        verbose_name = _("periodic job run")
        verbose_name_plural = _("periodic job runs")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} {self.last_day}"
