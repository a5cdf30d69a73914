"""Query counts of the core's lists: the audit log (``/nhat-ky/``) and the back
office's home (units and recent actions), the same for N rows as for 2N.

``most`` is the count on the busier engine today plus about two, room for other
work being merged, so that a new query per page is noticed too."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.test import Client

from tests.query_counts import assert_flat
from tuphap.core.services import audit_record
from tuphap.orgs import services as orgs
from tuphap.orgs.roles import Role


def test_audit_log(client: Client, make_staff: Callable[..., Any], admin_user: Any, units: dict[str, Any]) -> None:
    """Events by several actors (and by none: the system), on several objects."""
    actors = [admin_user, make_staff("motcua", Role.RECEPTION), None]
    made: list[Any] = []

    def grow(n: int) -> list[str]:
        shown = []
        for _ in range(n):
            k = len(made)
            unit = orgs.unit_upsert(
                actor=None, agency=units["hctp"].agency, code=f"u{k}", name=f"Tổ công tác số {k:02d}"
            )
            made.append(audit_record(actor=actors[k % 3], action=f"test.action_{k:02d}", obj=unit))
            shown.append(f"test.action_{k:02d}")
        return shown

    client.force_login(admin_user)
    assert_flat(client, "/nhat-ky/", grow, most=6)


def test_backoffice_home(client: Client, director: Any, units: dict[str, Any]) -> None:
    """The units a director sees (all of them) and the director's own recent actions."""
    made: list[Any] = []

    def grow(n: int) -> list[str]:
        names = []
        for _ in range(n):
            k = len(made)
            unit = orgs.unit_upsert(
                actor=None, agency=units["hctp"].agency, code=f"to-{k}", name=f"Tổ giúp việc số {k:02d}"
            )
            audit_record(actor=director, action="test.visit", obj=unit)
            made.append(unit)
            names.append(unit.name)
        return names

    client.force_login(director)
    assert_flat(client, "/van-phong/", grow, most=8)
