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

Online applications (issue 18) hold a copy of the contact the citizen gave and the link between
dossier and citizen: the contact goes with the dossier's, the link stays (it is part of the record
of who applied). Drafts and citizens' accounts go by the periods of ``tuphap.citizens.retention``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet

from tuphap.citizens import retention as citizen_retention
from tuphap.citizens.services import inactive_accounts_close, retention_days
from tuphap.core.models import Notification
from tuphap.core.services import audit_record
from tuphap.dossiers.models import Dossier, OnlineApplication
from tuphap.dossiers.online.services import online_drafts_purge
from tuphap.dossiers.workflow import State
from tuphap.orgs.permissions import require

#: two years after the dossier's finish: past the one-year limit for a lawsuit, with a margin
CONTACT_RETENTION_DAYS = 730
CLOSED = (State.RETURNED, State.REFUSED, State.WITHDRAWN)
CONTACT_FIELDS = ("applicant_phone", "applicant_email", "applicant_address")


APPLICATION_CONTACT_FIELDS = ("phone", "email", "address")


@dataclass(frozen=True)
class PurgeReport:
    finished_before: dt.datetime
    dossiers: int
    notifications: int
    dry_run: bool
    #: online applications whose contact was blanked with their dossier's
    applications: int = 0


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
        applications = list(
            applications_with_expired_contacts(finished_before).select_for_update().values_list("pk", flat=True)
        )
        if not dry_run and (ids or applications):
            notifications.delete()
            Dossier.objects.filter(pk__in=ids).update(**dict.fromkeys(CONTACT_FIELDS, ""))
            OnlineApplication.objects.filter(pk__in=applications).update(
                **dict.fromkeys(APPLICATION_CONTACT_FIELDS, "")
            )
            audit_record(
                actor=actor,
                action="dossier.purge_personal",
                after={
                    "finished_before": finished_before.isoformat(),
                    "dossiers": len(ids),
                    "notifications": count,
                    "fields": list(CONTACT_FIELDS),
                    "applications": len(applications),
                },
            )
    return PurgeReport(
        finished_before=finished_before,
        dossiers=len(ids),
        notifications=count,
        dry_run=dry_run,
        applications=len(applications),
    )


def applications_with_expired_contacts(finished_before: dt.datetime) -> QuerySet[OnlineApplication]:
    """Online applications of closed dossiers finished before the instant that still hold a contact."""
    holds = Q(phone__gt="") | Q(email__gt="") | Q(address__gt="")
    return OnlineApplication.objects.filter(dossier__state__in=CLOSED, dossier__finished_at__lt=finished_before).filter(
        holds
    )


# --------------------------------------------------------------------------- citizens' drafts and accounts


@dataclass(frozen=True)
class CitizensPurgeReport:
    drafts: int
    accounts: int
    dry_run: bool


def citizens_still_served(*, finished_before: dt.datetime, drafts_before: dt.datetime) -> QuerySet[Any]:
    """The citizens (user ids) whose account still serves an online dossier: one not closed, or closed
    after ``finished_before`` (its contact retention runs), or a draft saved after ``drafts_before``."""
    return (
        OnlineApplication.objects.filter(
            (Q(dossier__isnull=False) & _open_or_recent(finished_before))
            | Q(dossier__isnull=True, updated_at__gte=drafts_before)
        )
        .values("citizen_id")
        .distinct()
    )


def _open_or_recent(finished_before: dt.datetime) -> Q:
    """The application's dossier is not closed, or closed after ``finished_before``."""
    return (
        ~Q(dossier__state__in=CLOSED)
        | Q(dossier__finished_at__isnull=True)
        | Q(dossier__finished_at__gte=finished_before)
    )


def citizens_data_purge(
    *, actor: Any, at: dt.datetime, finished_before: dt.datetime, dry_run: bool = False
) -> CitizensPurgeReport:
    """Delete the drafts of online applications untouched for ``citizen_retention.DRAFTS``, then erase the
    citizens' accounts unused for ``citizen_retention.INACTIVE_ACCOUNTS`` whose online dossiers no
    longer need them (every one closed before ``finished_before``). Dossiers are never touched: an
    account with dossiers keeps a nameless user row, so each dossier still says which account applied."""
    if actor is not None:
        require(actor, "orgs.manage")
    drafts_before = at - dt.timedelta(days=retention_days(citizen_retention.DRAFTS))
    inactive_before = at - dt.timedelta(days=retention_days(citizen_retention.INACTIVE_ACCOUNTS))
    served = citizens_still_served(finished_before=finished_before, drafts_before=drafts_before)
    with transaction.atomic():
        if dry_run:
            drafts = OnlineApplication.objects.filter(dossier__isnull=True, updated_at__lt=drafts_before).count()
        else:  # the daily job's own deletion: the drafts' files go with them, one audit event
            drafts, _files = online_drafts_purge(at=at, actor=actor)
        accounts = inactive_accounts_close(actor=actor, inactive_before=inactive_before, keep=served, dry_run=dry_run)
    return CitizensPurgeReport(drafts=drafts, accounts=accounts, dry_run=dry_run)
