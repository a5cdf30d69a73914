"""Query counts of the one-stop desk's lists: the same for N dossiers (or procedures, or a
dossier's events) as for 2N.

Rows are built through the services, in several states and with handlers, so that every
relation a row shows is exercised. ``most`` is the count on the busier engine today plus
about two, room for other work being merged, so that a new query per page is noticed
too."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.dossiers.conftest import APPLICANT, NATIONALITY
from tests.query_counts import assert_flat
from tuphap.dossiers import services
from tuphap.dossiers.catalogue import PROCEDURES


@pytest.fixture
def grow_dossiers(receive: Callable[..., Any], staff: dict[str, Any]) -> Callable[[int], list[str]]:
    """n more dossiers of the hctp unit: received, assigned, waiting for a supplement, resolved, returned."""
    made: list[Any] = []

    def grow(n: int) -> list[str]:
        codes = []
        for _ in range(n):
            k = len(made)
            d = receive(NATIONALITY, actor=staff["reception"], applicant={**APPLICANT, "name": f"Người Nộp {k:02d}"})
            step = k % 4
            if step >= 1:
                d = services.dossier_assign(actor=staff["head"], dossier=d, handler="chuyenvien")
            if step == 2:
                d = services.dossier_request_supplement(
                    actor=staff["specialist"], dossier=d, items=["Bản sao giấy khai sinh"], reason="Thiếu"
                )
            if step == 3:
                d = services.dossier_resolve(actor=staff["head"], dossier=d, outcome="approved")
                d = services.dossier_return(actor=staff["reception"], dossier=d)
            made.append(d)
            codes.append(d.code)
        return codes

    return grow


def test_inbox(client: Client, staff: dict[str, Any], grow_dossiers: Callable[[int], list[str]]) -> None:
    client.force_login(staff["head"])
    assert_flat(client, "/ho-so/", grow_dossiers, most=9, params={"scope": "unit"})


def test_inbox_results_partial(
    client: Client, staff: dict[str, Any], grow_dossiers: Callable[[int], list[str]]
) -> None:
    client.force_login(staff["specialist"])
    assert_flat(client, "/ho-so/", grow_dossiers, most=9, headers={"HX-Request": "true"})


def test_register_on_screen(client: Client, staff: dict[str, Any], grow_dossiers: Callable[[int], list[str]]) -> None:
    client.force_login(staff["director"])
    today = timezone.localdate()
    params = {"start": (today - dt.timedelta(days=1)).isoformat(), "end": today.isoformat(), "format": "html"}
    assert_flat(client, "/ho-so/so-theo-doi/", grow_dossiers, most=7, params=params)


def test_api_dossiers(client: Client, staff: dict[str, Any], grow_dossiers: Callable[[int], list[str]]) -> None:
    client.force_login(staff["director"])
    assert_flat(client, "/api/v1/dossiers", grow_dossiers, most=7)


@pytest.fixture
def grow_procedures(catalogue: dict[str, Any], department: Any, units: dict[str, Any]) -> Callable[[int], list[str]]:
    """n more procedures in force (beyond the three of the catalogue fixture)."""
    rest: Iterator[dict[str, Any]] = (p for p in PROCEDURES if p["code"] not in catalogue)

    def grow(n: int) -> list[str]:
        codes = []
        for _ in range(n):
            data = next(rest)
            services.procedure_publish(
                actor=None, data=data, agency=department, unit=units[data["unit"]], valid_from=dt.date(2015, 1, 1)
            )
            codes.append(data["code"])
        return codes

    return grow


def test_public_catalogue(client: Client, grow_procedures: Callable[[int], list[str]]) -> None:
    assert_flat(client, "/ho-so/thu-tuc/", grow_procedures, most=3)


def test_desk_procedures(client: Client, staff: dict[str, Any], grow_procedures: Callable[[int], list[str]]) -> None:
    client.force_login(staff["reception"])
    assert_flat(client, "/ho-so/tiep-nhan/thu-tuc/", grow_procedures, most=6)


def test_api_procedures(client: Client, grow_procedures: Callable[[int], list[str]]) -> None:
    assert_flat(client, "/api/v1/procedures", grow_procedures, most=3)


# --------------------------------------------------------------------------- lists inside a dossier's page

MOST_DETAIL = (12, 8)  # the page, the API record


@pytest.fixture
def grow_events(receive: Callable[..., Any], staff: dict[str, Any]) -> tuple[Any, Callable[[int], list[str]]]:
    """One dossier, and n more hand-overs between the specialist and the unit head, each with its note."""
    dossier = receive(NATIONALITY, actor=staff["reception"])
    made: list[str] = []

    def grow(n: int) -> list[str]:
        notes = []
        for _ in range(n):
            note = f"Phân công lần {len(made):02d}"
            services.dossier_assign(
                actor=staff["head"],
                dossier=dossier.code,
                handler=("chuyenvien", "truongphong")[len(made) % 2],
                note=note,
            )
            made.append(note)
            notes.append(note)
        return notes

    return dossier, grow


def test_dossier_page(
    client: Client, staff: dict[str, Any], grow_events: tuple[Any, Callable[[int], list[str]]]
) -> None:
    dossier, grow = grow_events
    client.force_login(staff["head"])
    assert_flat(client, f"/ho-so/{dossier.code}/", grow, most=MOST_DETAIL[0])


def test_api_dossier(
    client: Client, staff: dict[str, Any], grow_events: tuple[Any, Callable[[int], list[str]]]
) -> None:
    dossier, grow = grow_events
    client.force_login(staff["head"])
    assert_flat(client, f"/api/v1/dossiers/{dossier.code}", grow, most=MOST_DETAIL[1])


# --------------------------------------------------------------------------- one dossier received through the API

#: queries of one POST /api/v1/dossiers with a token on the busier engine (SQLite: its savepoint and release
#: inside the test's transaction count too): the token with its user's roles, the procedure with its agency's
#: calendar revision, the officer's point with the provincial centre; then the day's counter and one row each of
#: the dossier, its event, the reports' queue, the national sync record, the audit event and the outbox. The path
#: before issue 20 took 15 (the officer's profile, then their point or the provincial centre, in two queries), then
#: 14 (the token, then its user's roles; the calendar's revision on its own).
MOST_INTAKE = 12
#: on PostgreSQL the counter's statement draws the keys of the dossier and its event, and the rows go together in
#: one statement (``rows.pipeline``): the same three reads, the savepoint, the counter, the reports' queue, the
#: rows, the release
MOST_INTAKE_POSTGRES = 8


@pytest.mark.parametrize("own_point", [False, True])
def test_api_intake(catalogue: dict[str, Any], staff: dict[str, Any], department: Any, own_point: bool) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tuphap.core.models import AuditEvent, Notification
    from tuphap.core.services import api_token_create
    from tuphap.dossiers.models import ChangedDossier, Dossier, DossierEvent, SyncRecord
    from tuphap.orgs import services as orgs
    from tuphap.orgs.models import ReceivingPointKind

    centre = orgs.receiving_point_upsert(
        actor=None, code="TTHCC", kind=ReceivingPointKind.PROVINCIAL_CENTRE, name="Trung tâm", agency=department
    )
    commune = orgs.receiving_point_upsert(
        actor=None, code="PV", kind=ReceivingPointKind.COMMUNE_CENTRE, name="Phường", agency=department
    )
    if own_point:
        orgs.staff_set_receiving_point(actor=None, profile=staff["reception"].staff_profile, point=commune)
    token = api_token_create(actor=None, username="motcua")
    body = {"procedure_code": NATIONALITY, "applicant": {**APPLICANT, "name": "Lê Văn Cường"}, "channel": "desk"}
    client = Client()
    for _ in range(2):  # the second: the token's last use was just written, the office clock is built
        with CaptureQueriesContext(connection) as ctx:
            response = client.post(
                "/api/v1/dossiers",
                data=body,
                content_type="application/json",
                headers={"authorization": f"Bearer {token}"},
            )
        assert response.status_code == 201, response.content
    sqls = "\n".join(q["sql"] for q in ctx.captured_queries)
    assert len(ctx.captured_queries) <= (MOST_INTAKE_POSTGRES if connection.vendor == "postgresql" else MOST_INTAKE), (
        sqls
    )
    dossier = Dossier.objects.get(code=response.json()["code"])
    assert dossier.receiving_point == (commune if own_point else centre)
    # every record of a receipt is there, once
    assert DossierEvent.objects.filter(dossier=dossier, action="receive", seq=1).count() == 1
    assert SyncRecord.objects.filter(dossier=dossier, status_code=2, payload__code=dossier.code).count() == 1
    assert ChangedDossier.objects.filter(dossier=dossier).count() == 1
    assert AuditEvent.objects.filter(action="dossier.receive", object_id=str(dossier.pk)).count() == 1
    assert set(
        Notification.objects.filter(object_type="dossiers.dossier", object_id=str(dossier.pk)).values_list(
            "kind", flat=True
        )
    ) == {"email", "sms"}
