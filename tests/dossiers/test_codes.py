"""Dossier codes: one counter per agency and local day, shared by the intake
(one number) and the bulk path for history (a run of numbers per day), gap-free,
at most 9,999 a day, with a clear error beyond."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from tuphap.core.errors import ConflictError
from tuphap.core.tz import LOCAL_TZ
from tuphap.dossiers import codes
from tuphap.dossiers.models import CodeCounter


def t(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=LOCAL_TZ)


def test_the_day_of_a_code_is_the_local_day_of_receipt(department: Any) -> None:
    # 23:30 UTC on 6 March is 06:30 on 7 March in Asia/Ho_Chi_Minh
    late_utc = dt.datetime(2022, 3, 6, 23, 30, tzinfo=dt.UTC)
    assert codes.code_day(late_utc) == dt.date(2022, 3, 7)
    assert codes.next_code(department, late_utc).code == "000.00.17.H09-220307-0001"
    assert codes.next_code(department, late_utc).code == "000.00.17.H09-220307-0002"


def test_runs_of_numbers_and_single_numbers_share_the_day_counter(department: Any, units: Any) -> None:
    other = department.parent
    monday, tuesday = dt.date(2022, 3, 7), dt.date(2022, 3, 8)
    first = codes.take({(department.pk, monday): 3, (department.pk, tuesday): 1, (other.pk, monday): 2})
    assert first == {(department.pk, monday): 1, (department.pk, tuesday): 1, (other.pk, monday): 1}
    assert codes.next_code(department, t("2022-03-07T10:00")).code == "000.00.17.H09-220307-0004"
    again = codes.take({(department.pk, monday): 5, (other.pk, monday): 1})
    assert again == {(department.pk, monday): 5, (other.pk, monday): 3}
    assert CodeCounter.objects.get(agency=department, day=monday).last == 9


def test_more_days_than_one_statement_holds(department: Any) -> None:
    start = dt.date(2021, 1, 1)
    days = [start + dt.timedelta(days=i) for i in range(450)]  # three statements of at most 200
    first = codes.take({(department.pk, day): 2 for day in days})
    assert set(first.values()) == {1} and len(first) == 450
    assert CodeCounter.objects.filter(agency=department).count() == 450


def test_the_ten_thousandth_number_of_a_day_is_refused(
    department: Any, receive: Callable[..., Any], catalogue: Any
) -> None:
    day = dt.date(2022, 3, 7)
    CodeCounter.objects.create(agency=department, day=day, last=codes.MAX_PER_DAY - 1)
    assert codes.next_code(department, t("2022-03-07T09:00")).code.endswith("-9999")
    with pytest.raises(ConflictError) as refused:
        receive(received_at=t("2022-03-07T10:00"))
    assert refused.value.code == "code_exhausted"
    assert "9.999" in str(refused.value) or "9,999" in str(refused.value)
    with pytest.raises(ConflictError):
        codes.take({(department.pk, day): 1})
    assert codes.take({(department.pk, dt.date(2022, 3, 8)): codes.MAX_PER_DAY}) == {
        (department.pk, dt.date(2022, 3, 8)): 1
    }
