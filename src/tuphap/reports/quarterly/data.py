"""The quarterly report's data: the period, and the figures of every table."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from tuphap.orgs.selectors import department_on
from tuphap.reports.kpi import Counts, measures
from tuphap.reports.quarterly import prose as wording
from tuphap.reports.quarterly.chart import month_chart
from tuphap.reports.quarterly.sections import SectionPart, section_parts
from tuphap.reports.selectors import (
    ALL,
    Slice,
    agency_periods,
    dossier_counts,
    dossier_counts_by,
    figures_freshness,
    history_loading,
    receiving_point_counts,
    regroup,
)

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


class QuarterError(ValueError):
    pass


def parse_quarter(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d{4})\s*[-/ ]?\s*[Qq]([1-4])\s*", text or "")
    if not match:
        raise QuarterError(f"Quý phải có dạng NĂMQn, ví dụ 2022Q1 (nhận được “{text}”).")
    year, quarter = int(match.group(1)), int(match.group(2))
    if not 2015 <= year <= 2030:
        raise QuarterError(f"Năm {year} nằm ngoài lịch làm việc đã khai báo (2015–2030).")
    return year, quarter


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    start = dt.date(year, 3 * quarter - 2, 1)
    end = dt.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1) - dt.timedelta(days=1)
    return start, end


@dataclass
class Row:
    label: str
    counts: Counts
    values: dict[str, Any] = field(default_factory=dict)
    key: str = ""  # the row's code where it has one (a receiving point's)


@dataclass
class QuarterlyReport:
    year: int
    quarter: int
    start: dt.date
    end: dt.date
    as_of: dt.datetime
    agency_name: str
    place_name: str
    total: Row
    months: list[Row]
    units: list[Row]
    procedures: list[Row]
    sections: list[SectionPart]  # the other apps' parts (II, III, …)
    chart_png: bytes
    incomplete: str | None = None  # why the figures are not complete yet (history still loading)
    freshness: str | None = None  # when the aggregates were counted, and the dossiers not counted yet
    parent_name: str = ""  # the governing body, first line of the header (Decree 30/2020)
    signer_title: str = "GIÁM ĐỐC"
    signer_name: str = ""
    # a period that spans a change of agency (the merger of 1 July 2025): a row per agency for
    # the days it was in force, and the sentence that says so; empty when one agency held it all
    agencies: list[Row] = field(default_factory=list)
    agency_change: str = ""
    points: list[Row] = field(default_factory=list)  # by receiving point (counted from each dossier's facts)

    @property
    def header_agency(self) -> tuple[str, str]:
        """(governing body, issuing agency), upper case, as the header prints them (Decree 30/2020)."""
        return wording.header_agency(self.parent_name, self.agency_name)

    @property
    def recipients(self) -> list[str]:
        """ "Nơi nhận" (Decree 30/2020): the governing body the report is sent to, and the archive."""
        return wording.recipients(self.parent_name)

    @property
    def title(self) -> str:
        return f"quý {ROMAN[self.quarter]}/{self.year}"

    @property
    def prose(self) -> list[str]:
        paragraphs = wording.paragraphs(self.title, self.total.counts, self.total.values)
        return [*paragraphs, self.agency_change] if self.agency_change else paragraphs

    def section(self, key: str) -> SectionPart | None:
        return next((part for part in self.sections if part.key == key), None)

    @property
    def definitions(self) -> list[wording.Definition]:
        """The rates, each with its numerator and denominator in words."""
        return wording.definitions()


def _row(label: str, counts: Counts) -> Row:
    return Row(label, counts, measures(counts))


def build(year: int, quarter: int, *, as_of: dt.datetime | None = None, unit_id: int | None = None) -> QuarterlyReport:
    """The report of a quarter; with ``unit_id``, of that unit only (unit heads).

    Reads the aggregates as last counted (``services.aggregates_refresh``) and says how fresh they are."""
    from tuphap.dossiers.models import Procedure
    from tuphap.orgs.models import Agency, Unit

    start, end = quarter_bounds(year, quarter)
    as_of = as_of or timezone.now()
    loading = history_loading()
    freshness = figures_freshness()
    scope = Slice(unit_id=unit_id)
    # one grouped read for the total and the rows by unit, by procedure and by receiving point: no query per row
    grouped = dossier_counts_by(start, end, by=("unit_id", "procedure_id", "point_id"), as_of=as_of, slice=scope)
    total = _row(
        "Toàn Sở" if unit_id is None else "Toàn đơn vị",
        regroup(grouped, None).get(ALL, Counts()),
    )
    months = []
    for month in range(3):
        first = dt.date(year, start.month + month, 1)
        last = (dt.date(year + (first.month == 12), first.month % 12 + 1, 1)) - dt.timedelta(days=1)
        months.append(_row(f"Tháng {first.month}", dossier_counts(first, last, as_of=as_of, slice=scope)))
    by_unit = regroup(grouped, 0)
    units = []
    unit_qs = Unit.objects.filter(procedures__isnull=False).distinct().order_by("name")
    if unit_id is not None:
        unit_qs = unit_qs.filter(pk=unit_id)
    for unit in unit_qs:
        counts = by_unit.get(unit.pk, Counts())
        if counts.received or counts.finished or counts.in_progress_within or counts.in_progress_overdue:
            units.append(_row(unit.name, counts))
    by_procedure = regroup(grouped, 1)
    procedures = []
    procedure_qs = Procedure.objects.order_by("code", "-version")
    if unit_id is not None:
        procedure_qs = procedure_qs.filter(unit_id=unit_id)
    for procedure in procedure_qs:
        counts = by_procedure.get(procedure.pk, Counts())
        if counts.received or counts.finished:
            procedures.append(_row(procedure.name, counts))
    procedures.sort(key=lambda r: -r.counts.received)
    # the header: the agency in force on the day the report is issued (taken)
    agency = department_on(timezone.localtime(as_of).date()) or Agency.objects.select_related("parent").first()
    parent = agency.parent if agency is not None else None
    agencies, agency_change = _agency_rows(agency, start, end, as_of=as_of, scope=scope)
    by_point = regroup(grouped, 2)
    points = [
        Row(name, counts, measures(counts), key=code)
        for code, name, counts in receiving_point_counts(start, end, as_of=as_of, slice=scope, counted=by_point)
    ]
    if not any(row.key for row in points):  # no receiving points recorded: no table
        points = []
    signer_title, signer_name = _signer(unit_id)
    return QuarterlyReport(
        year=year,
        quarter=quarter,
        start=start,
        end=end,
        as_of=as_of,
        agency_name=agency.name if agency else "Sở Tư pháp",
        place_name=(agency.place_name if agency and agency.place_name else ""),
        total=total,
        months=months,
        units=units,
        procedures=procedures[:20],
        sections=section_parts(start, end),
        chart_png=month_chart([(r.label, r.counts.received, r.counts.received_late) for r in months]),
        incomplete=wording.incomplete_notice(loading),
        freshness=wording.freshness_notice(freshness),
        parent_name=(parent.short_name or parent.name) if parent is not None else "",
        signer_title=signer_title,
        signer_name=signer_name,
        agencies=agencies,
        agency_change=agency_change,
        points=points,
    )


def _agency_rows(
    agency: Any, start: dt.date, end: dt.date, *, as_of: dt.datetime, scope: Slice
) -> tuple[list[Row], str]:
    """The members of the agency's lineage in force during [start, end], each with the
    counts of the days it held (by receipt and by finish those days; in progress at
    the end of them), and the sentence the report says; none when one agency held it all."""
    held = agency_periods(start, end, agency) if agency is not None else []
    if len(held) < 2:
        return [], ""
    rows = [
        _row(
            f"{member.name} ({first:%d/%m/%Y} – {last:%d/%m/%Y})",
            dossier_counts(first, last, as_of=as_of, slice=scope),
        )
        for member, first, last in held
    ]
    return rows, wording.agency_change([(m.name, first, last) for m, first, last in held])


def _signer(unit_id: int | None) -> tuple[str, str]:
    """Who signs: the director for the department; the unit's head for a unit's report."""
    from django.contrib.auth import get_user_model

    from tuphap.orgs.roles import Role

    users = get_user_model().objects.filter(is_active=True).select_related("staff_profile").order_by("pk")
    if unit_id is None:
        user = users.filter(groups__name=Role.DIRECTOR.value, staff_profile__position__startswith="Giám đốc").first()
        title = "GIÁM ĐỐC"
    else:
        user = users.filter(groups__name=Role.UNIT_HEAD.value, staff_profile__unit_id=unit_id).first()
        position = getattr(getattr(user, "staff_profile", None), "position", "") if user is not None else ""
        title = (position or "Thủ trưởng đơn vị").upper()
    return title, (user.get_full_name() if user is not None else "")
