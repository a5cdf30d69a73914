"""Periodic jobs of dossiers (``tuphap.core.periodic``): the daily deadline warnings."""

from __future__ import annotations

import datetime as dt

from tuphap.core.periodic import ONCE_A_WORKING_DAY, Job


def _warn_deadlines(at: dt.datetime) -> str:
    from tuphap.dossiers.reminders import dossiers_warn_deadlines

    queued = dossiers_warn_deadlines(actor=None, at=at)
    return f"{queued} emails queued" if queued else ""


JOBS = [Job(name="dossier-deadline-warnings", cadence=ONCE_A_WORKING_DAY, run=_warn_deadlines)]
