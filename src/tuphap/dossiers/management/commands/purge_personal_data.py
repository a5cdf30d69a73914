"""``manage.py purge_personal_data [--days N] [--dry-run]``: contact details past their retention, then
citizens' drafts and unused accounts (docs/privacy.md)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tuphap.dossiers.feedback import feedback_contact_purge
from tuphap.dossiers.retention import CONTACT_RETENTION_DAYS, citizens_data_purge, personal_data_purge


class Command(BaseCommand):
    help = (
        "Blank the applicant's phone, email and address of dossiers closed more than N days ago "
        "(default 730) and delete their notifications; delete old drafts of online applications and erase "
        "citizens' accounts no longer used. See docs/privacy.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=CONTACT_RETENTION_DAYS,
            help="retention after the dossier's finish, in days (at least 365)",
        )
        parser.add_argument("--dry-run", action="store_true", help="count only; change nothing")

    def handle(self, *args: Any, days: int, dry_run: bool, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            if days < 365:
                raise CommandError(
                    _("Keep contact details at least 365 days after a dossier closes (the time for a lawsuit).")
                )
            now = timezone.now()
            before = now - dt.timedelta(days=days)
            report = personal_data_purge(actor=None, finished_before=before, dry_run=dry_run)
            citizens = citizens_data_purge(actor=None, at=now, finished_before=before, dry_run=dry_run)
            facts = {
                "dossiers": report.dossiers,
                "notifications": report.notifications,
                "before": timezone.localtime(before).strftime("%d/%m/%Y"),
                "applications": report.applications,
                "drafts": citizens.drafts,
                "accounts": citizens.accounts,
            }
            if dry_run:
                self.stdout.write(
                    _(
                        "Would blank the contact details of %(dossiers)s dossiers closed before %(before)s and delete %(notifications)s notifications."  # noqa: E501
                    )
                    % facts
                )
                self.stdout.write(
                    _(
                        "Would blank the contact of %(applications)s online applications, delete %(drafts)s old drafts and erase %(accounts)s unused citizens' accounts."  # noqa: E501
                    )
                    % facts
                )
            else:
                self.stdout.write(
                    _(
                        "Blanked the contact details of %(dossiers)s dossiers closed before %(before)s; deleted %(notifications)s notifications."  # noqa: E501
                    )
                    % facts
                )
                self.stdout.write(
                    _(
                        "Blanked the contact of %(applications)s online applications; deleted %(drafts)s old drafts; erased %(accounts)s unused citizens' accounts."  # noqa: E501
                    )
                    % facts
                )
                # the senders of feedback answered before the same day (their text and name stay on record)
                answered = feedback_contact_purge(actor=None, answered_before=before)
                self.stdout.write(
                    _("Blanked the contact details of %(count)s feedback senders answered before %(before)s.")
                    % {"count": answered, "before": facts["before"]}
                )
