"""Worked examples and rules of the working-day engine (pure, no Django)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from functools import cache
from zoneinfo import ZoneInfo

import pytest

from tuphap.workdays.core import (
    BadAmount,
    BadCalendar,
    BadPause,
    NaiveDatetime,
    OfficeClock,
    OfficeHours,
    OutOfRange,
    UnknownUnit,
    WorkCalendar,
    WorkdaysError,
)
from tuphap.workdays.seed import (
    PACKAGE_SOURCE,
    default_calendar,
    official_calendar_entries,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")


@cache
def clock() -> OfficeClock:
    return OfficeClock(default_calendar())


def at(text: str) -> datetime:
    """An ISO instant; without an offset it is Asia/Ho_Chi_Minh local time."""
    value = datetime.fromisoformat(text)
    return value if value.tzinfo is not None else value.replace(tzinfo=VN)


# --------------------------------------------------------------------------- worked examples

WORKED = [
    ("2022-01-28T09:30", 2, "working_days", (), "2022-02-08T09:30:00+07:00"),
    ("2022-03-07T07:00", 1, "working_days", (), "2022-03-07T17:00:00+07:00"),
    ("2022-03-07T12:15", 1, "working_days", (), "2022-03-08T11:30:00+07:00"),
    ("2022-03-11T18:00", 1, "working_days", (), "2022-03-14T17:00:00+07:00"),
    ("2022-12-15T10:00", 10, "calendar_days", (), "2022-12-26T17:00:00+07:00"),
    ("2022-03-08T10:00", 4, "working_hours", (), "2022-03-08T16:00:00+07:00"),
    (
        "2022-03-07T09:00",
        3,
        "working_days",
        (("2022-03-08T10:00", "2022-03-10T14:00"),),
        "2022-03-14T11:00:00+07:00",
    ),
    ("2026-01-09T09:00", 1, "working_days", (), "2026-01-10T09:00:00+07:00"),
]


@pytest.mark.parametrize(("received", "amount", "unit", "pauses", "expected"), WORKED)
def test_worked_examples(
    received: str,
    amount: int,
    unit: str,
    pauses: tuple[tuple[str, str], ...],
    expected: str,
) -> None:
    due = clock().due_at(at(received), amount, unit, [(at(a), at(b)) for a, b in pauses])
    assert due.isoformat() == expected
    assert due.tzinfo is VN


@pytest.mark.parametrize(("received", "amount", "unit", "pauses", "expected"), WORKED)
def test_explain_agrees_with_due_at(
    received: str,
    amount: int,
    unit: str,
    pauses: tuple[tuple[str, str], ...],
    expected: str,
) -> None:
    c = clock()
    explanation = c.explain(at(received), amount, unit, [(at(a), at(b)) for a, b in pauses])
    assert explanation.due.isoformat() == expected
    if unit == "working_days":
        assert explanation.counted_seconds == amount * 8 * 3600
    elif unit == "working_hours":
        assert explanation.counted_seconds == amount * 3600
    else:
        assert len(explanation.counted) == amount
    assert explanation.lines()[0].startswith("Tiếp nhận: ")


def test_explain_lines_name_periods_and_days_off() -> None:
    lines = clock().explain(at("2022-01-28T09:30"), 2, "working_days").lines()
    assert lines[1:] == [
        "2022-01-28 09:30–11:30  2 giờ",
        "2022-01-28 13:30–17:00  3 giờ 30 phút",
        "2022-01-31 nghỉ: Tết Nguyên đán",
        "2022-02-01 nghỉ: Tết Nguyên đán",
        "2022-02-02 nghỉ: Tết Nguyên đán",
        "2022-02-03 nghỉ: Tết Nguyên đán",
        "2022-02-04 nghỉ: Tết Nguyên đán",
        "2022-02-07 07:00–11:30  4 giờ 30 phút",
        "2022-02-07 13:30–17:00  3 giờ 30 phút",
        "2022-02-08 07:00–09:30  2 giờ 30 phút",
    ]


def test_explain_lists_pause_and_makeup_day() -> None:
    c = clock()
    paused = c.explain(
        at("2022-03-07T09:00"),
        3,
        "working_days",
        [(at("2022-03-08T10:00"), at("2022-03-10T14:00"))],
    ).lines()
    assert "2022-03-08 10:00–2022-03-10 14:00  tạm dừng: 18 giờ làm việc không tính" in paused
    assert "2022-03-10 14:00–17:00  3 giờ" in paused
    makeup = c.explain(at("2026-01-09T09:00"), 1, "working_days").lines()
    assert "2026-01-10 làm bù: Làm bù cho thứ Sáu 02/01" in makeup
    assert makeup[-1] == "2026-01-10 07:00–09:00  2 giờ"


def test_explain_calendar_days_rolls_over_sunday() -> None:
    lines = clock().explain(at("2022-12-15T10:00"), 10, "calendar_days").lines()
    assert lines[1].startswith("2022-12-15 ngày tiếp nhận: không tính")
    assert "2022-12-25  ngày thứ 10" in lines
    assert "2022-12-25 Chủ nhật: hạn chuyển sang ngày làm việc tiếp theo" in lines


# --------------------------------------------------------------------------- working days


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 1, 10), True),  # make-up Saturday
        (date(2026, 1, 2), False),  # swapped day off
        (date(2024, 5, 4), True),  # make-up Saturday
        (date(2022, 2, 1), False),  # Tết
        (date(2022, 3, 7), True),  # ordinary Monday
        (date(2022, 3, 12), False),  # ordinary Saturday
        (date(2026, 11, 24), True),  # listed by the package, not enacted
        (date(2026, 8, 22), True),
        (date(2026, 8, 31), False),
    ],
)
def test_is_working_day(day: date, working: bool) -> None:
    assert clock().is_working_day(day) is working


@pytest.mark.parametrize(("year", "expected"), [(2022, 249), (2023, 249), (2024, 251), (2025, 250), (2026, 250)])
def test_working_days_per_year(year: int, expected: int) -> None:
    c = clock()
    days = (date(year, 1, 1) + timedelta(days=k) for k in range(366))
    assert sum(c.is_working_day(d) for d in days if d.year == year) == expected


def test_seed_corrects_the_package_for_2026() -> None:
    entries = {(e.date, e.kind): e for e in official_calendar_entries(2025, 2027)}
    assert (date(2026, 1, 2), "day_off") in entries
    assert "12729/VPCP-KGVX" in entries[(date(2026, 1, 2), "day_off")].source
    assert (date(2026, 1, 10), "makeup_day") in entries
    assert (date(2026, 8, 22), "makeup_day") in entries
    assert (date(2026, 8, 31), "day_off") in entries
    assert (date(2026, 11, 24), "day_off") not in entries
    # Years outside the official table come from the package.
    assert entries[(date(2027, 1, 1), "day_off")].source == PACKAGE_SOURCE
    # Only weekdays are stored as days off; make-up days are weekends.
    for (day, kind), _ in entries.items():
        assert (day.weekday() < 5) == (kind == "day_off")
        assert 2025 <= day.year <= 2027


def test_seed_makeup_days_of_package_years_are_kept() -> None:
    makeup = {e.date for e in official_calendar_entries(2015, 2021) if e.kind == "makeup_day"}
    assert makeup == {date(2015, 2, 14), date(2015, 4, 25), date(2019, 1, 5), date(2019, 5, 4)}


def test_add_working_days() -> None:
    c = clock()
    assert c.add_working_days(date(2022, 1, 28), 1) == date(2022, 2, 7)
    assert c.add_working_days(date(2022, 1, 28), 0) == date(2022, 1, 28)
    assert c.add_working_days(date(2022, 1, 29), 0) == date(2022, 2, 7)
    assert c.add_working_days(date(2026, 1, 9), 1) == date(2026, 1, 10)
    assert c.add_working_days(date(2022, 2, 7), -1) == date(2022, 1, 28)
    assert c.add_working_days(date(2022, 2, 1), -1) == date(2022, 1, 28)
    with pytest.raises(OutOfRange):
        c.add_working_days(date(2030, 12, 30), 5)


# --------------------------------------------------------------------------- boundaries


def test_boundary_maps_to_closing_of_earlier_period() -> None:
    c = clock()
    opening = at("2022-03-07T07:00")
    seconds = c.office_seconds_at(opening)
    assert c.instant_at(seconds + 4 * 3600 + 1800) == at("2022-03-07T11:30")
    assert c.instant_at(seconds + 8 * 3600) == at("2022-03-07T17:00")
    assert c.instant_at(seconds + 8 * 3600 + 1) == at("2022-03-08T07:00:01")
    assert c.due_at(at("2022-03-07T07:00"), 4, "working_hours") == at("2022-03-07T11:00")
    assert c.due_at(at("2022-03-07T11:30"), 1, "working_hours") == at("2022-03-07T14:30")


def test_receipt_on_weekend_or_after_hours_starts_at_next_opening() -> None:
    c = clock()
    assert c.due_at(at("2022-03-12T10:00"), 1, "working_hours") == at("2022-03-14T08:00")
    assert c.due_at(at("2022-03-14T06:00"), 1, "working_hours") == at("2022-03-14T08:00")
    assert c.due_at(at("2022-03-14T17:00"), 1, "working_hours") == at("2022-03-15T08:00")


def test_zero_amount() -> None:
    c = clock()
    assert c.due_at(at("2022-03-11T18:00"), 0, "working_days") == at("2022-03-11T18:00")
    assert c.due_at(at("2022-03-08T10:00"), 0, "working_hours") == at("2022-03-08T10:00")
    # Calendar days: close of the receipt day, or of the next working day.
    assert c.due_at(at("2022-03-08T10:00"), 0, "calendar_days") == at("2022-03-08T17:00")
    assert c.due_at(at("2022-03-11T18:00"), 0, "calendar_days") == at("2022-03-14T17:00")


def test_any_zone_in_local_zone_out_and_seconds_truncated() -> None:
    c = clock()
    utc = datetime(2022, 1, 28, 2, 30, tzinfo=UTC)
    assert c.due_at(utc, 2, "working_days") == at("2022-02-08T09:30")
    plus9 = datetime(2022, 1, 28, 11, 30, tzinfo=timezone(timedelta(hours=9)))
    assert c.due_at(plus9, 2, "working_days") == at("2022-02-08T09:30")
    with_us = at("2022-01-28T09:30").replace(microsecond=999_999)
    assert c.due_at(with_us, 2, "working_days") == at("2022-02-08T09:30")


def test_elapsed() -> None:
    c = clock()
    assert c.elapsed(at("2022-03-07T09:00"), at("2022-03-08T09:00")) == 8 * 3600
    assert c.elapsed(at("2022-03-11T16:00"), at("2022-03-14T08:00")) == 2 * 3600
    assert c.elapsed(at("2022-03-08T09:00"), at("2022-03-07T09:00")) == 0
    assert c.elapsed(at("2022-01-28T17:00"), at("2022-02-06T23:00")) == 0


# --------------------------------------------------------------------------- pauses


def test_pause_outside_office_hours_changes_nothing() -> None:
    c = clock()
    pause = [(at("2022-03-07T18:00"), at("2022-03-08T06:00"))]
    assert c.due_at(at("2022-03-07T09:00"), 1, "working_days", pause) == at("2022-03-08T09:00")


def test_pause_after_due_changes_nothing_and_pause_before_receipt_is_clipped() -> None:
    c = clock()
    received = at("2022-03-07T09:00")
    later = [(at("2022-03-08T09:00"), at("2022-03-09T09:00"))]
    assert c.due_at(received, 1, "working_days", later) == at("2022-03-08T09:00")
    earlier = [(at("2022-03-04T09:00"), at("2022-03-07T10:00"))]
    assert c.due_at(received, 1, "working_days", earlier) == at("2022-03-08T10:00")


def test_pauses_in_any_order_touching_allowed() -> None:
    c = clock()
    received = at("2022-03-07T09:00")
    pauses = [
        (at("2022-03-07T11:00"), at("2022-03-07T14:00")),
        (at("2022-03-07T10:00"), at("2022-03-07T11:00")),
    ]
    # Stopped 10:00–14:00 (1.5 office hours before lunch, 0.5 after).
    assert c.due_at(received, 1, "working_days", pauses) == at("2022-03-08T11:00")


def test_calendar_days_with_pause_skip_touched_days() -> None:
    c = clock()
    received = at("2022-12-15T10:00")
    # 20/12 10:00 – 21/12 10:00 touches two days after receipt: 10 days end on 27/12.
    two = [(at("2022-12-20T10:00"), at("2022-12-21T10:00"))]
    assert c.due_at(received, 10, "calendar_days", two) == at("2022-12-27T17:00")
    # Ending exactly at midnight does not touch the next day.
    one = [(at("2022-12-20T10:00"), at("2022-12-21T00:00"))]
    assert c.due_at(received, 10, "calendar_days", one) == at("2022-12-26T17:00")
    # A pause on the receipt day itself costs nothing (that day is not counted).
    same_day = [(at("2022-12-15T11:00"), at("2022-12-15T15:00"))]
    assert c.due_at(received, 10, "calendar_days", same_day) == at("2022-12-26T17:00")
    # The deadline is never rolled onto a touched day: 24/12 (Sat) is day 10
    # of a 9-day limit … 26/12 Monday is touched, so the close of 27/12.
    roll = [(at("2022-12-26T09:00"), at("2022-12-26T10:00"))]
    assert c.due_at(received, 9, "calendar_days", roll) == at("2022-12-27T17:00")
    # A pause starting after the deadline changes nothing.
    late = [(at("2022-12-26T17:00"), at("2022-12-28T10:00"))]
    assert c.due_at(received, 10, "calendar_days", late) == at("2022-12-26T17:00")


# --------------------------------------------------------------------------- errors


def test_unknown_unit() -> None:
    with pytest.raises(UnknownUnit) as info:
        clock().due_at(at("2022-03-07T09:00"), 1, "weeks")
    assert str(info.value) == (
        "Đơn vị thời hạn không hợp lệ: 'weeks' (chỉ nhận working_days, calendar_days, working_hours)"
    )
    assert info.value.code == "unknown_unit"
    assert isinstance(info.value, WorkdaysError)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    ("amount", "unit"),
    [
        (-1, "working_days"),
        (3651, "working_days"),
        (87601, "working_hours"),
        (3651, "calendar_days"),
        (1.5, "working_days"),
        (True, "working_days"),
        ("3", "working_days"),
    ],
)
def test_bad_amount(amount: object, unit: str) -> None:
    with pytest.raises(BadAmount) as info:
        clock().due_at(at("2022-03-07T09:00"), amount, unit)  # type: ignore[arg-type]
    assert info.value.code == "bad_amount"
    assert "Thời hạn không hợp lệ" in str(info.value)


def test_limits_are_inclusive() -> None:
    c = clock()
    received = at("2016-01-04T07:00")
    assert c.due_at(received, 3650, "calendar_days").year == 2026
    assert c.due_at(received, 3650, "working_days").year > 2029


def test_naive_instant_is_an_error() -> None:
    with pytest.raises(NaiveDatetime) as info:
        clock().due_at(datetime(2022, 3, 7, 9), 1, "working_days")  # noqa: DTZ001
    assert info.value.code == "naive_datetime"
    with pytest.raises(NaiveDatetime):
        clock().elapsed(datetime(2022, 3, 7, 9), at("2022-03-08T09:00"))  # noqa: DTZ001


@pytest.mark.parametrize("received", ["2014-12-31T16:00:00+07:00", "2031-01-01T00:00:01+07:00", "2031-06-01T09:00"])
def test_out_of_range_receipt(received: str) -> None:
    with pytest.raises(OutOfRange) as info:
        clock().due_at(at(received), 1, "working_days")
    assert info.value.code == "out_of_range"
    assert "2015–2030" in str(info.value)


@pytest.mark.parametrize("unit", ["working_days", "working_hours", "calendar_days"])
def test_due_past_last_covered_year_is_out_of_range(unit: str) -> None:
    with pytest.raises(OutOfRange) as info:
        clock().due_at(at("2030-12-28T09:00"), 20, unit)
    assert "Hạn xử lý vượt quá lịch làm việc" in str(info.value)


def test_out_of_range_dates() -> None:
    with pytest.raises(OutOfRange):
        clock().is_working_day(date(2031, 1, 1))
    with pytest.raises(OutOfRange):
        clock().add_working_days(date(2014, 12, 31), 1)


def test_bad_pauses() -> None:
    c = clock()
    received = at("2022-03-07T09:00")
    with pytest.raises(BadPause, match="trước khi bắt đầu") as info:
        c.due_at(received, 1, "working_days", [(at("2022-03-08T10:00"), at("2022-03-08T09:00"))])
    assert info.value.code == "bad_pause"
    with pytest.raises(BadPause, match="chồng lên nhau"):
        c.due_at(
            received,
            1,
            "working_days",
            [
                (at("2022-03-08T10:00"), at("2022-03-08T12:00")),
                (at("2022-03-08T11:00"), at("2022-03-08T13:00")),
            ],
        )
    with pytest.raises(BadPause, match="thiếu múi giờ"):
        c.due_at(received, 1, "working_days", [(datetime(2022, 3, 8, 10), at("2022-03-08T12:00"))])  # noqa: DTZ001
    with pytest.raises(BadPause):
        c.due_at(received, 1, "working_days", [(at("2022-03-08T10:00"),)])  # type: ignore[list-item]
    with pytest.raises(OutOfRange):
        c.due_at(received, 1, "working_days", [(at("2022-03-08T10:00"), at("2031-03-08T12:00"))])


def test_office_hours_validation() -> None:
    assert OfficeHours().seconds_per_day == 8 * 3600
    assert OfficeHours(((time(8), time(12)),)).seconds_per_day == 4 * 3600
    with pytest.raises(BadCalendar, match="ít nhất một buổi"):
        OfficeHours(())
    with pytest.raises(BadCalendar, match="giờ kết thúc phải sau giờ bắt đầu"):
        OfficeHours(((time(12), time(8)),))
    with pytest.raises(BadCalendar, match="không chồng lên nhau"):
        OfficeHours(((time(7), time(12)), (time(11), time(17))))
    with pytest.raises(BadCalendar, match="không chồng lên nhau"):
        OfficeHours(((time(13), time(17)), (time(7), time(11))))
    with pytest.raises(BadCalendar) as info:
        OfficeHours(((time(7, tzinfo=UTC), time(11)),))
    assert info.value.code == "bad_calendar"


def test_calendar_validation_and_custom_hours() -> None:
    with pytest.raises(BadCalendar, match="thứ Bảy hoặc Chủ nhật"):
        WorkCalendar(2022, 2022, makeup_days={date(2022, 3, 7): "x"})
    with pytest.raises(BadCalendar, match="Khoảng năm"):
        WorkCalendar(2023, 2022)
    short = OfficeClock(WorkCalendar(2022, 2022, hours=OfficeHours(((time(8), time(12)),)), tz=VN))
    # One working day is now four hours; Saturday 12/3 is not a working day.
    assert short.due_at(at("2022-03-11T10:00"), 1, "working_days") == at("2022-03-14T10:00")
    assert short.due_at(at("2022-03-11T10:00"), 2, "working_hours") == at("2022-03-11T12:00")
