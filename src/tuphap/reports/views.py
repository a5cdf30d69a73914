"""Dashboards for directors and unit heads; the public transparency page."""

from __future__ import annotations

import base64
import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_GET

from tuphap.core.csp import nonce as csp_nonce
from tuphap.dossiers.selectors import dossiers_overdue
from tuphap.orgs.permissions import can, capability_required, public, visible_units
from tuphap.reports import quarterly
from tuphap.reports.index_selectors import published_index
from tuphap.reports.kpi import measures
from tuphap.reports.quarterly.data import ROMAN
from tuphap.reports.quarterly.prose import freshness_notice, incomplete_notice
from tuphap.reports.quarterly.render_html import render_html
from tuphap.reports.quarterly.table import columns, point_columns
from tuphap.reports.selectors import dossier_counts, figures_freshness, history_loading, onestop_flags


def _current_quarter() -> str:
    today = timezone.localdate()
    return f"{today.year}Q{(today.month - 1) // 3 + 1}"


def _scope(request: HttpRequest) -> int | None:
    """None: the whole department (directors); else the user's own unit."""
    if can(request.user, "orgs.view_all_units"):
        return None
    units = list(visible_units(request.user).values_list("pk", flat=True))
    if len(units) != 1:
        raise Http404
    return units[0]


def _recent_quarters(count: int) -> list[tuple[int, int]]:
    today = timezone.localdate()
    year, q = today.year, (today.month - 1) // 3 + 1
    out = []
    for _ in range(count):
        out.append((year, q))
        year, q = (year, q - 1) if q > 1 else (year - 1, 4)
    return out


@capability_required("reports.view")
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("quy") or _current_quarter()
    error = None
    try:
        year, q = quarterly.parse_quarter(text)
    except quarterly.QuarterError as exc:
        error = str(exc)
        year, q = quarterly.parse_quarter(_current_quarter())
    unit_id = _scope(request)
    report = quarterly.build(year, q, unit_id=unit_id)
    overdue = dossiers_overdue().select_related("procedure", "unit", "handler")
    if unit_id is not None:
        overdue = overdue.filter(unit_id=unit_id)
    point = request.GET.get("noi", "")[:60]  # the table by receiving point, narrowed to one point
    points = [row for row in report.points if not point or row.key == point]
    context = {
        "r": report,
        "quarter": f"{year}Q{q}",
        "error": error,
        "chart": base64.b64encode(report.chart_png).decode(),
        "columns": columns(),
        "point_columns": point_columns(),
        "points": points,
        "point": point,
        "overdue": list(overdue[:20]),
        "overdue_count": overdue.count(),
        "flags": onestop_flags(
            dt.date(year, 3 * q - 2, 1),
            dt.date(year + (q == 4), 1 if q == 4 else 3 * q + 1, 1) - dt.timedelta(days=1),
            unit_id=unit_id,
        ),
        "quarters": [f"{y}Q{n}" for y, n in _recent_quarters(24) if y >= 2015],
        "formats": ["docx", "pdf", "xlsx", "html"],
    }
    return render(request, "reports/dashboard.html", context)


@capability_required("reports.view")
@require_GET
def download(request: HttpRequest, quarter: str, fmt: str) -> HttpResponse:
    if fmt not in quarterly.RENDERERS:
        raise Http404
    try:
        year, q = quarterly.parse_quarter(quarter)
    except quarterly.QuarterError:
        raise Http404 from None
    report = quarterly.build(year, q, unit_id=_scope(request))
    if fmt == "html":  # shown in the browser: its <style> needs this request's CSP nonce
        content = render_html(report, nonce=csp_nonce(request)).encode("utf-8")
    else:
        content = quarterly.RENDERERS[fmt](report)
    response = HttpResponse(content, content_type=quarterly.CONTENT_TYPES[fmt])
    if fmt != "html":
        response["Content-Disposition"] = f'attachment; filename="bao-cao-{year}Q{q}.{fmt}"'
    return response


@public
@require_GET
@cache_page(600)
def transparency(request: HttpRequest) -> HttpResponse:
    """On-time figures per quarter for everyone (no session, cached)."""
    rows = []
    now = timezone.now()
    for year, q in _recent_quarters(8):
        start, end = quarterly.quarter_bounds(year, q)
        if start > timezone.localdate() or year < 2015:
            continue
        m = measures(dossier_counts(start, end, as_of=now))
        rows.append({"label": f"Quý {ROMAN[q]}/{year}", "m": m, "start": start, "end": min(end, timezone.localdate())})
    return render(
        request,
        "reports/transparency.html",
        {
            "rows": rows,
            "index_rows": published_index(),
            "incomplete": incomplete_notice(history_loading()),
            "freshness": freshness_notice(figures_freshness()),
        },
    )
