"""Benchmark of the working-day engine (prints figures, never asserts speed).

Run: ``PYTHONPATH=src .venv/bin/python bench/bench_workdays.py [--quick]``

Figures, one line each:

* ``workdays.due_at``: median µs per call (random receipts 2015–2030,
  1–20 working days) against the loop a developer writes first (step day by
  day, ``date in holidays.country_holidays("VN")``, whole days only); goal
  ≤ 5 µs per call.
* ``workdays.bulk.due_at_many``: a column of receipts (what a calendar change
  costs) against ``numpy.busday_offset`` with the same calendar (weekmask
  Mon–Sat, holidays = every non-working Monday–Saturday, so make-up Saturdays
  work); goal ratio ≤ 1.0; and a check that the rows equal the single-call
  path on a sample.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta

import holidays
import numpy as np
import numpy.typing as npt

from tuphap.workdays.bulk import due_at_many
from tuphap.workdays.core import OfficeClock
from tuphap.workdays.seed import default_calendar

GOAL_DUE_AT_US = 5.0
GOAL_BULK_RATIO = 1.0
FIRST_YEAR, LAST_YEAR = 2015, 2030


def naive_due(received: datetime, days: int, vn: holidays.HolidayBase) -> datetime:
    """What one writes first: whole working days, holidays package lookups."""
    day = received.date()
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in vn:
            counted += 1
    return datetime.combine(day, received.timetz())


def per_call_us(
    run_batch: Callable[[list[tuple[datetime, int]]], None],
    pairs: list[tuple[datetime, int]],
    batch: int,
) -> float:
    """Median over batches of ``batch`` calls of the time per call, in µs.

    Small batches make the median robust to bursts of load on a shared machine.
    """
    samples = []
    gc.disable()
    try:
        for offset in range(0, len(pairs) - batch + 1, batch):
            chunk = pairs[offset : offset + batch]
            start = time.perf_counter_ns()
            run_batch(chunk)
            samples.append((time.perf_counter_ns() - start) / batch / 1000)
    finally:
        gc.enable()
    return statistics.median(samples)


def median_ms(fn: Callable[[], object], repeats: int) -> float:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter_ns()
        fn()
        samples.append((time.perf_counter_ns() - start) / 1e6)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    args = parser.parse_args()
    n_calls, repeats = (2_000, 3) if args.quick else (10_000, 20)
    n_rows, bulk_repeats, n_check = (100_000, 3, 500) if args.quick else (1_000_000, 7, 5_000)

    start = time.perf_counter_ns()
    calendar = default_calendar(FIRST_YEAR, LAST_YEAR)
    built_calendar = time.perf_counter_ns()
    clock = OfficeClock(calendar)
    built_clock = time.perf_counter_ns()
    print(
        f"setup: calendar {FIRST_YEAR}–{LAST_YEAR} from seed {(built_calendar - start) / 1e6:.0f} ms; "
        f"OfficeClock build {(built_clock - built_calendar) / 1e6:.0f} ms"
    )

    rng = np.random.default_rng(2026)
    lo = int(clock.first_instant.timestamp())
    hi = int(datetime(LAST_YEAR, 6, 1, tzinfo=clock.tz).timestamp())

    # ---------------------------------------------------------------- due_at
    receipts = [datetime.fromtimestamp(int(t), clock.tz) for t in rng.integers(lo, hi, n_calls)]
    amounts = [int(a) for a in rng.integers(1, 21, n_calls)]
    pairs = list(zip(receipts, amounts, strict=True))
    due_at = clock.due_at
    vn = holidays.country_holidays("VN")
    for received, amount in pairs:  # warm up both (the package fills years lazily)
        due_at(received, amount, "working_days")
        naive_due(received, amount, vn)

    def ours(chunk: list[tuple[datetime, int]]) -> None:
        for received, amount in chunk:
            due_at(received, amount, "working_days")

    def naive(chunk: list[tuple[datetime, int]]) -> None:
        for received, amount in chunk:
            naive_due(received, amount, vn)

    ours_us = per_call_us(ours, pairs * repeats, batch=500)
    naive_us = per_call_us(naive, pairs, batch=100)
    print(
        f"workdays.due_at: {ours_us:.1f} µs/call; naive holidays loop {naive_us:.1f} µs/call; "
        f"ratio {ours_us / naive_us:.2f} (goal ≤ {GOAL_DUE_AT_US:g} µs: "
        f"{ours_us / GOAL_DUE_AT_US:.2f} of limit)"
    )

    # ---------------------------------------------------------------- bulk
    received_epoch = rng.integers(lo, hi, n_rows, dtype=np.int64)
    row_amounts = rng.integers(1, 21, n_rows, dtype=np.int64)
    units = np.zeros(n_rows, dtype=np.int8)  # working_days

    local_days = _local_dates(clock, received_epoch)
    non_working = [
        day
        for day in (date(FIRST_YEAR, 1, 1) + timedelta(days=k) for k in range(6000))
        if day.year <= LAST_YEAR and day.weekday() < 6 and not clock.is_working_day(day)
    ]
    busdaycal = np.busdaycalendar(weekmask="1111110", holidays=np.array(non_working, dtype="datetime64[D]"))

    result: dict[str, npt.NDArray[np.int64]] = {}

    def run_ours() -> None:
        result["ours"] = due_at_many(clock, received_epoch, row_amounts, units)

    def run_numpy() -> None:
        np.busday_offset(local_days, row_amounts, roll="forward", busdaycal=busdaycal)

    run_ours()
    run_numpy()
    ours_ms = median_ms(run_ours, bulk_repeats)
    numpy_ms = median_ms(run_numpy, bulk_repeats)
    print(
        f"workdays.bulk.due_at_many: {n_rows:,} rows in {ours_ms:.1f} ms; "
        f"numpy.busday_offset {numpy_ms:.1f} ms; ratio {ours_ms / numpy_ms:.2f} "
        f"(goal ≤ {GOAL_BULK_RATIO:g})"
    )

    sample = rng.choice(n_rows, n_check, replace=False)
    equal = sum(
        int(result["ours"][i])
        == int(
            due_at(
                datetime.fromtimestamp(int(received_epoch[i]), clock.tz),
                int(row_amounts[i]),
                "working_days",
            ).timestamp()
        )
        for i in sample
    )
    print(f"bulk = single-call path: {equal:,} of {n_check:,} sampled rows equal")


def _local_dates(clock: OfficeClock, epoch: npt.NDArray[np.int64]) -> npt.NDArray[np.datetime64]:
    """Local calendar dates of epoch seconds (via the clock's day table)."""
    day_starts = clock.arrays.day_starts
    index = np.searchsorted(day_starts, epoch, side="right") - 1
    first = np.datetime64(clock.first_instant.date(), "D")
    return first + index.astype("timedelta64[D]")


if __name__ == "__main__":
    main()
