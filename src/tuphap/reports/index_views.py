"""The page "Chỉ số phục vụ" (the service index of Decision 766/QĐ-TTg) for directors and
unit heads: a month or a quarter, each component with its points and trend, and the
dossiers that lower it one click away."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from tuphap.orgs.permissions import capability_required
from tuphap.reports.index_selectors import (
    Period,
    dossiers_lowering,
    index_trend,
    period_of,
    recent_periods,
)
from tuphap.reports.kpi import percent_vi
from tuphap.reports.service_index import RULES
from tuphap.reports.views import _scope

PERIOD = re.compile(r"^(\d{4})(?:-(\d{1,2})|Q([1-4]))$", re.ASCII)
TREND_LENGTH = 6
REASON_LABELS = {
    "on_time": gettext_lazy("Late, or asked for a supplement a second time"),
    "digitised": gettext_lazy("Components not all digitised, or no electronic result"),
    "synchronised": gettext_lazy("Not synchronised to the national public-service portal"),
    "online": gettext_lazy("Submitted online without an electronic result or synchronisation"),
    "online_payment": gettext_lazy("Fee-carrying procedure not paid online"),
    "dossier_satisfied": gettext_lazy("Late, rated poor, or the subject of feedback"),
}


def parse_period(text: str) -> Period:
    """``2026-11`` (a month) or ``2026Q4`` (a quarter); ValueError with a Vietnamese message."""
    m = PERIOD.match(text.strip())
    if not m:
        raise ValueError(_("Write the period as 2026-11 (a month) or 2026Q4 (a quarter)."))
    year = int(m.group(1))
    first = RULES[0].valid_from
    if m.group(2):
        month = int(m.group(2))
        if not 1 <= month <= 12:
            raise ValueError(_("The month must be between 1 and 12."))
        period = period_of(dt.date(year, month, 1), quarter=False)
    else:
        period = period_of(dt.date(year, 3 * int(m.group(3)), 1), quarter=True)
    if period.end < first or period.start > timezone.localdate():
        raise ValueError(
            _("The service index exists from %(first)s up to today.") % {"first": first.strftime("%d/%m/%Y")}
        )
    return period


def _trend(period: Period, unit_id: int | None) -> list[dict[str, Any]]:
    """The index of the period and the ones before it (oldest first), with each bar's place in the chart."""
    rows = []
    periods = recent_periods(period.end, TREND_LENGTH, quarter=period.quarter)
    for i, (p, index) in enumerate(index_trend(periods, unit_id=unit_id)):
        height = round(140 * index.total / 100)
        rows.append(
            {"label": p.label, "key": p.key, "index": index, "height": height, "x": 40 + i * 90, "y": 170 - height}
        )
    return rows


def _choices() -> list[Period]:
    """The last 12 months and 8 quarters since the index exists, newest first."""
    today = timezone.localdate()
    return [*reversed(recent_periods(today, 12, quarter=False)), *reversed(recent_periods(today, 8, quarter=True))]


@capability_required("reports.view")
@require_GET
def service_index_page(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("ky", "")
    error = None
    default = period_of(timezone.localdate(), quarter=False)
    try:
        period = parse_period(text) if text else default
    except ValueError as exc:
        error, period = str(exc), default
    trend = _trend(period, _scope(request))
    index = trend[-1]["index"] if trend and trend[-1]["key"] == period.key else None
    context = {
        "period": period,
        "index": index,
        "rows": [{"c": c, "rate": percent_vi(c.rate)} for c in index.components] if index else [],
        "trend": trend,
        "chart_width": 60 + 90 * max(len(trend), 1),
        "error": error,
        "choices": _choices(),
    }
    return render(request, "reports/service_index.html", context)


@capability_required("reports.view")
@require_GET
def service_index_dossiers(request: HttpRequest) -> HttpResponse:
    """The dossiers of the period that lower the index, the most reasons first."""
    try:
        period = parse_period(request.GET.get("ky", ""))
    except ValueError:
        period = period_of(timezone.localdate(), quarter=False)
    rows = dossiers_lowering(max(period.start, RULES[0].valid_from), period.end, unit_id=_scope(request))
    listed = [
        {"code": r.code, "procedure": r.procedure, "reasons": [REASON_LABELS[x] for x in r.reasons]} for r in rows
    ]
    return render(request, "reports/service_index_dossiers.html", {"period": period, "rows": listed})
