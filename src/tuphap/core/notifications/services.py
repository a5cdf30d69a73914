"""Queueing messages: ``queue`` (any emails and SMS) and ``notify`` (one
person's email and phone), written in the caller's transaction; the sender
task is enqueued once that transaction commits (``deliver_pending`` sends)."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.db import connection, models, transaction

from tuphap.core.models import Notification
from tuphap.core.rows import cursor, insert

log = logging.getLogger(__name__)
SMS_MAX_CHARS = 480
_quiet: ContextVar[bool] = ContextVar("tuphap_notifications_quiet", default=False)


@dataclass(frozen=True)
class Message:
    """One message to queue: an email (with a subject) or an SMS (body only)."""

    kind: str
    to: str
    body: str
    subject: str = ""

    @classmethod
    def email(cls, to: str, subject: str, body: str) -> Message:
        return cls(kind=Notification.Kind.EMAIL, to=to, subject=subject[:255], body=body)

    @classmethod
    def sms(cls, to: str, text: str) -> Message:
        return cls(kind=Notification.Kind.SMS, to=to, body=text[:SMS_MAX_CHARS])


@contextmanager
def quiet() -> Iterator[None]:
    """No notifications inside: for imports of historical records (and the demo)."""
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)


def queue(*, messages: Iterable[Message], about: models.Model | None = None) -> list[Notification]:
    """Write the messages to the outbox in the current transaction (nothing
    inside ``quiet()``), and enqueue the sender once it commits. ``about``:
    the object they concern (kept as ``object_type``/``object_id``)."""
    if _quiet.get():
        return []
    ref = {"object_type": about._meta.label_lower, "object_id": str(about.pk)} if about is not None else {}
    rows = [Notification(kind=m.kind, to=m.to, subject=m.subject, body=m.body, **ref) for m in messages]
    if not rows:
        return []
    insert(*rows)  # one plain multi-row INSERT (most intakes queue an email and an SMS)
    from tuphap.core.notifications.delivery import send_notifications

    transaction.on_commit(lambda: _enqueue_quietly(send_notifications))
    return rows


def notify(
    *, about: models.Model | None, email: str = "", phone: str = "", subject: str, body: str
) -> list[Notification]:
    """Queue an email and an SMS to one person (each where given); the SMS
    says ``subject. body`` in at most 480 characters."""
    messages = []
    if email:
        messages.append(Message.email(email, subject, body))
    if phone:
        messages.append(Message.sms(phone, f"{subject}. {body}"))
    return queue(messages=messages, about=about)


def _enqueue_quietly(task: Any) -> None:
    """Enqueue the outbox sender unless one is already waiting (one task drains all)."""
    try:
        if _waiting(task.module_path):
            return
        task.enqueue()
    except Exception:  # noqa: BLE001 - the outbox keeps the message; the periodic job sends it later
        log.warning("could not enqueue %s; the periodic job will send", task, exc_info=True)


#: vendor -> the statement of ``_waiting``
_WAITING: dict[str, str] = {}


def _waiting(task_path: str) -> bool:
    """Whether a task of ``task_path`` waits to run: one plain statement after every commit that queued mail."""
    sql = _WAITING.get(connection.vendor)
    if sql is None:
        from django_tasks_db.models import DBTaskResult

        quote = connection.ops.quote_name
        sql = _WAITING[connection.vendor] = (
            f"SELECT 1 FROM {quote(DBTaskResult._meta.db_table)} "  # noqa: S608 - names from the model
            f"WHERE {quote('task_path')} = %s AND {quote('status')} = %s LIMIT 1"
        )
    with cursor() as waiting:
        waiting.execute(sql, [task_path, "READY"])
        return waiting.fetchone() is not None
