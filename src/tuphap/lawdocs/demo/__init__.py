"""Demo data of legal documents (``manage.py demo`` calls ``load``).

- ``textgen``: realistic Vietnamese legal text (pure: no Django; the search
  benchmark uses it too, before Django is set up);
- ``loader``: the documents, relations, appraisals and review, through the services.

Production code never imports this package (``tests/core/test_architecture.py``).
"""

from __future__ import annotations

from typing import Any


def load(stdout: Any) -> None:
    from tuphap.lawdocs.demo.loader import load as load_lawdocs

    load_lawdocs(stdout)
