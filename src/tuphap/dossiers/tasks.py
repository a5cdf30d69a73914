"""Background work of dossiers: the notification outbox and deadline warnings."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any, Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.utils import timezone
from django.utils.module_loading import import_string

from tuphap.dossiers.models import Notification, OutboxStatus

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8


class SmsGateway(Protocol):
    def send(self, to: str, text: str) -> None: ...


class LogSmsGateway:
    """Writes SMS to the log (the default until a carrier's gateway is configured)."""

    def send(self, to: str, text: str) -> None:
        log.info("SMS to %s: %s", to, text)


def sms_gateway() -> SmsGateway:
    path = getattr(settings, "TUPHAP_SMS_GATEWAY", "tuphap.dossiers.tasks.LogSmsGateway")
    gateway: SmsGateway = import_string(path)()
    return gateway


def _send_one(row: Notification) -> None:
    if row.kind == Notification.Kind.EMAIL:
        send_mail(row.subject, row.body, None, [row.to], fail_silently=False)
    else:
        sms_gateway().send(row.to, row.body)


def deliver_pending(limit: int = 200) -> dict[str, int]:
    """Send due outbox messages once each: a row is claimed (status sent) in the
    same transaction that sends it, so a crash before commit leaves it pending
    and a second worker never sends it twice."""
    sent = failed = 0
    now = timezone.now()
    ids = list(
        Notification.objects.filter(status=OutboxStatus.PENDING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .order_by("id")
        .values_list("id", flat=True)[:limit]
    )
    for pk in ids:
        with transaction.atomic():
            row = Notification.objects.select_for_update().filter(pk=pk, status=OutboxStatus.PENDING).first()
            if row is None:
                continue
            try:
                _send_one(row)
            except Exception as exc:  # noqa: BLE001 - any failure is retried later
                row.attempts += 1
                row.last_error = f"{type(exc).__name__}: {exc}"[:1000]
                row.status = OutboxStatus.FAILED if row.attempts >= MAX_ATTEMPTS else OutboxStatus.PENDING
                row.next_attempt_at = timezone.now() + dt.timedelta(minutes=2 ** min(row.attempts, 10))
                row.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
                failed += 1
                log.warning("notification %s to %s failed (attempt %s): %s", row.pk, row.to, row.attempts, exc)
                continue
            row.status = OutboxStatus.SENT
            row.sent_at = timezone.now()
            row.attempts += 1
            row.save(update_fields=["status", "sent_at", "attempts"])
            sent += 1
    return {"sent": sent, "failed": failed}


@task()
def send_notifications() -> dict[str, int]:
    return deliver_pending()


def warn_deadlines(at: dt.datetime | None = None) -> int:
    """Email handlers and unit heads about dossiers due within a working day or overdue."""
    from tuphap.dossiers.selectors import dossiers_due_soon, dossiers_overdue

    now = at or timezone.now()
    by_recipient: dict[str, list[str]] = {}
    for label, qs in (("quá hạn", dossiers_overdue(at=now)), ("sắp đến hạn", dossiers_due_soon(at=now))):
        for dossier in qs.select_related("handler", "unit"):
            recipients: set[str] = set()
            if dossier.handler is not None and dossier.handler.email:
                recipients.add(dossier.handler.email)
            for head in dossier.unit.staff.filter(user__groups__name="unit_head", user__is_active=True).select_related("user"):
                if head.user.email:
                    recipients.add(head.user.email)
            for email in recipients:
                by_recipient.setdefault(email, []).append(f"{dossier.code} ({label}, hẹn {timezone.localtime(dossier.due_at):%H:%M %d/%m/%Y})")
    rows = [
        Notification(kind=Notification.Kind.EMAIL, to=email, subject=f"{len(lines)} hồ sơ cần chú ý", body="\n".join(lines))
        for email, lines in by_recipient.items()
    ]
    Notification.objects.bulk_create(rows)
    return len(rows)


@task()
def sweep(**_: Any) -> dict[str, int]:
    """The periodic job: deadline warnings, then the outbox."""
    warned = warn_deadlines()
    return {"warned": warned, **deliver_pending()}
