"""The components of a procedure as the online form and the API name them (pure: no Django)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ONLINE_CHANNEL = "online"
#: ``Procedure.online_level`` as the catalogue writes it -> how much can be done online
FULL_LEVELS = frozenset({"toàn trình", "toan trinh", "full", "4"})


@dataclass(frozen=True)
class Component:
    id: str  # the form's and the API's ``component_<id>``
    name: str
    copies: int
    required: bool


def components_of(raw: list[Any] | None) -> list[Component]:
    """Each component with its id: the catalogue's ``id`` where it has one, else its position (1, 2, …)."""
    found = []
    for index, item in enumerate(raw or [], start=1):
        if isinstance(item, dict):
            ident = str(item.get("id") or index)
            found.append(
                Component(
                    id=ident,
                    name=str(item.get("name") or ""),
                    copies=int(item.get("copies") or 1),
                    required=bool(item.get("required", True)),
                )
            )
        else:
            found.append(Component(id=str(index), name=str(item), copies=1, required=True))
    return found


def online_mode(channels: list[str] | None, level: str) -> str:
    """``full`` (applied and received online), ``partly`` (applied online, some steps at the desk)
    or ``none`` (no online channel)."""
    if channels and ONLINE_CHANNEL not in channels:
        return "none"
    return "full" if (level or "").strip().lower() in FULL_LEVELS else "partly"
