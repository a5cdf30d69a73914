"""Working-day calendar and deadline engine (pure core, no Django).

Tính thời hạn giải quyết hồ sơ một cửa: ngày làm việc, giờ làm việc (giờ hành
chính 07:00–11:30 và 13:30–17:00) và ngày theo lịch (Bộ luật Dân sự 2015,
Điều 147–148), có tạm dừng khi chờ bổ sung hồ sơ hoặc chờ nộp phí.

Model
-----
An :class:`OfficeClock` turns the covered years of a :class:`WorkCalendar`
into one sorted list of office periods (buổi làm việc) in epoch seconds with
the cumulative office seconds before each period.  "Office seconds elapsed
since the origin" is then a monotone, continuous function of the instant:

* ``office_seconds_at(t)``: bisect the period starts, add the part of the
  period already elapsed;
* ``instant_at(s)``: the EARLIEST instant at which ``s`` office seconds have
  elapsed (bisect the cumulative ends).  A target that falls exactly on a
  period boundary therefore maps to the closing of the earlier period, not to
  the next opening: 07:00 + 1 working day = 17:00 the same day.

A working-unit deadline is ``instant_at(office_seconds_at(received) + need)``,
i.e. the earliest instant at or after receipt at which ``need`` office seconds
have elapsed; receipt outside office hours thus starts the clock at the next
opening.

Resolution is one second: sub-second parts of the instants given are dropped
(truncated).  Every instant returned is an aware datetime in ``calendar.tz``.
"""

from __future__ import annotations

import operator
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import cached_property
from types import MappingProxyType
from typing import ClassVar, Final, Literal
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt

from tuphap.core.tz import LOCAL_TZ_NAME

__all__ = [
    "AMOUNT_LIMITS",
    "DEFAULT_TZ",
    "UNITS",
    "UNIT_CODES",
    "BadAmount",
    "BadCalendar",
    "BadPause",
    "ClockArrays",
    "CountedPeriod",
    "Explanation",
    "NaiveDatetime",
    "Note",
    "OfficeClock",
    "OfficeHours",
    "OutOfRange",
    "UnknownUnit",
    "Unit",
    "WorkCalendar",
    "WorkdaysError",
]

DEFAULT_TZ: Final = LOCAL_TZ_NAME

Unit = Literal["working_days", "working_hours", "calendar_days"]

#: Units in code order; the code of a unit is its index (used by ``bulk``).
UNITS: Final[tuple[Unit, ...]] = ("working_days", "working_hours", "calendar_days")
UNIT_CODES: Final[Mapping[str, int]] = MappingProxyType({u: i for i, u in enumerate(UNITS)})
WORKING_DAYS: Final = 0
WORKING_HOURS: Final = 1
CALENDAR_DAYS: Final = 2

#: Largest accepted amount per unit (ten years); anything above is a data error.
AMOUNT_LIMITS: Final[Mapping[str, int]] = MappingProxyType(
    {"working_days": 3650, "working_hours": 87600, "calendar_days": 3650}
)
_LIMITS: Final[tuple[int, ...]] = tuple(AMOUNT_LIMITS[u] for u in UNITS)
_CODES: Final[dict[str, int]] = dict(UNIT_CODES)
_EPOCH_SHIFT: Final = date(1970, 1, 1).toordinal() * 86400
_MAX_CACHED_ZONES: Final = 64

_UNIT_LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {"working_days": "ngày làm việc", "working_hours": "giờ làm việc", "calendar_days": "ngày"}
)
_WEEKDAYS_VI: Final = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")


# --------------------------------------------------------------------------- errors


