"""The quarterly report, one idea per module:

- ``data``: the report's figures for a quarter (``build``), the period's parsing and bounds;
- ``prose``: the sentences, definitions and notices the report prints, in Vietnamese;
- ``chart``: the month chart and its font;
- ``table``: the columns of its tables and how a cell is written;
- ``render_html``, ``render_pdf``, ``render_docx``, ``render_xlsx``: the four renderings;
  ``formats``: which rendering serves which format.
"""

from tuphap.reports.quarterly.data import QuarterError, QuarterlyReport, build, parse_quarter, quarter_bounds
from tuphap.reports.quarterly.formats import CONTENT_TYPES, RENDERERS

__all__ = ["CONTENT_TYPES", "RENDERERS", "QuarterError", "QuarterlyReport", "build", "parse_quarter", "quarter_bounds"]
