"""Periodic jobs of the portal (``tuphap.core.periodic``): with Redis, move the
views and visits counted there into the database."""

from __future__ import annotations

import datetime as dt

from tuphap.core.periodic import EVERY_MINUTE, Job


def _flush(at: dt.datetime) -> str:
    from tuphap.portal.counting import flush

    views, visits = flush()
    return f"+{views} views, +{visits} visits" if views or visits else ""


JOBS = [Job(name="portal-counters", cadence=EVERY_MINUTE, run=_flush)]
