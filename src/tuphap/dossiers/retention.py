"""Retention of applicants' contact details (docs/privacy.md).

An applicant's phone, email and address serve the handling of the dossier:
notifications, the status look-up, and a complaint or lawsuit about it. Once
a dossier is closed (returned, refused or withdrawn) and the time for a
complaint (90 days, Law on Complaints 2011, Art. 9) and an administrative
lawsuit (one year, Law on Administrative Procedure 2015, Art. 116) has
passed with a margin, they no longer serve a purpose, and the Personal Data
Protection Law (Law 91/2025/QH15) asks that they be deleted. The dossier
itself (name, ID number, the procedure, the timeline, the scanned papers and
the result) is the agency's record and is kept under the archive rules.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet

from tuphap.core.models import Notification
from tuphap.core.services import audit_record
from tuphap.dossiers.models import Dossier
from tuphap.dossiers.workflow import State
from tuphap.orgs.permissions import require

#: two years after the dossier's finish: past the one-year limit for a lawsuit, with a margin
CONTACT_RETENTION_DAYS = 730
CLOSED = (State.RETURNED, State.REFUSED, State.WITHDRAWN)
CONTACT_FIELDS = ("applicant_phone", "applicant_email", "applicant_address")


@dataclass(frozen=True)
class PurgeReport:
    finished_before: dt.datetime
    dossiers: int
    notifications: int
    dry_run: bool


def dossiers_with_expired_contacts(finished_before: dt.datetime) -> QuerySet[Dossier]:
    """Closed dossiers finished before the instant that still hold a phone, email or address."""
    holds = Q(applicant_phone__gt="") | Q(applicant_email__gt="") | Q(applicant_address__gt="")
    return Dossier.objects.filter(state__in=CLOSED, finished_at__lt=finished_before).filter(holds)


def personal_data_purge(*, actor: Any, finished_before: dt.datetime, dry_run: bool = False) -> PurgeReport:
    """Blank the contact details of closed dossiers finished before ``finished_before``
    and delete their notifications (which hold the phone or email they went to).

    ``actor`` None is the command line. One audit event records the run."""
    if actor is not None:
        require(actor, "orgs.manage")
    with transaction.atomic():
        ids = list(dossiers_with_expired_contacts(finished_before).select_for_update().values_list("pk", flat=True))
        notifications = Notification.objects.about_any(Dossier, ids)
        count = notifications.count()
        if not dry_run and ids:
            notifications.delete()
            Dossier.objects.filter(pk__in=ids).update(**dict.fromkeys(CONTACT_FIELDS, ""))
            audit_record(
                actor=actor,
                action="dossier.purge_personal",
                after={
                    "finished_before": finished_before.isoformat(),
                    "dossiers": len(ids),
                    "notifications": count,
                    "fields": list(CONTACT_FIELDS),
                },
            )
    return PurgeReport(finished_before=finished_before, dossiers=len(ids), notifications=count, dry_run=dry_run)
