"""Which rendering serves which format, and its content type."""

from __future__ import annotations

from collections.abc import Callable

from tuphap.reports.quarterly.data import QuarterlyReport
from tuphap.reports.quarterly.render_docx import render_docx
from tuphap.reports.quarterly.render_html import render_html
from tuphap.reports.quarterly.render_pdf import render_pdf
from tuphap.reports.quarterly.render_xlsx import render_xlsx

RENDERERS: dict[str, Callable[[QuarterlyReport], bytes]] = {
    "html": lambda r: render_html(r).encode("utf-8"),
    "pdf": render_pdf,
    "docx": render_docx,
    "xlsx": render_xlsx,
}
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
