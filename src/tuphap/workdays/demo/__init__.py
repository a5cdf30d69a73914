"""Demo loader for the working calendar (called by `manage.py demo`).

The official calendar is seeded by a data migration; this only fills years that
an earlier database may lack (idempotent)."""

from __future__ import annotations

from typing import Any


def load(stdout: Any) -> None:
    from tuphap.workdays.services import calendar_seed

    created = calendar_seed(actor=None)
    if created:
        stdout.write(f"Lịch làm việc: đã nạp {created} ngày nghỉ / ngày làm bù.")
