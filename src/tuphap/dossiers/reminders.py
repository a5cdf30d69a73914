"""Deadline warnings of dossiers: one service, one table, like the tasks' reminders.

``dossiers_warn_deadlines`` emails each dossier's handler and the active
heads of its unit about the dossiers due within a working day or overdue,
one email per recipient listing their dossiers (as before). Each warning goes
once per kind and appointment (``DossierReminder``, unique): an overdue
dossier is not announced again every day, and a new appointment (a pause, an
extension) is a new warning. It runs once a working day as a periodic job
(``dossiers/periodic.py``) and sends through ``tuphap.core.notifications``.

Why a table per app and not one in core: ``workplans.TaskReminder`` keys on
a task and a due date, this on a dossier and an appointment instant; each
keeps a foreign key (the database removes a reminder with its object) and
core stays free of domain models. The rule is the same: claim the reminder
row in the transaction that queues the email, so both happen or neither.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from tuphap.core.notifications import Message, queue
from tuphap.dossiers.messages import deadline_line, deadline_warning
from tuphap.dossiers.models import Dossier, DossierReminder
from tuphap.dossiers.selectors import dossiers_due_soon, dossiers_overdue
from tuphap.orgs.models import StaffProfile
from tuphap.orgs.permissions import require
from tuphap.orgs.roles import Role


def _unit_heads(unit_ids: set[int]) -> dict[int, set[str]]:
    """The email addresses of the active heads of each unit (one query)."""
    heads: dict[int, set[str]] = {}
    rows = (
        StaffProfile.objects.filter(unit_id__in=unit_ids, user__groups__name=Role.UNIT_HEAD, user__is_active=True)
        .exclude(user__email="")
        .values_list("unit_id", "user__email")
    )
    for unit_id, email in rows:
        heads.setdefault(unit_id, set()).add(email)
    return heads


def dossiers_warn_deadlines(*, actor: Any = None, at: dt.datetime | None = None) -> int:
    """Queue the deadline warnings not sent yet; returns how many emails were queued.
    ``actor`` None is the periodic job (or the command line)."""
    if actor is not None:
        require(actor, "orgs.manage")
    now = at or timezone.now()
    candidates: list[tuple[DossierReminder.Kind, Dossier]] = [
        (kind, dossier)
        for kind, qs in (
            (DossierReminder.Kind.OVERDUE, dossiers_overdue(at=now)),
            (DossierReminder.Kind.DUE_SOON, dossiers_due_soon(at=now)),
        )
        for dossier in qs.select_related("handler")
    ]
    if not candidates:
        return 0
    with transaction.atomic():
        sent = set(
            DossierReminder.objects.filter(dossier_id__in={d.pk for _, d in candidates}).values_list(
                "dossier_id", "kind", "due_at"
            )
        )
        due = [(kind, d) for kind, d in candidates if (d.pk, kind.value, d.due_at) not in sent]
        if not due:
            return 0
        heads = _unit_heads({d.unit_id for _, d in due})
        by_recipient: dict[str, list[str]] = {}
        reminders = []
        for kind, dossier in due:
            if dossier.due_at is None:  # never: both selectors filter on the appointment
                continue
            recipients = set(heads.get(dossier.unit_id, ()))
            if dossier.handler is not None and dossier.handler.email:
                recipients.add(dossier.handler.email)
            line = deadline_line(code=dossier.code, overdue=kind == DossierReminder.Kind.OVERDUE, due_at=dossier.due_at)
            for email in recipients:
                by_recipient.setdefault(email, []).append(line)
            reminders.append(
                DossierReminder(dossier=dossier, kind=kind, due_at=dossier.due_at, recipients=sorted(recipients))
            )
        DossierReminder.objects.bulk_create(reminders)  # a concurrent run: the unique constraint undoes this one
        rows = queue(messages=[Message.email(email, *deadline_warning(lines)) for email, lines in by_recipient.items()])
    return len(rows)
