"""The periodic jobs, run every minute by `make serve` (or cron/systemd):
bring the report aggregates up to date, send the notification outbox, move
the portal's counters from Redis to the database (when Redis is configured),
delete expired idempotency keys, and once a working day (from 07:00) warn handlers of dossiers due soon or overdue."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone


class Command(BaseCommand):
    help = "Run the periodic jobs (aggregates, outbox, portal counters, daily deadline warnings)."

    def handle(self, *args: Any, **options: Any) -> None:
        from tuphap.core.idempotency import purge_expired
        from tuphap.dossiers.tasks import deliver_pending, warn_deadlines
        from tuphap.portal.counting import flush as flush_portal_counters
        from tuphap.reports.aggregates import refresh
        from tuphap.workdays.selectors import office_clock

        counted = refresh()
        now = timezone.localtime()
        marker = settings.VAR_DIR / "last-deadline-warning"
        warned = 0
        if now.hour >= 7 and office_clock().is_working_day(now.date()):
            last = marker.read_text(encoding="ascii").strip() if marker.exists() else ""
            if last != now.date().isoformat():
                warned = warn_deadlines()
                try:
                    from django.core.management import call_command

                    call_command("workplans_remind", verbosity=0)  # the tasks' reminders, once a day too
                except Exception:  # noqa: BLE001 - the workplans app may be absent; never stop the other jobs
                    import logging

                    logging.getLogger(__name__).exception("workplans reminders failed")
                marker.parent.mkdir(parents=True, exist_ok=True)
                marker.write_text(now.date().isoformat(), encoding="ascii")
        sent = deliver_pending()
        views, visits = flush_portal_counters()  # with Redis: the portal's views and visits into the database
        purge_expired()  # API idempotency keys and form tokens past their lifetime
        if counted or warned or sent["sent"] or sent["failed"] or views or visits:
            self.stdout.write(
                f"aggregates: {counted} dossiers; warnings: {warned}; outbox: {sent}; portal: +{views} views, +{visits} visits"
            )
