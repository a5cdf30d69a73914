"""Periodic jobs of reports (``tuphap.core.periodic``): bring the aggregates and the service index's stored
periods up to date."""

from __future__ import annotations

import datetime as dt

from tuphap.core.periodic import EVERY_MINUTE, Job


def _refresh(at: dt.datetime) -> str:
    """Count the changed dossiers, then store the service index of the periods not stored yet (a time
    budget per run: a long history is filled over several minutes, the most recent periods first)."""
    from tuphap.reports.aggregates import refresh
    from tuphap.reports.index_rollup import fill

    counted = refresh()
    stored = fill()
    done = [f"{counted} dossiers" if counted else "", f"service index of {stored} periods stored" if stored else ""]
    return "; ".join(part for part in done if part)


JOBS = [Job(name="aggregates", cadence=EVERY_MINUTE, run=_refresh)]
