"""The pre-aggregated counts equal a direct recount, and hand-computed answers."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.dossiers.conftest import LLTP, NATIONALITY, NOTARY
from tests.reports.fresh import fresh_counts
from tests.reports.oracle import dossier_counts_direct
from tuphap.dossiers import services
from tuphap.reports import aggregates
from tuphap.reports.kpi import Counts, measures
from tuphap.reports.models import DailyCount
from tuphap.reports.selectors import Freshness, Slice, dossier_counts, figures_freshness

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def t(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=TZ)


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def test_crafted_quarter(receive: Callable[..., Any], staff: dict[str, Any]) -> None:
    head = staff["head"]
    # 1. Received before Tết, 5 working days: due 2022-02-10T10:00 (Tết 31/1-4/2); finished early
    a = receive(received_at=t("2022-01-27T10:00"))
    assert a.due_at == t("2022-02-10T10:00")
    services.dossier_resolve(actor=None, dossier=a, outcome="approved", at=t("2022-02-08T15:00"))
    # 2. Supplement pause moves the appointment; finished on the due day, before the time: on time
    b = receive(received_at=t("2022-03-07T09:00"))
    services.dossier_request_supplement(actor=None, dossier=b, items=["x"], at=t("2022-03-08T10:00"))
    b = services.dossier_supplement_received(actor=None, dossier=b, at=t("2022-03-10T14:00"))
    assert b.due_at == t("2022-03-16T11:00")
    services.dossier_resolve(actor=None, dossier=b, outcome="approved", at=t("2022-03-16T10:00"))
    # 3. Extension does not make a late dossier on time
    c = receive(received_at=t("2022-03-07T09:00"))  # due 14/3 09:00
    services.dossier_extend(
        actor=head, dossier=c, reason="Xác minh", new_due_at=t("2022-03-21T09:00"), at=t("2022-03-10T09:00")
    )
    services.dossier_resolve(actor=None, dossier=c, outcome="approved", at=t("2022-03-18T09:00"))
    # 4. Received in Q1, finished in Q2 late (due 2022-04-05T09:00 after the Hùng Kings day 11/4? no: 5 wd from 29/3)
    e = receive(received_at=t("2022-03-29T09:00"))
    assert e.due_at == t("2022-04-05T09:00")
    services.dossier_resolve(actor=None, dossier=e, outcome="approved", at=t("2022-04-12T09:00"))
    # 5. Received in Q1, unfinished, due inside Q1: overdue at the end of Q1 and late for the cohort
    f = receive(received_at=t("2022-03-21T09:00"))  # due 28/3
    # 6. Received in Q1, unfinished, due after the quarter: in progress within time
    g = receive(received_at=t("2022-03-30T09:00"))  # due 6/4
    # 7. Calendar days, received in Q4/2021, finished in Q1 late
    h = receive(LLTP, received_at=t("2021-12-20T09:00"))  # due 30/12 17:00
    services.dossier_resolve(actor=None, dossier=h, outcome="approved", at=t("2022-01-04T09:00"))
    assert (f.due_at, g.due_at, h.due_at) == (t("2022-03-28T09:00"), t("2022-04-06T09:00"), t("2021-12-30T17:00"))

    q1 = fresh_counts(d("2022-01-01"), d("2022-03-31"), as_of=t("2022-06-30T00:00"))
    assert q1.received == 6  # a b c e f g
    assert q1.received_late == 4  # c (late), e (late, in Q2), f and g (unfinished, past due by 30/6)
    assert (q1.finished, q1.finished_early, q1.finished_on_time, q1.finished_late) == (4, 1, 1, 2)  # a b c h
    assert (q1.in_progress_within, q1.in_progress_overdue) == (2, 1)  # e and g within at 1/4; f overdue
    m = measures(q1)
    assert m["late_rate_received"] == pytest.approx(4 / 6) and m["late_rate_finished"] == pytest.approx(2 / 4)
    assert m["on_time_rate_766"] == pytest.approx((1 + 1 + 2) / (4 + 2 + 1))
    # as of the middle of the quarter: the cohort so far and lateness known then
    mid = fresh_counts(d("2022-01-01"), d("2022-03-31"), as_of=t("2022-03-14T10:00"))
    assert mid.received == 3 and mid.received_late == 1  # c is overdue since 09:00 on 14/3
    assert (mid.in_progress_within, mid.in_progress_overdue) == (1, 1)  # b within (paused/resumed), c overdue
    assert q1 == dossier_counts_direct(d("2022-01-01"), d("2022-03-31"), as_of=t("2022-06-30T00:00"))
    assert mid == dossier_counts_direct(d("2022-01-01"), d("2022-03-31"), as_of=t("2022-03-14T10:00"))
    # slices
    unit = a.unit_id
    assert (
        fresh_counts(d("2022-01-01"), d("2022-03-31"), as_of=t("2022-06-30T00:00"), slice=Slice(unit_id=unit)).received
        == 6
    )
    assert (
        fresh_counts(
            d("2022-01-01"), d("2022-03-31"), as_of=t("2022-06-30T00:00"), slice=Slice(channel="online")
        ).received
        == 0
    )


def test_random_histories_match_a_direct_recount(catalogue: dict[str, Any], staff: dict[str, Any]) -> None:
    rng = random.Random(7)
    codes = [NATIONALITY, NOTARY, LLTP]
    start = t("2022-01-03T07:00")
    made = []
    for i in range(70):
        received = start + dt.timedelta(hours=rng.randint(0, 24 * 120), minutes=rng.randint(0, 59))
        dossier = services.dossier_receive(
            actor=None,
            procedure_code=rng.choice(codes),
            received_at=received,
            channel=rng.choice(["desk", "online", "post"]),
            applicant={"name": f"Người {i}", "phone": "0912345678"},
            flags={"scanned_components": rng.random() < 0.5},
        )
        made.append(dossier)
        now = received
        if rng.random() < 0.3:
            now += dt.timedelta(hours=rng.randint(1, 48))
            services.dossier_request_supplement(actor=None, dossier=dossier, items=["x"], at=now)
            if rng.random() < 0.8:
                now += dt.timedelta(hours=rng.randint(1, 200))
                services.dossier_supplement_received(actor=None, dossier=dossier, at=now)
            else:
                continue
        if rng.random() < 0.85:
            dossier.refresh_from_db()
            now = max(now, dossier.due_at + dt.timedelta(hours=rng.randint(-150, 40)))
            services.dossier_resolve(actor=None, dossier=dossier, outcome="approved", at=now)
            if rng.random() < 0.5:
                services.dossier_rate(actor=None, dossier=dossier, rating=rng.choice(["good", "acceptable", "poor"]))
        if i == 35:
            aggregates.refresh()  # later changes arrive as differences
    for _ in range(12):
        first = d("2022-01-01") + dt.timedelta(days=rng.randint(0, 120))
        last = first + dt.timedelta(days=rng.randint(0, 60))
        as_of = t("2022-01-01T00:00") + dt.timedelta(hours=rng.randint(0, 24 * 200), minutes=rng.randint(0, 59))
        for s in (Slice(), Slice(channel="online"), Slice(procedure_id=made[0].procedure_id)):
            assert fresh_counts(first, last, as_of=as_of, slice=s) == dossier_counts_direct(
                first, last, as_of=as_of, slice=s
            ), (first, last, as_of, s)


def test_rebuild_equals_incremental(receive: Callable[..., Any]) -> None:
    for hour in range(5):
        x = receive(received_at=t("2022-03-07T09:00") + dt.timedelta(hours=hour))
        services.dossier_resolve(actor=None, dossier=x, outcome="approved", at=t("2022-03-15T09:00"))
    aggregates.refresh()
    before = sorted(DailyCount.objects.exclude(value=0).values_list("measure", "day", "day2", "value"))
    aggregates.rebuild()
    assert sorted(DailyCount.objects.exclude(value=0).values_list("measure", "day", "day2", "value")) == before


def test_report_never_misses_a_committed_dossier(receive: Callable[..., Any]) -> None:
    """A report reads without writing; a dossier committed since the last count is announced
    as not counted yet (with the instant up to which every change is counted), and counted by
    the job's next run."""
    from tuphap.reports.models import AggregationState

    fresh_counts(d("2022-03-01"), d("2022-03-31"), as_of=t("2022-04-01T00:00"))
    assert figures_freshness(now=t("2026-12-06T16:05")) == Freshness(t("2026-12-06T16:05"), 0)  # complete now
    receive(received_at=t("2022-03-07T09:00"))
    assert dossier_counts(d("2022-03-01"), d("2022-03-31"), as_of=t("2022-04-01T00:00")).received == 0
    assert figures_freshness() == Freshness(None, 1)  # never counted anything: nothing is "up to" a time
    assert fresh_counts(d("2022-03-01"), d("2022-03-31"), as_of=t("2022-04-01T00:00")).received == 1
    counted_at = AggregationState.objects.get(pk=1).last_run_at
    assert counted_at is not None
    receive(received_at=t("2022-03-08T09:00"))
    assert figures_freshness() == Freshness(counted_at, 1)  # and the read wrote nothing
    assert dossier_counts(d("2022-03-01"), d("2022-03-31"), as_of=t("2022-04-01T00:00")).received == 1
    assert fresh_counts(d("2022-03-01"), d("2022-03-31"), as_of=t("2022-04-01T00:00")).received == 2
    assert figures_freshness().pending == 0


