"""Periodic jobs of citizens' accounts (``tuphap.core.periodic``): the daily purge of old one-time codes."""

from __future__ import annotations

import datetime as dt

from tuphap.core.periodic import ONCE_A_WORKING_DAY, Job


def _purge_codes(at: dt.datetime) -> str:
    from tuphap.citizens.services import codes_purge

    deleted = codes_purge(at=at)
    return f"{deleted} one-time codes deleted" if deleted else ""


JOBS = [Job(name="citizen-codes-purge", cadence=ONCE_A_WORKING_DAY, run=_purge_codes)]
