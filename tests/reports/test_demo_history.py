"""The demo history: a deterministic plan, applied through the services; the
background load and the reports' notice while it runs.

The whole history (about 39,000 dossiers) is not loaded here: the plan is
checked whole (pure, fast), and a few days of it go through the services.
``tests/core/test_demo.py`` loads the published quarter with ``manage.py demo``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tests.reports.fresh import fresh_counts
from tests.reports.oracle import dossier_counts_direct
from tuphap.dossiers import services
from tuphap.dossiers.catalogue import PROCEDURES, VALID_FROM
from tuphap.dossiers.demo import loader as demo
from tuphap.dossiers.demo.history import PUBLISHED, history_days, plan_day, quarter_days
from tuphap.dossiers.models import Dossier, HistoryLoad
from tuphap.reports.quarterly import build
from tuphap.reports.selectors import history_loading
from tuphap.workdays.core import OfficeClock
from tuphap.workdays.seed import default_calendar

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_DAYS = ["2021-01-04", "2021-08-16", "2022-02-07", "2022-03-15", "2024-07-01", "2026-11-27"]
DIGEST = """
import datetime as dt, hashlib, sys
from tuphap.dossiers.demo.history import plan_day
from tuphap.workdays.core import OfficeClock
from tuphap.workdays.seed import default_calendar
clock = OfficeClock(default_calendar())
text = repr([plan_day(clock, dt.date.fromisoformat(d)) for d in sys.argv[1:]])
print(hashlib.sha256(text.encode()).hexdigest())
"""


@pytest.fixture(scope="module")
def clock() -> OfficeClock:
    return OfficeClock(default_calendar())


def test_plan_is_deterministic_across_processes(clock: OfficeClock) -> None:
    here = hashlib.sha256(repr([plan_day(clock, dt.date.fromisoformat(d)) for d in SAMPLE_DAYS]).encode()).hexdigest()
    # another process, with another string hash seed: set and dict order must not leak into the plan
    env = {**os.environ, "PYTHONHASHSEED": "987654", "PYTHONPATH": str(ROOT / "src")}
    out = subprocess.run(
        [sys.executable, "-c", DIGEST, *SAMPLE_DAYS], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == here


def test_the_published_quarter_is_planned_exactly(clock: OfficeClock) -> None:
    planned = [p for day in quarter_days(2022, 1) for p in plan_day(clock, day)]
    assert (len(planned), sum(p.late for p in planned)) == PUBLISHED[(2022, 1)] == (1635, 11)
    assert all(p.apology and not p.supplement_after for p in planned if p.late)  # each late one had its apology
    assert sum(p.supplement_after > 0 for p in planned) > 40 and sum(p.rating != "" for p in planned) > 400
    by_month = [sum(1 for p in planned if p.received_at.month == m) for m in (1, 2, 3)]
    assert by_month[1] < by_month[0] < by_month[2]  # the Tết dip in February
    assert not plan_day(clock, dt.date(2022, 2, 1))  # Tết: the office is closed


def test_the_plan_looks_like_the_department(clock: OfficeClock) -> None:
    def month(year: int, number: int) -> list[Any]:
        first = dt.date(year, number, 1)
        last = dt.date(year + (number == 12), number % 12 + 1, 1) - dt.timedelta(days=1)
        return [p for day in history_days(first, last) for p in plan_day(clock, day)]

    june21, september21, october26 = month(2021, 6), month(2021, 9), month(2026, 10)
    assert 450 <= len(june21) <= 700 and 450 <= len(october26) <= 700  # about 545 a month
    assert len(september21) < len(june21) / 2  # social distancing in summer 2021
    online = [sum(p.channel == "online" for p in m) / len(m) for m in (june21, october26)]
    assert online[0] < 0.2 < 0.6 < online[1]
    share = sum(p.procedure == "2.000488.000.00.00.H09" for p in october26) / len(october26)
    assert 0.8 < share < 0.95  # judicial record certificates: most of the work


@pytest.fixture
def catalogue_all(department: Any, units: dict[str, Any]) -> None:
    for data in PROCEDURES:
        services.procedure_publish(
            actor=None, data=data, agency=department, unit=units[data["unit"]], valid_from=VALID_FROM
        )


def _day_with(clock: OfficeClock, predicate: Any, days: list[dt.date]) -> dt.date:
    return next(day for day in days if any(predicate(p) for p in plan_day(clock, day)))


def test_planned_days_through_the_services(catalogue_all: None, clock: OfficeClock) -> None:
    q1 = quarter_days(2022, 1)
    days = sorted(
        {
            _day_with(clock, lambda p: p.late, q1),
            _day_with(
                clock,
                lambda p: p.second_supplement,
                [d for y in (2022, 2023) for q in (1, 2, 3, 4) for d in quarter_days(y, q)],
            ),
        }
    )
    now = dt.datetime(2026, 11, 29, 12, tzinfo=dt.UTC)
    planned = [p for day in days for p in plan_day(clock, day)]
    for day in days:
        assert demo.apply_day(clock, day, now) == len(plan_day(clock, day))
        assert demo.apply_day(clock, day, now) == 0  # a day is loaded once
    assert Dossier.objects.count() == len(planned)
    for p in planned:
        d = Dossier.objects.get(import_key=p.key)
        assert d.due_at is not None and d.finished_at is not None
        assert (d.finished_at > d.due_at) == p.late, p.key  # late exactly as planned, under the real calendar
        assert d.extensions == (1 if p.late and p.apology else 0)
        assert d.supplement_requests == (2 if p.second_supplement else 1 if p.supplement_after else 0)
        assert (
            d.rating == p.rating
            and d.channel == p.channel
            and d.state == ("returned" if p.return_after else "resolved")
        )
    for day in days:
        counts = fresh_counts(day, day, as_of=now)
        assert (counts.received, counts.received_late) == (
            len(plan_day(clock, day)),
            sum(p.late for p in plan_day(clock, day)),
        )
        assert counts == dossier_counts_direct(day, day, as_of=now)


def test_background_load_and_the_incomplete_notice(
    catalogue_all: None, client: Client, make_staff: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django_tasks_db.models import DBTaskResult

    from tuphap.orgs.roles import Role

    with django_capture_on_commit_callbacks(execute=True):
        assert demo.schedule_history()
    with django_capture_on_commit_callbacks(execute=True):
        assert demo.schedule_history()
    assert (
        DBTaskResult.objects.filter(task_path=demo.load_history.module_path, status="READY").count() == 1
    )  # enqueued once
    HistoryLoad.objects.filter(key=demo.HISTORY_KEY).update(first_day=dt.date(2021, 8, 2), last_day=dt.date(2021, 8, 3))
    report = build(2021, 3, as_of=dt.datetime(2021, 10, 1, tzinfo=dt.UTC))
    assert report.incomplete is not None and "Số liệu chưa đầy đủ" in report.incomplete
    client.force_login(make_staff("giamdoc", Role.DIRECTOR, unit=None))
    body = client.get("/api/v1/reports/dossiers", {"from": "2021-07-01", "to": "2021-09-30"}).json()
    assert body["period"]["incomplete"]["loading"] == demo.HISTORY_LABEL

    loaded = demo.load_history_now()
    expected = len(plan_day(demo.office_clock(), dt.date(2021, 8, 2))) + len(
        plan_day(demo.office_clock(), dt.date(2021, 8, 3))
    )
    assert loaded == expected == Dossier.objects.count() > 0
    state = HistoryLoad.objects.get(key=demo.HISTORY_KEY)
    assert state.finished_at is not None and state.done_through == dt.date(2021, 8, 3)
    assert history_loading() is None
    assert fresh_counts(dt.date(2021, 7, 1), dt.date(2021, 9, 30)).received == expected
    assert (
        client.get("/api/v1/reports/dossiers", {"from": "2021-07-01", "to": "2021-09-30"}).json()["period"][
            "incomplete"
        ]
        is None
    )
    assert demo.load_history_now() == 0 and not demo.schedule_history()  # done: nothing more to load or to enqueue
