"""Figures as a report reads them once the counting job has run."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tuphap.reports.kpi import Counts
from tuphap.reports.selectors import dossier_counts
from tuphap.reports.services import aggregates_refresh


def fresh_counts(start: dt.date, end: dt.date, **kwargs: Any) -> Counts:
    """``dossier_counts`` right after ``aggregates_refresh`` (the periodic job's run): every
    dossier committed so far is counted."""
    aggregates_refresh()
    return dossier_counts(start, end, **kwargs)
