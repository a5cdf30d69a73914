"""What every write of the app shares: the permission check (none for the operator)."""

from __future__ import annotations

from typing import Any

from tuphap.orgs.permissions import require


def _require(actor: Any, capability: str) -> None:
    if actor is not None:
        require(actor, capability)
