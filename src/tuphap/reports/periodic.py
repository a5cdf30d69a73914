"""Periodic jobs of reports (``tuphap.core.periodic``): bring the aggregates up to date."""

from __future__ import annotations

import datetime as dt

from tuphap.core.periodic import EVERY_MINUTE, Job


def _refresh(at: dt.datetime) -> str:
    from tuphap.reports.aggregates import refresh

    counted = refresh()
    return f"{counted} dossiers" if counted else ""


JOBS = [Job(name="aggregates", cadence=EVERY_MINUTE, run=_refresh)]
