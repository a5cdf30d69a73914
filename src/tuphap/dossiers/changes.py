"""The reports' queue of changed dossiers (``ChangedDossier``): every change to a dossier that the
reports count is queued in the transaction that makes it, and the aggregates job recounts it.
Workflow events queue their dossier themselves (``services._Step.event``, one plain row per event);
changes made outside an event (a fee paid online, a first export to the national portal) call this."""

from __future__ import annotations

from collections.abc import Iterable

from tuphap.dossiers.models import ChangedDossier


def queue_changed(dossier_ids: Iterable[int]) -> None:
    """Queue these dossiers for the reports' recount (one statement)."""
    ChangedDossier.objects.bulk_create([ChangedDossier(dossier_id=pk) for pk in dossier_ids])
