"""``HistoryLoad`` moved from reports to dossiers: the rows of a running load survive the migration."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("reports", "0002_running_spans_766"), ("dossiers", "0005_supplement_requested_again")]
AFTER = [("reports", "0003_history_load_moved_to_dossiers"), ("dossiers", "0006_history_load")]


def migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_a_running_load_keeps_its_row_across_the_move() -> None:
    old_apps = migrate(BEFORE)
    started = dt.datetime(2026, 11, 29, 3, 0, tzinfo=dt.UTC)
    old = old_apps.get_model("reports", "HistoryLoad")
    row = old.objects.create(
        key="demo-history", label="hồ sơ từ 2021", first_day=dt.date(2021, 1, 1), last_day=dt.date(2026, 11, 28)
    )
    old.objects.filter(pk=row.pk).update(done_through=dt.date(2023, 5, 31), started_at=started)
    try:
        new_apps = migrate(AFTER)
        moved = new_apps.get_model("dossiers", "HistoryLoad").objects.get(key="demo-history")
        assert (moved.label, moved.first_day, moved.last_day, moved.done_through, moved.started_at) == (
            "hồ sơ từ 2021",
            dt.date(2021, 1, 1),
            dt.date(2026, 11, 28),
            dt.date(2023, 5, 31),
            started,
        )
        assert moved.finished_at is None
        assert "reports_historyload" not in connection.introspection.table_names()
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())  # back to the latest state for the other tests
    from tuphap.dossiers.models import HistoryLoad
    from tuphap.reports.selectors import history_loading

    loading = history_loading()
    assert loading is not None and loading == HistoryLoad.objects.get(key="demo-history")
