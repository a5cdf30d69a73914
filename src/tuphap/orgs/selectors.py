"""Reads of the organisation: which agency was in force on a day.

Agencies change with the map (since 1 July 2025 Bình Thuận is part of Lâm
Đồng): an agency has a validity period and may have a successor. A dossier
takes the agency in force at its receipt, a report the one in force at its
date of issue; both follow the *lineage* of the agency this installation
serves (``settings.TUPHAP_AGENCY_CODE``: any member of the lineage will do).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Q, QuerySet

from tuphap.orgs.models import Agency, ReceivingPoint, ReceivingPointKind


def lineage(agency: Agency | int) -> list[Agency]:
    """The agency (or the agency of that id) with its predecessors and successors,
    oldest first (through ``successor`` links; a merger may give an agency several
    predecessors: all of them are in, ordered by their ``valid_to``). One query."""
    agencies = {a.pk: a for a in Agency.objects.all()}
    members: dict[int, Agency] = {}
    stack = [agency if isinstance(agency, int) else agency.pk]
    while stack:
        pk = stack.pop()
        if pk in members or pk not in agencies:
            continue
        member = agencies[pk]
        members[pk] = member
        if member.successor_id is not None:
            stack.append(member.successor_id)
        stack.extend(a.pk for a in agencies.values() if a.successor_id == pk)
    return sorted(members.values(), key=lambda a: (a.valid_from or dt.date.min, a.valid_to or dt.date.max, a.code))


def lineage_ids(agency_id: int) -> set[int]:
    """The ids of the agency's lineage (for scoping: the successor's desk handles
    its predecessors' dossiers still open)."""
    return {a.pk for a in lineage(agency_id)}


def agency_in_force(agency: Agency, on: dt.date) -> Agency:
    """The member of ``agency``'s lineage valid on ``on``: walk the successors
    forward from the given one, or the predecessors back. An agency without
    dates is valid always; with no member valid that day, the given agency."""
    if agency.is_valid_on(on):
        return agency
    for member in lineage(agency):
        if member.is_valid_on(on):
            return member
    return agency


def installation_agency() -> Agency | None:
    """The agency configured for this installation (``TUPHAP_AGENCY_CODE``)."""
    return Agency.objects.select_related("parent").filter(code=settings.TUPHAP_AGENCY_CODE).first()


def department_on(on: dt.date) -> Agency | None:
    """The department (the installation's agency) in force on a day."""
    configured = installation_agency()
    if configured is None:
        return None
    return agency_in_force(configured, on)


def province_title(on: dt.date) -> str:
    """ "tỉnh Lâm Đồng": the province of the department in force on a day, as a
    document's heading names it ("tỉnh ……" when no department is configured)."""
    agency = department_on(on)
    name = (agency.province or agency.place_name) if agency is not None else ""
    if not name:
        return "tỉnh ……"
    return name if name.lower().startswith(("tỉnh ", "thành phố ")) else f"tỉnh {name}"


def agencies() -> QuerySet[Agency]:
    return Agency.objects.select_related("successor", "parent").order_by("valid_from", "code")


def receiving_points(on: dt.date | None = None) -> list[ReceivingPoint]:
    """The receiving points (in force on ``on`` when given), provincial centre first."""
    order = {kind: i for i, kind in enumerate(ReceivingPointKind.values)}
    points = list(ReceivingPoint.objects.select_related("agency").order_by("name", "code"))
    if on is not None:
        points = [p for p in points if p.is_valid_on(on)]
    return sorted(points, key=lambda p: order.get(p.kind, len(order)))


def receiving_point_default(kind: str, on: dt.date) -> ReceivingPoint | None:
    """The first point of a kind in force on a day (the online portal, the public
    post, the provincial centre), None when the department has entered none."""
    return (
        ReceivingPoint.objects.filter(kind=kind)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on), Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .order_by("name", "code")
        .first()
    )


def desk_points(on: dt.date) -> list[ReceivingPoint]:
    """The counters a desk officer may name: the provincial and commune centres in force."""
    centres = {ReceivingPointKind.PROVINCIAL_CENTRE, ReceivingPointKind.COMMUNE_CENTRE}
    return [p for p in receiving_points(on) if p.kind in centres]
