"""The aggregates' month and year rows are exact roll-ups: each is the sum of its days, after the
counting job, after an edit to an old dossier (its difference reaches every grain) and after a
rebuild; and a report over years reads them (the same figures as the direct recount)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from tests.dossiers.conftest import LLTP, NATIONALITY
from tests.reports.oracle import dossier_counts_direct
from tuphap.dossiers import services
from tuphap.reports import aggregates
from tuphap.reports.models import DailyCount
from tuphap.reports.selectors import dossier_counts, range_pieces, receiving_point_counts

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DIMS = ("unit_id", "procedure_id", "handler_id", "channel", "point_id")


def t(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=TZ)


def nonzero(counts: Counter[tuple[Any, ...]]) -> Counter[tuple[Any, ...]]:
    """Without the zeros (a running measure's month can be negative: more spans ended than began)."""
    return Counter({key: value for key, value in counts.items() if value})


def rolled_up() -> tuple[Counter[tuple[Any, ...]], Counter[tuple[Any, ...]], Counter[tuple[Any, ...]]]:
    """(the month rows, the days summed by month, the days summed by year), without zeros; the year rows
    are checked against the third."""
    months: Counter[tuple[Any, ...]] = Counter()
    from_days: Counter[tuple[Any, ...]] = Counter()
    by_year: Counter[tuple[Any, ...]] = Counter()
    for grain, day, day2, measure, *dims, value in DailyCount.objects.values_list(
        "grain", "day", "day2", "measure", *DIMS, "value"
    ):
        if grain == "m":
            months[(measure, day, day2, *dims)] += value
        elif grain == "d":
            two_day = measure in aggregates.TWO_DAY
            month, year = day.replace(day=1), day.replace(month=1, day=1)
            from_days[(measure, month, day2 if two_day else month, *dims)] += value
            by_year[(measure, year, day2 if two_day else year, *dims)] += value
    return nonzero(months), nonzero(from_days), nonzero(by_year)


def years() -> Counter[tuple[Any, ...]]:
    out: Counter[tuple[Any, ...]] = Counter()
    for day, day2, measure, *dims, value in DailyCount.objects.filter(grain="y").values_list(
        "day", "day2", "measure", *DIMS, "value"
    ):
        out[(measure, day, day2, *dims)] += value
    return nonzero(out)


def assert_exact() -> Counter[tuple[Any, ...]]:
    months, from_days, by_year = rolled_up()
    assert months == from_days
    assert years() == by_year
    return months


def test_month_rows_are_the_sum_of_their_days(receive: Callable[..., Any], staff: dict[str, Any]) -> None:
    # open across months and years, finished late; paused for a supplement; still open; calendar days
    old = receive(received_at=t("2021-11-29T09:00"))
    paused = receive(received_at=t("2021-12-28T15:00"))
    services.dossier_request_supplement(actor=None, dossier=paused, items=["x"], at=t("2021-12-30T10:00"))
    paused = services.dossier_supplement_received(actor=None, dossier=paused, at=t("2022-01-05T14:00"))
    services.dossier_resolve(actor=None, dossier=paused, outcome="approved", at=t("2022-01-07T10:00"))
    receive(received_at=t("2022-01-31T16:00"))
    lltp = receive(LLTP, received_at=t("2022-02-25T09:00"), channel="online")
    services.dossier_resolve(actor=None, dossier=lltp, outcome="approved", at=t("2022-03-02T09:00"))
    aggregates.refresh()
    months = assert_exact()
    assert months[("rcv", dt.date(2021, 12, 1), dt.date(2021, 12, 1), *dim_values(paused))] == 1
    year_2021 = (dt.date(2021, 1, 1), dt.date(2022, 1, 1))
    direct = dossier_counts_direct(*year_2021, as_of=t("2022-06-01T00:00"))
    assert dossier_counts(*year_2021, as_of=t("2022-06-01T00:00")) == direct
    assert direct.received == 2 and direct.in_progress_overdue == 1

    # an old dossier changes (finished late, months after its receipt): the difference reaches every grain
    services.dossier_resolve(actor=None, dossier=old, outcome="approved", at=t("2022-04-04T09:00"))
    aggregates.refresh()
    after = assert_exact()
    key = ("fin_late", dt.date(2022, 4, 1), dt.date(2022, 4, 1), *dim_values(old))
    assert (months[key], after[key]) == (0, 1)
    late = ("overdue", dt.date(2022, 4, 1), dt.date(2022, 4, 1), *dim_values(old))
    assert after[late] == months[late] - 1  # its overdue span now ends in April: -1 there
    for period in (
        year_2021,
        (dt.date(2021, 1, 1), dt.date(2022, 12, 31)),
        (dt.date(2022, 1, 1), dt.date(2022, 3, 31)),
    ):
        as_of = t("2022-12-31T00:00")
        assert dossier_counts(*period, as_of=as_of) == dossier_counts_direct(*period, as_of=as_of), period

    # a rebuild gives the same rows, still exact
    aggregates.rebuild()
    assert assert_exact() == after
    by_point = receiving_point_counts(dt.date(2021, 1, 1), dt.date(2022, 12, 31), as_of=t("2023-01-01T00:00"))
    assert sum(c.received for _code, _name, c in by_point) == 4


def dim_values(dossier: Any) -> tuple[Any, ...]:
    return (
        dossier.unit_id,
        dossier.procedure_id,
        dossier.handler_id or 0,
        dossier.channel,
        dossier.receiving_point_id or 0,
    )


def test_a_quarter_reads_a_handful_of_rows_whatever_the_years_before(receive: Callable[..., Any]) -> None:
    """The running counts at a quarter's end sum years, then months, then days: the rows read do not grow
    with the days of history before the quarter."""
    for year in (2018, 2019, 2020, 2021):
        receive(NATIONALITY, received_at=t(f"{year}-03-05T09:00"))  # never finished: open since then
    aggregates.refresh()
    pieces = [grain for grain, _a, _b in range_pieces(dt.date(1900, 1, 1), dt.date(2022, 4, 1))]
    assert sorted(pieces) == ["m", "y"]  # whole years up to 2022, then January to March 2022: no day rows
    got = dossier_counts(dt.date(2022, 1, 1), dt.date(2022, 3, 31), as_of=t("2022-06-01T00:00"))
    assert got.in_progress_overdue == 4
    assert got == dossier_counts_direct(dt.date(2022, 1, 1), dt.date(2022, 3, 31), as_of=t("2022-06-01T00:00"))
