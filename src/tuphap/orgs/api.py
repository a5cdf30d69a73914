"""Public, read-only API of the organisation: /api/v1/agencies."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from tuphap.orgs import selectors

router = Router(tags=["orgs"])


class AgencyOut(Schema):
    code: str
    name: str
    province: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    successor_code: str | None
    note: str


@router.get(
    "",
    response=list[AgencyOut],
    auth=None,
    summary="Agencies with their validity and successor (e.g. before and after the 2025 merger of provinces)",
)
def agencies(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "code": a.code,
            "name": a.name,
            "province": a.province,
            "valid_from": a.valid_from,
            "valid_to": a.valid_to,
            "successor_code": a.successor.code if a.successor_id else None,
            "note": a.note,
        }
        for a in selectors.agencies()
    ]


class ReceivingPointOut(Schema):
    code: str
    kind: str
    name: str
    commune: str
    agency_code: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    note: str


@router.get(
    "/receiving-points",
    response=list[ReceivingPointOut],
    auth=None,
    summary="Where dossiers are received: the provincial centre, commune centres, online, public post",
)
def receiving_points(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "code": p.code,
            "kind": p.kind,
            "name": p.name,
            "commune": p.commune,
            "agency_code": p.agency.code,
            "valid_from": p.valid_from,
            "valid_to": p.valid_to,
            "note": p.note,
        }
        for p in selectors.receiving_points()
    ]
