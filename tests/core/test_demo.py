"""`manage.py demo`: the demo province, loaded idempotently."""

from __future__ import annotations

import io
from typing import Any

from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import call_command

from tuphap.orgs.permissions import roles_of
from tuphap.orgs.roles import Role


def table_snapshot() -> dict[str, list[tuple[Any, ...]]]:
    snapshot = {}
    for model in apps.get_models():
        if model._meta.app_label in {"sessions", "django_tasks_db"}:
            continue
        snapshot[model._meta.label] = sorted(map(repr, model.objects.values_list()))  # type: ignore[attr-defined]
    return snapshot


def test_demo_loads_accounts_and_is_idempotent(db: Any) -> None:
    out = io.StringIO()
    call_command("demo", stdout=out)
    first = table_snapshot()
    call_command("demo", stdout=io.StringIO())
    assert table_snapshot() == first
    text = out.getvalue()
    expected = {
        "admin": Role.ADMIN,
        "motcua": Role.RECEPTION,
        "chuyenvien": Role.SPECIALIST,
        "truongphong": Role.UNIT_HEAD,
        "giamdoc": Role.DIRECTOR,
        "bientap": Role.EDITOR,
    }
    for username, role in expected.items():
        user = authenticate(username=username, password="tuphap-demo")
        assert user is not None, username
        assert role in roles_of(user)
        assert username in text
    assert "tuphap-demo" in text
    from tuphap.orgs.models import Agency

    department = Agency.objects.get(code="000.00.17.H09")
    assert department.name == "Sở Tư pháp tỉnh Bình Thuận"
    assert department.units.count() >= 6
    assert department.parent is not None and department.parent.successor is not None
    assert "Lâm Đồng" in department.parent.successor.name
    # the quarter the department published, through the services and the real calendar;
    # the rest of the history waits for the background worker, and the report says so
    from tuphap.reports.quarterly import build

    report = build(2022, 1)
    assert (report.total.counts.received, report.total.counts.received_late) == (1635, 11)
    assert report.incomplete is not None and "đang nạp" in report.incomplete
