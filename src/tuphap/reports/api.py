"""GET /api/v1/reports/dossiers: every measure of a period, under its kpi name, and how fresh the
figures are (``period.counted_at``, ``period.pending_changes``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import fields
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema

from tuphap.api import Date, DateTime, Router, errors, staff_auth
from tuphap.dossiers.models import Procedure
from tuphap.orgs.models import Unit
from tuphap.orgs.permissions import can, require, visible_units
from tuphap.reports.kpi import MEASURES, measures
from tuphap.reports.quarterly.table import point_columns
from tuphap.reports.selectors import (
    Slice,
    agency_periods,
    dossier_measures,
    figures_freshness,
    history_loading,
    receiving_point_counts,
)
from tuphap.reports.service_index import Component

router = Router(tags=["reports"], auth=staff_auth)

#: The days a report may cover or be taken at (as the legal documents' and tasks' dates):
#: beyond them a date is a typing error, and year 1 or 9999 would not even convert to UTC.
EARLIEST = dt.date(1945, 9, 2)
LATEST = dt.date(2100, 12, 31)


class ReportQuery(Schema):
    from_: Date = Field(..., alias="from")
    to: Date
    as_of: DateTime | None = None
    unit: str | None = Field(None, max_length=40, description="unit code")
    procedure: str | None = Field(None, max_length=40, description="procedure code")
    handler: str | None = Field(None, max_length=150, description="handler's username")
    channel: str | None = Field(None, max_length=10)


class MeasureDoc(Schema):
    name: str
    label: str
    numerator: str
    denominator: str | None
    source: str


class AgencyPartOut(Schema):
    code: str
    name: str
    start: dt.date = Field(..., description="first day of the period this agency held")
    end: dt.date = Field(..., description="last day of the period this agency held")
    measures: dict[str, int | float | None]


class DossierReportOut(Schema):
    period: dict[str, Any]
    measures: dict[str, int | float | None]
    definitions: list[MeasureDoc]
    by_agency: list[AgencyPartOut] = Field(
        default_factory=list,
        description="A period that spans a change of agency (the merger of 1 July 2025): the measures of each "
        "agency for the days it was in force (empty when one agency held the whole period)",
    )


def check_period(first: dt.date, last: dt.date, as_of: dt.datetime | None = None) -> None:
    """A report's period: in order, at most ten years, within the calendar's days (422 naming the field)."""
    if last < first:
        raise ValidationError({"to": "Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."})
    if (last - first).days > 3660:
        raise ValidationError({"to": "Kỳ báo cáo tối đa 10 năm."})
    for name, day in (("from", first), ("to", last), ("as_of", as_of.date() if as_of else None)):
        if day is not None and not EARLIEST <= day <= LATEST:
            raise ValidationError({name: _("A report covers the days from 2 September 1945 to 31 December 2100.")})


def report_reader(request: HttpRequest, q: ReportQuery | PointQuery | IndexQuery) -> Any:
    """Who asks for a report: one allowed to read reports, of a period that passes :func:`check_period`."""
    user = request.auth  # type: ignore[attr-defined]
    require(user, "reports.view")
    check_period(q.from_, q.to, getattr(q, "as_of", None))
    return user


def _report[F: Callable[..., Any]](path: str, out: type[Schema], summary: str) -> Callable[[F], F]:
    """A report's route: a GET answered with ``out``, or 401, 403 and 422 as :func:`report_reader` refuses."""
    return router.get(path, response={200: out, **errors(401, 403, 422)}, summary=summary)


def taken_at(as_of: dt.datetime | None) -> dt.datetime:
    """When a report's figures are taken: ``as_of`` (naive: local time) or now."""
    as_of = as_of or timezone.now()
    return timezone.make_aware(as_of) if timezone.is_naive(as_of) else as_of


def scoped_unit(user: Any, code: str | None) -> int | None:
    """The unit a report is asked for (by code), within the units the user may see:
    their own when they see one unit only; a 422 naming ``unit`` otherwise."""
    unit_id = None
    if code:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise ValidationError({"unit": f"Không có đơn vị mã “{code}”."})
        unit_id = unit.pk
    if not can(user, "orgs.view_all_units"):
        own = list(visible_units(user).values_list("pk", flat=True))
        if unit_id is None and len(own) == 1:
            unit_id = own[0]
        if unit_id not in own:
            raise ValidationError({"unit": "Bạn chỉ xem được số liệu của đơn vị mình."})
    return unit_id


