"""Query counts of the reports' pages with lists: the dashboard (overdue dossiers,
rows per procedure) and the public transparency page, the same for N dossiers as
for 2N.

The aggregates are refreshed after the dossiers are built (as the periodic job
does), so that the page reads them as it would in production. ``most`` is the
count on the busier engine today plus about two, room for other work being
merged, so that a new query per page is noticed too (four here: another helper is changing
how the reports refresh and state their freshness)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from tests.dossiers.conftest import LLTP, NATIONALITY, NOTARY
from tests.query_counts import assert_flat
from tuphap.dossiers import services
from tuphap.reports import aggregates


@pytest.fixture
def grow_overdue(receive: Callable[..., Any], staff: dict[str, Any]) -> Callable[[int], list[str]]:
    """n more overdue dossiers of three procedures, one in two with a handler."""
    made: list[Any] = []

    def grow(n: int) -> list[str]:
        codes = []
        for _ in range(n):
            k = len(made)
            d = receive((NATIONALITY, LLTP, NOTARY)[k % 3], received_at=timezone.now() - dt.timedelta(days=40 + k))
            if k % 2:
                handler = "chuyenvienbtp" if d.procedure.code == NOTARY else "chuyenvien"
                head = staff["other_head" if d.procedure.code == NOTARY else "head"]
                d = services.dossier_assign(actor=head, dossier=d, handler=handler)
            made.append(d)
            codes.append(d.code)
        aggregates.refresh()
        return codes

    return grow


def test_dashboard(client: Client, staff: dict[str, Any], grow_overdue: Callable[[int], list[str]]) -> None:
    client.force_login(staff["director"])
    assert_flat(client, "/bao-cao/", grow_overdue, most=85)


def test_transparency(client: Client, grow_overdue: Callable[[int], list[str]]) -> None:
    """Eight quarters whatever the number of dossiers (the page's own cache emptied before each request)."""

    def grow(n: int) -> list[str]:
        grow_overdue(n)
        return ["Quý"]

    assert_flat(client, "/bao-cao/cong-khai/", grow, most=60, before=cache.clear)


def test_dashboard_rows_per_procedure(
    client: Client, staff: dict[str, Any], catalogue: dict[str, Any], department: Any, units: dict[str, Any]
) -> None:
    """More procedures with dossiers: more rows in the report, the same number of queries."""
    from tuphap.dossiers.catalogue import PROCEDURES

    rest = iter(p for p in PROCEDURES if p["code"] not in catalogue)

    def grow(n: int) -> list[str]:
        names = []
        for _ in range(n):
            data = next(rest)
            procedure = services.procedure_publish(
                actor=None, data=data, agency=department, unit=units[data["unit"]], valid_from=dt.date(2015, 1, 1)
            )
            services.dossier_receive(
                actor=None,
                procedure_code=procedure.code,
                applicant={"name": "Trần Thị Bình", "id_number": "060123456780", "phone": "0912345670"},
                received_at=timezone.now() - dt.timedelta(days=40),
            )
            names.append(procedure.name)
        aggregates.refresh()
        return names

    client.force_login(staff["director"])
    assert_flat(client, "/bao-cao/", grow, most=85)
