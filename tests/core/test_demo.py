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

    department = Agency.objects.select_related("successor").get(code="000.00.17.H09")
    assert department.name == "Sở Tư pháp tỉnh Bình Thuận"
    assert department.units.count() >= 6
    assert department.parent is not None and department.parent.successor is not None
    assert "Lâm Đồng" in department.parent.successor.name
    # the whole history is loaded before the command returns (the bulk path): the quarter the department
    # published, every other quarter under 1 % late, no report saying its figures are incomplete
    import datetime as dt

    from django.utils import timezone

    from tuphap.dossiers.models import Dossier, HistoryLoad
    from tuphap.reports.quarterly import build
    from tuphap.reports.selectors import dossier_counts

    report = build(2022, 1)
    assert (report.total.counts.received, report.total.counts.received_late) == (1635, 11)
    assert report.incomplete is None and not HistoryLoad.objects.filter(finished_at=None).exists()
    today = timezone.localdate()
    quarter = (2021, 1)
    while quarter <= (today.year, (today.month - 1) // 3 + 1):
        year, q = quarter
        start = dt.date(year, 3 * q - 2, 1)
        end = min(today, dt.date(year + (q == 4), (3 * q) % 12 + 1, 1) - dt.timedelta(days=1))
        counts = dossier_counts(start, end)
        assert counts.received > 0, quarter
        if quarter != (2022, 1):
            assert counts.received_late < 0.01 * counts.received, (quarter, counts)
        quarter = (year + (q == 4), q % 4 + 1)
    assert build(today.year, (today.month - 1) // 3 + 1).incomplete is None
    # today's department: no LLTP after 28/2/2025, dossiers under the agency in force at receipt
    lltp = Dossier.objects.filter(procedure__field="Lý lịch tư pháp")
    assert lltp.filter(received_at__date__lte=dt.date(2025, 2, 28)).count() > 20000
    assert not lltp.filter(received_at__gte=dt.datetime(2025, 3, 1, tzinfo=dt.UTC)).exists()
    merged = department.successor
    assert merged is not None and merged.code != department.code
    assert not Dossier.objects.filter(
        agency=department, received_at__gte=dt.datetime(2025, 7, 1, tzinfo=dt.UTC)
    ).exists()
    assert Dossier.objects.filter(agency=merged).count() > 300
    assert not Dossier.objects.filter(
        agency=merged, received_at__lt=dt.datetime(2025, 6, 30, 17, tzinfo=dt.UTC)
    ).exists()
    # the live dossiers of the last weeks (handlers, a supplement awaited): none overdue
    recent = Dossier.objects.filter(import_key__startswith="demo-recent-")
    assert recent.count() == 60 and recent.exclude(handler=None).exists()
    assert not recent.filter(state__in=["received", "in_process"], due_at__lt=timezone.now()).exists()
