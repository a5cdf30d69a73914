"""Periodic jobs of citizens' accounts (``tuphap.core.periodic``), daily: delete old one-time codes, and
erase local accounts whose contact was never verified (the periods: ``citizens.retention``)."""

from __future__ import annotations

import datetime as dt

from tuphap.core.periodic import ONCE_A_WORKING_DAY, Job


def _purge_codes(at: dt.datetime) -> str:
    from tuphap.citizens.services import codes_purge

    deleted = codes_purge(at=at)
    return f"{deleted} one-time codes deleted" if deleted else ""


def _purge_unverified(at: dt.datetime) -> str:
    from tuphap.citizens.services import unverified_accounts_purge

    erased = unverified_accounts_purge(at=at)
    return f"{erased} never verified local accounts erased" if erased else ""


JOBS = [
    Job(name="citizen-codes-purge", cadence=ONCE_A_WORKING_DAY, run=_purge_codes),
    Job(name="citizen-accounts-purge", cadence=ONCE_A_WORKING_DAY, run=_purge_unverified),
]
