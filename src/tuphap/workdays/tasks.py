"""Background work of the calendar: re-time open deadlines after a change."""

from __future__ import annotations

import datetime as dt
import logging

from django.tasks import task

from tuphap.workdays.subscribers import subscribers

log = logging.getLogger(__name__)


@task()
def retime_open_deadlines(agency_id: int | None, since: str) -> dict[str, int]:
    """Ask every subscriber (dossiers, tasks, appraisals) to re-time its open deadlines."""
    from tuphap.orgs.models import Agency

    agency = Agency.objects.filter(pk=agency_id).first() if agency_id is not None else None
    day = dt.date.fromisoformat(since)
    counts = {}
    for name, retimer in subscribers().items():
        counts[name] = retimer(agency, day)
        log.info("calendar change since %s (agency %s): %s re-timed %d deadlines", since, agency_id, name, counts[name])
    return counts
