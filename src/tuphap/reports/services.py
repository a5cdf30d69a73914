"""Writes of the reports app: bringing the pre-aggregated counts up to date.

Reports, pages and the API only read the counts (``selectors``); counting the
dossiers changed since the last run is this service's, called by the periodic
job every minute, by ``manage.py quarterly_report`` and ``manage.py demo``
before they print figures, and by tests that read figures right after
changing dossiers.
"""

from __future__ import annotations

from typing import Any

from tuphap.reports import aggregates


def aggregates_refresh(*, actor: Any = None, batch: int = 2000) -> int:
    """Count the dossiers changed since the last run into the aggregates; the number recounted.

    ``actor`` is None for the job and the commands. No audit event: the counts are
    derived data, rebuilt from the dossiers' own (audited) events; the run is
    recorded as the aggregates' ``counted_at`` (``selectors.figures_freshness``)."""
    return aggregates.refresh(batch)
