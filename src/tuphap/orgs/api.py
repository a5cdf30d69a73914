"""Public, read-only API of the organisation: /api/v1/agencies."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Schema

from tuphap.api import Router
from tuphap.orgs import selectors
from tuphap.orgs.models import Agency, ReceivingPoint

router = Router(tags=["orgs"])


class AgencyOut(Schema):
    code: str
    name: str
    province: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    successor_code: str | None
    note: str

    @staticmethod
    def resolve_successor_code(agency: Agency) -> str | None:
        return agency.successor.code if agency.successor is not None else None


@router.public_get(
    "",
    response=list[AgencyOut],
    summary="Agencies with their validity and successor (e.g. before and after the 2025 merger of provinces)",
)
def agencies(request: HttpRequest) -> list[Agency]:
    return list(selectors.agencies())


class ReceivingPointOut(Schema):
    code: str
    kind: str
    name: str
    commune: str
    agency_code: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    note: str

    @staticmethod
    def resolve_agency_code(point: ReceivingPoint) -> str:
        return point.agency.code


@router.public_get(
    "/receiving-points",
    response=list[ReceivingPointOut],
    summary="Where dossiers are received: the provincial centre, commune centres, online, public post",
)
def receiving_points(request: HttpRequest) -> list[ReceivingPoint]:
    return selectors.receiving_points()
