"""Query count of the working calendar's year page: the same for N days off (or
make-up days) recorded as for 2N.

``most`` is the count on the busier engine today plus about two, room for other
work being merged, so that a new query per page is noticed too."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client

from tests.query_counts import assert_flat
from tuphap.workdays import services


def test_calendar_year(client: Client, admin_user: Any) -> None:
    made: list[Any] = []
    first = dt.date(2029, 3, 6)  # a Tuesday, no holiday near

    def grow(n: int) -> list[str]:
        reasons = []
        for _ in range(n):
            k = len(made)
            made.append(
                services.calendar_day_set(
                    actor=admin_user,
                    date=first + dt.timedelta(weeks=k),
                    kind="day_off",
                    reason=f"Ngày nghỉ thử nghiệm số {k:02d}",
                    source="Thông báo giả định",
                )
            )
            reasons.append(made[-1].reason)
        return reasons

    client.force_login(admin_user)
    assert_flat(client, "/lich-lam-viec/2029/", grow, most=7)
