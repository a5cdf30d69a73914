"""The calendar's Django side: seeded data, the command, the service, the page."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from tuphap.core.models import AuditEvent
from tuphap.workdays import services
from tuphap.workdays.models import CalendarDay, DayKind
from tuphap.workdays.selectors import office_clock, working_day_count

EXAMPLES = [
    ("2022-01-28T09:30", "2", "working_days", [], "2022-02-08T09:30:00+07:00"),
    ("2022-03-07T07:00", "1", "working_days", [], "2022-03-07T17:00:00+07:00"),
    ("2022-03-07T12:15", "1", "working_days", [], "2022-03-08T11:30:00+07:00"),
    ("2022-03-11T18:00", "1", "working_days", [], "2022-03-14T17:00:00+07:00"),
    ("2022-12-15T10:00", "10", "calendar_days", [], "2022-12-26T17:00:00+07:00"),
    ("2022-03-08T10:00", "4", "working_hours", [], "2022-03-08T16:00:00+07:00"),
    ("2022-03-07T09:00", "3", "working_days", ["2022-03-08T10:00/2022-03-10T14:00"], "2022-03-14T11:00:00+07:00"),
    ("2026-01-09T09:00", "1", "working_days", [], "2026-01-10T09:00:00+07:00"),
]


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("workdays", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(("received", "amount", "unit", "pauses", "expected"), EXAMPLES)
def test_worked_examples_via_the_command(
    db: Any, received: str, amount: str, unit: str, pauses: list[str], expected: str
) -> None:
    args = ["due", "--received", received, "--amount", amount, "--unit", unit]
    for pause in pauses:
        args += ["--pause", pause]
    assert run(*args).splitlines()[0] == expected
    explained = run(*args, "--explain").splitlines()
    assert explained[0] == expected and len(explained) > 2


@pytest.mark.parametrize(
    ("day", "answer"), [("2026-01-10", "yes"), ("2026-01-02", "no"), ("2024-05-04", "yes"), ("2022-02-01", "no")]
)
def test_is_working_via_the_command(db: Any, day: str, answer: str) -> None:
    assert run("is-working", day).strip() == answer


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["due", "--received", "2022-03-07T09:00", "--amount", "3", "--unit", "weeks"], "Đơn vị thời hạn không hợp lệ"),
        (["due", "--received", "2022-03-07T09:00", "--amount", "-1", "--unit", "working_days"], ""),
        (["due", "--received", "2022-03-07T09:00", "--amount", "99999", "--unit", "working_days"], ""),
        (["due", "--received", "2022-03-07T09:00", "--amount", "ba", "--unit", "working_days"], "số nguyên"),
        (["due", "--received", "2040-01-02T09:00", "--amount", "3", "--unit", "working_days"], "2015–2030"),
        (["due", "--received", "hôm qua", "--amount", "3", "--unit", "working_days"], "ISO 8601"),
        (
            [
                "due",
                "--received",
                "2022-03-07T09:00",
                "--amount",
                "3",
                "--unit",
                "working_days",
                "--pause",
                "2022-03-10T10:00/2022-03-08T10:00",
            ],
            "",
        ),
        (
            [
                "due",
                "--received",
                "2022-03-07T09:00",
                "--amount",
                "3",
                "--unit",
                "working_days",
                "--pause",
                "2022-03-08T10:00/2022-03-09T10:00",
                "--pause",
                "2022-03-09T09:00/2022-03-10T10:00",
            ],
            "",
        ),
        (
            [
                "due",
                "--received",
                "2022-03-07T09:00",
                "--amount",
                "3",
                "--unit",
                "working_days",
                "--pause",
                "2022-03-08",
            ],
            "BẮT_ĐẦU/KẾT_THÚC",
        ),
        (["is-working", "2022-13-01"], "YYYY-MM-DD"),
        (["is-working", "2099-01-01"], "2015–2030"),
    ],
)
def test_bad_input_is_one_clear_error(db: Any, args: list[str], message: str) -> None:
    with pytest.raises(CommandError) as info:
        run(*args)
    text = str(info.value)
    assert "\n" not in text and text
    assert message in text


def test_command_exits_non_zero_with_one_line(tmp_path: Any) -> None:
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tuphap.settings_test",
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
    }

    def manage(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, str(root / "manage.py"), *args], capture_output=True, text=True, check=False, env=env
        )

    unmigrated = manage("workdays", "is-working", "2022-02-01")
    assert (
        unmigrated.returncode != 0
        and len(unmigrated.stderr.strip().splitlines()) == 1
        and "migrate" in unmigrated.stderr
    )
    assert manage("migrate", "-v0").returncode == 0
    result = manage("workdays", "due", "--received", "2022-03-07T09:00", "--amount", "3", "--unit", "weeks")
    assert result.returncode != 0
    assert len(result.stderr.strip().splitlines()) == 1 and "weeks" in result.stderr
    ok = manage("workdays", "due", "--received", "2022-01-28T09:30", "--amount", "2", "--unit", "working_days")
    assert ok.returncode == 0 and ok.stdout.splitlines()[0] == "2022-02-08T09:30:00+07:00"


@pytest.mark.parametrize(("year", "count"), [(2022, 249), (2023, 249), (2024, 251), (2025, 250), (2026, 250)])
def test_seeded_calendar_matches_the_official_counts(db: Any, year: int, count: int) -> None:
    assert working_day_count(year) == count


def test_calendar_change_is_recorded_and_retimes(
    db: Any, admin_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    import datetime as dt

    clock = office_clock()
    day = dt.date(2026, 11, 24)
    assert clock.is_working_day(day)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        row = services.calendar_day_set(
            actor=admin_user,
            date=day,
            kind=DayKind.DAY_OFF,
            reason="Ngày Văn hóa Việt Nam",
            source="Thông báo giả định (demo)",
        )
    assert len(callbacks) == 1  # the re-timing task is enqueued after commit
    assert not office_clock().is_working_day(day)
    event = AuditEvent.objects.get(action="calendar_day.set", object_id=str(row.pk))
    assert event.after["kind"] == "day_off" and event.actor == admin_user
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.filter(task_path__endswith="retime_open_deadlines").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.calendar_day_remove(actor=admin_user, day=row)
    assert office_clock().is_working_day(day)
    assert AuditEvent.objects.filter(action="calendar_day.remove").count() == 1


def test_retime_task_calls_subscribers(db: Any) -> None:
    import datetime as dt

    from tuphap.workdays import subscribers
    from tuphap.workdays.tasks import retime_open_deadlines

    seen = []
    subscribers.subscribe("test", lambda agency, since: seen.append((agency, since)) or 7)
    try:
        result = retime_open_deadlines.call(agency_id=None, since="2026-11-24")
    finally:
        subscribers._SUBSCRIBERS.pop("test")
    assert seen == [(None, dt.date(2026, 11, 24))] and result["test"] == 7


@pytest.mark.parametrize(
    ("date", "kind"),
    [("2026-11-28", DayKind.DAY_OFF), ("2026-11-25", DayKind.MAKEUP_DAY), ("2031-01-02", DayKind.DAY_OFF)],
)
def test_service_refuses_inconsistent_days(db: Any, admin_user: Any, date: str, kind: str) -> None:
    import datetime as dt

    before = CalendarDay.objects.count()
    with pytest.raises(ValidationError):
        services.calendar_day_set(actor=admin_user, date=dt.date.fromisoformat(date), kind=kind, reason="x")
    assert CalendarDay.objects.count() == before


def test_only_administrators_change_the_calendar(db: Any, reception: Any) -> None:
    import datetime as dt

    with pytest.raises(PermissionDenied):
        services.calendar_day_set(actor=reception, date=dt.date(2026, 11, 24), kind=DayKind.DAY_OFF, reason="x")


def test_calendar_page_shows_the_year(client: Client, reception: Any) -> None:
    client.force_login(reception)
    response = client.get(reverse("workdays:calendar_year", args=[2026]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Lịch làm việc năm 2026" in html and "250 ngày làm việc" in html
    assert 'data-date="2026-01-10"' in html and "Tết" in html
    assert "Thêm ngày nghỉ" not in html  # no editing for a reception officer
    assert client.post(reverse("workdays:calendar_year", args=[2026]), {}).status_code == 403
    assert client.get(reverse("workdays:calendar_year", args=[1990])).status_code == 404


def test_administrator_adds_a_day_with_vietnamese_errors(client: Client, admin_user: Any) -> None:
    client.force_login(admin_user)
    url = reverse("workdays:calendar_year", args=[2026])
    bad = client.post(url, {"date": "2026-11-28", "kind": "day_off", "reason": "Thử", "source": ""})
    assert bad.status_code == 200 and "là ngày cuối tuần" in bad.content.decode()
    good = client.post(
        url, {"date": "2026-11-24", "kind": "day_off", "reason": "Ngày Văn hóa Việt Nam", "source": "demo"}, follow=True
    )
    assert good.status_code == 200 and "Ngày Văn hóa Việt Nam" in good.content.decode()
    assert CalendarDay.objects.filter(date="2026-11-24", kind="day_off").exists()


def test_due_calculator_fragment(client: Client, reception: Any) -> None:
    client.force_login(reception)
    response = client.get(
        reverse("workdays:due"),
        {"received": "2022-01-28T09:30", "amount": "2", "unit": "working_days"},
        headers={"hx-request": "true"},
    )
    html = response.content.decode()
    assert 'data-due="2022-02-08T09:30:00+07:00"' in html and "Tết" in html
    bad = client.get(reverse("workdays:due"), {"received": "2040-01-02T09:30", "amount": "2", "unit": "working_days"})
    assert "2015–2030" in bad.content.decode()


def test_calendar_page_needs_login(client: Client, db: Any) -> None:
    response = client.get(reverse("workdays:calendar"))
    assert response.status_code == 302
