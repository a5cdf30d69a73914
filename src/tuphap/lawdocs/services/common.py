"""What every write of the app shares: the permission check (none for the operator) and values as audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tuphap.orgs.permissions import require


def _require(actor: Any, capability: str) -> None:
    if actor is not None:
        require(actor, capability)


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value
