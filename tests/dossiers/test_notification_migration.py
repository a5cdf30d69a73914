"""The outbox moved from ``dossiers.Notification`` to ``core.Notification``
(dossiers/0006 then core/0003): no row lost, the link to the dossier kept."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tuphap.core.models import Notification

BEFORE = [("dossiers", "0005_supplement_requested_again"), ("core", "0002_idempotency_keys")]


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_moving_the_outbox_to_core_keeps_every_row_and_its_dossier(receive: Callable[..., Any]) -> None:
    dossier = receive()
    queued = {(n.kind, n.to, n.body) for n in Notification.objects.about(dossier)}
    assert len(queued) == 2
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old = _migrate(BEFORE)
        assert "core_notification" not in connection.introspection.table_names()
        OldNotification = old.get_model("dossiers", "Notification")
        assert {(n.kind, n.to, n.body) for n in OldNotification.objects.filter(dossier_id=dossier.pk)} == queued
        OldNotification.objects.create(kind="email", to="x@example.vn", subject="Không gắn hồ sơ", body="…")
    finally:
        _migrate(latest)
    tables = connection.introspection.table_names()
    assert "core_notification" in tables and "dossiers_notification" not in tables
    assert {(n.kind, n.to, n.body) for n in Notification.objects.about(dossier)} == queued
    loose = Notification.objects.get(subject="Không gắn hồ sơ")
    assert (loose.object_type, loose.object_id, loose.status) == ("", "", "pending")
    assert Notification.objects.count() == 3
