"""Demo data of the one-stop desk (``manage.py demo`` calls ``load``).

- ``history``: the department's dossier history from 2021, planned day by day
  (pure: no Django, so the plan can be checked and reproduced in any process);
- ``loader``: the catalogue, and the whole plan written on the bulk path
  (``tuphap.dossiers.history_bulk``) before ``manage.py demo`` returns; the
  last weeks' live dossiers through the services.

Production code never imports this package (``tests/core/test_architecture.py``).
"""

from __future__ import annotations

from typing import Any


def load(stdout: Any) -> None:
    from tuphap.dossiers.demo.loader import load as load_dossiers

    load_dossiers(stdout)
