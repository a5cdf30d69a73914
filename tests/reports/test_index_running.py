"""The running quarter's service index (reports/index_selectors.py ``running_counts``, reports/index_rollup.py
``store_running``): the stored final part (dossiers finished before the day) plus what still moves, classified
live, equals the direct classification of the whole period (``computed_series``), before and after changes
made through the services, whether a change waits for the job or has been applied.

The history is the demo's plan (the bulk path) of 10 September to 20 November 2025, played up to 20/11/2025
10:00: the running quarter is Q4/2025, with dossiers received before it and finished in it, dossiers open
at "now", supplements, late ones, poor ratings and their feedback.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import Q

from tests.reports.test_demo_history import catalogue_all  # noqa: F401 - the fixture
from tuphap.core.tz import LOCAL_TZ
from tuphap.dossiers import feedback, services
from tuphap.dossiers.demo import loader as demo
from tuphap.dossiers.models import ChangedDossier, Dossier, DossierPause
from tuphap.orgs.models import Unit
from tuphap.reports.index_rollup import fill, forget_pending, running_periods, store_running
from tuphap.reports.index_selectors import (
    COUNT_FIELDS,
    bounds,
    changed_since,
    computed_series,
    index_counts,
    running_counts,
    service_index,
)
from tuphap.reports.models import IndexMoved, IndexRunning, IndexRunningOpen
from tuphap.reports.service_index import IndexCounts
from tuphap.reports.services import aggregates_refresh

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2025, 11, 20, 10, tzinfo=LOCAL_TZ)
Q4 = (dt.date(2025, 10, 1), dt.date(2025, 12, 31))
NOVEMBER = (dt.date(2025, 11, 1), dt.date(2025, 11, 30))


@pytest.fixture
def history(catalogue_all: None) -> None:  # noqa: F811 - the fixture
    demo.load_history(NOW, dt.date(2025, 9, 10), dt.date(2025, 11, 20))
    aggregates_refresh()  # the bulk path queued every dossier: counted, the queue empty


def units() -> list[int | None]:
    return [None, *Unit.objects.order_by("pk").values_list("pk", flat=True)]


def roll_up(now: dt.datetime = NOW) -> int:
    """The job's part for the running periods, as of ``now``, for the department and every unit (the queued
    feedback applied first, as ``fill`` does)."""
    forget_pending()
    return sum(store_running(running_periods(now), unit, now) for unit in units())


def direct(period: tuple[dt.date, dt.date], unit_id: int | None = None, now: dt.datetime = NOW) -> IndexCounts:
    return computed_series([bounds(*period, now=now)], unit_id)[0]


def row(period: tuple[dt.date, dt.date], unit_id: int = 0) -> IndexCounts | None:
    got = IndexRunning.objects.filter(start=period[0], end=period[1], unit_id=unit_id).values_list(*COUNT_FIELDS)
    values = got.first()
    return None if values is None else IndexCounts(*values)


def assert_same(now: dt.datetime = NOW) -> None:
    for unit in units():
        for period in (Q4, NOVEMBER):
            assert index_counts(*period, unit_id=unit, now=now) == direct(period, unit, now), (period, unit)


def read_stored(period: tuple[dt.date, dt.date], unit_id: int | None = None, now: dt.datetime = NOW) -> bool:
    """Whether the read takes the stored final part (else it classifies the whole period)."""
    return bool(running_counts([period], unit_id, now))


def test_the_history_has_what_the_running_quarter_needs(history: None) -> None:
    lo, hi = bounds(*Q4, now=NOW)
    cut = dt.datetime(2025, 11, 20, tzinfo=LOCAL_TZ)
    dossiers = Dossier.objects.exclude(due_at__isnull=True)
    assert dossiers.filter(received_at__lt=lo, finished_at__gte=lo, finished_at__lt=cut).exists()
    assert dossiers.filter(received_at__gte=lo, finished_at__lt=cut).count() > 40
    assert dossiers.filter(received_at__lt=hi, finished_at__isnull=True).count() > 20  # open at now
    assert dossiers.filter(finished_at__gte=cut).exists()  # finished today
    assert DossierPause.objects.filter(kind="supplement").exists()
    assert feedback.Feedback.objects.filter(dossier__isnull=False).exists()
    counts = direct(Q4)
    assert counts.finished and counts.handled > counts.on_time and counts.feedback and counts.dossier_satisfied


def test_the_stored_final_part_plus_what_moves_equals_the_direct_count(history: None) -> None:
    assert roll_up() == 2 * len(units())
    stored = row(Q4)
    assert stored is not None and 0 < stored.finished < direct(Q4).finished
    assert stored.feedback == 0  # the feedback is read live
    assert all(read_stored(p, u) for p in (Q4, NOVEMBER) for u in units())
    assert_same()
    index = service_index(*Q4, now=NOW)
    assert index is not None and index.total > 0
    # the read adds the stored row (a changed row shows)
    IndexRunning.objects.filter(start=Q4[0], unit_id=0).update(received=10_000)
    assert index_counts(*Q4, now=NOW).received == 10_000 + direct(Q4).received - stored.received


def test_a_row_stored_days_ago_is_completed_by_the_dossiers_finished_since(history: None) -> None:
    earlier = NOW - dt.timedelta(days=2)
    assert roll_up(earlier) > 0
    assert IndexRunning.objects.filter(cut=earlier.date()).count() == 2 * len(units())
    assert read_stored(Q4)
    assert_same()
    assert not read_stored(Q4, now=earlier - dt.timedelta(days=1))  # stored after that instant: not used
    assert roll_up() == 2 * len(units())  # the next day's run moves the rows to the new day
    assert set(IndexRunning.objects.values_list("cut", flat=True)) == {NOW.date()}
    assert_same()


def finished_before_today(**filters: Any) -> Dossier:
    cut = dt.datetime(2025, 11, 20, tzinfo=LOCAL_TZ)
    return (
        Dossier.objects.filter(finished_at__gte=bounds(*Q4)[0], finished_at__lt=cut, **filters)
        .order_by("finished_at")
        .first()
    )  # type: ignore[return-value]


def test_rating_a_dossier_finished_before_today_forgets_the_stored_part(history: None) -> None:
    roll_up()
    d = finished_before_today(rating="")
    assert d is not None
    before = direct(Q4)
    services.dossier_rate(actor=None, dossier=d, rating="poor", at=NOW - dt.timedelta(minutes=5))
    assert not read_stored(Q4)  # queued: the period is classified whole
    assert_same()
    assert direct(Q4).dossier_satisfied == before.dossier_satisfied - 1
    aggregates_refresh()
    assert row(Q4) is None and row(Q4, d.unit_id) is None  # forgotten for its unit and the department
    other = Unit.objects.exclude(pk=d.unit_id).values_list("pk", flat=True).first()
    assert other is None or row(Q4, other) is not None
    assert_same()
    roll_up()
    assert read_stored(Q4) and read_stored(Q4, d.unit_id)
    assert_same()


def test_a_dossier_finished_today_keeps_the_stored_part(history: None) -> None:
    roll_up()
    d = (
        Dossier.objects.filter(finished_at__isnull=True, state__in=["received", "in_process"], received_at__lt=NOW)
        .order_by("received_at")
        .first()
    )
    assert d is not None
    services.dossier_resolve(
        actor=None, dossier=d, outcome="approved", electronic_result=True, at=NOW - dt.timedelta(minutes=20)
    )
    assert ChangedDossier.objects.exists()
    assert read_stored(Q4) and read_stored(Q4, d.unit_id)  # finished today: not in the stored part
    assert_same()
    aggregates_refresh()
    assert row(Q4) is not None and read_stored(Q4)
    assert_same()


def test_feedback_about_a_dossier_finished_before_today(history: None) -> None:
    roll_up()
    d = finished_before_today(rating="good")
    assert d is not None
    before = direct(Q4)
    feedback.feedback_submit(
        actor=None, kind="reflection", content="Phản ánh về hồ sơ đã trả.", sender_name="Ngô E",
        dossier_code=d.code, at=NOW - dt.timedelta(hours=1),
    )  # fmt: skip
    assert not read_stored(Q4)  # queued feedback: the period is classified whole
    assert_same()
    after = direct(Q4)
    assert after.feedback == before.feedback + 1 and after.dossier_satisfied == before.dossier_satisfied - 1
    assert forget_pending() == 1
    assert row(Q4) is None and row(Q4, d.unit_id) is None
    assert_same()
    roll_up()
    assert read_stored(Q4)
    assert_same()


def test_a_supplement_asked_of_an_open_dossier_and_the_export(history: None) -> None:
    roll_up()
    d = Dossier.objects.filter(state__in=["received", "in_process"], received_at__lt=NOW).order_by("pk").first()
    assert d is not None
    services.dossier_request_supplement(actor=None, dossier=d, items=["Ảnh"], at=NOW - dt.timedelta(minutes=10))
    assert_same()
    aggregates_refresh()
    assert read_stored(Q4)  # an open dossier: not in the stored part
    assert_same()
    call_command(
        "export_sync", stdout=io.StringIO(), stderr=io.StringIO()
    )  # every unsynchronised dossier, those finished before today among them
    assert_same()
    aggregates_refresh()
    assert_same()
    roll_up()
    assert read_stored(Q4)
    assert_same()


def test_the_job_stores_the_running_periods_first(history: None) -> None:
    stored = fill(budget=600, now=NOW)
    assert stored >= 2 * len(units())
    assert row(Q4) is not None and row(NOVEMBER) is not None
    assert_same()
    assert fill(budget=600, now=NOW) == 0  # the day's rows are there


DAY_START = dt.datetime(2025, 11, 20, tzinfo=LOCAL_TZ)


def test_the_open_dossiers_are_stored_as_of_the_day_start_and_reclassified_when_they_move(history: None) -> None:
    """The row stored just after midnight holds every open dossier's contribution as of midnight; a read later in
    the day reclassifies only those that moved since (received, due, finished, a supplement pause starting or
    ending from midnight to the read), and still equals the direct classification at every instant."""
    loaded_before_the_day()
    assert roll_up(DAY_START + dt.timedelta(minutes=1)) == 2 * len(units())
    stored = IndexRunning.objects.get(start=Q4[0], end=Q4[1], unit_id=0)
    assert IndexRunningOpen.objects.filter(running=stored).count() > 20  # the open ones, each apart
    dossiers = Dossier.objects.exclude(due_at__isnull=True)
    # what moves between midnight and 10:00 in the history: the read must handle each
    assert dossiers.filter(received_at__gte=DAY_START, received_at__lt=NOW).exists()  # a new receipt today
    assert dossiers.filter(finished_at__gte=DAY_START, finished_at__lt=NOW).exists()  # a finish today
    pauses = DossierPause.objects.filter(kind="supplement")
    open_at_midnight = dossiers.filter(Q(finished_at__isnull=True) | Q(finished_at__gte=DAY_START))
    assert_same()
    later = [NOW + dt.timedelta(hours=h) for h in (2, 5, 7, 9, 13)]  # 12:00 … 23:00: appointments crossed
    due_today = open_at_midnight.filter(received_at__lt=DAY_START, due_at__gte=DAY_START, due_at__lt=later[-1])
    assert due_today.exists()  # open at midnight, due later today: overdue from its appointment on
    for at in later:
        assert read_stored(Q4, now=at) and read_stored(NOVEMBER, now=at)
        assert_same(at)
    moved = set(changed_since(DAY_START.date(), NOW))
    assert 0 < len(moved) < open_at_midnight.filter(received_at__lt=DAY_START).count()  # not all the open ones
    # a supplement pause starting, then ending, today (through the services), before and after the job
    d = open_at_midnight.filter(state__in=["received", "in_process"], received_at__lt=DAY_START).order_by("pk")[0]
    assert d.pk not in moved
    services.dossier_request_supplement(actor=None, dossier=d, items=["Ảnh"], at=NOW - dt.timedelta(hours=2))
    assert pauses.filter(dossier=d, started_at__gte=DAY_START).exists()
    assert read_stored(Q4)
    assert_same()
    aggregates_refresh()
    assert not ChangedDossier.objects.exists() and d.pk in set(changed_since(DAY_START.date(), NOW))  # recorded moved
    assert read_stored(Q4) and read_stored(Q4, d.unit_id)
    assert_same()
    d.refresh_from_db()
    services.dossier_supplement_received(actor=None, dossier=d, at=NOW - dt.timedelta(hours=1))
    assert pauses.filter(dossier=d, ended_at__gte=DAY_START).exists()
    aggregates_refresh()
    assert read_stored(Q4)
    assert_same()
    for at in later:
        assert_same(at)


def loaded_before_the_day() -> None:
    """The history's recount happened on the real clock (after the fictional "now"): dated the day before."""
    IndexMoved.objects.update(at=DAY_START - dt.timedelta(days=1))


