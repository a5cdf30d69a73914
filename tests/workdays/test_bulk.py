"""Vectorised deadlines: identical to the single-call path on every row."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from tuphap.workdays.bulk import due_at_many, unit_codes
from tuphap.workdays.core import (
    UNITS,
    BadAmount,
    OfficeClock,
    OutOfRange,
    UnknownUnit,
)
from tuphap.workdays.seed import default_calendar

VN = ZoneInfo("Asia/Ho_Chi_Minh")


@cache
def clock() -> OfficeClock:
    return OfficeClock(default_calendar())


def epoch(text: str) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=VN).timestamp())


def single(c: OfficeClock, ts: int, amount: int, code: int) -> int:
    received = datetime.fromtimestamp(ts, VN)
    return int(c.due_at(received, amount, UNITS[code]).timestamp())


def test_random_rows_match_single_calls() -> None:
    c = clock()
    rng = np.random.default_rng(20260110)
    n = 20_000
    lo, hi = epoch("2015-01-01T00:00"), epoch("2030-09-01T00:00")
    received = rng.integers(lo, hi, n, dtype=np.int64)
    # A quarter of the rows on office boundaries (07:00, 11:30, 13:30, 17:00, midnight).
    boundary = rng.random(n) < 0.25
    days = (received - lo) // 86400
    offsets = np.array([0, 7 * 3600, 11 * 3600 + 1800, 13 * 3600 + 1800, 17 * 3600])
    received[boundary] = lo + days[boundary] * 86400 + rng.choice(offsets, int(boundary.sum()))
    units = rng.integers(0, 3, n).astype(np.int8)
    amounts = np.where(units == 1, rng.integers(0, 200, n), rng.integers(0, 60, n)).astype(np.int64)

    due = due_at_many(c, received, amounts, units)

    assert due.dtype == np.int64
    expected = [single(c, int(t), int(a), int(u)) for t, a, u in zip(received, amounts, units, strict=True)]
    mismatches = np.flatnonzero(due != np.asarray(expected, dtype=np.int64))
    assert mismatches.size == 0, mismatches[:10]


@pytest.mark.parametrize("code", [0, 1, 2])
def test_single_unit_columns(code: int) -> None:
    c = clock()
    rng = np.random.default_rng(code)
    received = rng.integers(epoch("2022-01-01T00:00"), epoch("2026-12-01T00:00"), 2000)
    amounts = rng.integers(0, 25, 2000)
    due = due_at_many(c, received, amounts, np.full(2000, code, dtype=np.int8))
    for t, a, d in zip(received[:300], amounts[:300], due[:300], strict=True):
        assert int(d) == single(c, int(t), int(a), code)


def test_worked_examples_in_bulk() -> None:
    rows = [
        ("2022-01-28T09:30", 2, "working_days", "2022-02-08T09:30"),
        ("2022-03-11T18:00", 1, "working_days", "2022-03-14T17:00"),
        ("2022-12-15T10:00", 10, "calendar_days", "2022-12-26T17:00"),
        ("2022-03-08T10:00", 4, "working_hours", "2022-03-08T16:00"),
        ("2026-01-09T09:00", 1, "working_days", "2026-01-10T09:00"),
        ("2022-03-11T18:00", 0, "calendar_days", "2022-03-14T17:00"),
        ("2022-03-11T18:00", 0, "working_days", "2022-03-11T18:00"),
    ]
    due = due_at_many(
        clock(),
        np.array([epoch(r[0]) for r in rows]),
        np.array([r[1] for r in rows]),
        unit_codes([r[2] for r in rows]),
    )
    assert due.tolist() == [epoch(r[3]) for r in rows]


def test_empty_input() -> None:
    empty = np.empty(0, dtype=np.int64)
    assert due_at_many(clock(), empty, empty, empty.astype(np.int8)).size == 0


def test_errors_name_the_row() -> None:
    c = clock()
    ts = np.array([epoch("2022-03-07T09:00")] * 3)
    with pytest.raises(UnknownUnit, match="dòng 1"):
        due_at_many(c, ts, np.array([1, 1, 1]), np.array([0, 5, 0], dtype=np.int8))
    with pytest.raises(UnknownUnit, match="'weeks'"):
        unit_codes(["working_days", "weeks"])
    with pytest.raises(BadAmount, match="dòng 2"):
        due_at_many(c, ts, np.array([1, 1, -1]), np.zeros(3, dtype=np.int8))
    with pytest.raises(BadAmount, match="dòng 0"):
        due_at_many(c, ts, np.array([3651, 1, 1]), np.array([2, 1, 0], dtype=np.int8))
    with pytest.raises(OutOfRange, match="dòng 1"):
        due_at_many(c, np.array([ts[0], 0, ts[0]]), np.ones(3), np.zeros(3, dtype=np.int8))
    late = np.array([ts[0], epoch("2030-12-28T09:00")])
    for code in (0, 1, 2):
        with pytest.raises(OutOfRange, match="dòng 1"):
            due_at_many(c, late, np.array([1, 20]), np.full(2, code, dtype=np.int8))
    with pytest.raises(ValueError, match="cùng độ dài"):
        due_at_many(c, ts, np.ones(2), np.zeros(3, dtype=np.int8))
