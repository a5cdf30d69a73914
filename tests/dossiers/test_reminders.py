"""Deadline warnings of dossiers (dossiers.reminders): the handler and the
unit's heads, one email per person, each warning once per kind and appointment,
in a number of queries that does not grow with the dossiers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.dossiers.conftest import NATIONALITY, NOTARY
from tuphap.core.models import Notification
from tuphap.core.tz import LOCAL_TZ
from tuphap.dossiers import services
from tuphap.dossiers.models import DossierReminder
from tuphap.dossiers.reminders import dossiers_warn_deadlines
from tuphap.orgs.roles import Role


def t(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=LOCAL_TZ)


def mails() -> dict[str, tuple[str, list[str]]]:
    warnings = Notification.objects.filter(kind="email", object_type="")  # the applicants' messages are about a dossier
    return {n.to: (n.subject, n.body.split("\n")) for n in warnings}


def line(dossier: Any, label: str) -> str:
    return f"{dossier.code} ({label}, hẹn {timezone.localtime(dossier.due_at):%H:%M %d/%m/%Y})"


def with_emails(staff: dict[str, Any], *keys: str) -> None:
    for key in keys:
        staff[key].email = f"{staff[key].username}@example.invalid"
        staff[key].save(update_fields=["email"])


def test_warnings_go_to_the_handler_and_the_unit_heads_once_per_kind_and_appointment(
    receive: Callable[..., Any], staff: dict[str, Any], make_staff: Callable[..., Any]
) -> None:
    with_emails(staff, "head", "specialist", "other_head", "reception")
    gone = make_staff("truongphongcu", Role.UNIT_HEAD)  # a former head: no warnings
    gone.email, gone.is_active = "cu@example.invalid", False
    gone.save(update_fields=["email", "is_active"])
    late = receive(received_at=t("2022-03-07T09:00"))
    late = services.dossier_assign(actor=staff["head"], dossier=late, handler=staff["specialist"])
    soon = receive(received_at=t("2022-03-10T09:00"))
    other = receive(NOTARY, received_at=t("2022-03-08T09:00"))  # another unit, other heads
    fourth = receive(received_at=t("2022-03-15T09:00"))  # not due yet on the 16th
    head, specialist, other_head = (staff[k].email for k in ("head", "specialist", "other_head"))
    assert all((head, specialist, other_head))

    assert dossiers_warn_deadlines(at=t("2022-03-16T10:00")) == 3
    assert mails() == {
        head: ("2 hồ sơ cần chú ý", [line(late, "quá hạn"), line(soon, "sắp đến hạn")]),
        specialist: ("1 hồ sơ cần chú ý", [line(late, "quá hạn")]),
        other_head: ("1 hồ sơ cần chú ý", [line(other, "quá hạn")]),
    }
    assert dossiers_warn_deadlines(at=t("2022-03-16T11:00")) == 0  # already warned
    assert dossiers_warn_deadlines(at=t("2022-03-21T10:00")) == 1  # `soon` is now overdue: a new kind
    latest = Notification.objects.filter(kind="email", object_type="").latest("id")
    assert (latest.to, latest.body.split("\n")) == (head, [line(soon, "quá hạn"), line(fourth, "sắp đến hạn")])
    assert {(r.dossier_id, r.kind) for r in DossierReminder.objects.all()} == {
        (late.pk, "overdue"),
        (soon.pk, "due_soon"),
        (soon.pk, "overdue"),
        (other.pk, "overdue"),
        (fourth.pk, "due_soon"),
    }
    assert sorted(DossierReminder.objects.get(dossier=late).recipients) == sorted([head, specialist])
    assert Notification.objects.filter(kind="email", object_type="").count() == 4


def test_the_number_of_queries_does_not_grow_with_the_dossiers(
    receive: Callable[..., Any], staff: dict[str, Any]
) -> None:
    with_emails(staff, "head", "other_head")

    def queries_for(codes: list[str], at: str) -> int:
        for code in codes:
            receive(code, received_at=t(at) - dt.timedelta(days=14))
        with CaptureQueriesContext(connection) as queries:
            assert dossiers_warn_deadlines(at=t(at)) >= 1
        return len(queries)

    few = queries_for([NATIONALITY], "2022-04-14T10:00")
    many = queries_for([NATIONALITY, NOTARY] * 4, "2022-05-16T10:00")
    assert DossierReminder.objects.count() == 1 + 8  # the first dossier, still overdue, is not warned again
    assert many == few
