"""Background tasks of the core (run by `manage.py db_worker`)."""

from __future__ import annotations

from django.db import connection
from django.tasks import task


@task()
def healthcheck_task(note: str = "") -> dict[str, object]:
    """A task that proves the worker reaches the database (used by tests and ops)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        ok = cursor.fetchone() == (1,)
    return {"ok": ok, "note": note}
