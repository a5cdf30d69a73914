"""Sending the outbox: claim a due message (committed), send it, mark it sent.

Every committed message is sent; never by two workers at once; a failure is
retried with a growing delay, up to ``MAX_ATTEMPTS``; each message keeps one
idempotency key (``message_key``) across its attempts."""

from __future__ import annotations

import datetime as dt
import inspect
import logging
from email.utils import parseaddr
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F, Q
from django.tasks import task
from django.utils import timezone
from django.utils.module_loading import import_string

from tuphap.core.masking import mask_contact
from tuphap.core.models import Notification, OutboxStatus

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8
LEASE_SECONDS = 300  # a claimed message not marked sent by then is due again (setting TUPHAP_OUTBOX_LEASE_SECONDS)


class SmsGateway(Protocol):
    """``send(to, text)``; a gateway whose ``send`` also takes ``key=`` gets the
    message's idempotency key (``message_key``) as the carrier's client reference."""

    def send(self, to: str, text: str) -> None: ...


class LogSmsGateway:
    """Writes SMS to the log (the default until a carrier's gateway is configured)."""

    def send(self, to: str, text: str) -> None:
        log.info("SMS to %s: %s", mask_contact(to), text)  # logs never hold a whole phone number


def sms_gateway() -> SmsGateway:
    path = getattr(settings, "TUPHAP_SMS_GATEWAY", "tuphap.core.notifications.LogSmsGateway")
    gateway: SmsGateway = import_string(path)()
    return gateway


def message_key(row: Notification) -> str:
    """The idempotency key of a message, the same at every attempt: the email's
    Message-ID, and the client reference given to SMS gateways that take one
    (a ``key`` keyword argument of ``send``). A copy sent again after a crash
    (see ``deliver_pending``) carries the same key, so the receiver can drop it."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "tuphap.localhost"
    return f"<tuphap.notification.{row.pk}.{int(row.created_at.timestamp())}@{domain}>"


def _send_one(row: Notification, key: str) -> None:
    if row.kind == Notification.Kind.EMAIL:
        EmailMessage(row.subject, row.body, None, [row.to], headers={"Message-ID": key}).send(fail_silently=False)
    else:
        gateway = sms_gateway()
        if "key" in inspect.signature(gateway.send).parameters:
            gateway.send(row.to, row.body, key=key)  # type: ignore[call-arg]
        else:
            gateway.send(row.to, row.body)


def _lease() -> dt.timedelta:
    return dt.timedelta(seconds=float(getattr(settings, "TUPHAP_OUTBOX_LEASE_SECONDS", LEASE_SECONDS)))


def _claim(pk: int) -> Notification | None:
    """Take a due message for sending, or None if another worker took it.

    One conditional UPDATE (committed at once) both claims the message and
    counts the attempt: two workers can never both claim it, and no lock or
    transaction is held while the message travels (on SQLite a transaction
    would hold the database's write lock during an SMTP call). The claim is a
    lease: if this worker dies before marking the message sent, it falls due
    again when the lease ends and is sent again, with the same key."""
    now = timezone.now()
    claimed = (
        Notification.objects.filter(pk=pk, status=OutboxStatus.PENDING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(attempts=F("attempts") + 1, next_attempt_at=now + _lease())
    )
    return Notification.objects.filter(pk=pk).first() if claimed else None


def deliver_pending(limit: int = 200) -> dict[str, int]:
    """Send due outbox messages: claim (committed), send, mark sent.

    Every committed message is sent (a crash leaves it claimed; it is sent
    again when its lease ends) and never by two workers at once; the only
    window for a second copy is a crash between the carrier accepting the
    message and the mark, and that copy carries the same ``message_key``.
    (Sending before claiming, inside the transaction, had the same window but
    a new Message-ID at every attempt, and held the lock during the send.)"""
    sent = failed = 0
    now = timezone.now()
    ids = list(
        Notification.objects.filter(status=OutboxStatus.PENDING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .order_by("id")
        .values_list("id", flat=True)[:limit]
    )
    for pk in ids:
        row = _claim(pk)
        if row is None:
            continue
        try:
            _send_one(row, message_key(row))
        except Exception as exc:  # noqa: BLE001 - any failure is retried later
            error = f"{type(exc).__name__}: {exc}"[:1000]
            status = OutboxStatus.FAILED if row.attempts >= MAX_ATTEMPTS else OutboxStatus.PENDING
            retry_at = timezone.now() + dt.timedelta(minutes=2 ** min(row.attempts, 10))
            Notification.objects.filter(pk=pk).update(last_error=error, status=status, next_attempt_at=retry_at)
            failed += 1
            shown = mask_contact(row.to)
            log.warning(
                "notification %s to %s failed (attempt %s): %s",
                row.pk,
                shown,
                row.attempts,
                str(exc).replace(row.to, shown),
            )
            continue
        Notification.objects.filter(pk=pk, status=OutboxStatus.PENDING).update(
            status=OutboxStatus.SENT, sent_at=timezone.now()
        )
        sent += 1
    return {"sent": sent, "failed": failed}


@task()
def send_notifications() -> dict[str, int]:
    return deliver_pending()