def test_feedback_about_an_open_dossier_that_finishes_today(history: None) -> None:
    loaded_before_the_day()
    roll_up(DAY_START + dt.timedelta(minutes=1))
    d = (
        Dossier.objects.filter(finished_at__isnull=True, state__in=["received", "in_process"], received_at__lt=NOW)
        .order_by("-received_at")
        .first()
    )
    assert d is not None
    feedback.feedback_submit(
        actor=None, kind="reflection", content="Phản ánh về hồ sơ đang giải quyết.", sender_name="Lê F",
        dossier_code=d.code, at=NOW - dt.timedelta(hours=2),
    )  # fmt: skip
    assert not read_stored(Q4)  # queued feedback: the period is classified whole
    assert_same()
    forget_pending()
    roll_up()  # stored again, the feedback known
    assert read_stored(Q4)
    services.dossier_resolve(
        actor=None, dossier=d, outcome="approved", electronic_result=True, at=NOW - dt.timedelta(minutes=30)
    )
    assert read_stored(Q4) and read_stored(Q4, d.unit_id)
    assert_same()
    aggregates_refresh()
    assert_same()
    assert direct(Q4).finished == index_counts(*Q4, now=NOW).finished


def test_a_history_import_records_no_moved_dossier_and_the_read_stays_exact(history: None) -> None:
    """Loading months of past dossiers (the bulk path, as ``import_dossiers`` and the demo do) recounts each;
    only those that may count differently in a stored running part are recorded as moved (none of a finished
    past), so the read of the running quarter stays small whatever the size of the import."""
    loaded_before_the_day()
    roll_up(DAY_START + dt.timedelta(minutes=1))
    known = set(Dossier.objects.values_list("pk", flat=True))
    written = demo.load_history(NOW, dt.date(2025, 6, 2), dt.date(2025, 7, 31))
    assert written > 100
    imported = Dossier.objects.exclude(pk__in=known)
    assert ChangedDossier.objects.filter(dossier__in=imported).count() == written  # queued for the job
    moving = imported.filter(Q(finished_at__isnull=True) | Q(finished_at__gte=DAY_START))
    assert aggregates_refresh() >= written
    recorded = set(IndexMoved.objects.filter(dossier_id__in=imported.values("pk")).values_list("dossier_id", flat=True))
    assert recorded == set(moving.values_list("pk", flat=True))
    assert len(recorded) < written / 10
    forget_pending()  # the past ratings' feedback, as the job applies it first
    roll_up()
    assert read_stored(Q4) and read_stored(NOVEMBER)
    assert_same()


