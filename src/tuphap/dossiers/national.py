"""What the national public-service portal (Cổng Dịch vụ công quốc gia) receives.

Every change of a dossier's state queues a ``SyncRecord`` (written by the
services in the same transaction as the event) whose payload is
``sync_payload``; ``manage.py export_sync`` hands the queue over.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tuphap.core.tz import LOCAL_TZ
from tuphap.dossiers import workflow
from tuphap.dossiers.models import CHANNEL_NATIONAL_CODE, Channel, Dossier
from tuphap.dossiers.workflow import State


def sync_payload(dossier: Dossier) -> dict[str, Any]:
    """The record the national public-service portal receives for a state change."""

    def iso(value: dt.datetime | None) -> str | None:
        return value.astimezone(LOCAL_TZ).isoformat() if value else None

    return {
        "code": dossier.code,
        "procedure_code": dossier.procedure.code,
        "agency_code": dossier.agency.code,
        "status": workflow.NATIONAL_CODE[State(dossier.state)],
        "received_at": iso(dossier.received_at),
        "due_at": iso(dossier.due_at),
        "finished_at": iso(dossier.finished_at),
        "channel": CHANNEL_NATIONAL_CODE[Channel(dossier.channel)],
    }
