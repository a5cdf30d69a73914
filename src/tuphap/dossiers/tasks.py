"""Background work of dossiers: deadline warnings (sent through ``tuphap.core.notifications``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.tasks import task
from django.utils import timezone

from tuphap.core.notifications import Message, deliver_pending, queue


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
            for head in dossier.unit.staff.filter(user__groups__name="unit_head", user__is_active=True).select_related(
                "user"
            ):
                if head.user.email:
                    recipients.add(head.user.email)
            for email in recipients:
                by_recipient.setdefault(email, []).append(
                    f"{dossier.code} ({label}, hẹn {timezone.localtime(dossier.due_at):%H:%M %d/%m/%Y})"
                )
    rows = queue(
        messages=[
            Message.email(email, f"{len(lines)} hồ sơ cần chú ý", "\n".join(lines))
            for email, lines in by_recipient.items()
        ]
    )
    return len(rows)


@task()
def sweep(**_: Any) -> dict[str, int]:
    """The periodic job: deadline warnings, then the outbox."""
    warned = warn_deadlines()
    return {"warned": warned, **deliver_pending()}
