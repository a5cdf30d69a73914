"""Vectorised deadlines for many dossiers at once (pure, no Django).

What a calendar change costs: when the government announces a new day off,
every open dossier's appointment is recomputed.  :func:`due_at_many` does it
for a whole column of receipts with numpy ``searchsorted`` on the tables of an
:class:`~tuphap.workdays.core.OfficeClock`, and gives exactly the same epoch
second as :meth:`OfficeClock.due_at` on every row.

Pauses are not supported here: rows with pauses go through ``due_at``.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from tuphap.workdays.core import (
    _LIMITS,
    CALENDAR_DAYS,
    UNITS,
    BadAmount,
    ClockArrays,
    OfficeClock,
    OutOfRange,
    UnknownUnit,
)

__all__ = ["due_at_many", "unit_codes"]

Int64Array = npt.NDArray[np.int64]


def unit_codes(units: npt.ArrayLike) -> npt.NDArray[np.int8]:
    """Unit names → int8 codes (index in :data:`tuphap.workdays.core.UNITS`)."""
    names = np.asarray(units)
    out = np.full(names.shape, -1, dtype=np.int8)
    for code, name in enumerate(UNITS):
        out[names == name] = code
    bad = np.flatnonzero(out < 0)
    if bad.size:
        row = int(bad[0])
        raise UnknownUnit(
            f"Đơn vị thời hạn không hợp lệ ở dòng {row}: {names.flat[row]!r} "
            "(chỉ nhận working_days, calendar_days, working_hours)"
        )
    return out


def _working(arrays: ClockArrays, ts: Int64Array, need: Int64Array) -> Int64Array:
    i = np.searchsorted(arrays.starts, ts, side="right") - 1
    base = np.minimum(ts + arrays.cum_minus_start[i], arrays.cum_end[i])
    target = base + need
    j = np.searchsorted(arrays.cum_end, target, side="left")
    if j.size and int(j.max()) >= arrays.cum_end.size:
        raise _past_end(int(np.flatnonzero(j >= arrays.cum_end.size)[0]))
    due: Int64Array = target - arrays.cum_minus_start[j]
    zero = need == 0
    if zero.any():
        due[zero] = ts[zero]
    return due


def _calendar(arrays: ClockArrays, ts: Int64Array, amounts: Int64Array) -> Int64Array:
    n_days = arrays.close_on_or_after.size - 1
    day = np.searchsorted(arrays.day_starts, ts, side="right") - 1
    k = day + amounts
    if k.size and int(k.max()) >= n_days:
        raise _past_end(int(np.flatnonzero(k >= n_days)[0]))
    close: Int64Array = arrays.close_on_or_after[k]
    late = (close >= 0) & (close < ts)  # amount 0 received after the close
    if late.any():
        close[late] = arrays.close_on_or_after[k[late] + 1]
    if close.size and int(close.min()) < 0:
        raise _past_end(int(np.flatnonzero(close < 0)[0]))
    return close


def _past_end(row: int) -> OutOfRange:
    return OutOfRange(f"Hạn xử lý ở dòng {row} vượt quá lịch làm việc đã khai báo")


def due_at_many(
    clock: OfficeClock,
    received_epoch: npt.ArrayLike,
    amounts: npt.ArrayLike,
    units: npt.ArrayLike,
) -> Int64Array:
    """Appointments (epoch seconds) for many rows, same rules as ``clock.due_at``.

    ``received_epoch``: int64 epoch seconds; ``amounts``: integers;
    ``units``: int8 codes (0 working_days, 1 working_hours, 2 calendar_days;
    see :func:`unit_codes`).  Raises the same errors as the single-call path,
    naming the first offending row.
    """
    ts = np.ascontiguousarray(received_epoch, dtype=np.int64)
    am = np.ascontiguousarray(amounts, dtype=np.int64)
    un = np.ascontiguousarray(units, dtype=np.int8)
    if ts.ndim != 1 or ts.shape != am.shape or ts.shape != un.shape:
        raise ValueError("received_epoch, amounts và units phải là mảng một chiều cùng độ dài")
    if ts.size == 0:
        return np.empty(0, dtype=np.int64)
    arrays = clock.arrays

    u_min, u_max = int(un.min()), int(un.max())
    if u_min < 0 or u_max >= len(UNITS):
        row = int(np.flatnonzero((un < 0) | (un >= len(UNITS)))[0])
        raise UnknownUnit(
            f"Mã đơn vị thời hạn không hợp lệ ở dòng {row}: {int(un[row])} "
            "(chỉ nhận 0 working_days, 1 working_hours, 2 calendar_days)"
        )
    limits = np.asarray(_LIMITS, dtype=np.int64)
    if u_min == u_max:
        bad_amount = (am < 0) | (am > limits[u_min])
    else:
        bad_amount = (am < 0) | (am > limits[un])
    if bad_amount.any():
        row = int(np.flatnonzero(bad_amount)[0])
        raise BadAmount(
            f"Thời hạn không hợp lệ ở dòng {row}: {int(am[row])} {UNITS[int(un[row])]} "
            f"(phải là số nguyên từ 0 đến {_LIMITS[int(un[row])]})"
        )
    outside = (ts < arrays.lo) | (ts > arrays.hi)
    if outside.any():
        row = int(np.flatnonzero(outside)[0])
        raise OutOfRange(f"Thời điểm tiếp nhận ở dòng {row} ({int(ts[row])}) nằm ngoài lịch làm việc đã khai báo")

    seconds = np.asarray((arrays.seconds_per_day, 3600, 0), dtype=np.int64)
    if u_min == u_max:  # one unit for every row: no masking
        if u_min == CALENDAR_DAYS:
            return _calendar(arrays, ts, am)
        return _working(arrays, ts, am * seconds[u_min])
    out = np.empty_like(ts)
    cal = un == CALENDAR_DAYS
    work = ~cal
    out[work] = _working(arrays, ts[work], am[work] * seconds[un[work]])
    out[cal] = _calendar(arrays, ts[cal], am[cal])
    return out
