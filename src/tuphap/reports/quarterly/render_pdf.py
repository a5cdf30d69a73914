"""The report as PDF: WeasyPrint over the same HTML the browser prints."""

from __future__ import annotations

from tuphap.reports.quarterly.data import QuarterlyReport
from tuphap.reports.quarterly.render_html import render_html


def render_pdf(report: QuarterlyReport) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=render_html(report, for_pdf=True)).write_pdf())
