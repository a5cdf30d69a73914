"""Background work of workplans (run by ``manage.py db_worker``): deadline
reminders by email through the outbox of ``tuphap.core.notifications``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.tasks import task


@task()
def remind_deadlines(today: str | None = None, **_: Any) -> dict[str, int]:
    """Queue the reminders due today (once each), then send the outbox."""
    from tuphap.core.notifications import deliver_pending
    from tuphap.workplans.services import tasks_remind

    day = dt.date.fromisoformat(today) if today else None
    queued = tasks_remind(actor=None, today=day)
    return {"reminders": queued, **deliver_pending()}