@_report("/dossiers", DossierReportOut, "One-stop measures of a period (counts as integers, rates as fractions)")
def dossier_report(request: HttpRequest, q: Query[ReportQuery]) -> dict[str, Any]:
    user = report_reader(request, q)
    as_of = taken_at(q.as_of)
    unit_id = scoped_unit(user, q.unit)
    procedure_id = None
    if q.procedure:
        procedure_id = (
            Procedure.objects.filter(code=q.procedure).values_list("pk", flat=True).order_by("-version").first()
        )
        if procedure_id is None:
            raise ValidationError({"procedure": f"Không có thủ tục mã “{q.procedure}”."})
    handler_id = None
    if q.handler:
        from django.contrib.auth import get_user_model

        # only the officers of the units the user sees: a name outside them gets
        # the same answer as a name that does not exist (no probing of usernames)
        officers = get_user_model().objects.filter(username=q.handler)
        if not can(user, "orgs.view_all_units"):
            officers = officers.filter(staff_profile__unit__in=visible_units(user))
        handler_id = officers.values_list("pk", flat=True).first()
        if handler_id is None:
            raise ValidationError({"handler": f"Không có cán bộ “{q.handler}”."})
    if q.channel and q.channel not in {"desk", "online", "post"}:
        raise ValidationError({"channel": "Kênh phải là desk, online hoặc post."})
    s = Slice(unit_id=unit_id, procedure_id=procedure_id, handler_id=handler_id, channel=q.channel)
    freshness = figures_freshness()  # read first: the measures are at least as fresh as it says
    measures = dossier_measures(q.from_, q.to, as_of=as_of, slice=s)
    held = agency_periods(q.from_, q.to)
    by_agency = (
        [
            {
                "code": agency.code,
                "name": agency.name,
                "start": first,
                "end": last,
                "measures": dossier_measures(first, last, as_of=as_of, slice=s),
            }
            for agency, first, last in held
        ]
        if len(held) > 1
        else []
    )
    loading = history_loading()
    incomplete = None if loading is None else {"loading": loading.label, "loaded_through": loading.done_through}
    return {
        "period": {
            "from": q.from_,
            "to": q.to,
            "as_of": as_of,
            "unit": q.unit,
            "procedure": q.procedure,
            "handler": q.handler,
            "channel": q.channel,
            "incomplete": incomplete,
            "counted_at": freshness.counted_at,  # the aggregates' last count (None: never)
            "pending_changes": freshness.pending,  # dossiers changed since, not counted yet
        },
        "measures": measures,
        "definitions": [m.__dict__ for m in MEASURES],
        "by_agency": by_agency,
    }


class PointQuery(Schema):
    from_: Date = Field(..., alias="from")
    to: Date
    as_of: DateTime | None = None
    point: str | None = Field(None, max_length=60, description="receiving point code (one row)")


class PointRowOut(Schema):
    code: str | None
    name: str
    measures: dict[str, int | float | None]


class PointReportOut(Schema):
    period: dict[str, Any]
    rows: list[PointRowOut]


@_report(
    "/receiving-points",
    PointReportOut,
    "One-stop counts of a period by receiving point (provincial centre, commune centres, online, post)",
)
def receiving_point_report(request: HttpRequest, q: Query[PointQuery]) -> dict[str, Any]:
    """Received, late, finished (early, on time, late) and in progress by the point that
    received the dossier; counted from each dossier's facts (no Decision 766 rates).
    Unit heads and specialists get their unit's dossiers only."""
    from tuphap.orgs.models import ReceivingPoint

    user = report_reader(request, q)
    if q.point and not ReceivingPoint.objects.filter(code=q.point).exists():
        raise ValidationError({"point": f"Không có nơi tiếp nhận mã “{q.point}”."})
    as_of = taken_at(q.as_of)
    unit_id = None
    if not can(user, "orgs.view_all_units"):
        own = list(visible_units(user).values_list("pk", flat=True))
        if len(own) != 1:
            raise ValidationError({"unit": "Bạn chỉ xem được số liệu của đơn vị mình."})
        unit_id = own[0]
    rows = receiving_point_counts(q.from_, q.to, as_of=as_of, slice=Slice(unit_id=unit_id))
    keep = {key for key, _label, _kind in point_columns()}
    return {
        "period": {"from": q.from_, "to": q.to, "as_of": as_of, "point": q.point},
        "rows": [
            {
                "code": code or None,
                "name": name,
                "measures": {k: v for k, v in measures(counts).items() if k in keep},
            }
            for code, name, counts in rows
            if not q.point or code == q.point
        ],
    }


class IndexQuery(Schema):
    from_: Date = Field(..., alias="from")
    to: Date
    unit: str | None = Field(None, max_length=40, description="unit code")


class IndexComponentOut(Schema):
    # a component of the index as the API answers it: the fields of ``service_index.Component``, each required (a
    # comment, not a docstring: the docstring would be the schema's description)
    __annotations__ = {f.name: f.type for f in fields(Component)}


class ServiceIndexOut(Schema):
    period: dict[str, Any]
    version: str | None
    components: list[IndexComponentOut]
    total: float | None
    max_total: float | None


@_report(
    "/service-index",
    ServiceIndexOut,
    "The service index of Decision 766/QĐ-TTg for a period: each component's points, numerator, denominator",
)
def service_index_report(request: HttpRequest, q: Query[IndexQuery]) -> dict[str, Any]:
    from tuphap.reports.index_selectors import service_index

    user = report_reader(request, q)
    unit_id = scoped_unit(user, q.unit)
    index = service_index(q.from_, q.to, unit_id=unit_id)
    period = {"from": q.from_, "to": q.to, "unit": q.unit}
    if index is None:
        return {"period": period, "version": None, "components": [], "total": None, "max_total": None}
    return {
        "period": period,
        "version": index.version,
        "components": [c.__dict__ for c in index.components],
        "total": index.total,
        "max_total": index.max_total,
    }
