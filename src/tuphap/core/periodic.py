"""The periodic jobs that apps register, and the one way they are run.

An app lists its jobs in ``<app>/periodic.py``::

    JOBS = [Job(name="aggregates", cadence=EVERY_MINUTE, run=refresh_job)]

``run(at)`` does the work at the aware instant ``at`` and returns one short
line saying what it did ("" when it had nothing to do). ``manage.py periodic``
(every minute, from cron, systemd or ``make serve``) runs what
``apps_registry.periodic_jobs()`` collects, the domain apps' in registry
order then core's own (the outbox last, so that what the others queued goes
out in the same minute):

- ``EVERY_MINUTE``: at every run;
- ``ONCE_A_WORKING_DAY``: at the first run from ``DAILY_FROM_HOUR`` (07:00,
  local time) on a working day, once whatever the number of processes:
  ``core.JobRun`` keeps the last day of each such job (claimed before the job
  runs, released if it fails, so that the next run tries again).

Which days are working days is the calendar's business: an app's
``periodic.py`` may define ``is_working_day(day) -> bool`` (the workdays app
does); without one, Monday to Friday. One failing job does not stop the
others: its traceback goes to the log, its line says it failed, and
``run_jobs`` reports it so the command can exit non-zero.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from tuphap.core.models import JobRun

log = logging.getLogger(__name__)

EVERY_MINUTE = "every_minute"
ONCE_A_WORKING_DAY = "once_a_working_day"
CADENCES = (EVERY_MINUTE, ONCE_A_WORKING_DAY)
DAILY_FROM_HOUR = 7

WorkingDay = Callable[[dt.date], bool]


@dataclass(frozen=True)
class Job:
    name: str
    cadence: str
    run: Callable[[dt.datetime], str]

    def __post_init__(self) -> None:
        if self.cadence not in CADENCES:
            raise ValueError(f"periodic job {self.name!r}: unknown cadence {self.cadence!r}")


@dataclass(frozen=True)
class Outcome:
    job: str
    summary: str = ""  # what the job did ("": nothing)
    error: str = ""  # the exception, when it failed
    skipped: bool = False  # not due at this run

    @property
    def failed(self) -> bool:
        return bool(self.error)


def monday_to_friday(day: dt.date) -> bool:
    return day.weekday() < 5


def _claim_day(name: str, day: dt.date, at: dt.datetime) -> dt.date | None | bool:
    """Record that the daily job runs on ``day``: the previous day recorded (None
    for a first run) when this process may run it, False when it already ran."""
    with transaction.atomic():
        row = JobRun.objects.select_for_update().filter(name=name).first()
        if row is None:
            try:
                with transaction.atomic():
                    JobRun.objects.create(name=name, last_day=day, last_at=at)
            except IntegrityError:  # another process created it just now: it runs the job
                return False
            return None
        if row.last_day >= day:
            return False
        previous = row.last_day
        JobRun.objects.filter(pk=row.pk).update(last_day=day, last_at=at)
        return previous


def _release_day(name: str, previous: dt.date | None) -> None:
    """The daily job failed: forget today's claim, so that the next run tries again."""
    if previous is None:
        JobRun.objects.filter(name=name).delete()
    else:
        JobRun.objects.filter(name=name).update(last_day=previous)


def run_jobs(
    jobs: Iterable[Job], *, at: dt.datetime | None = None, is_working_day: WorkingDay = monday_to_friday
) -> list[Outcome]:
    """Run the jobs due at ``at`` (default now), each on its own: a failure is
    logged and reported, and the next job runs."""
    now = at or timezone.now()
    local = timezone.localtime(now)
    daily_due = local.hour >= DAILY_FROM_HOUR and is_working_day(local.date())
    outcomes = []
    for job in jobs:
        previous: dt.date | None | bool = None
        if job.cadence == ONCE_A_WORKING_DAY:
            if not daily_due:
                outcomes.append(Outcome(job.name, skipped=True))
                continue
            previous = _claim_day(job.name, local.date(), now)
            if previous is False:
                outcomes.append(Outcome(job.name, skipped=True))
                continue
        try:
            summary = job.run(now)
        except Exception as exc:  # noqa: BLE001 - one failing job must not stop the others
            log.exception("periodic job %s failed", job.name)
            if job.cadence == ONCE_A_WORKING_DAY:
                _release_day(job.name, previous if isinstance(previous, dt.date) else None)
            outcomes.append(Outcome(job.name, error=f"{type(exc).__name__}: {exc}"[:500]))
            continue
        outcomes.append(Outcome(job.name, summary=summary or ""))
    return outcomes


# --------------------------------------------------------------------------- core's own jobs


def _outbox(at: dt.datetime) -> str:
    from tuphap.core.notifications import deliver_pending

    result = deliver_pending()
    return f"{result['sent']} sent, {result['failed']} failed" if result["sent"] or result["failed"] else ""


def _idempotency_purge(at: dt.datetime) -> str:
    from tuphap.core.idempotency import purge_expired

    purge_expired()  # API idempotency keys and form tokens past their lifetime (quietly, as before)
    return ""


#: run after the apps' jobs (see ``apps_registry.periodic_jobs``)
JOBS = [
    Job(name="outbox", cadence=EVERY_MINUTE, run=_outbox),
    Job(name="idempotency-purge", cadence=EVERY_MINUTE, run=_idempotency_purge),
]
