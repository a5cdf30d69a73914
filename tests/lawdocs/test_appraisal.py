"""Drafting and appraisal: the report's deadline under the laws of 2015 and
2025 through the office clock, returns and resubmissions, the board and the
quarterly count "appraised of received"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tuphap.lawdocs import selectors, services
from tuphap.lawdocs.models import AppraisalRequest, DraftStage

TZ = timezone.get_fixed_timezone(7 * 60)


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=TZ)


def local(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


@pytest.fixture
def draft(department: Any) -> Any:
    return services.draft_create(
        actor=None,
        title="Dự thảo Quyết định quy định giá đất",
        doc_type="decision",
        lead_agency="Sở Tài nguyên và Môi trường",
    )


def receive(draft: Any, when: str, **kw: Any) -> AppraisalRequest:
    return services.appraisal_receive(actor=None, draft=draft, received_at=at(when), **kw)


def test_law_of_2015_ten_days_capped_ten_days_before_the_meeting(draft: Any) -> None:
    request = receive(draft, "2022-01-10 09:00")  # Monday; no meeting date known
    assert "80/2015/QH13" in request.rule.legal_basis
    assert local(request.due_at) == "2022-01-20 17:00"  # 10 days, close of office
    services.draft_update(actor=None, draft=draft, meeting_date=dt.date(2022, 1, 27))
    request.refresh_from_db()
    assert local(request.due_at) == "2022-01-17 17:00"  # at the latest 10 days before the meeting
    services.draft_update(actor=None, draft=draft, meeting_date=dt.date(2022, 1, 25))
    request.refresh_from_db()
    assert local(request.due_at) == "2022-01-14 17:00"  # 15/01 is a Saturday: the Friday before


def test_law_of_2015_over_tet_rolls_to_the_next_working_day(draft: Any) -> None:
    request = receive(draft, "2022-01-25 10:00")  # +10 days = 04/02/2022, a Tết day off
    assert local(request.due_at) == "2022-02-07 17:00"


def test_law_of_2025_counts_from_the_complete_dossier(draft: Any) -> None:
    services.draft_update(actor=None, draft=draft, meeting_date=dt.date(2025, 6, 20))
    request = receive(draft, "2025-06-16 09:00")
    assert "64/2025/QH15" in request.rule.legal_basis
    assert local(request.due_at) == "2025-06-26 17:00"  # the meeting does not shorten it under the 2025 rule


def test_the_rule_is_the_one_in_force_on_the_day_of_receipt(db: Any) -> None:
    assert "80/2015" in selectors.rule_for(dt.date(2025, 3, 31)).legal_basis
    assert "64/2025" in selectors.rule_for(dt.date(2025, 4, 1)).legal_basis
    assert selectors.rule_for(dt.date(2016, 6, 30)) is None


def test_return_as_incomplete_and_resubmission_restarts_the_clock(draft: Any) -> None:
    first = receive(draft, "2025-06-02 09:00")
    with pytest.raises(ValidationError):
        receive(draft, "2025-06-03 09:00")  # one dossier at a time
    services.appraisal_return_incomplete(
        actor=None, request=first, returned_at=at("2025-06-03 15:00"), reason="Thiếu báo cáo đánh giá tác động"
    )
    assert not selectors.appraisal_board()
    second = receive(draft, "2025-06-09 08:00", resubmission_of=first)
    assert local(second.due_at) == "2025-06-19 17:00"
    with pytest.raises(ValidationError):
        receive(draft, "2025-06-10 08:00", resubmission_of=first)
    report = services.appraisal_report_issue(
        actor=None,
        request=second,
        issued_at=at("2025-06-18 16:00"),
        conclusion="may_submit",
        number="15/BC-STP",
        need_and_scope="Cần thiết.",
        legality="Hợp hiến, hợp pháp, thống nhất.",
        drafting_language="Đạt yêu cầu.",
    )
    draft.refresh_from_db()
    assert report.request == second and draft.stage == DraftStage.ADOPTION


def test_report_needs_the_legality_section(draft: Any) -> None:
    request = receive(draft, "2025-06-02 09:00")
    with pytest.raises(ValidationError):
        services.appraisal_report_issue(
            actor=None, request=request, issued_at=at("2025-06-05 09:00"), conclusion="may_submit", legality=""
        )


def test_board_shows_working_days_left(draft: Any, department: Any) -> None:
    request = receive(draft, "2025-06-16 09:00")  # due Thu 26/06 17:00
    rows = selectors.appraisal_board(at=at("2025-06-20 10:00"))  # Friday
    assert [(r.request.pk, r.working_days_left, r.overdue) for r in rows] == [(request.pk, 4, False)]  # Mon..Thu
    assert selectors.appraisal_board(at=at("2025-06-27 08:00"))[0].overdue


def test_quarterly_count_appraised_of_received(department: Any) -> None:
    def one(title: str, when: str, report: str | None, returned: str | None = None, again: str | None = None) -> None:
        draft = services.draft_create(actor=None, title=title, doc_type="decision", lead_agency="Sở Y tế")
        request = receive(draft, when)
        if returned:
            services.appraisal_return_incomplete(
                actor=None, request=request, returned_at=at(returned), reason="Thiếu hồ sơ"
            )
            request = receive(draft, again, resubmission_of=request)  # type: ignore[arg-type]
        if report:
            services.appraisal_report_issue(
                actor=None, request=request, issued_at=at(report), conclusion="may_submit", legality="Hợp pháp."
            )

    one("A", "2022-01-05 09:00", "2022-01-12 09:00")
    one("B", "2022-02-01 09:00", "2022-02-08 09:00")
    one(
        "C", "2022-03-01 09:00", "2022-03-15 09:00", returned="2022-03-02 09:00", again="2022-03-07 09:00"
    )  # one dossier
    one("D", "2022-03-28 09:00", "2022-04-04 09:00")  # appraised in Q2
    one("E", "2021-12-28 09:00", "2022-01-04 09:00")  # received in Q4/2021
    assert selectors.appraisals_count(*selectors.quarter_bounds(2022, 1)) == {"received": 4, "appraised": 3}
    # E was received in Q4/2021 but its report came in January: not appraised within that quarter
    assert selectors.appraisals_count(*selectors.quarter_bounds(2021, 4)) == {"received": 1, "appraised": 0}
    assert selectors.quarter_bounds(2022, 4) == (dt.date(2022, 10, 1), dt.date(2022, 12, 31))


def test_calendar_change_retimes_open_appraisals(draft: Any) -> None:
    from tuphap.workdays.services import calendar_day_set
    from tuphap.workdays.subscribers import subscribers

    request = receive(draft, "2025-06-16 09:00")  # due Thu 26/06/2025
    calendar_day_set(actor=None, date=dt.date(2025, 6, 26), kind="day_off", reason="Nghỉ bù (thử nghiệm)")
    moved = subscribers()["lawdocs.appraisals"](None, dt.date(2025, 6, 26))
    request.refresh_from_db()
    assert moved == 1 and local(request.due_at) == "2025-06-27 17:00"


def test_only_appraisers_may_appraise(draft: Any, reception: Any, make_staff: Callable[..., Any]) -> None:
    with pytest.raises(PermissionDenied):
        services.appraisal_receive(actor=reception, draft=draft, received_at=at("2025-06-16 09:00"))
    with pytest.raises(PermissionDenied):
        services.draft_create(actor=reception, title="X", doc_type="decision", lead_agency="Y")