def test_kpi_rates_name_their_denominators() -> None:
    from tuphap.reports.kpi import MEASURES, number_vi, percent_vi

    rates = {m.name: m for m in MEASURES if m.denominator}
    assert (
        rates["late_rate_received"].denominator == "received" and rates["late_rate_finished"].denominator == "finished"
    )
    m = measures(Counts(received=1635, received_late=11))
    assert percent_vi(m["late_rate_received"]) == "0,67 %" and number_vi(1635) == "1.635"
    assert measures(Counts())["late_rate_received"] is None


def test_range_pieces_cover_each_day_once() -> None:
    from tuphap.reports.selectors import range_pieces

    def days_of(grain: str, a: dt.date, b: dt.date) -> list[dt.date]:
        out, day = [], a
        while day < b:
            nxt = day + dt.timedelta(days=1)
            if grain == "m":
                nxt = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
            elif grain == "y":
                nxt = dt.date(day.year + 1, 1, 1)
            out.extend(day + dt.timedelta(days=i) for i in range((nxt - day).days))
            day = nxt
        return out

    rng = random.Random(11)
    cases = [(d("2022-01-01"), d("2022-04-01")), (d("1900-01-01"), d("2026-11-29")), (d("2021-12-31"), d("2022-01-01"))]
    for _ in range(300):
        first = d("2020-01-01") + dt.timedelta(days=rng.randint(0, 2500))
        cases.append((first, first + dt.timedelta(days=rng.randint(0, 1200))))
    for first, last in cases:
        pieces = range_pieces(first, last)
        covered = [day for piece in pieces for day in days_of(*piece)]
        assert sorted(covered) == [first + dt.timedelta(days=i) for i in range((last - first).days)], (
            first,
            last,
            pieces,
        )
        assert len(covered) == len(set(covered)) and len(pieces) <= 5
        assert sum(1 for g, a, b in pieces if g == "d" for _ in days_of(g, a, b)) <= 60  # at most two stretches of days
    # the running counts at any instant read whole years, then at most 11 months and 30 days
    prefix = range_pieces(d("1900-01-01"), d("2026-11-29"))
    assert (
        [g for g, _a, _b in prefix] == ["d", "m", "y"]
        and len(days_of(*prefix[0])) == 28
        and len(days_of(*prefix[1])) == 304
    )


