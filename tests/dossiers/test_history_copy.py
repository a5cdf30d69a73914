"""The bulk path's ``COPY`` (PostgreSQL, large batches) writes what its multi-row inserts write: the
comparisons of ``test_import_bulk`` (the same history through the services and in bulk) run again with
every table of every batch sent by ``COPY``, and a batch the database refuses still fails whole, then
goes row by row. On SQLite there is no ``COPY``: the same comparisons run on its inserts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from tests.dossiers import test_import_bulk as bulk
from tests.dossiers.test_import_bulk import merged_department  # noqa: F401 - the fixture
from tuphap.dossiers import history_bulk


@pytest.fixture
def copies(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every table of every batch through ``COPY``; the tables it wrote, in order."""
    tables: list[str] = []
    real = history_bulk._insert_copy

    def spy(model: Any, names: Any, rows: Any, *, returning: bool) -> list[int]:
        tables.append(model._meta.db_table)
        return real(model, names, rows, returning=returning)

    monkeypatch.setattr(history_bulk, "COPY_ROWS", 1)
    monkeypatch.setattr(history_bulk, "_insert_copy", spy)
    return tables


def test_the_demo_history_by_copy_is_the_same_as_through_the_services(
    merged_department: Any,  # noqa: F811 - the fixture
    copies: list[str],
) -> None:
    bulk.test_the_demo_history_is_the_same_through_the_services_and_in_bulk(merged_department)
    if connection.vendor == "postgresql":
        assert {"dossiers_dossier", "dossiers_dossierevent", "dossiers_syncrecord", "core_auditevent"} <= set(copies)


def test_an_import_by_copy_is_the_same_as_through_the_services(
    merged_department: Any,  # noqa: F811 - the fixture
    copies: list[str],
    tmp_path: Path,
) -> None:
    bulk.test_an_import_is_the_same_through_the_services_and_in_bulk(merged_department, tmp_path)
    assert bool(copies) == (connection.vendor == "postgresql")


def test_a_batch_copy_refuses_is_written_row_by_row(
    merged_department: Any,  # noqa: F811 - the fixture
    copies: list[str],
    tmp_path: Path,
) -> None:
    bulk.test_a_batch_the_database_refuses_is_written_row_by_row(merged_department, tmp_path)
    assert bool(copies) == (connection.vendor == "postgresql")
