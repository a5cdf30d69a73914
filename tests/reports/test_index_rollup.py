"""The service index's stored periods (reports/index_rollup.py): filled by the periodic job, equal to the
counts classified from the dossiers, deleted by every change that may alter them, and never read while a
change that touches them waits for the job.

The hand-built March 2026 of test_service_index (43.15 of 100) is the history; the changes come through
the services (a rating, a supplement request, feedback, the national portal's export).
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.reports.test_service_index import MARCH, month, t  # noqa: F401 - the fixture
from tuphap.dossiers import feedback, services
from tuphap.dossiers.models import Dossier
from tuphap.orgs.models import Unit
from tuphap.reports.index_rollup import fill, forget_pending
from tuphap.reports.index_selectors import COUNT_FIELDS, bounds, computed_series, index_counts, service_index
from tuphap.reports.models import IndexCount, IndexStale
from tuphap.reports.service_index import IndexCounts
from tuphap.reports.services import aggregates_refresh

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("month")]

Q1 = (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
APRIL = (dt.date(2026, 4, 1), dt.date(2026, 4, 30))


def job() -> int:
    """The periodic job's run: count the queued dossiers, then store the periods (no budget to run out)."""
    aggregates_refresh()
    return fill(budget=600)


def stored(start: dt.date, end: dt.date, unit_id: int = 0) -> IndexCounts | None:
    row = IndexCount.objects.filter(start=start, end=end, unit_id=unit_id).values_list(*COUNT_FIELDS).first()
    return None if row is None else IndexCounts(*row)


def computed(start: dt.date, end: dt.date, unit_id: int | None = None) -> IndexCounts:
    return computed_series([bounds(start, end)], unit_id)[0]


def unit_of(code: str) -> int:
    return Dossier.objects.values_list("unit_id", flat=True).get(code=code)


def other_unit() -> int:
    return Unit.objects.exclude(pk=unit_of("B")).values_list("pk", flat=True).first()  # type: ignore[return-value]


def test_the_job_stores_what_the_dossiers_give() -> None:
    assert job() > 0
    unit = unit_of("A")
    for period in (MARCH, Q1, APRIL):
        assert stored(*period) == computed(*period)
        assert stored(*period, unit_id=unit) == computed(*period, unit_id=unit)
    assert stored(*MARCH) is not None and stored(*MARCH).received == 8  # type: ignore[union-attr]
    index = service_index(*MARCH)
    assert index is not None and index.total == 43.15
    assert job() == 0  # all stored: a second run has nothing to do


def test_a_fresh_stored_period_is_read_and_a_queued_change_is_not() -> None:
    job()
    IndexCount.objects.filter(start=MARCH[0], end=MARCH[1], unit_id=0).update(received=99)
    assert index_counts(*MARCH).received == 99  # the stored row is what the read returns
    services.dossier_rate(actor=None, dossier="B", rating="poor")  # queued, not yet counted
    assert index_counts(*MARCH) == computed(*MARCH)  # a change waits: the period is classified again
    assert index_counts(*MARCH).received == 8


def test_rating_an_old_dossier_deletes_its_periods_only() -> None:
    job()
    before = stored(*MARCH)
    assert before is not None and before.dossier_satisfied == 4
    services.dossier_rate(actor=None, dossier="B", rating="poor")
    aggregates_refresh()
    assert stored(*MARCH) is None and stored(*Q1) is None and stored(*MARCH, unit_id=unit_of("B")) is None
    assert stored(*APRIL) is not None  # after B was finished: kept
    assert stored(*MARCH, unit_id=other_unit()) is not None  # another unit's: kept
    job()
    after = stored(*MARCH)
    assert after == computed(*MARCH) and after is not None and after.dossier_satisfied == 3
    assert index_counts(*MARCH) == after


def test_a_supplement_pause_on_an_open_dossier() -> None:
    job()
    services.dossier_request_supplement(actor=None, dossier="H", items=["Ảnh"])
    aggregates_refresh()
    assert stored(*MARCH) is None and stored(*Q1) is None  # H was open at their end
    job()
    assert stored(*MARCH) == computed(*MARCH) == index_counts(*MARCH)
    assert stored(*Q1) == computed(*Q1)


def test_feedback_received_late_for_march() -> None:
    job()
    feedback.feedback_submit(
        actor=None, kind="reflection", content="Phản ánh nhập lại từ sổ giấy.", sender_name="Ngô E",
        at=t("2026-03-30T09:00"),
    )  # fmt: skip
    assert IndexStale.objects.count() == 1
    assert index_counts(*MARCH).feedback == 4  # read again while the job has not run
    assert forget_pending() == 1
    assert stored(*MARCH) is None and stored(*APRIL) is None  # the department's, from its day on
    assert stored(*MARCH, unit_id=unit_of("A")) is not None  # feedback about the service: no unit's
    job()
    assert stored(*MARCH) == computed(*MARCH) and stored(*MARCH).feedback == 4  # type: ignore[union-attr]


def test_answering_and_the_reaction_to_march_feedback(staff: dict[str, Any]) -> None:
    job()
    fb2 = feedback.feedback_visible(staff["director"]).get(sender_name="Lê Văn Cường")
    feedback.feedback_answer(actor=staff["director"], feedback=fb2, answer="Sở đã mở thêm quầy.")
    feedback.feedback_record_reaction(actor=staff["director"], feedback=fb2, satisfied=False)
    job()
    after = stored(*MARCH)
    assert after == computed(*MARCH) and after is not None
    assert after.feedback_satisfied == 0  # fb2 declared dissatisfied


def test_the_export_to_the_national_portal() -> None:
    job()
    synced = stored(*MARCH)
    assert synced is not None and synced.synced == 3
    call_command("export_sync", stdout=io.StringIO(), stderr=io.StringIO())
    assert index_counts(*MARCH) == computed(*MARCH)  # queued: read again
    aggregates_refresh()
    assert stored(*MARCH) is None
    job()
    after = stored(*MARCH)
    assert after == computed(*MARCH) and after is not None and after.synced == 8


def test_a_period_not_over_is_never_stored() -> None:
    job()
    assert not IndexCount.objects.filter(end__gte=timezone.localdate()).exists()
    assert IndexCount.objects.filter(end=timezone.localdate().replace(day=1) - dt.timedelta(days=1)).exists()


def test_the_job_does_not_store_a_period_a_queued_change_touches() -> None:
    aggregates_refresh()
    services.dossier_rate(actor=None, dossier="B", rating="poor")  # committed after the counting run
    fill(budget=600)
    assert stored(*MARCH) is None and stored(*Q1) is None  # B counts there: left for the next run
    assert stored(*APRIL) is not None and stored(*MARCH, unit_id=other_unit()) is not None
    job()
    assert stored(*MARCH) == computed(*MARCH)
