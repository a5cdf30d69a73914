"""Each year of the calendar is official (with its document) or estimated (from
the pinned ``holidays`` package); a deadline that crosses an estimated year
says so; 24/11 is a working day in every year; holiday names are Vietnamese
whatever the server's locale."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import holidays
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tuphap.core.models import AuditEvent
from tuphap.workdays import selectors, services
from tuphap.workdays.models import CalendarDay, YearStatus
from tuphap.workdays.seed import OFFICIAL_YEARS, PACKAGE_SOURCE, official_calendar_entries

ROOT = Path(__file__).resolve().parents[2]


def due(*args: str) -> list[str]:
    out = io.StringIO()
    call_command("workdays", "due", *args, stdout=out)
    return out.getvalue().splitlines()


def test_the_holidays_package_is_pinned_to_the_version_that_derives_the_estimates() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    pinned = re.search(r'"holidays==([0-9.]+)"', pyproject)
    assert pinned is not None, "holidays must be pinned to one exact version"
    assert pinned.group(1) == holidays.__version__


def test_estimated_years_have_vietnamese_names_whatever_the_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    entries = {e.date: e for e in official_calendar_entries(2027, 2027)}
    assert entries[dt.date(2027, 1, 1)].reason == "Tết Dương lịch"
    assert all(e.source == PACKAGE_SOURCE for e in entries.values())
    assert not any("Year" in e.reason or "Day" in e.reason for e in entries.values())


@pytest.mark.parametrize("year", [2022, 2025, 2026, 2027, 2030])
def test_culture_day_24_11_is_a_working_day_in_every_year(db: Any, year: int) -> None:
    """No text in force makes 24/11 a day off yet (Resolution 80-NQ/TW chose it in
    principle; Labour Code art. 112 is unamended): the same in official and
    estimated years, although the package lists it from 2026."""
    day = dt.date(year, 11, 24)
    assert day not in {e.date for e in official_calendar_entries(year, year)}
    if day.weekday() < 5:
        assert selectors.office_clock().is_working_day(day)
    assert not CalendarDay.objects.filter(date=day, agency__isnull=True, kind="day_off").exists()


def test_official_and_estimated_years_through_the_api(client: Client, db: Any) -> None:
    official = client.get("/api/v1/calendar/2026")
    assert official.status_code == 200
    body = official.json()
    assert body["year"] == 2026 and body["status"] == "official" and "12729/VPCP-KGVX" in body["source"]
    off = {d["date"]: d for d in body["days_off"]}
    assert "2026-02-16" in off and "2026-01-02" in off and "2026-11-24" not in off
    assert {d["date"] for d in body["working_weekend_days"]} == {"2026-01-10", "2026-08-22"}
    assert "Tết" in off["2026-02-16"]["name"]

    estimated = client.get("/api/v1/calendar/2027").json()
    assert estimated["status"] == "estimated"
    assert f"holidays {holidays.__version__}" in estimated["source"]
    names = {d["date"]: d["name"] for d in estimated["days_off"]}
    assert names["2027-01-01"] == "Tết Dương lịch" and "2027-11-24" not in names
    assert all(dt.date.fromisoformat(d).weekday() < 5 for d in names)


@pytest.mark.parametrize(("year", "status"), [("2014", 404), ("2031", 404), ("abc", 422), ("²", 422)])
def test_calendar_api_refuses_years_it_does_not_hold(client: Client, db: Any, year: str, status: int) -> None:
    response = client.get(f"/api/v1/calendar/{year}")
    assert response.status_code == status
    if status == 404:
        assert "2015" in response.json()["detail"]


def test_seeded_official_years_are_marked_official(db: Any) -> None:
    infos = selectors.year_infos(2021, 2027)
    assert {y for y, i in infos.items() if not i.estimated} == set(OFFICIAL_YEARS) == {2022, 2023, 2024, 2025, 2026}
    assert infos[2021].estimated and infos[2027].estimated


def test_a_due_date_into_an_estimated_year_says_so_on_a_second_line(db: Any) -> None:
    crossing = due("--received", "2026-12-28T09:00", "--amount", "10", "--unit", "working_days")
    assert crossing[0] == "2027-01-12T09:00:00+07:00"  # 1/1/2027 off (estimated), weekends
    assert len(crossing) == 2 and "2027" in crossing[1] and "ước tính" in crossing[1]
    inside = due("--received", "2026-12-01T09:00", "--amount", "5", "--unit", "working_days")
    assert inside == ["2026-12-08T09:00:00+07:00"]
    explained = due("--received", "2026-12-28T09:00", "--amount", "10", "--unit", "working_days", "--explain")
    assert explained[0] == crossing[0] and "2027" in explained[1] and len(explained) > 3


def test_the_calculator_and_the_year_page_show_the_provenance(client: Client, reception: Any) -> None:
    client.force_login(reception)
    crossing = client.get(
        reverse("workdays:due"), {"received": "2026-12-28T09:00", "amount": "10", "unit": "working_days"}
    ).content.decode()
    assert 'data-estimated-years="2027"' in crossing and "ước tính" in crossing
    inside = client.get(
        reverse("workdays:due"), {"received": "2026-12-01T09:00", "amount": "5", "unit": "working_days"}
    ).content.decode()
    assert "data-estimated-years" not in inside
    page = client.get(reverse("workdays:calendar_year", args=[2027])).content.decode()
    assert 'data-status="estimated"' in page and "Lịch ước tính" in page
    page = client.get(reverse("workdays:calendar_year", args=[2026])).content.decode()
    assert 'data-status="official"' in page and "12729/VPCP-KGVX" in page


def test_entering_the_official_schedule_marks_the_year_official(db: Any, admin_user: Any, reception: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.calendar_year_set(actor=reception, year=2027, status=YearStatus.OFFICIAL, source="TB 1/2026")
    with pytest.raises(ValidationError) as missing:
        services.calendar_year_set(actor=admin_user, year=2027, status=YearStatus.OFFICIAL, source=" ")
    assert "source" in missing.value.message_dict
    with pytest.raises(ValidationError):
        services.calendar_year_set(actor=admin_user, year=2040, status=YearStatus.OFFICIAL, source="x")
    services.calendar_year_set(actor=admin_user, year=2027, status=YearStatus.OFFICIAL, source="Thông báo 1/TB-BNV")
    assert selectors.year_info(2027) == selectors.YearInfo(2027, "official", "Thông báo 1/TB-BNV")
    assert due("--received", "2026-12-28T09:00", "--amount", "10", "--unit", "working_days")[1:] == []
    event = AuditEvent.objects.filter(action="calendar_year.set").latest("pk")
    assert event.actor_id == admin_user.pk and event.after["status"] == "official"