def test_random_histories_over_years(catalogue: dict[str, Any], staff: dict[str, Any]) -> None:
    """Sparse dossiers over three years: ranges and instants across month and year boundaries."""
    rng = random.Random(23)
    for i in range(24):
        received = t("2021-01-04T08:00") + dt.timedelta(days=rng.randint(0, 1000), hours=rng.randint(0, 8))
        dossier = services.dossier_receive(
            actor=None,
            procedure_code=rng.choice([NATIONALITY, LLTP]),
            received_at=received,
            channel="desk",
            applicant={"name": f"Người {i}", "phone": "0912345678"},
        )
        if rng.random() < 0.3:
            services.dossier_request_supplement(
                actor=None, dossier=dossier, items=["x"], at=received + dt.timedelta(hours=3)
            )
            if rng.random() < 0.7:
                dossier = services.dossier_supplement_received(
                    actor=None, dossier=dossier, at=received + dt.timedelta(days=rng.randint(1, 40))
                )
                if rng.random() < 0.5:
                    services.dossier_request_supplement(
                        actor=None,
                        dossier=dossier,
                        items=["y"],
                        again=True,
                        reason="Lần hai",
                        at=received + dt.timedelta(days=41),
                    )
            else:
                continue
        if rng.random() < 0.8:
            dossier.refresh_from_db()
            if dossier.state == "supplement_requested":
                dossier = services.dossier_supplement_received(
                    actor=None, dossier=dossier, at=received + dt.timedelta(days=45)
                )
            assert dossier.due_at is not None
            services.dossier_resolve(
                actor=None,
                dossier=dossier,
                outcome="approved",
                at=max(dossier.due_at + dt.timedelta(days=rng.randint(-6, 30)), received + dt.timedelta(days=46)),
            )
    for _ in range(10):
        first = d("2021-01-01") + dt.timedelta(days=rng.randint(0, 1000))
        last = first + dt.timedelta(days=rng.randint(0, 500))
        as_of = t("2021-01-01T00:00") + dt.timedelta(days=rng.randint(0, 1300), minutes=rng.randint(0, 1440))
        assert fresh_counts(first, last, as_of=as_of) == dossier_counts_direct(first, last, as_of=as_of), (
            first,
            last,
            as_of,
        )
