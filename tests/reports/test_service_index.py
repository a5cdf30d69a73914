"""The service index of Decision 766/QĐ-TTg on a hand-built month, each component worked out
by hand from its formula (reports/service_index.py, docs/domain/service-index.md).

March 2026 (no public holiday), one 5-working-day procedure with a fee and two components
(NATIONALITY, unit hctp) and a copy of it that carries no fee. The dossiers come in through
the importer (the history's facts: synchronised, digitised, electronic result, paid online)
and the services (a second supplement request):

====  ===========================================  ==========================================
 A    desk, scanned, e-result, synced, on time     feedback about it (answered on time, the
                                                   sender not satisfied)
 B    online, synced, paid online, scanned,        an online dossier without an electronic
      no e-result, on time                         result: not online, not digitised
 C    online, synced, paid online, scanned,        counts everywhere
      e-result, on time
 D    desk, asked for a supplement twice,          late by 766 (asked twice), not digitised
      e-result, within its appointment
 E    desk, waiting for a supplement at the end    left out of the on-time rate
 F    fee-free procedure, paid nothing, scanned,   out of the online-payment denominator
      e-result
 G    desk, finished late, no scan                 late; not satisfied
 H    desk, unfinished and overdue at the end      late
====  ===========================================  ==========================================

Feedback: fb1 about A (answered on time, sender not satisfied), fb2 about the service
(received 20/3, due after the month's end, unanswered), fb3 about the service (answered
after its due date).

By hand:

* synchronised 3/8 (A, B, C) -> 18 × 3/8 = 6.75
* on time 4/7 (A, B, C, F of A B C D F G H; E waiting) -> 20 × 4/7 = 11.43
* digitised 3/6 (A, C, F of the six finished) -> 22 × 1/2 = 11.00
* online 1/6 (C) -> 11 / 6 = 1.83
* online payment 2/7 (B, C of the seven fee-carrying; F is free) -> 11 × 2/7 = 3.14
* feedback on time 1/2 (fb1 of fb1, fb3; fb2 not yet due) -> 6 × 1/2 = 3.00
* feedback satisfied 1/3 (fb2) -> 6 × 1/3 = 2.00
* dossier satisfied 4/6 (B, C, D, F; A has feedback, G late) -> 6 × 4/6 = 4.00
* total 43.15 of 100
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from tests.dossiers.conftest import APPLICANT, NATIONALITY
from tuphap.dossiers import feedback, procedures, services
from tuphap.dossiers.catalogue import PROCEDURES
from tuphap.dossiers.importing import import_row
from tuphap.dossiers.models import Dossier
from tuphap.reports import report_section
from tuphap.reports.index_selectors import dossiers_lowering, index_counts, service_index
from tuphap.reports.service_index import (
    RULES_766_2022,
    DossierFacts,
    FeedbackFacts,
    IndexCounts,
    classify,
    classify_feedback,
    components,
    rules_for,
)

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
MARCH = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))
FREE = "TEST.FREE.000.00.00.H09"

pytestmark = pytest.mark.django_db


def t(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=TZ)


def row(code: str, **values: str) -> dict[str, str]:
    return {"code": code, "procedure_code": NATIONALITY, "applicant_name": "Trần Thị Bình", "channel": "desk", **values}


@pytest.fixture
def month(catalogue: dict[str, Any], staff: dict[str, Any], department: Any, units: dict[str, Any]) -> dict[str, Any]:
    data = next(p for p in PROCEDURES if p["code"] == NATIONALITY)
    procedures.procedure_publish(
        actor=None,
        data={**data, "code": FREE, "fee": 0, "fee_note": ""},
        agency=department,
        unit=units[data["unit"]],
        valid_from=dt.date(2015, 1, 1),
    )
    synced = {"synced_at": "2026-03-02T09:05"}
    rows = [
        row("A", received_at="2026-03-02T09:00", resolved_at="2026-03-04T10:00", electronic_result="1",
            digitised_components="2", **synced),
        row("B", channel="online", received_at="2026-03-02T10:00", resolved_at="2026-03-05T10:00", paid_online="1",
            digitised_components="2", synced_at="2026-03-02T10:05"),
        row("C", channel="online", received_at="2026-03-03T09:00", resolved_at="2026-03-06T10:00", paid_online="1",
            electronic_result="1", digitised_components="2", synced_at="2026-03-03T09:05"),
        row("D", received_at="2026-03-09T09:00", supplement_requested_at="2026-03-10T09:00",
            supplement_received_at="2026-03-11T09:00"),
        row("E", received_at="2026-03-25T09:00", supplement_requested_at="2026-03-27T09:00"),
        row("F", procedure_code=FREE, received_at="2026-03-16T09:00", resolved_at="2026-03-18T10:00",
            electronic_result="1", digitised_components="2"),
        row("G", received_at="2026-03-02T09:00", resolved_at="2026-03-20T10:00"),
        row("H", received_at="2026-03-16T09:00"),
    ]  # fmt: skip
    for r in rows:
        assert import_row(r)
    d = services.dossier_request_supplement(
        actor=None, dossier="D", items=["Ảnh"], again=True, reason="Ảnh không đúng cỡ", at=t("2026-03-12T09:00")
    )
    d = services.dossier_supplement_received(actor=None, dossier=d, at=t("2026-03-13T09:00"))
    services.dossier_resolve(
        actor=None, dossier=d, outcome="approved", electronic_result=True, at=t("2026-03-16T09:00")
    )
    fb1 = feedback.feedback_submit(
        actor=None, kind="reflection", content="Cán bộ hướng dẫn chưa rõ ràng.", sender_name="Trần Thị Bình",
        sender_contact="0912000111", dossier_code="A", at=t("2026-03-10T09:00"),
    )  # fmt: skip
    feedback.feedback_answer(
        actor=staff["head"], feedback=fb1, answer="Sở đã nhắc nhở cán bộ.", at=t("2026-03-12T09:00")
    )
    feedback.feedback_record_reaction(actor=staff["head"], feedback=fb1, satisfied=False)
    feedback.feedback_submit(
        actor=None, kind="recommendation", content="Đề nghị mở thêm quầy tiếp nhận.", sender_name="Lê Văn Cường",
        at=t("2026-03-20T09:00"),
    )  # fmt: skip
    fb3 = feedback.feedback_submit(
        actor=None, kind="reflection", content="Điện thoại đường dây nóng không ai nghe.", sender_name="Phạm D",
        at=t("2026-03-02T09:00"),
    )  # fmt: skip
    feedback.feedback_answer(
        actor=staff["director"], feedback=fb3, answer="Sở đã bố trí trực.", at=t("2026-03-25T09:00")
    )
    return {"fb1": fb1, "fb3": fb3}


EXPECTED_POINTS = {
    "synchronised": (6.75, 3, 8),
    "on_time": (11.43, 4, 7),
    "digitised": (11.0, 3, 6),
    "online": (1.83, 1, 6),
    "online_payment": (3.14, 2, 7),
    "feedback_on_time": (3.0, 1, 2),
    "feedback_satisfied": (2.0, 1, 3),
    "dossier_satisfied": (4.0, 4, 6),
}


def test_the_facts_are_recorded(month: dict[str, Any]) -> None:
    a, f = Dossier.objects.get(code="A"), Dossier.objects.get(code="F")
    assert (a.components_required, a.digitised_components, a.fee_due, a.electronic_result) == (2, 2, 100_000, True)
    assert a.synced_to_national_at == t("2026-03-02T09:05")
    assert (f.fee_due, f.online_payment) == (0, False)
    assert Dossier.objects.get(code="D").supplement_requests == 2
    assert month["fb1"].due_at == t("2026-03-24T09:00")  # ten working days
    assert month["fb3"].due_at == t("2026-03-16T09:00")


def test_each_component_as_worked_out_by_hand(month: dict[str, Any]) -> None:
    index = service_index(*MARCH)
    assert index is not None and index.version == "766/2022"
    got = {c.name: (c.points, c.numerator, c.denominator) for c in index.components}
    assert got == EXPECTED_POINTS
    assert index.total == 43.15
    assert index.max_total == 100


def test_a_unit_sees_its_own_dossiers_only(month: dict[str, Any], units: dict[str, Any]) -> None:
    assert index_counts(*MARCH, unit_id=units["btp"].pk) == IndexCounts()
    assert index_counts(*MARCH, unit_id=units["hctp"].pk).received == 8


def test_the_dossiers_that_lower_it(month: dict[str, Any]) -> None:
    rows = {r.code: r.reasons for r in dossiers_lowering(*MARCH)}
    assert rows["G"] == ["on_time", "digitised", "synchronised", "online_payment", "dossier_satisfied"]
    assert rows["D"] == ["on_time", "digitised", "synchronised", "online_payment"]
    assert rows["B"] == ["digitised", "online"]
    assert "C" not in rows and "E" in rows  # E: not synchronised, fee not paid online; not late while waiting
    assert "on_time" not in rows["E"]


def test_the_api_answers_the_same(month: dict[str, Any], client: Client, staff: dict[str, Any]) -> None:
    client.force_login(staff["director"])
    answer = client.get("/api/v1/reports/service-index", {"from": "2026-03-01", "to": "2026-03-31"})
    assert answer.status_code == 200
    body = answer.json()
    assert body["total"] == 43.15
    assert {c["name"]: (c["points"], c["numerator"], c["denominator"]) for c in body["components"]} == EXPECTED_POINTS
    first = body["components"][0]
    assert set(first) >= {"name", "points", "max_points", "numerator", "denominator", "source"}
    assert first["source"].startswith("Quyết định 766/QĐ-TTg")
    # a unit head gets their unit's index; a period the wrong way round is a 422 on the field
    client.force_login(staff["other_head"])
    other = client.get("/api/v1/reports/service-index", {"from": "2026-03-01", "to": "2026-03-31"}).json()
    assert all(c["denominator"] == 0 for c in other["components"]) and other["total"] == 0
    bad = client.get("/api/v1/reports/service-index", {"from": "2026-03-31", "to": "2026-03-01"})
    assert bad.status_code == 422 and "to" in json.dumps(bad.json(), ensure_ascii=False)


def test_before_the_decision_there_is_no_index(month: dict[str, Any], client: Client, staff: dict[str, Any]) -> None:
    assert service_index(dt.date(2022, 1, 1), dt.date(2022, 3, 31)) is None
    client.force_login(staff["director"])
    body = client.get("/api/v1/reports/service-index", {"from": "2022-01-01", "to": "2022-03-31"}).json()
    assert body["components"] == [] and body["total"] is None


def test_the_page_shows_points_and_trend(month: dict[str, Any], client: Client, staff: dict[str, Any]) -> None:
    client.force_login(staff["director"])
    page = client.get("/bao-cao/chi-so-phuc-vu/", {"ky": "2026-03"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "43,15" in html and "Tỷ lệ hồ sơ thanh toán trực tuyến" in html and "<svg" in html
    assert "chưa xác nhận" in html
    listed = client.get("/bao-cao/chi-so-phuc-vu/ho-so/", {"ky": "2026-03"}).content.decode()
    assert "/ho-so/G/" in listed and "/ho-so/C/" not in listed
    quarter = client.get("/bao-cao/chi-so-phuc-vu/", {"ky": "2026Q1"})
    assert quarter.status_code == 200 and "Quý 1/2026" in quarter.content.decode()
    wrong = client.get("/bao-cao/chi-so-phuc-vu/", {"ky": "2026-13"})
    assert wrong.status_code == 200 and "Tháng phải từ 1 đến 12." in wrong.content.decode()


def test_the_quarterly_section(month: dict[str, Any]) -> None:
    data = report_section.SECTION.figures(dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    text = report_section.SECTION.text(data)
    assert text.startswith("Chỉ số phục vụ người dân, doanh nghiệp của Sở trong kỳ")
    assert "43,15/100 điểm" in text and "chưa xác nhận" in text
    assert report_section.SECTION.text(report_section.SECTION.figures(dt.date(2022, 1, 1), dt.date(2022, 3, 31)))


def test_the_services_record_the_facts(receive: Callable[..., Any], tmp_path: Path) -> None:
    dossier = receive(flags={"scanned_components": True})
    assert (dossier.components_required, dossier.digitised_components, dossier.fee_due) == (2, 2, 100_000)
    assert dossier.synced_to_national_at is None
    call_command("export_sync", output=str(tmp_path / "sync.jsonl"), stderr=open(tmp_path / "err", "w"))  # noqa: SIM115
    dossier.refresh_from_db()
    assert dossier.synced_to_national_at is not None
    bare = receive(applicant=APPLICANT)
    assert bare.digitised_components == 0


# --------------------------------------------------------------------------- the pure rules


def facts(**kw: Any) -> DossierFacts:
    base = {
        "received_at": t("2026-03-02T09:00"),
        "due_at": t("2026-03-09T09:00"),
        "finished_at": None,
        "channel": "desk",
        "synced_at": None,
        "electronic_result": False,
        "components_required": 2,
        "digitised_components": 0,
        "fee_due": 0,
        "online_payment": False,
        "rating": "",
    }
    return DossierFacts(**{**base, **kw})


START, END = t("2026-03-01T00:00"), t("2026-04-01T00:00")


def test_waiting_after_a_second_request_counts_as_late() -> None:
    twice = ((t("2026-03-03T09:00"), t("2026-03-04T09:00")), (t("2026-03-05T09:00"), None))
    c = classify(facts(supplement_pauses=twice), START, END)
    assert (c.handled, c.on_time) == (1, 0)
    once = ((t("2026-03-05T09:00"), None),)
    assert classify(facts(supplement_pauses=once), START, END).handled == 0


def test_a_dossier_received_before_the_period_counts_only_where_it_belongs() -> None:
    c = classify(facts(received_at=t("2026-02-20T09:00"), finished_at=t("2026-03-02T09:00")), START, END)
    assert (c.received, c.finished, c.handled, c.on_time) == (0, 1, 1, 1)


def test_digitised_needs_every_component_and_the_electronic_result() -> None:
    done = {"finished_at": t("2026-03-03T09:00")}
    assert classify(facts(**done, digitised_components=2, electronic_result=True), START, END).digitised == 1
    assert classify(facts(**done, digitised_components=1, electronic_result=True), START, END).digitised == 0
    assert classify(facts(**done, digitised_components=2), START, END).digitised == 0


def test_feedback_rules() -> None:
    due = t("2026-03-16T09:00")
    late = classify_feedback(FeedbackFacts(t("2026-03-02T09:00"), due, t("2026-03-20T09:00"), None), START, END)
    assert (late.feedback, late.feedback_due, late.feedback_on_time, late.feedback_satisfied) == (1, 1, 0, 0)
    open_ = classify_feedback(FeedbackFacts(t("2026-03-02T09:00"), due, None, None), START, END)
    assert (open_.feedback_due, open_.feedback_on_time) == (1, 0)


def test_rules_by_period() -> None:
    assert rules_for(dt.date(2022, 7, 31)) is None
    assert rules_for(dt.date(2022, 8, 1)) is RULES_766_2022
    assert RULES_766_2022.max_total == 100
    groups: dict[str, float] = {}
    for rule in RULES_766_2022.components:
        groups[rule.group] = groups.get(rule.group, 0) + rule.max_points
    assert groups == {  # the five groups' points, verified in the decision
        "Công khai, minh bạch": 18,
        "Tiến độ, kết quả giải quyết": 20,
        "Số hóa hồ sơ": 22,
        "Cung cấp dịch vụ trực tuyến": 22,
        "Mức độ hài lòng": 18,
    }
    empty = components(IndexCounts(), RULES_766_2022)
    assert empty.total == 0 and empty.max_total == 0 and all(c.points is None for c in empty.components)


# --------------------------------------------------------------------------- query counts


def test_the_pages_read_flat(client: Client, staff: dict[str, Any], receive: Callable[..., Any]) -> None:
    """The page (six months of trend) and the list of dossiers that lower the index: the same queries for N
    dossiers (late, with feedback) as for 2N."""
    from tests.query_counts import assert_flat

    client.force_login(staff["director"])
    month_start = dt.datetime.combine(timezone.localdate().replace(day=1), dt.time(8), tzinfo=TZ)
    start = min(month_start, timezone.now() - dt.timedelta(minutes=5))

    def grow(n: int) -> list[str]:
        codes = []
        for _ in range(n):
            d = receive(received_at=start)
            feedback.feedback_submit(
                actor=None, kind="reflection", content="Nội dung phản ánh.", sender_name="X", dossier_code=d.code
            )
            codes.append(d.code)
        return codes

    assert_flat(client, "/bao-cao/chi-so-phuc-vu/ho-so/", grow, most=12)
    assert_flat(client, "/bao-cao/chi-so-phuc-vu/", lambda n: grow(n) and ["Tỷ lệ hồ sơ đồng bộ"], most=12)


# --------------------------------------------------------------------------- the demo


def test_the_demo_month_is_plausible_for_a_well_run_department(department: Any, units: dict[str, Any]) -> None:
    """The demo's first eight working days of October 2026 as the demo loads them (the bulk path, then feedback
    through its services): every dossier synchronised, nearly all on time, most digitised, poor ratings followed
    by feedback answered on time; about 84 of 100 points."""
    from tuphap.dossiers.catalogue import VALID_FROM
    from tuphap.dossiers.demo import loader as demo
    from tuphap.dossiers.demo.history import quarter_days
    from tuphap.workdays.core import OfficeClock
    from tuphap.workdays.seed import default_calendar

    for data in PROCEDURES:
        procedures.procedure_publish(
            actor=None, data=data, agency=department, unit=units[data["unit"]], valid_from=VALID_FROM
        )
    clock = OfficeClock(default_calendar())
    now = dt.datetime(2026, 12, 6, 12, tzinfo=dt.UTC)
    days = [d for d in quarter_days(2026, 4) if d.month == 10 and clock.is_working_day(d)][:8]
    demo.load_history(now, days[0], days[-1])
    index = service_index(dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    assert index is not None
    points = {c.name: c for c in index.components}
    assert points["synchronised"].rate == 1
    assert points["on_time"].rate is not None and points["on_time"].rate > 0.95
    assert points["digitised"].rate is not None and 0.6 < points["digitised"].rate < 0.9
    assert points["feedback_on_time"].denominator > 0 and points["feedback_on_time"].rate == 1
    assert index.max_total == 100 and 75 < index.total < 95


def test_the_importer_refuses_bad_history_facts(catalogue: dict[str, Any]) -> None:
    from django.core.exceptions import ValidationError

    base = row("X1", received_at="2026-03-02T09:00")
    for bad, field in (
        ({"paid_online": "có lẽ"}, "paid_online"),
        ({"synced_at": "2026-03-01T09:00"}, "synced_at"),
        ({"digitised_components": "-1"}, "digitised_components"),
    ):
        with pytest.raises(ValidationError) as exc:
            import_row({**base, **bad})
        assert field in exc.value.message_dict
    assert not Dossier.objects.exists()