def test_a_dossier_stored_open_then_recorded_finished_long_ago_is_reclassified(history: None) -> None:
    """A correction written outside the services (a restore, another program) that makes a dossier stored as
    open at the day's start finished before the quarter: recorded as moved (it is stored as open), its stored
    contribution taken out."""
    loaded_before_the_day()
    roll_up(DAY_START + dt.timedelta(minutes=1))
    stored = IndexRunning.objects.get(start=Q4[0], end=Q4[1], unit_id=0)
    opened = IndexRunningOpen.objects.filter(running=stored).values_list("dossier_id", flat=True)
    d = Dossier.objects.filter(pk__in=opened, finished_at__isnull=True).order_by("pk").first()
    assert d is not None and d.received_at is not None and d.due_at is not None  # open at the day's start
    back = d.received_at - (bounds(*Q4)[0] - dt.timedelta(days=40))  # received 40 days before the quarter
    Dossier.objects.filter(pk=d.pk).update(
        state="returned", outcome="approved", received_at=d.received_at - back, due_at=d.due_at - back,
        finished_at=d.received_at - back + dt.timedelta(days=2),
    )  # fmt: skip
    ChangedDossier.objects.create(dossier=d)
    assert_same()
    aggregates_refresh()
    assert IndexMoved.objects.filter(dossier_id=d.pk).exists()
    assert read_stored(Q4)
    assert_same()
    assert index_counts(*Q4, now=NOW) == direct(Q4)
