"""Decision 766's on-time rate on a crafted month, computed by hand.

Time spent waiting for a supplement is subtracted: a dossier waiting for a
supplement (asked for once) at the instant counted is left out of the rate,
and a paused clock is not overdue unless it stopped after the appointment. A
second supplement request counts as late.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from tests.reports.fresh import fresh_counts
from tests.reports.oracle import dossier_counts_direct
from tuphap.core.errors import ConflictError
from tuphap.dossiers import services
from tuphap.reports.kpi import measures

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
MARCH = (dt.date(2022, 3, 1), dt.date(2022, 3, 31))


def t(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=TZ)


@pytest.fixture
def month(receive: Callable[..., Any], staff: dict[str, Any]) -> dict[str, Any]:
    """Seven dossiers of a 5-working-day procedure, March 2022 (no holiday)."""
    ask, resume = services.dossier_request_supplement, services.dossier_supplement_received
    # A: asked twice, finished on the appointment's day before its time: on time, but late by 766
    a = receive(received_at=t("2022-03-07T09:00"))
    ask(actor=None, dossier=a, items=["Tờ khai"], at=t("2022-03-08T10:00"))
    a = resume(actor=None, dossier=a, at=t("2022-03-10T14:00"))
    assert a.due_at == t("2022-03-16T11:00")  # 18 office hours of pause
    with pytest.raises(ConflictError, match="một lần"):
        ask(actor=None, dossier=a, items=["Bản sao"], at=t("2022-03-14T09:00"))
    with pytest.raises(ValidationError):
        ask(actor=None, dossier=a, items=["Bản sao"], again=True, at=t("2022-03-14T09:00"))
    a = ask(
        actor=None, dossier=a, items=["Bản sao"], again=True, reason="Bản sao chưa chứng thực", at=t("2022-03-14T09:00")
    )
    assert a.supplement_requests == 2
    a = resume(actor=None, dossier=a, at=t("2022-03-15T09:00"))
    assert a.due_at == t("2022-03-17T11:00")  # 8 more office hours
    services.dossier_resolve(actor=None, dossier=a, outcome="approved", at=t("2022-03-17T10:00"))
    # B: waiting for a supplement asked for before its appointment (28/3): not overdue, left out of 766
    b = receive(received_at=t("2022-03-21T09:00"))
    ask(actor=None, dossier=b, items=["Tờ khai"], at=t("2022-03-22T09:00"))
    # C: unfinished, past its appointment (21/3): overdue, late by 766
    c = receive(received_at=t("2022-03-14T09:00"))
    # D: unfinished, due 4/4: within time
    d = receive(received_at=t("2022-03-28T09:00"))
    # E: finished early
    e = receive(received_at=t("2022-03-01T09:00"))
    services.dossier_resolve(actor=None, dossier=e, outcome="approved", at=t("2022-03-07T15:00"))
    # F: asked twice, waiting for the second supplement: within its time, but late by 766
    f = receive(received_at=t("2022-03-15T09:00"))
    ask(actor=None, dossier=f, items=["Tờ khai"], at=t("2022-03-16T09:00"))
    f = resume(actor=None, dossier=f, at=t("2022-03-17T09:00"))
    assert f.due_at == t("2022-03-23T09:00")
    ask(actor=None, dossier=f, items=["Ảnh"], again=True, reason="Ảnh không đúng cỡ", at=t("2022-03-18T09:00"))
    # G: supplement asked for after the appointment (9/3), still waiting: overdue, but left out of 766
    g = receive(received_at=t("2022-03-02T09:00"))
    ask(actor=None, dossier=g, items=["Tờ khai"], at=t("2022-03-10T09:00"))
    assert (b.due_at, c.due_at, d.due_at, e.due_at, g.due_at) == (
        t("2022-03-28T09:00"),
        t("2022-03-21T09:00"),
        t("2022-04-04T09:00"),
        t("2022-03-08T09:00"),
        t("2022-03-09T09:00"),
    )
    return {"a": a, "b": b, "c": c, "d": d, "e": e, "f": f, "g": g}


def _check(as_of: dt.datetime, expected: dict[str, int], rate: float) -> None:
    counts = fresh_counts(*MARCH, as_of=as_of)
    got = {name: getattr(counts, name) for name in expected}
    assert got == expected, as_of
    assert measures(counts)["on_time_rate_766"] == pytest.approx(rate)
    assert counts == dossier_counts_direct(*MARCH, as_of=as_of)


def test_766_at_the_end_of_the_month(month: dict[str, Any]) -> None:
    # finished: A (on time, asked twice), E (early); in progress at 1/4: B D F within, C G overdue
    # waiting (asked once): B, G; late by 766 in progress: C (overdue), F (asked twice)
    # handled = 2 + 5 - 2 = 5 (A C D E F); on time = 5 - 1 (A) - 2 (C, F) = 2 (D, E)
    _check(
        t("2022-06-30T00:00"),
        {
            "received": 7,
            "received_late": 3,  # C, D (due 4/4, open on 30/6), G
            "finished": 2,
            "finished_early": 1,
            "finished_on_time": 1,
            "finished_late": 0,
            "finished_late_766": 1,
            "in_progress_within": 3,
            "in_progress_overdue": 2,
            "in_progress_waiting": 2,
            "in_progress_late_766": 2,
        },
        2 / 5,
    )


def test_766_inside_the_month(month: dict[str, Any]) -> None:
    # 14/3 12:00: A waits for its second supplement (late by 766); C within; G waits, overdue; E finished early
    _check(
        t("2022-03-14T12:00"),
        {
            "received": 4,
            "received_late": 1,
            "finished": 1,
            "finished_late_766": 0,
            "in_progress_within": 2,
            "in_progress_overdue": 1,
            "in_progress_waiting": 1,
            "in_progress_late_766": 1,
        },
        2 / 3,  # handled E A C; on time E C
    )
    # 17/3 12:00: A finished at 10:00 (asked twice); F resumed at 09:00 (within); C within; G waits
    _check(
        t("2022-03-17T12:00"),
        {
            "received": 5,
            "received_late": 1,
            "finished": 2,
            "finished_late_766": 1,
            "in_progress_within": 2,
            "in_progress_overdue": 1,
            "in_progress_waiting": 1,
            "in_progress_late_766": 0,
        },
        3 / 4,  # handled A E C F; on time E C F
    )


def test_a_resumed_supplement_counts_again(month: dict[str, Any]) -> None:
    """B's supplement arrives after the month: counted from its re-timed appointment, by difference."""
    fresh_counts(*MARCH, as_of=t("2022-06-30T00:00"))  # aggregates filled
    b = services.dossier_supplement_received(actor=None, dossier=month["b"], at=t("2022-04-04T09:00"))
    assert b.due_at == t("2022-04-08T09:00")  # 8 office hours before the pause, 32 after 4/4 09:00
    as_of = t("2022-06-30T00:00")
    counts = fresh_counts(*MARCH, as_of=as_of)
    assert counts == dossier_counts_direct(*MARCH, as_of=as_of)
    # at the end of March B was still waiting, within its time: unchanged; by 30/6 it is late for its cohort
    assert (counts.in_progress_within, counts.in_progress_waiting, counts.received_late) == (3, 2, 4)


def test_withdrawn_while_waiting_is_not_late(month: dict[str, Any]) -> None:
    """B waits for its supplement from 22/3 (32 office hours left); withdrawn on 20/4, it is not late:
    the appointment moves by the wait, to 26/4 09:00."""
    b = services.dossier_withdraw(
        actor=None, dossier=month["b"], reason="Người nộp rút hồ sơ", at=t("2022-04-20T09:00")
    )
    assert b.state == "withdrawn" and b.finished_at == t("2022-04-20T09:00") and b.due_at == t("2022-04-26T09:00")
    april = fresh_counts(dt.date(2022, 4, 1), dt.date(2022, 4, 30), as_of=t("2022-06-30T00:00"))
    assert (april.finished, april.finished_early, april.finished_late) == (1, 1, 0)
    assert april == dossier_counts_direct(dt.date(2022, 4, 1), dt.date(2022, 4, 30), as_of=t("2022-06-30T00:00"))
    # at the end of March it was still waiting: unchanged
    march = fresh_counts(*MARCH, as_of=t("2022-06-30T00:00"))
    assert (march.in_progress_within, march.in_progress_waiting, march.received_late) == (3, 2, 3)
