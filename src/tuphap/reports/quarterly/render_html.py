"""The report as HTML (shown in the browser, and the source of the PDF)."""

from __future__ import annotations

import base64

from django.template.loader import render_to_string

from tuphap.reports.quarterly.data import QuarterlyReport
from tuphap.reports.quarterly.prose import MOTTO_1, MOTTO_2, place_date
from tuphap.reports.quarterly.table import columns, point_columns


def render_html(report: QuarterlyReport, *, for_pdf: bool = False, nonce: str = "") -> str:
    """``nonce``: the request's CSP nonce for the page's own <style> (shown in a browser)."""
    return render_to_string(
        "reports/quarterly.html",
        {
            "r": report,
            "chart": base64.b64encode(report.chart_png).decode(),
            "for_pdf": for_pdf,
            "nonce": nonce,
            "columns": columns(),
            "point_columns": point_columns(),
            "prose": [paragraph.replace(" %", "\u00a0%") for paragraph in report.prose],  # "0,67 %" on one line
            "header": report.header_agency,
            "motto_1": MOTTO_1,
            "motto_2": MOTTO_2,
            "place_date": place_date(report.place_name),
        },
    )
