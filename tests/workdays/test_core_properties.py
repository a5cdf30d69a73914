"""Property tests: the bisect engine against a slow, obvious reference.

The reference steps day by day and office period by office period with plain
datetime arithmetic (in UTC, so daylight-saving zones are handled by the
standard library), knowing nothing of the clock's precomputed arrays.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from tuphap.workdays.core import OfficeClock, OfficeHours, WorkCalendar
from tuphap.workdays.seed import default_calendar

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PARIS = ZoneInfo("Europe/Paris")
ONE_SECOND = timedelta(seconds=1)
ONE_DAY = timedelta(days=1)

Pauses = list[tuple[datetime, datetime]]


@cache
def vn_clock() -> OfficeClock:
    return OfficeClock(default_calendar())


@cache
def paris_clock() -> OfficeClock:
    """A daylight-saving zone with office hours across the 02:00–03:00 change."""
    calendar = WorkCalendar(
        first_year=2020,
        last_year=2022,
        days_off={date(2021, 3, 29): "test day off", date(2021, 12, 24): "test"},
        makeup_days={date(2021, 3, 27): "test make-up", date(2021, 10, 31): "test make-up"},
        hours=OfficeHours(((time(1, 30), time(3, 30)), (time(8), time(12)), (time(14), time(18)))),
        tz=PARIS,
    )
    return OfficeClock(calendar)


# --------------------------------------------------------------------------- reference


def ref_is_working(calendar: WorkCalendar, day: date) -> bool:
    if day in calendar.makeup_days:
        return True
    return day.weekday() < 5 and day not in calendar.days_off


def ref_periods(calendar: WorkCalendar, day: date) -> list[tuple[datetime, datetime]]:
    """Office periods of ``day`` as UTC datetimes (none on a non-working day)."""
    if not ref_is_working(calendar, day):
        return []
    out = []
    for start, end in calendar.hours.periods:
        a = datetime.combine(day, start, tzinfo=calendar.tz).astimezone(UTC)
        b = datetime.combine(day, end, tzinfo=calendar.tz).astimezone(UTC)
        if b > a:
            out.append((a, b))
    return out


def ref_minus(
    segment: tuple[datetime, datetime], pauses: Sequence[tuple[datetime, datetime]]
) -> list[tuple[datetime, datetime]]:
    a, b = segment
    out = []
    for p0, p1 in pauses:
        if p1 <= a or p0 >= b:
            continue
        if p0 > a:
            out.append((a, p0))
        a = max(a, p1)
        if a >= b:
            return out
    out.append((a, b))
    return out


def local_day(calendar: WorkCalendar, instant: datetime) -> date:
    return instant.astimezone(calendar.tz).date()


def ref_due_working(calendar: WorkCalendar, received: datetime, seconds: int, pauses: Pauses) -> datetime:
    received = received.astimezone(UTC)
    if seconds == 0:
        return received
    remaining = timedelta(seconds=seconds)
    day = local_day(calendar, received)
    while True:
        for start, end in ref_periods(calendar, day):
            start = max(start, received)
            if end <= start:
                continue
            for a, b in ref_minus((start, end), pauses):
                if remaining <= b - a:
                    return a + remaining
                remaining -= b - a
        day += ONE_DAY


def ref_due_calendar(calendar: WorkCalendar, received: datetime, amount: int, pauses: Pauses) -> datetime:
    received = received.astimezone(UTC)
    receipt_day = local_day(calendar, received)
    closing = calendar.hours.periods[-1][1]

    def deadline(touched: set[date]) -> datetime:
        day, counted = receipt_day, 0
        while counted < amount:
            day += ONE_DAY
            if day not in touched:
                counted += 1
        while True:
            if ref_is_working(calendar, day) and day not in touched:
                close = datetime.combine(day, closing, tzinfo=calendar.tz).astimezone(UTC)
                if close >= received:
                    return close
            day += ONE_DAY

    touched: set[date] = set()
    due = deadline(touched)
    for p0, p1 in pauses:
        if p1 <= received:
            continue
        p0 = max(p0, received)
        if p0 >= due:
            break
        if p1 <= p0:
            continue
        day, last = local_day(calendar, p0), local_day(calendar, p1 - ONE_SECOND)
        while day <= last:
            if day > receipt_day:
                touched.add(day)
            day += ONE_DAY
        due = deadline(touched)
    return due


def ref_due(calendar: WorkCalendar, received: datetime, amount: int, unit: str, pauses: Pauses) -> datetime:
    ordered = sorted((a.astimezone(UTC), b.astimezone(UTC)) for a, b in pauses)
    if unit == "calendar_days":
        return ref_due_calendar(calendar, received, amount, ordered)
    per_unit = calendar.hours.seconds_per_day if unit == "working_days" else 3600
    return ref_due_working(calendar, received, amount * per_unit, ordered)


def ref_elapsed(calendar: WorkCalendar, start: datetime, end: datetime) -> int:
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    total = timedelta(0)
    day = local_day(calendar, start)
    while day <= local_day(calendar, end):
        for a, b in ref_periods(calendar, day):
            a, b = max(a, start), min(b, end)
            if b > a:
                total += b - a
        day += ONE_DAY
    return int(total.total_seconds())


# --------------------------------------------------------------------------- strategies

BOUNDARY_TIMES = [
    time(0),
    time(6, 59, 59),
    time(7),
    time(7, 0, 1),
    time(11, 29, 59),
    time(11, 30),
    time(12, 15),
    time(13, 30),
    time(16, 59, 59),
    time(17),
    time(18),
    time(23, 59, 59),
    time(1, 30),
    time(2, 30),
    time(3, 30),
]

any_time = st.one_of(
    st.sampled_from(BOUNDARY_TIMES),
    st.integers(0, 86399).map(lambda s: time(s // 3600, s // 60 % 60, s % 60)),
    st.integers(0, 47).map(lambda h: time(h // 2, 30 * (h % 2))),
)


def instants(tz: ZoneInfo, first: date, last: date) -> st.SearchStrategy[datetime]:
    def build(ordinal: int, clock_time: time, in_utc: bool) -> datetime:
        local = datetime.combine(date.fromordinal(ordinal), clock_time, tzinfo=tz)
        return local.astimezone(UTC) if in_utc else local

    return st.builds(build, st.integers(first.toordinal(), last.toordinal()), any_time, st.booleans())


seconds_offsets = st.one_of(
    st.integers(0, 6 * 86400),
    st.integers(0, 6 * 48).map(lambda n: n * 1800),
)


@st.composite
def pause_lists(draw: st.DrawFn, received: datetime) -> Pauses:
    pauses: Pauses = []
    cursor = received + timedelta(seconds=draw(st.integers(-3 * 86400, 10 * 86400)))
    for _ in range(draw(st.integers(0, 3))):
        start = cursor + timedelta(seconds=draw(seconds_offsets) if pauses else 0)
        end = start + timedelta(seconds=draw(seconds_offsets))
        pauses.append((start, end))
        cursor = end
    if draw(st.booleans()):
        pauses.reverse()  # order must not matter
    return pauses


amounts_by_unit = {
    "working_days": st.integers(0, 40),
    "working_hours": st.integers(0, 300),
    "calendar_days": st.integers(0, 60),
}


@st.composite
def cases(draw: st.DrawFn, tz: ZoneInfo, first: date, last: date) -> tuple[datetime, int, str, Pauses]:
    received = draw(instants(tz, first, last))
    unit = draw(st.sampled_from(sorted(amounts_by_unit)))
    amount = draw(amounts_by_unit[unit])
    pauses = draw(pause_lists(received)) if draw(st.booleans()) else []
    return received, amount, unit, pauses


# Receipts start a week into the coverage: pauses and elapsed() may reach back 5 days.
VN_FIRST, VN_LAST = date(2015, 1, 7), date(2030, 8, 31)
PARIS_FIRST, PARIS_LAST = date(2020, 1, 7), date(2022, 8, 31)


# --------------------------------------------------------------------------- properties


@settings(max_examples=200, deadline=None)
@given(cases(VN, VN_FIRST, VN_LAST))
def test_due_at_matches_reference(case: tuple[datetime, int, str, Pauses]) -> None:
    received, amount, unit, pauses = case
    clock = vn_clock()
    due = clock.due_at(received, amount, unit, pauses)
    assert due == ref_due(clock.calendar, received, amount, unit, pauses)
    assert due.tzinfo is VN
    assert due >= received


@settings(max_examples=200, deadline=None)
@given(cases(PARIS, PARIS_FIRST, PARIS_LAST))
def test_due_at_matches_reference_in_a_dst_zone(case: tuple[datetime, int, str, Pauses]) -> None:
    received, amount, unit, pauses = case
    clock = paris_clock()
    due = clock.due_at(received, amount, unit, pauses)
    # compared as instants: Python holds an ambiguous local time (the hour repeated when DST ends) unequal to any
    # time of another zone, even the same instant (PEP 495); in UTC a wrong ``fold`` still fails
    assert due.astimezone(UTC) == ref_due(clock.calendar, received, amount, unit, pauses).astimezone(UTC)
    assert due.tzinfo is PARIS


@settings(max_examples=200, deadline=None)
@given(
    instants(VN, VN_FIRST, VN_LAST),
    st.integers(-5 * 86400, 40 * 86400),
)
def test_elapsed_matches_reference(start: datetime, length: int) -> None:
    clock = vn_clock()
    end = start + timedelta(seconds=length)
    assert clock.elapsed(start, end) == ref_elapsed(clock.calendar, start, end)


@settings(max_examples=100, deadline=None)
@given(instants(PARIS, PARIS_FIRST, PARIS_LAST), st.integers(-5 * 86400, 40 * 86400))
def test_elapsed_matches_reference_in_a_dst_zone(start: datetime, length: int) -> None:
    clock = paris_clock()
    end = start + timedelta(seconds=length)
    assert clock.elapsed(start, end) == ref_elapsed(clock.calendar, start, end)


@settings(max_examples=200, deadline=None)
@given(instants(VN, VN_FIRST, VN_LAST), st.integers(0, 20 * 8 * 3600))
def test_office_seconds_and_instant_are_inverse(instant: datetime, extra: int) -> None:
    clock = vn_clock()
    seconds = clock.office_seconds_at(instant)
    assert clock.instant_at(seconds) <= instant
    later = clock.instant_at(seconds + extra)
    assert clock.office_seconds_at(later) == seconds + extra
    if extra:
        # Earliest: one second earlier, the target has not been reached.
        assert clock.office_seconds_at(later - ONE_SECOND) == seconds + extra - 1


@settings(max_examples=200, deadline=None)
@given(
    instants(VN, VN_FIRST, VN_LAST),
    st.sampled_from(["working_days", "working_hours"]),
    st.integers(0, 40),
)
def test_working_deadline_is_the_earliest_instant(received: datetime, unit: str, amount: int) -> None:
    clock = vn_clock()
    due = clock.due_at(received, amount, unit)
    need = amount * (8 * 3600 if unit == "working_days" else 3600)
    assert clock.elapsed(received, due) == need
    if need:
        assert clock.elapsed(received, due - ONE_SECOND) == need - 1
    assert clock.due_at(received, amount + 1, unit) > due
