"""The demo history: a deterministic plan, written on the bulk path.

The whole history (about 29,000 dossiers) is not loaded here: the plan is
checked whole (pure, fast), and a few days of it are written.
``tests/core/test_demo.py`` loads it all with ``manage.py demo``;
``tests/dossiers/test_import_bulk.py`` compares the bulk path with the services.
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

from tests.reports.fresh import fresh_counts
from tests.reports.oracle import dossier_counts_direct
from tuphap.dossiers import services
from tuphap.dossiers.catalogue import PROCEDURES, VALID_FROM
from tuphap.dossiers.demo import loader as demo
from tuphap.dossiers.demo.history import (
    LLTP,
    LLTP_LAST_DAY,
    PUBLISHED,
    history_days,
    plan_day,
    procedure_mix,
    quarter_days,
)
from tuphap.dossiers.models import Dossier
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
    def month(year: int, number: int, mix: Any = None) -> list[Any]:
        first = dt.date(year, number, 1)
        last = dt.date(year + (number == 12), number % 12 + 1, 1) - dt.timedelta(days=1)
        return [p for day in history_days(first, last) for p in plan_day(clock, day, mix)]

    mix = procedure_mix([(p["code"], p["field"], tuple(p["channels"])) for p in PROCEDURES])
    june21, september21, october24, october26 = month(2021, 6), month(2021, 9), month(2024, 10), month(2026, 10, mix)
    assert 450 <= len(june21) <= 700 and 450 <= len(october24) <= 700  # about 545 a month
    assert len(september21) < len(june21) / 2  # social distancing in summer 2021
    online = [sum(p.channel == "online" for p in m) / len(m) for m in (june21, october24)]
    assert online[0] < 0.2 < 0.45 < online[1]
    share = sum(p.procedure == LLTP for p in october24) / len(october24)
    assert 0.8 < share < 0.95  # judicial record certificates: most of the work until February 2025
    # from 1 March 2025 the police issue them: the department's other work, drawn from the mix by field
    assert 60 <= len(october26) <= 160 and not any(p.procedure == LLTP for p in october26)
    assert len({p.procedure for p in october26}) >= 8
    assert plan_day(clock, dt.date(2026, 10, 5)) == []  # after LLTP, no mix: nothing to draw from
    last = [p for p in plan_day(clock, LLTP_LAST_DAY, mix)]
    assert last and sum(p.procedure == LLTP for p in last) > len(last) / 2


def test_every_quarter_but_the_published_one_stays_under_one_percent_late(clock: OfficeClock) -> None:
    mix = procedure_mix([(p["code"], p["field"], tuple(p["channels"])) for p in PROCEDURES])
    for year in range(2021, 2027):
        for quarter in (1, 2, 3, 4):
            planned = [p for day in quarter_days(year, quarter) for p in plan_day(clock, day, mix)]
            late = sum(p.late for p in planned)
            if (year, quarter) in PUBLISHED:
                assert (len(planned), late) == PUBLISHED[(year, quarter)]
            else:
                assert late < 0.01 * len(planned), (year, quarter, late, len(planned))


@pytest.fixture
def catalogue_all(department: Any, units: dict[str, Any]) -> None:
    for data in PROCEDURES:
        services.procedure_publish(
            actor=None, data=data, agency=department, unit=units[data["unit"]], valid_from=VALID_FROM
        )


def _day_with(clock: OfficeClock, predicate: Any, days: list[dt.date]) -> dt.date:
    return next(day for day in days if any(predicate(p) for p in plan_day(clock, day)))


def test_planned_days_written_on_the_bulk_path(catalogue_all: None, clock: OfficeClock) -> None:
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
        assert demo.load_history(now, day, day) == len(plan_day(clock, day))
        assert demo.load_history(now, day, day) == 0  # a day is loaded once
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
