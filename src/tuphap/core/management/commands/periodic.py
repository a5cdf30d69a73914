"""Run the periodic jobs the apps register (``tuphap.core.periodic``), every
minute from ``make serve``, cron or systemd: one line per job that did
something or failed; a failing job does not stop the others, and the command
exits non-zero at the end if any failed."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tuphap.core.apps_registry import periodic_jobs, periodic_working_day
from tuphap.core.periodic import run_jobs


class Command(BaseCommand):
    help = "Run the periodic jobs that the apps register (aggregates, outbox, counters, daily deadline warnings)."

    def handle(self, *args: Any, **options: Any) -> None:
        outcomes = run_jobs(periodic_jobs(), is_working_day=periodic_working_day())
        for outcome in outcomes:
            if outcome.failed:
                self.stderr.write(f"{outcome.job}: FAILED ({outcome.error})")
            elif outcome.summary:
                self.stdout.write(f"{outcome.job}: {outcome.summary}")
        failed = [outcome.job for outcome in outcomes if outcome.failed]
        if failed:
            raise CommandError(f"{len(failed)} periodic job(s) failed: {', '.join(failed)} (see the log)")