class WorkdaysError(ValueError):
    """Base of every error of the engine; ``code`` is an English slug for logs.

    A subclass names its slug in its header: ``class BadPause(WorkdaysError, code="bad_pause")``.
    """

    code: ClassVar[str] = "workdays_error"

    def __init_subclass__(cls, *, code: str, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        cls.code = code


class UnknownUnit(WorkdaysError, code="unknown_unit"):
    """The unit of a time limit is not one of :data:`UNITS`."""


class BadAmount(WorkdaysError, code="bad_amount"):
    """The amount of a time limit is not an integer in ``0..AMOUNT_LIMITS[unit]``."""


class OutOfRange(WorkdaysError, code="out_of_range"):
    """An instant, a date or a computed deadline lies outside the covered years."""


class BadPause(WorkdaysError, code="bad_pause"):
    """A pause is naive, inverted, malformed or overlaps another pause."""


class NaiveDatetime(WorkdaysError, code="naive_datetime"):
    """A datetime without a time zone was given where an aware one is required."""


class BadCalendar(WorkdaysError, code="bad_calendar"):
    """Office hours or calendar data are inconsistent."""


def _unknown_unit(unit: object) -> UnknownUnit:
    return UnknownUnit(f"Đơn vị thời hạn không hợp lệ: {unit!r} (chỉ nhận working_days, calendar_days, working_hours)")


def _check_amount(amount: object, code: int) -> int:
    """Return ``amount`` as an int or raise :class:`BadAmount` (slow path)."""
    unit = UNITS[code]
    limit = _LIMITS[code]
    message = f"Thời hạn không hợp lệ: {amount!r} {_UNIT_LABELS[unit]} (phải là số nguyên từ 0 đến {limit})"
    if isinstance(amount, bool):
        raise BadAmount(message)
    try:
        value = operator.index(amount)  # type: ignore[arg-type]
    except TypeError:
        raise BadAmount(message) from None
    if value < 0 or value > limit:
        raise BadAmount(message)
    return value


# --------------------------------------------------------------------------- data


def _tod_seconds(t: time) -> int:
    return t.hour * 3600 + t.minute * 60 + t.second


def _hhmm(t: time) -> str:
    return t.strftime("%H:%M") if t.second == 0 else t.strftime("%H:%M:%S")


@dataclass(frozen=True, slots=True)
class OfficeHours:
    """Office periods (buổi làm việc) of a working day, in local wall-clock time.

    The default is 07:00–11:30 and 13:30–17:00: eight hours, which is one
    working day (``seconds_per_day``).  Periods must be non-empty, sorted and
    non-overlapping (touching is allowed), with whole-second naive times.
    """

    periods: tuple[tuple[time, time], ...] = ((time(7), time(11, 30)), (time(13, 30), time(17)))

    def __post_init__(self) -> None:
        try:
            periods = tuple((start, end) for start, end in self.periods)
        except (TypeError, ValueError):
            raise BadCalendar("Giờ làm việc không hợp lệ: cần danh sách các buổi (giờ bắt đầu, giờ kết thúc)") from None
        object.__setattr__(self, "periods", periods)
        if not periods:
            raise BadCalendar("Giờ làm việc không hợp lệ: cần ít nhất một buổi làm việc")
        previous: tuple[time, time] | None = None
        for start, end in periods:
            if not isinstance(start, time) or not isinstance(end, time):
                raise BadCalendar(f"Buổi làm việc không hợp lệ: {start!r}–{end!r} (cần giá trị giờ datetime.time)")
            if start.tzinfo is not None or end.tzinfo is not None:
                raise BadCalendar(
                    f"Buổi làm việc phải tính theo giờ địa phương, không kèm múi giờ: {_hhmm(start)}–{_hhmm(end)}"
                )
            if start.microsecond or end.microsecond:
                raise BadCalendar(f"Buổi làm việc chỉ tính đến giây: {start.isoformat()}–{end.isoformat()}")
            if start >= end:
                raise BadCalendar(
                    f"Buổi làm việc không hợp lệ: {_hhmm(start)}–{_hhmm(end)} (giờ kết thúc phải sau giờ bắt đầu)"
                )
            if previous is not None and start < previous[1]:
                raise BadCalendar(
                    "Các buổi làm việc phải theo thứ tự và không chồng lên nhau: "
                    f"{_hhmm(previous[0])}–{_hhmm(previous[1])} và {_hhmm(start)}–{_hhmm(end)}"
                )
            previous = (start, end)

    @property
    def seconds_per_day(self) -> int:
        """Office seconds in one working day (one "working day" of a time limit)."""
        return sum(_tod_seconds(end) - _tod_seconds(start) for start, end in self.periods)

    @property
    def closing(self) -> time:
        """Closing time of the office (end of the last period)."""
        return self.periods[-1][1]


def _default_tz() -> tzinfo:
    return ZoneInfo(DEFAULT_TZ)


@dataclass(frozen=True)
class WorkCalendar:
    """The working calendar of an agency for the years ``first_year..last_year``.

    A working day is Monday–Friday not in ``days_off``, or a date in
    ``makeup_days`` (ngày làm bù: a Saturday or Sunday declared a working day).
    Both mappings give a Vietnamese reason per date; they are copied into
    read-only mappings.  Entries outside the covered years are kept but have
    no effect on an :class:`OfficeClock`.
    """

    first_year: int
    last_year: int
    days_off: Mapping[date, str] = field(default_factory=dict)
    makeup_days: Mapping[date, str] = field(default_factory=dict)
    hours: OfficeHours = field(default_factory=OfficeHours)
    tz: tzinfo = field(default_factory=_default_tz)

    def __post_init__(self) -> None:
        if not 1 <= self.first_year <= self.last_year <= 9998:
            raise BadCalendar(f"Khoảng năm của lịch làm việc không hợp lệ: {self.first_year}–{self.last_year}")
        for name in ("days_off", "makeup_days"):
            mapping: Mapping[date, str] = getattr(self, name)
            for day in mapping:
                if not isinstance(day, date) or isinstance(day, datetime):
                    raise BadCalendar(f"Lịch làm việc: {day!r} không phải là một ngày (date)")
            object.__setattr__(self, name, MappingProxyType(dict(mapping)))
        for day in self.makeup_days:
            if day.weekday() < 5:
                raise BadCalendar(
                    f"Ngày làm bù phải là thứ Bảy hoặc Chủ nhật: {day.isoformat()} là {_WEEKDAYS_VI[day.weekday()]}"
                )
            if day in self.days_off:
                raise BadCalendar(f"Ngày {day.isoformat()} vừa là ngày nghỉ vừa là ngày làm bù")

    def is_working_day(self, day: date) -> bool:
        """True for Mon–Fri not in ``days_off``, or a make-up day."""
        if day in self.makeup_days:
            return True
        return day.weekday() < 5 and day not in self.days_off


@dataclass(frozen=True, slots=True)
class ClockArrays:
    """Numpy views of an :class:`OfficeClock` (for vectorised deadlines).

    Period arrays start with a zero-length sentinel period at the origin, so
    ``searchsorted(starts, t, "right") - 1`` is never negative inside the range.
    """

    starts: npt.NDArray[np.int64]
    """Epoch second of each period start."""
    cum_end: npt.NDArray[np.int64]
    """Office seconds elapsed at each period end."""
    cum_minus_start: npt.NDArray[np.int64]
    """Office seconds at each period start minus the start's epoch second."""
    day_starts: npt.NDArray[np.int64]
    """Epoch second of local midnight of each covered day, plus the end of coverage."""
    close_on_or_after: npt.NDArray[np.int64]
    """Closing epoch second of the first working day on or after each day (-1: none)."""
    seconds_per_day: int
    lo: int
    hi: int


# --------------------------------------------------------------------------- explanation


def _duration_vi(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    parts = []
    if hours:
        parts.append(f"{hours} giờ")
    if minutes:
        parts.append(f"{minutes} phút")
    if secs:
        parts.append(f"{secs} giây")
    return " ".join(parts) if parts else "0 phút"


def _stamp(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%d %H:%M") if dt.second == 0 else dt.strftime("%Y-%m-%d %H:%M:%S")


def _clock_vi(dt: datetime) -> str:
    return dt.strftime("%H:%M") if dt.second == 0 else dt.strftime("%H:%M:%S")


@dataclass(frozen=True, slots=True)
class CountedPeriod:
    """A stretch of time that counted towards the limit.

    For working units: a piece of an office period (``seconds`` office
    seconds).  For calendar days: one counted calendar day (midnight to
    midnight, ``seconds`` its length).
    """

    start: datetime
    end: datetime
    seconds: int


@dataclass(frozen=True, slots=True)
class Note:
    """Something skipped or worth telling: a pause, a day off, a make-up day…

    ``kind`` is one of ``"pause"``, ``"day_off"``, ``"makeup_day"``,
    ``"receipt_day"``, ``"rolled"``.  ``start`` orders the notes in time.
    """

    kind: str
    start: datetime
    end: datetime | None
    text: str


@dataclass(frozen=True, slots=True)
class Explanation:
    """How a deadline was computed, printable with :meth:`lines`."""

    received: datetime
    amount: int
    unit: Unit
    due: datetime
    counted: tuple[CountedPeriod, ...]
    notes: tuple[Note, ...]

    @property
    def counted_seconds(self) -> int:
        return sum(p.seconds for p in self.counted)

    def lines(self) -> list[str]:
        """Vietnamese text lines, in time order, e.g.

        ``2022-03-07 09:00–11:30  2 giờ 30 phút`` or
        ``2022-02-01 nghỉ: Tết Nguyên đán``.
        """
        out = [
            f"Tiếp nhận: {_stamp(self.received)}; thời hạn: {self.amount} "
            f"{_UNIT_LABELS[self.unit]}; hẹn trả: {_stamp(self.due)}"
        ]
        items: list[tuple[datetime, int, str]] = []
        for n, period in enumerate(self.counted, start=1):
            if self.unit == "calendar_days":
                text = f"{period.start.date().isoformat()}  ngày thứ {n}"
            else:
                text = f"{_stamp(period.start)}–{_clock_vi(period.end)}  {_duration_vi(period.seconds)}"
            items.append((period.start, 1, text))
        for note in self.notes:
            items.append((note.start, 0, note.text))
        items.sort(key=lambda item: (item[0], item[1]))
        out.extend(text for _, _, text in items)
        return out


# --------------------------------------------------------------------------- clock


class OfficeClock:
    """Precomputed office time of a :class:`WorkCalendar` (see module docstring).

    Build it once per calendar version; every method is then a couple of
    bisections.  Instants are accepted in any time zone but must be aware;
    results are in ``calendar.tz``.  The covered range is from local midnight
    of 1 January ``first_year`` to local midnight of 1 January
    ``last_year + 1``; anything outside, including a deadline that would fall
    after it, raises :class:`OutOfRange`.
    """

    def __init__(self, calendar: WorkCalendar) -> None:
        self.calendar: Final = calendar
        self.tz: Final = calendar.tz
        tz = calendar.tz
        first = date(calendar.first_year, 1, 1)
        last = date(calendar.last_year, 12, 31)
        self._first_ord: Final = first.toordinal()
        n_days = last.toordinal() - self._first_ord + 1
        self._n_days: Final = n_days
        day_starts = [
            int(datetime.combine(first + timedelta(days=k), time(0), tzinfo=tz).timestamp()) for k in range(n_days + 1)
        ]
        lo, hi = day_starts[0], day_starts[-1]
        # Leading zero-length sentinel period at the origin: bisect_right(...) - 1 >= 0.
        starts = [lo]
        ends = [lo]
        cum = [0]
        cum_end = [0]
        working_ords: list[int] = []
        close_of_day = [-1] * (n_days + 1)
        total = 0
        period_times = calendar.hours.periods
        for k in range(n_days):
            day = first + timedelta(days=k)
            if not calendar.is_working_day(day):
                continue
            working_ords.append(self._first_ord + k)
            close = -1
            for p_start, p_end in period_times:
                a = int(datetime.combine(day, p_start, tzinfo=tz).timestamp())
                b = int(datetime.combine(day, p_end, tzinfo=tz).timestamp())
                if b <= a:  # only conceivable around a DST change
                    continue
                starts.append(a)
                ends.append(b)
                cum.append(total)
                total += b - a
                cum_end.append(total)
                close = b
            close_of_day[k] = close
        close_on_or_after = [-1] * (n_days + 1)
        next_working = [n_days] * (n_days + 1)
        following = -1
        following_day = n_days
        for k in range(n_days - 1, -1, -1):
            if close_of_day[k] >= 0:
                following = close_of_day[k]
                following_day = k
            close_on_or_after[k] = following
            next_working[k] = following_day

        self._lo: Final = lo
        self._hi: Final = hi
        self._total: Final = total
        self._starts: Final = starts
        self._ends: Final = ends
        self._cum: Final = cum
        self._cum_end: Final = cum_end
        self._cms: Final = [c - s for c, s in zip(cum, starts, strict=True)]
        self._day_starts: Final = day_starts
        self._close_on_or_after: Final = close_on_or_after
        self._close_of_day: Final = close_of_day
        self._next_working: Final = next_working
        self._working_ords: Final = working_ords
        self._spd: Final = calendar.hours.seconds_per_day
        self._unit_seconds: Final = (self._spd, 3600, 0)
        self._range_text: Final = f"{calendar.first_year}–{calendar.last_year}"
        # Time zones whose UTC offset is the same at every instant of the
        # coverage: their instants convert to epoch seconds by arithmetic on
        # the wall-clock fields (4x faster than datetime.timestamp()).
        # ``_fixed_shifts[zone]`` = epoch ordinal × 86400 + UTC offset, so that
        # epoch = toordinal() × 86400 + seconds of the day − shift.
        self._fixed_shifts: Final[dict[tzinfo | None, int]] = {UTC: _EPOCH_SHIFT}
        offsets = {datetime.fromtimestamp(t, tz).utcoffset() for t in (*day_starts, *starts, *ends)}
        if len(offsets) == 1:
            (offset,) = offsets
            if offset is not None:
                self._fixed_shifts[tz] = _EPOCH_SHIFT + int(offset.total_seconds())
        self._hot: Final = (self._starts, self._cms, self._cum_end, lo, hi, total, tz)

    # ------------------------------------------------------------------ helpers

    def _epoch(self, when: datetime) -> int:
        """Whole epoch seconds of an aware datetime (sub-second part dropped)."""
        zone = when.tzinfo
        shift = self._fixed_shifts.get(zone)
        if shift is not None:
            return when.toordinal() * 86400 + when.hour * 3600 + when.minute * 60 + when.second - shift
        if isinstance(zone, timezone) and len(self._fixed_shifts) < _MAX_CACHED_ZONES:
            delta = zone.utcoffset(None)
            self._fixed_shifts[zone] = _EPOCH_SHIFT + delta.days * 86400 + delta.seconds
        return int(when.timestamp())

    def _ts(self, when: datetime, what: str = "Thời điểm") -> int:
        if when.utcoffset() is None:
            raise NaiveDatetime(f"{what} thiếu múi giờ (cần datetime có tzinfo): {when!r}")
        ts = self._epoch(when)
        if ts < self._lo or ts > self._hi:
            raise OutOfRange(f"{what} {when.isoformat()} nằm ngoài lịch làm việc đã khai báo ({self._range_text})")
        return ts

    def _past_end(self) -> OutOfRange:
        return OutOfRange(
            f"Hạn xử lý vượt quá lịch làm việc đã khai báo ({self._range_text}); cần khai báo lịch các năm sau"
        )

    def _dt(self, ts: int) -> datetime:
        return datetime.fromtimestamp(ts, self.tz)

    def _os(self, ts: int) -> int:
        """Office seconds elapsed from the origin to epoch second ``ts``."""
        i = bisect_right(self._starts, ts) - 1
        elapsed = ts + self._cms[i]
        end = self._cum_end[i]
        return elapsed if elapsed < end else end

    def _at(self, office_seconds: int) -> int:
        """Earliest epoch second at which ``office_seconds`` have elapsed."""
        i = bisect_left(self._cum_end, office_seconds)
        if i == len(self._cum_end):
            raise self._past_end()
        return office_seconds - self._cms[i]

    def _day_index(self, ts: int) -> int:
        return bisect_right(self._day_starts, ts) - 1

    def _pause_spans(self, pauses: Sequence[tuple[datetime, datetime]]) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        for pause in pauses:
            try:
                start, end = pause
            except (TypeError, ValueError):
                raise BadPause(f"Khoảng tạm dừng không hợp lệ: {pause!r} (cần cặp bắt đầu, kết thúc)") from None
            if not isinstance(start, datetime) or not isinstance(end, datetime):
                raise BadPause(f"Khoảng tạm dừng không hợp lệ: {pause!r} (cần hai giá trị datetime)")
            if start.utcoffset() is None or end.utcoffset() is None:
                raise BadPause(f"Khoảng tạm dừng thiếu múi giờ: {start.isoformat()} – {end.isoformat()}")
            if end < start:
                raise BadPause(
                    f"Khoảng tạm dừng không hợp lệ: kết thúc ({end.isoformat()}) trước khi "
                    f"bắt đầu ({start.isoformat()})"
                )
            spans.append((self._ts(start, "Thời điểm tạm dừng"), self._ts(end, "Thời điểm tiếp tục")))
        spans.sort()
        for previous, current in zip(spans, spans[1:], strict=False):
            if current[0] < previous[1]:
                raise BadPause(
                    "Các khoảng tạm dừng chồng lên nhau: "
                    f"{_stamp(self._dt(previous[0]))} – {_stamp(self._dt(previous[1]))} và "
                    f"{_stamp(self._dt(current[0]))} – {_stamp(self._dt(current[1]))}"
                )
        return spans

    def _check(self, amount: int, unit: str) -> tuple[int, int]:
        code = _CODES.get(unit) if isinstance(unit, str) else None
        if code is None:
            raise _unknown_unit(unit)
        if amount.__class__ is not int or amount < 0 or amount > _LIMITS[code]:
            amount = _check_amount(amount, code)
        return code, amount

    def _working_due(self, ts: int, need: int, spans: Sequence[tuple[int, int]]) -> int:
        if need == 0:
            return ts
        target = self._os(ts) + need
        for p0, p1 in spans:
            if p1 <= ts:
                continue
            if p0 < ts:
                p0 = ts
            o0 = self._os(p0)
            if o0 >= target:  # the deadline comes before this pause begins
                break
            target += self._os(p1) - o0
        if target > self._total:
            raise self._past_end()
        return self._at(target)

    def _close_from(self, k: int, ts: int) -> int:
        """Close of the first working day on or after day ``k`` that is not before ``ts``."""
        if k >= self._n_days:
            raise self._past_end()
        close = self._close_on_or_after[k]
        if 0 <= close < ts:  # only when k is the receipt day itself (amount 0)
            close = self._close_on_or_after[k + 1]
        if close < 0:
            raise self._past_end()
        return close

    def _calendar_close(
        self, receipt_day: int, amount: int, skipped: Sequence[tuple[int, int]], ts: int
    ) -> tuple[int, int]:
        """(due epoch, nominal last day index) skipping the day ranges ``skipped``.

        ``skipped`` are sorted, disjoint, inclusive day-index ranges after the
        receipt day.
        """
        k = receipt_day + amount
        for a, b in skipped:
            if a > k:
                break
            k += b - a + 1
        nominal = k
        while True:
            if k >= self._n_days:
                raise self._past_end()
            w = self._next_working[k]
            if w >= self._n_days:
                raise self._past_end()
            for a, b in skipped:
                if a <= w <= b:
                    k = b + 1
                    break
            else:
                close = self._close_of_day[w]
                if close >= ts:
                    return close, nominal
                k = w + 1

    def _calendar_due(
        self, ts: int, amount: int, spans: Sequence[tuple[int, int]]
    ) -> tuple[int, list[tuple[int, int]], int]:
        """(due epoch, skipped day ranges, nominal last day index) for calendar days."""
        receipt_day = self._day_index(ts)
        skipped: list[tuple[int, int]] = []
        due, nominal = self._calendar_close(receipt_day, amount, skipped, ts)
        last_skipped = receipt_day
        for p0, p1 in spans:
            if p1 <= ts:
                continue
            if p0 < ts:
                p0 = ts
            if p0 >= due:  # the deadline comes before this pause begins
                break
            if p1 <= p0:
                continue
            first_day = max(self._day_index(p0), last_skipped + 1)
            last_day = self._day_index(p1 - 1)
            if last_day >= first_day:
                skipped.append((first_day, last_day))
                last_skipped = last_day
                due, nominal = self._calendar_close(receipt_day, amount, skipped, ts)
        return due, skipped, nominal

    # ------------------------------------------------------------------ public API

    @property
    def first_instant(self) -> datetime:
        """Start of coverage (local midnight of 1 January of the first year)."""
        return self._dt(self._lo)

    @property
    def end_instant(self) -> datetime:
        """End of coverage (local midnight of 1 January after the last year)."""
        return self._dt(self._hi)

    def _day_ordinal(self, day: date) -> int:
        if isinstance(day, datetime):
            raise TypeError("Cần một ngày (date), không phải datetime")
        o = day.toordinal()
        if o < self._first_ord or o >= self._first_ord + self._n_days:
            raise OutOfRange(f"Ngày {day.isoformat()} nằm ngoài lịch làm việc đã khai báo ({self._range_text})")
        return o

    def is_working_day(self, day: date) -> bool:
        """True if ``day`` is a working day (raises :class:`OutOfRange` outside coverage)."""
        self._day_ordinal(day)
        return self.calendar.is_working_day(day)

    def add_working_days(self, day: date, n: int) -> date:
        """The ``n``-th working day after ``day``.

        ``n > 0``: the n-th working day strictly after ``day``;
        ``n == 0``: ``day`` itself if it is a working day, else the next one;
        ``n < 0``: the |n|-th working day strictly before ``day``.
        Raises :class:`OutOfRange` if the result leaves the covered years.
        """
        o = self._day_ordinal(day)
        n = operator.index(n)
        ords = self._working_ords
        if n > 0:
            i = bisect_right(ords, o) + n - 1
        elif n == 0:
            i = bisect_left(ords, o)
        else:
            i = bisect_left(ords, o) + n
        if i < 0 or i >= len(ords):
            raise OutOfRange(
                f"Ngày làm việc thứ {n} kể từ {day.isoformat()} nằm ngoài lịch làm việc đã "
                f"khai báo ({self._range_text})"
            )
        return date.fromordinal(ords[i])

    def office_seconds_at(self, instant: datetime) -> int:
        """Office seconds elapsed from the start of coverage to ``instant``."""
        return self._os(self._ts(instant))

    def instant_at(self, office_seconds: int) -> datetime:
        """Earliest instant at which ``office_seconds`` have elapsed since the origin.

        A value on a period boundary maps to the closing of the earlier period.
        """
        s = operator.index(office_seconds)
        if s < 0:
            raise OutOfRange(f"Số giây làm việc không hợp lệ: {s}")
        return self._dt(self._at(s))

    def elapsed(self, start: datetime, end: datetime) -> int:
        """Office seconds between two instants (0 if ``end <= start``)."""
        a = self._ts(start)
        b = self._ts(end, "Thời điểm kết thúc")
        if b <= a:
            return 0
        return self._os(b) - self._os(a)

    def due_at(
        self,
        received: datetime,
        amount: int,
        unit: str,
        pauses: Sequence[tuple[datetime, datetime]] = (),
    ) -> datetime:
        """The appointment (ngày hẹn trả) of a dossier received at ``received``.

        ``unit``:

        * ``"working_days"``: the earliest instant at which ``amount`` ×
          ``hours.seconds_per_day`` office seconds have elapsed since receipt
          (receipt outside office hours starts at the next opening);
        * ``"working_hours"``: the same with ``amount`` × 3600 office seconds;
        * ``"calendar_days"`` (Bộ luật Dân sự 2015, Điều 147–148): the day of
          receipt is not counted; due at the close of office of the
          ``amount``-th calendar day after the receipt date or, if that day is
          not a working day, at the close of the next working day.

        ``amount`` 0 is allowed: working units are then due at ``received``
        itself (the earliest instant at which nothing remains); calendar days
        at the close of office of the receipt day, or of the next working day
        if the receipt day is not a working day or its office has closed.

        ``pauses`` are intervals ``(stopped, resumed)`` during which the clock
        is stopped (chờ bổ sung hồ sơ, chờ nộp phí).  They may be given in any
        order but must be aware and must not overlap (touching is fine).

        * Working units: office seconds inside a pause do not count; the
          remaining office time continues from the resume.  A pause that
          begins at or after the deadline changes nothing.
        * Calendar days: a calendar day after the receipt date during which
          the clock was stopped at any moment (a "touched" day) is skipped:
          it is not one of the ``amount`` counted days, and the deadline is
          never rolled onto it (it goes to the close of the first working day
          not touched, on or after the ``amount``-th counted day).  A pause
          ending exactly at midnight does not touch the next day.  Pauses are
          taken in time order and one that begins at or after the deadline
          computed so far changes nothing (the dossier was already due).
        """
        try:
            code = _CODES[unit]
        except (KeyError, TypeError):
            raise _unknown_unit(unit) from None
        if amount.__class__ is not int or amount < 0 or amount > _LIMITS[code]:
            amount = _check_amount(amount, code)
        shift = self._fixed_shifts.get(received.tzinfo)
        if shift is None or pauses or code == CALENDAR_DAYS or not amount:
            return self._due_general(received, amount, code, pauses)
        # Hot path (working units, no pauses, fixed-offset zone), fully inlined:
        # epoch seconds from the wall-clock fields, two bisections, one conversion.
        ts = received.toordinal() * 86400 + received.hour * 3600 + received.minute * 60 + received.second - shift
        starts, cms, cum_end, lo, hi, total, tz = self._hot
        if ts < lo or ts > hi:
            self._ts(received, "Thời điểm tiếp nhận")  # raises OutOfRange
        i = bisect_right(starts, ts) - 1
        base = ts + cms[i]
        end = cum_end[i]
        target = (base if base < end else end) + amount * self._unit_seconds[code]
        if target > total:
            raise self._past_end()
        return datetime.fromtimestamp(target - cms[bisect_left(cum_end, target)], tz)

    def _due_general(
        self,
        received: datetime,
        amount: int,
        code: int,
        pauses: Sequence[tuple[datetime, datetime]],
    ) -> datetime:
        ts = self._ts(received, "Thời điểm tiếp nhận")
        spans = self._pause_spans(pauses) if pauses else []
        if code == CALENDAR_DAYS:
            if spans:
                due = self._calendar_due(ts, amount, spans)[0]
            else:
                due = self._close_from(self._day_index(ts) + amount, ts)
        else:
            due = self._working_due(ts, amount * self._unit_seconds[code], spans)
        return datetime.fromtimestamp(due, self.tz)

    def explain(
        self,
        received: datetime,
        amount: int,
        unit: str,
        pauses: Sequence[tuple[datetime, datetime]] = (),
    ) -> Explanation:
        """The deadline of :meth:`due_at` with what counted and what was skipped."""
        due = self.due_at(received, amount, unit, pauses)
        code, amount = self._check(amount, unit)
        ts = self._ts(received, "Thời điểm tiếp nhận")
        spans = self._pause_spans(pauses)
        due_ts = int(due.timestamp())
        counted: list[CountedPeriod] = []
        notes: list[Note] = []
        tz = self.tz
        days_off = self.calendar.days_off
        makeup = self.calendar.makeup_days

        applied = [(max(p0, ts), p1) for p0, p1 in spans if p1 > ts and max(p0, ts) < due_ts]
        receipt_day = self._day_index(ts)
        due_day = self._day_index(due_ts)

        if code == CALENDAR_DAYS:
            _, skipped, nominal = self._calendar_due(ts, amount, spans)
            touched = {k for a, b in skipped for k in range(a, b + 1)}
            notes.append(
                Note(
                    "receipt_day",
                    self._dt(self._day_starts[receipt_day]),
                    None,
                    f"{self._date_of(receipt_day).isoformat()} ngày tiếp nhận: không tính "
                    "(Bộ luật Dân sự 2015, Điều 147)",
                )
            )
            for k in range(receipt_day + 1, nominal + 1):
                if k not in touched:
                    counted.append(
                        CountedPeriod(
                            self._dt(self._day_starts[k]),
                            self._dt(self._day_starts[k + 1]),
                            self._day_starts[k + 1] - self._day_starts[k],
                        )
                    )
            for p0, p1 in applied:
                days = [
                    self._date_of(k).strftime("%d/%m")
                    for k in sorted(touched)
                    if self._day_starts[k] < p1 and self._day_starts[k + 1] > p0
                ]
                lost = f"không tính các ngày {', '.join(days)}" if days else "không mất ngày nào"
                notes.append(
                    Note(
                        "pause",
                        self._dt(p0),
                        self._dt(p1),
                        f"{_stamp(self._dt(p0))}–{_stamp(self._dt(p1))}  tạm dừng: {lost}",
                    )
                )
            for k in range(nominal, due_day):
                day = self._date_of(k)
                if k in touched or k == receipt_day:
                    continue
                why = days_off.get(day) if day.weekday() < 5 else None
                label = f"nghỉ: {why}" if why else _WEEKDAYS_VI[day.weekday()]
                notes.append(
                    Note(
                        "rolled",
                        self._dt(self._day_starts[k]),
                        None,
                        f"{day.isoformat()} {label}: hạn chuyển sang ngày làm việc tiếp theo",
                    )
                )
        else:
            i = max(bisect_right(self._starts, ts) - 1, 1)
            while i < len(self._starts) and self._starts[i] < due_ts:
                a = max(self._starts[i], ts)
                b = min(self._ends[i], due_ts)
                for p0, p1 in applied:
                    if b <= a:
                        break
                    if p1 <= a or p0 >= b:
                        continue
                    if p0 > a:
                        counted.append(CountedPeriod(self._dt(a), self._dt(p0), p0 - a))
                    a = p1
                if b > a:
                    counted.append(CountedPeriod(self._dt(a), self._dt(b), b - a))
                i += 1
            for p0, p1 in applied:
                paused = self._os(p1) - self._os(p0)
                notes.append(
                    Note(
                        "pause",
                        self._dt(p0),
                        self._dt(p1),
                        f"{_stamp(self._dt(p0))}–{_stamp(self._dt(p1))}  tạm dừng: "
                        f"{_duration_vi(paused)} làm việc không tính",
                    )
                )
            counted_days = {p.start.date() for p in counted}
            for k in range(receipt_day, due_day + 1):
                day = self._date_of(k)
                start = self._dt(self._day_starts[k])
                if day.weekday() < 5 and day in days_off:
                    notes.append(Note("day_off", start, None, f"{day.isoformat()} nghỉ: {days_off[day]}"))
                elif day in makeup and day in counted_days:
                    notes.append(Note("makeup_day", start, None, f"{day.isoformat()} làm bù: {makeup[day]}"))
        return Explanation(
            received=self._dt(ts),
            amount=amount,
            unit=UNITS[code],
            due=due.astimezone(tz),
            counted=tuple(counted),
            notes=tuple(notes),
        )

    def _date_of(self, day_index: int) -> date:
        return date.fromordinal(self._first_ord + day_index)

    @cached_property
    def arrays(self) -> ClockArrays:
        """Numpy copies of the clock's tables (built once, for ``bulk``)."""
        return ClockArrays(
            starts=np.asarray(self._starts, dtype=np.int64),
            cum_end=np.asarray(self._cum_end, dtype=np.int64),
            cum_minus_start=np.asarray(self._cms, dtype=np.int64),
            day_starts=np.asarray(self._day_starts, dtype=np.int64),
            close_on_or_after=np.asarray(self._close_on_or_after, dtype=np.int64),
            seconds_per_day=self._spd,
            lo=self._lo,
            hi=self._hi,
        )
