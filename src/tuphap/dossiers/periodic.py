"""Periodic jobs of dossiers (``tuphap.core.periodic``): the daily deadline warnings, the purge of
online drafts left untouched past their retention (with their files)."""

from __future__ import annotations

import datetime as dt

from tuphap.core.periodic import ONCE_A_WORKING_DAY, Job


def _warn_deadlines(at: dt.datetime) -> str:
    from tuphap.dossiers.reminders import dossiers_warn_deadlines

    queued = dossiers_warn_deadlines(actor=None, at=at)
    return f"{queued} emails queued" if queued else ""


def _purge_drafts(at: dt.datetime) -> str:
    from tuphap.dossiers.online.services import online_drafts_purge

    drafts, files = online_drafts_purge(at=at)
    return f"{drafts} online drafts deleted with {files} files" if drafts else ""


JOBS = [
    Job(name="dossier-deadline-warnings", cadence=ONCE_A_WORKING_DAY, run=_warn_deadlines),
    Job(name="online-drafts-purge", cadence=ONCE_A_WORKING_DAY, run=_purge_drafts),
]
