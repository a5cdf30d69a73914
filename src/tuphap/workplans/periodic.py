"""Periodic jobs of workplans (``tuphap.core.periodic``): the daily reminders of task deadlines."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tuphap.core.periodic import ONCE_A_WORKING_DAY, Job


def _remind(at: dt.datetime) -> str:
    from tuphap.workplans.services import tasks_remind

    queued = tasks_remind(actor=None, today=timezone.localdate(at))
    return f"{queued} reminders queued" if queued else ""


JOBS = [Job(name="task-deadline-reminders", cadence=ONCE_A_WORKING_DAY, run=_remind)]
