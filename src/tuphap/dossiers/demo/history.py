"""The demo department's dossier history from 2021, planned day by day (pure:
no Django; the demo loader applies a plan through the services).

Each day is drawn from its own generator, seeded with a fixed text and the
date, so a day's plan is the same in any process, in any order: the loader
can load Q1/2022 first and the rest later, and resume where it stopped.

Volumes follow the department's pattern: about 25 dossiers a working day,
nine in ten for the judicial record certificate; more in summer (students
and workers abroad ask for judicial records), fewer in the weeks after Tết
and during the social distancing of summer 2021, a slow growth, and ever
more online applications. Q1/2022 is the quarter the department published:
exactly 1.635 received, 11 of them late, each with an apology (form 04).

Times are planned in office seconds relative to the dossier's own events; the
loader turns them into instants with the office clock and the appointment
the services computed, so a dossier planned on time is on time and one
planned late is late, under the real calendar.

The department of today: the judicial record certificate (LLTP) left the
departments of justice for the provincial police on 1 March 2025 (the
departments handed it over on 28 February 2025), so from that day the plan
draws no LLTP and its volume falls to the department's other work, drawn from
the procedures in force that day (``mix``, given by the loader from the
catalogue), weighted by field. Outside the published quarter, each quarter's
late dossiers are drawn for the quarter as a whole and stay under 1 %.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass
from typing import Final

from tuphap.core.tz import LOCAL_TZ as TZ
from tuphap.workdays.core import OfficeClock

SEED: Final = "tuphap-demo-history-v1"
FIRST_DAY: Final = dt.date(2021, 1, 1)
#: quarters whose figures the department published: (year, quarter) -> (received, late)
PUBLISHED: Final = {(2022, 1): (1635, 11)}
DAY: Final = 8 * 3600  # office seconds of a working day
KEY_PREFIX: Final = "demo-h-"

LLTP: Final = "2.000488.000.00.00.H09"
#: procedures citizens and firms apply for, with their weight (the one reserved to prosecuting bodies is left out)
PROCEDURE_WEIGHTS: Final = (
    (LLTP, 880),
    ("2.001895.000.00.00.H09", 40),  # confirmation of Vietnamese nationality
    ("2.001907.000.00.00.H09", 18),  # Vietnamese origin
    ("1.001877.000.00.00.H09", 10),  # notary card
    ("1.001880.000.00.00.H09", 3),
    ("1.001756.000.00.00.H09", 2),
    ("1.001745.000.00.00.H09", 5),
    ("1.001690.000.00.00.H09", 6),
    ("1.002032.000.00.00.H09", 5),
    ("1.002055.000.00.00.H09", 2),
    ("1.002079.000.00.00.H09", 8),
    ("1.008919.000.00.00.H09", 1),
    ("1.008920.000.00.00.H09", 1),
    ("1.010115.000.00.00.H09", 6),
    ("1.010116.000.00.00.H09", 2),
    ("1.008722.000.00.00.H09", 1),
    ("1.005441.000.00.00.H09", 3),
)
MONTH_FACTOR: Final = {
    1: 1.05,
    2: 0.8,
    3: 1.0,
    4: 0.98,
    5: 1.02,
    6: 1.12,
    7: 1.18,
    8: 1.12,
    9: 1.0,
    10: 0.95,
    11: 0.95,
    12: 0.92,
}
YEAR_FACTOR: Final = {2021: 0.93, 2022: 1.0, 2023: 1.04, 2024: 1.07, 2025: 1.09, 2026: 1.11}
#: share of applications made online, by year
ONLINE_SHARE: Final = {2021: 0.12, 2022: 0.24, 2023: 0.38, 2024: 0.52, 2025: 0.63, 2026: 0.7}
BASE_PER_DAY: Final = 25.0
LATE_RATE: Final = 0.006  # outside the published quarter
#: every quarter outside the published one stays under this share of late dossiers
LATE_CEILING: Final = 0.01
#: the last day the department received LLTP applications (the police took them over on 1 March 2025)
LLTP_LAST_DAY: Final = dt.date(2025, 2, 28)
LLTP_FIELD: Final = "Lý lịch tư pháp"
#: the department's volume without LLTP, as a share of the volume with it (LLTP was about nine in ten)
AFTER_LLTP_FACTOR: Final = 0.2
#: weight of each field in the mix after LLTP, by a word of the field's name (the rest: DEFAULT_FIELD_WEIGHT)
FIELD_WEIGHTS: Final = (
    ("quốc tịch", 30),
    ("hộ tịch", 20),
    ("công chứng", 16),
    ("luật sư", 8),
    ("đấu giá", 6),
    ("trợ giúp pháp lý", 6),
    ("giám định", 4),
    ("tư vấn pháp luật", 4),
    ("thừa phát lại", 3),
    ("hòa giải", 2),
    ("trọng tài", 2),
    ("quản tài viên", 2),
    ("quản lý, thanh lý tài sản", 2),
    ("bồi thường", 1),
)
DEFAULT_FIELD_WEIGHT: Final = 2
CHANNELS: Final = ("online", "desk", "post")
#: a procedure's mix entry: (code, weight, channels it takes; empty: every channel)
MixEntry = tuple[str, float, tuple[str, ...]]

SURNAMES = "Nguyễn Trần Lê Phạm Huỳnh Hoàng Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý".split()
MIDDLE = ["Văn", "Thị", "Minh", "Ngọc", "Hữu", "Thanh", "Quốc", "Thu", "Đức", "Kim", "Xuân", "Hoài"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dung",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hiếu",
    "Hòa",
    "Hùng",
    "Hương",
    "Khánh",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Phúc",
    "Phương",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trang",
    "Trung",
    "Tuấn",
    "Vy",
    "Yến",
]
STREETS = ["Trần Hưng Đạo", "Nguyễn Huệ", "Tôn Đức Thắng", "Lê Lợi", "Hùng Vương", "Nguyễn Tất Thành", "Võ Văn Kiệt"]
WARDS = [
    "phường Phú Thủy",
    "phường Đức Nghĩa",
    "phường Mũi Né",
    "xã Hàm Thắng",
    "phường Phước Hội",
    "xã Tuy Phong",
    "phường Bình Hưng",
]
SUPPLEMENT_ITEMS = [
    "Bản chụp giấy tờ chứng minh nơi cư trú",
    "Bản chụp giấy tờ tùy thân còn hạn",
    "Tờ khai ghi thiếu nơi cư trú trước đây",
    "Giấy tờ chứng minh trụ sở",
]
APOLOGY_REASONS = [
    "Phải xác minh thông tin lý lịch tại địa phương nơi cư trú trước đây",
    "Chờ kết quả tra cứu của cơ quan quản lý cơ sở dữ liệu lý lịch tư pháp",
    "Hồ sơ cần lấy ý kiến của cơ quan có liên quan",
]


@dataclass(frozen=True)
class PlannedDossier:
    """One dossier of the history; durations are office seconds."""

    key: str
    procedure: str
    channel: str
    received_at: dt.datetime
    applicant: tuple[tuple[str, str], ...]
    scanned: bool
    online_payment: bool
    supplement_after: int  # 0: none; else office seconds after receipt when form 02 is sent
    supplement_wait: int  # office seconds until the supplement arrives
    second_supplement: bool  # a further request after the first supplement (counts late by Decision 766)
    late: bool
    apology: bool  # form 04, at least one working day before the appointment
    finish_share: float  # on time: the share of the remaining office time used
    late_by: int  # late: office seconds after the appointment
    outcome: str  # approved | rejected
    electronic_result: bool
    return_after: int  # office seconds from the result to its return (0: not returned)
    rating: str  # "" or good | acceptable | poor

    def applicant_dict(self) -> dict[str, str]:
        return dict(self.applicant)


def quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_days(year: int, quarter: int) -> list[dt.date]:
    first = dt.date(year, 3 * quarter - 2, 1)
    last = dt.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1)
    return [first + dt.timedelta(days=i) for i in range((last - first).days)]


def field_weight(field: str) -> int:
    name = field.lower()
    return next((w for word, w in FIELD_WEIGHTS if word in name), DEFAULT_FIELD_WEIGHT)


def procedure_mix(procedures: list[tuple[str, str, tuple[str, ...]]]) -> tuple[MixEntry, ...]:
    """The mix of the procedures in force on a day after LLTP, from their (code,
    field, channels): each field weighs ``field_weight``, shared equally by its
    procedures; LLTP is left out (it is no longer the department's)."""
    by_field: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for code, field, channels in sorted(procedures):
        if field == LLTP_FIELD or code == LLTP:
            continue
        by_field.setdefault(field, []).append((code, tuple(channels)))
    return tuple(
        (code, field_weight(field) / len(members), channels)
        for field, members in sorted(by_field.items())
        for code, channels in members
    )


def _break_run(clock: OfficeClock, day: dt.date, step: int) -> tuple[int, dt.date]:
    """The number of days off from ``day`` on in direction ``step``, and the first working day after them."""
    run = 0
    while not clock.is_working_day(day) and run < 15:
        run += 1
        day += dt.timedelta(days=step)
    return run, day


def _around_long_break(clock: OfficeClock, day: dt.date) -> tuple[int, int]:
    """(working days since a break of 4+ days off, 0 for the first day back; working
    days until the next such break, 1 for the last day before it), 9 when farther."""
    since = until = 9
    d = day - dt.timedelta(days=1)
    for n in range(5):
        run, d = _break_run(clock, d, -1)
        if run >= 4:
            since = n
            break
        d -= dt.timedelta(days=1)
    d = day + dt.timedelta(days=1)
    for n in range(1, 4):
        run, d = _break_run(clock, d, 1)
        if run >= 4:
            until = n
            break
        d += dt.timedelta(days=1)
    return since, until


def expected_volume(clock: OfficeClock, day: dt.date) -> float:
    """The expected number of dossiers received on a day (0 on days off)."""
    if not clock.is_working_day(day):
        return 0.0
    volume = BASE_PER_DAY * YEAR_FACTOR.get(day.year, 1.11) * MONTH_FACTOR[day.month]
    since, until = _around_long_break(clock, day)
    if since <= 4:  # the office reopens after Tết or a long holiday: few come at first
        volume *= (0.45, 0.6, 0.75, 0.85, 0.95)[since]
    elif until <= 3:  # the rush before it
        volume *= 1.2
    if dt.date(2021, 7, 19) <= day <= dt.date(2021, 9, 30):  # social distancing (Directive 16) in Bình Thuận
        volume *= 0.35
    elif dt.date(2021, 10, 1) <= day <= dt.date(2021, 10, 31):
        volume *= 0.8
    if day.weekday() == 0:  # Mondays are busier
        volume *= 1.15
    if day > LLTP_LAST_DAY:  # the judicial record certificate went to the police
        volume *= AFTER_LLTP_FACTOR
    return volume


def _day_count(clock: OfficeClock, day: dt.date, rng: random.Random) -> int:
    """The number of dossiers of a day outside the published quarter: the first draw of the day's generator."""
    mean = expected_volume(clock, day)
    return max(0, round(rng.gauss(mean, math.sqrt(mean)))) if mean else 0


def _late_rate(day: dt.date) -> float:
    return LATE_RATE * (1.5 if dt.date(2021, 7, 19) <= day <= dt.date(2021, 9, 30) else 1)


_late: dict[tuple[int, int], frozenset[tuple[dt.date, int]]] = {}


def _late_slots(clock: OfficeClock, year: int, quarter: int) -> frozenset[tuple[dt.date, int]]:
    """The late dossiers of a quarter outside the published one: about ``LATE_RATE``, always under 1 %."""
    if (year, quarter) not in _late:
        days = [d for d in quarter_days(year, quarter) if clock.is_working_day(d)]
        counts = {d: _day_count(clock, d, random.Random(f"{SEED}-{d.isoformat()}")) for d in days}  # noqa: S311
        slots = [(d, i) for d in days for i in range(counts[d])]
        share = sum(_late_rate(d) * counts[d] for d in days)
        ceiling = max(0, math.ceil(len(slots) * LATE_CEILING) - 1)
        late = min(round(share), ceiling)
        rng = random.Random(f"{SEED}-{year}Q{quarter}-late")  # noqa: S311 - demo data, not security
        _late[(year, quarter)] = frozenset(rng.sample(slots, late))
    return _late[(year, quarter)]


def _published_allocation(
    clock: OfficeClock, year: int, quarter: int
) -> tuple[dict[dt.date, int], set[tuple[dt.date, int]]]:
    """Per-day counts summing to the published total (largest remainders), and the late ones."""
    received, late = PUBLISHED[(year, quarter)]
    days = quarter_days(year, quarter)
    weights = {d: expected_volume(clock, d) for d in days}
    total = sum(weights.values())
    exact = {d: received * w / total for d, w in weights.items()}
    counts = {d: math.floor(v) for d, v in exact.items()}
    rest = received - sum(counts.values())
    for d in sorted(days, key=lambda d: (-(exact[d] - counts[d]), d))[:rest]:
        counts[d] += 1
    slots = [(d, i) for d in days for i in range(counts[d])]
    rng = random.Random(f"{SEED}-{year}Q{quarter}")  # noqa: S311 - demo data, not security
    return counts, set(rng.sample(slots, late))


_allocations: dict[tuple[int, int], tuple[dict[dt.date, int], set[tuple[dt.date, int]]]] = {}


def _allocation(clock: OfficeClock, year: int, quarter: int) -> tuple[dict[dt.date, int], set[tuple[dt.date, int]]]:
    key = (year, quarter)
    if key not in _allocations:
        _allocations[key] = _published_allocation(clock, year, quarter)
    return _allocations[key]


def applicant(rng: random.Random) -> tuple[tuple[str, str], ...]:
    return (
        ("name", f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"),
        ("id_number", "060" + "".join(rng.choice("0123456789") for _ in range(9))),
        ("phone", "09" + "".join(rng.choice("0123456789") for _ in range(8))),
        ("address", f"{rng.randint(1, 300)} {rng.choice(STREETS)}, {rng.choice(WARDS)}"),
    )


def _instant(rng: random.Random, day: dt.date) -> dt.datetime:
    """A receipt time in office hours (07:00-11:30, 13:30-16:50)."""
    minute = rng.randint(0, 4 * 60 + 30 + 3 * 60 + 20 - 1)
    minute += 7 * 60 if minute < 270 else 13 * 60 + 30 - 270
    return dt.datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=TZ)


def plan_day(clock: OfficeClock, day: dt.date, mix: tuple[MixEntry, ...] | None = None) -> list[PlannedDossier]:
    """The dossiers received on ``day``, in receipt order.

    ``mix``: the procedures to draw from after LLTP (``procedure_mix`` of the
    procedures in force that day); until 28 February 2025, ``PROCEDURE_WEIGHTS``."""
    if not clock.is_working_day(day):
        return []
    rng = random.Random(f"{SEED}-{day.isoformat()}")  # noqa: S311 - demo data, not security
    quarter = quarter_of(day)
    if quarter in PUBLISHED:
        counts, late_slots = _allocation(clock, *quarter)
        count = counts[day]
        late_flags = [(day, i) in late_slots for i in range(count)]
    else:
        count = _day_count(clock, day, rng)
        late_slots = _late_slots(clock, *quarter)
        late_flags = [(day, i) in late_slots for i in range(count)]
    online_share = ONLINE_SHARE.get(day.year, 0.7)
    digital = min(1.0, 0.45 + 0.1 * (day.year - 2021))  # scanned components, electronic results
    if day <= LLTP_LAST_DAY:
        entries: tuple[MixEntry, ...] = tuple((c, float(w), ()) for c, w in PROCEDURE_WEIGHTS)
    else:
        entries = mix or ()
        if not entries:
            return []  # no procedure of the department in force that day
    channels_of = {c: ch for c, _, ch in entries}
    codes = [c for c, _, _ in entries]
    weights = [w for _, w, _ in entries]
    instants = sorted(_instant(rng, day) for _ in range(count))
    out = []
    for i, (received_at, late) in enumerate(zip(instants, late_flags, strict=True)):
        procedure = rng.choices(codes, weights)[0]
        channel = rng.choices(CHANNELS, [online_share, 0.97 - online_share, 0.03])[0]
        allowed = channels_of[procedure]
        if allowed and channel not in allowed:
            channel = next(c for c in CHANNELS if c in allowed) if set(CHANNELS) & set(allowed) else allowed[0]
        # in the published quarter every late dossier had its apology (form 04), so none of them waits for a supplement
        supplement = rng.random() < 0.06 and not (late and quarter in PUBLISHED)
        second = rng.random() < 0.04 and supplement
        apology = rng.random() < 0.85 or quarter in PUBLISHED
        rejected = not late and rng.random() < 0.012
        rated = rng.random() < (0.3 if channel == "desk" else 0.45)
        rating = ""
        if rated:
            rating = rng.choices(["good", "acceptable", "poor"], [55, 12, 20] if late else [86, 11, 3])[0]
        out.append(
            PlannedDossier(
                key=f"{KEY_PREFIX}{day:%Y%m%d}-{i:03d}",
                procedure=procedure,
                channel=channel,
                received_at=received_at,
                applicant=applicant(rng),
                scanned=channel == "online" or rng.random() < digital,
                online_payment=channel == "online" and rng.random() < 0.4 + 0.1 * (day.year - 2021),
                supplement_after=rng.randint(DAY // 4, DAY + DAY // 2) if supplement else 0,
                supplement_wait=rng.randint(DAY // 2, 5 * DAY) if supplement else 0,
                second_supplement=second,
                late=late,
                apology=late and apology,
                finish_share=rng.uniform(0.3, 0.97),
                late_by=rng.randint(DAY // 8, 3 * DAY) if late else 0,
                outcome="rejected" if rejected else "approved",
                electronic_result=rng.random() < digital * 0.8,
                return_after=rng.randint(DAY // 8, 2 * DAY) if rng.random() < 0.97 else 0,
                rating=rating,
            )
        )
    return out


def history_days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
