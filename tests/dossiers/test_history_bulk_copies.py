"""``PastDossier.copy``: a dossier played once and copied under other import keys writes what the same
dossier received and played afresh under each key writes (rows, codes and report figures), so that a
generator of history may play a dossier it receives many times over once."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from tests.dossiers.test_import_bulk import (
    _days_with,
    both_ways,
    merged_department,  # noqa: F401 - the fixture
)
from tuphap.dossiers.demo import loader
from tuphap.dossiers.demo.history import PlannedDossier, quarter_days
from tuphap.dossiers.history_bulk import Lookups, PastDossier, write_batch
from tuphap.workdays.core import OfficeClock
from tuphap.workdays.seed import default_calendar

COPIES = 3


def _played(lookups: Lookups, p: PlannedDossier, key: str, now: dt.datetime) -> PastDossier:
    q = dataclasses.replace(p, key=key)
    past, clock = loader.receive_planned(lookups, q, bulk=True)
    loader.apply_planned(clock, q, now, past)
    assert isinstance(past, PastDossier)
    return past


def test_copies_write_what_the_dossier_played_afresh_under_each_key_writes(
    merged_department: Any,  # noqa: F811 - the fixture
) -> None:
    clock = OfficeClock(default_calendar())
    q1 = [d for d in quarter_days(2022, 1) if clock.is_working_day(d)]
    years = [d for y in (2022, 2023) for q in (1, 2, 3, 4) for d in quarter_days(y, q) if clock.is_working_day(d)]
    days = sorted(
        {
            *_days_with(clock, lambda p: p.late and p.apology, q1),
            *_days_with(clock, lambda p: p.second_supplement, years),
            *_days_with(clock, lambda p: p.outcome == "rejected", years),
        }
    )
    now = timezone.now()
    planned = [p for day in days for p in loader.planned_days(day, day, now)]
    assert any(p.second_supplement for p in planned) and any(p.late for p in planned)

    def afresh() -> None:
        lookups = Lookups()
        write_batch([_played(lookups, p, f"{p.key}-{j}", now) for p in planned for j in range(COPIES)])

    def copied() -> None:
        lookups = Lookups()
        batch = []
        for p in planned:
            first = _played(lookups, p, f"{p.key}-0", now)
            batch += [first.copy(import_key=f"{p.key}-{j}") for j in range(COPIES)]
        write_batch(batch)

    quarters = sorted({(d.year, (d.month - 1) // 3 + 1) for d in days})
    (snap_afresh, figures_afresh), (snap_copied, figures_copied) = both_ways(afresh, copied, quarters, now)
    assert len(snap_copied["dossiers"]) == COPIES * len(planned)
    assert snap_copied == snap_afresh
    assert figures_copied == figures_afresh


def test_a_written_dossier_or_one_with_a_given_code_has_no_copy(
    merged_department: Any,  # noqa: F811 - the fixture
) -> None:
    clock = OfficeClock(default_calendar())
    day = next(d for d in quarter_days(2022, 1) if clock.is_working_day(d))
    p = loader.planned_days(day, day, timezone.now())[0]
    past = _played(Lookups(), p, p.key, timezone.now())
    write_batch([past])
    with pytest.raises(ValueError, match="unwritten"):
        past.copy(import_key="another")
