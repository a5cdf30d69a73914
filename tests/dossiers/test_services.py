"""Dossier services: every transition, permissions, once-only rules, re-timing, races."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from tests.dossiers.conftest import APPLICANT, LLTP, NATIONALITY, NOTARY
from tuphap.core.errors import ConflictError
from tuphap.core.models import AuditEvent, Notification
from tuphap.core.notifications import deliver_pending
from tuphap.dossiers import procedures, services
from tuphap.dossiers.models import Dossier, DossierEvent, SyncRecord
from tuphap.dossiers.selectors import dossiers_overdue, lateness
from tuphap.workdays.selectors import office_clock

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def t(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=TZ)


def test_receive_gives_code_appointment_slip_sync_and_notifications(receive: Callable[..., Any]) -> None:
    d = receive(received_at=t("2022-03-07T09:00"))
    assert d.code == "000.00.17.H09-220307-0001"
    assert d.state == "received" and d.due_at == t("2022-03-14T09:00")  # 5 working days
    assert d.unit.code == "hctp" and d.version == 1
    event = d.events.get()
    assert (event.seq, event.action, event.from_state, event.to_state, event.due_after) == (
        1,
        "receive",
        "",
        "received",
        d.due_at,
    )
    assert SyncRecord.objects.get(dossier=d).payload["status"] == 2
    assert SyncRecord.objects.get(dossier=d).payload["channel"] == 1
    assert sorted(Notification.objects.about(d).values_list("kind", flat=True)) == ["email", "sms"]
    assert AuditEvent.objects.filter(action="dossier.receive", object_id=str(d.pk)).exists()
    second = receive(received_at=t("2022-03-07T10:00"))
    other_day = receive(received_at=t("2022-03-08T10:00"))
    assert second.code.endswith("220307-0002") and other_day.code.endswith("220308-0001")


def test_calendar_day_limit_follows_the_civil_code(receive: Callable[..., Any]) -> None:
    d = receive(LLTP, received_at=t("2022-12-15T10:00"))
    assert d.due_at == t("2022-12-26T17:00")


def test_desk_officer_receives_now_and_cannot_backdate(receive: Callable[..., Any], staff: dict[str, Any]) -> None:
    before = timezone.now()
    d = receive(actor=staff["reception"])
    assert before <= d.received_at <= timezone.now()
    assert d.events.get().actor == staff["reception"]
    with pytest.raises(PermissionDenied):
        receive(actor=staff["reception"], received_at=t("2022-03-07T09:00"))
    with pytest.raises(PermissionDenied):
        receive(actor=staff["specialist"])


@pytest.mark.parametrize(
    ("field", "value", "key"),
    [
        ("id_number", "12345", "applicant.id_number"),
        ("phone", "12345", "applicant.phone"),
        ("email", "khong-phai-email", "applicant.email"),
        ("name", "  ", "applicant.name"),
    ],
)
def test_bad_applicant_details_are_refused_and_nothing_is_written(
    receive: Callable[..., Any], field: str, value: str, key: str
) -> None:
    with pytest.raises(ValidationError) as info:
        receive(applicant={**APPLICANT, field: value})
    assert key in info.value.message_dict
    assert Dossier.objects.count() == 0 and DossierEvent.objects.count() == 0


def test_phone_and_id_are_normalised(receive: Callable[..., Any]) -> None:
    d = receive(applicant={**APPLICANT, "phone": "+84 912 345 678", "id_number": "060 123 456 789"})
    assert (d.applicant_phone, d.applicant_id_number) == ("0912345678", "060123456789")


def test_unknown_procedure_is_a_field_error(receive: Callable[..., Any]) -> None:
    with pytest.raises(ValidationError) as info:
        receive("9.999999.000.00.00.H09")
    assert "procedure_code" in info.value.message_dict


def test_assign_by_unit_head_only_within_the_unit(receive: Callable[..., Any], staff: dict[str, Any]) -> None:
    d = receive()
    with pytest.raises(PermissionDenied):
        services.dossier_assign(actor=staff["reception"], dossier=d, handler="chuyenvien")
    with pytest.raises(PermissionDenied):
        services.dossier_assign(actor=staff["other_head"], dossier=d, handler="chuyenvien")
    with pytest.raises(ValidationError):
        services.dossier_assign(actor=staff["head"], dossier=d, handler="chuyenvienbtp")
    d = services.dossier_assign(actor=staff["head"], dossier=d, handler="chuyenvien")
    assert d.state == "in_process" and d.handler == staff["specialist"]
    event = d.events.get(action="assign")
    assert event.to_user == staff["specialist"] and event.step_due_at == d.due_at
    d = services.dossier_forward(actor=staff["specialist"], dossier=d, to="truongphong", step_days=1, note="Trình ký")
    forward = d.events.get(action="forward")
    assert forward.step_due_at is not None and forward.step_due_at <= d.due_at and d.handler == staff["head"]


def test_supplement_once_pauses_and_resume_retimes(receive: Callable[..., Any], staff: dict[str, Any]) -> None:
    d = receive(received_at=t("2022-03-07T09:00"))
    assert d.due_at == t("2022-03-14T09:00")
    with pytest.raises(ValidationError):
        services.dossier_request_supplement(actor=staff["specialist"], dossier=d, items=[" "])
    d = services.dossier_request_supplement(
        actor=staff["specialist"], dossier=d, items=["Bản sao giấy khai sinh"], reason="Thiếu", at=t("2022-03-08T10:00")
    )
    assert d.state == "supplement_requested" and d.paused_at == t("2022-03-08T10:00")
    d = services.dossier_supplement_received(actor=staff["reception"], dossier=d, at=t("2022-03-10T14:00"))
    # 9 office hours before the pause, 31 after the resume: Wed 16/3 at 11:00
    assert d.state == "in_process" and d.due_at == t("2022-03-16T11:00")
    resume = d.events.get(action="supplement_received")
    assert (resume.due_before, resume.due_after) == (t("2022-03-14T09:00"), t("2022-03-16T11:00"))
    with pytest.raises(ConflictError, match="một lần"):
        services.dossier_request_supplement(actor=staff["specialist"], dossier=d, items=["Khác"])


def test_fee_pause_and_payment(receive: Callable[..., Any], staff: dict[str, Any]) -> None:
    d = receive()
    d = services.dossier_request_fee(actor=staff["specialist"], dossier=d)
    assert d.state == "awaiting_payment" and d.paused_at is not None
    d = services.dossier_fee_paid(actor=staff["reception"], dossier=d, online=True)
    assert d.state == "in_process" and d.online_payment and d.paused_at is None


def test_extension_once_and_at_least_a_working_day_before(receive: Callable[..., Any], staff: dict[str, Any]) -> None:
    d = receive(received_at=t("2022-03-07T09:00"))  # due Mon 14/3 09:00
    with pytest.raises(PermissionDenied):
        services.dossier_extend(
            actor=staff["specialist"], dossier=d, reason="x", new_due_at=t("2022-03-18T09:00"), at=t("2022-03-10T09:00")
        )
    # an apology later than one working day before is taken and flagged (tests/dossiers/test_documents_regimes.py)
    with pytest.raises(ValidationError):
        services.dossier_extend(
            actor=staff["head"],
            dossier=d,
            reason="Cần xác minh",
            new_due_at=t("2022-03-12T09:00"),
            at=t("2022-03-10T09:00"),
        )
    d = services.dossier_extend(
        actor=staff["head"],
        dossier=d,
        reason="Cần xác minh",
        new_due_at=t("2022-03-18T09:00"),
        at=t("2022-03-11T09:00"),
    )
    assert d.extended_due_at == t("2022-03-18T09:00") and d.due_at == t(
        "2022-03-14T09:00"
    )  # lateness stays against due_at
    assert not d.late_notice  # exactly one working day before: in time
    with pytest.raises(ConflictError, match="một lần"):
        services.dossier_extend(
            actor=staff["head"], dossier=d, reason="Lần nữa", new_due_at=t("2022-03-25T09:00"), at=t("2022-03-10T09:00")
        )
    d = services.dossier_resolve(actor=staff["head"], dossier=d, outcome="approved", at=t("2022-03-17T09:00"))
    assert lateness(d) == "late"  # finished before the promised day, yet late against the law's appointment


@pytest.mark.parametrize(
    ("finished", "expected"),
    [("2022-03-11T16:00", "early"), ("2022-03-14T08:59", "on_time"), ("2022-03-14T09:01", "late")],
)
def test_early_on_time_late(receive: Callable[..., Any], staff: dict[str, Any], finished: str, expected: str) -> None:
    d = receive(received_at=t("2022-03-07T09:00"))
    d = services.dossier_resolve(actor=staff["head"], dossier=d, outcome="approved", at=t(finished))
    assert d.finished_at == t(finished) and lateness(d) == expected


def test_resolve_return_and_rate(receive: Callable[..., Any], staff: dict[str, Any]) -> None:
    d = receive()
    with pytest.raises(ValidationError):
        services.dossier_resolve(actor=staff["head"], dossier=d, outcome="rejected")
    d = services.dossier_resolve(actor=staff["head"], dossier=d, outcome="rejected", reason="Không đủ điều kiện")
    finished = d.finished_at
    assert d.state == "resolved" and finished is not None
    d = services.dossier_return(actor=staff["reception"], dossier=d)
    assert d.state == "returned" and d.finished_at == finished  # finish time is the resolution
    d = services.dossier_rate(actor=staff["reception"], dossier=d, rating="good")
    with pytest.raises(ConflictError):
        services.dossier_rate(actor=staff["reception"], dossier=d, rating="poor")
    assert [e.seq for e in d.events.order_by("seq")] == [1, 2, 3, 4]
    assert list(d.sync_records.values_list("status_code", flat=True)) == [2, 9, 10]


def test_stop_and_withdraw_need_reasons_and_finish(receive: Callable[..., Any], staff: dict[str, Any]) -> None:
    d = receive()
    with pytest.raises(ValidationError):
        services.dossier_stop(actor=staff["head"], dossier=d, reason="")
    d = services.dossier_stop(actor=staff["head"], dossier=d, reason="Người nộp chết")
    assert d.state == "stopped" and d.finished_at is not None
    w = receive()
    w = services.dossier_request_supplement(actor=staff["reception"], dossier=w, items=["Ảnh"])
    w = services.dossier_withdraw(actor=staff["reception"], dossier=w, reason="Người nộp xin rút")
    assert w.state == "withdrawn" and w.paused_at is None and w.pauses.get().ended_at is not None
    with pytest.raises(ConflictError):
        services.dossier_resolve(actor=staff["head"], dossier=w, outcome="approved")


def test_online_submission_then_accept_or_refuse(catalogue: dict[str, Any], staff: dict[str, Any]) -> None:
    d = services.dossier_submit(actor=None, procedure_code=NATIONALITY, applicant=APPLICANT)
    assert d.state == "submitted" and d.due_at is None
    d = services.dossier_accept(actor=staff["reception"], dossier=d)
    assert d.state == "received" and d.due_at is not None
    r = services.dossier_submit(actor=None, procedure_code=NATIONALITY, applicant=APPLICANT)
    r = services.dossier_refuse(actor=staff["reception"], dossier=r, reason="Không thuộc thẩm quyền")
    assert r.state == "refused" and r.finished_at is not None


def test_stale_version_is_a_conflict(receive: Callable[..., Any], staff: dict[str, Any]) -> None:
    d = receive()
    services.dossier_assign(actor=staff["head"], dossier=d, handler="chuyenvien", expected_version=1)
    with pytest.raises(ConflictError, match="người khác"):
        services.dossier_assign(actor=staff["head"], dossier=d, handler="truongphong", expected_version=1)


def test_events_are_append_only(receive: Callable[..., Any]) -> None:
    event = receive().events.get()
    event.note = "sửa"
    with pytest.raises(ValueError, match="append-only"):
        event.save()


def test_calendar_change_retimes_open_dossiers(
    receive: Callable[..., Any], admin_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from tuphap.workdays.services import calendar_day_set
    from tuphap.workdays.tasks import retime_open_deadlines

    d = receive(received_at=t("2026-11-19T09:00"))  # Thu; 5 working days -> Thu 26/11 09:00
    done = receive(received_at=t("2026-11-19T09:00"))
    services.dossier_resolve(actor=None, dossier=done, outcome="approved", at=t("2026-11-20T09:00"))
    assert d.due_at == t("2026-11-26T09:00")
    calendar_day_set(
        actor=admin_user, date=dt.date(2026, 11, 24), kind="day_off", reason="Ngày Văn hóa Việt Nam (giả định)"
    )
    result = retime_open_deadlines.call(agency_id=None, since="2026-11-24")
    assert result["dossiers"] == 1
    d.refresh_from_db()
    assert d.due_at == t("2026-11-27T09:00")
    retime = d.events.get(action="retime")
    assert (retime.due_before, retime.due_after) == (
        t("2026-11-26T09:00"),
        t("2026-11-27T09:00"),
    ) and retime.note == "Lịch làm việc thay đổi từ ngày 24/11/2026"
    done.refresh_from_db()
    assert not done.events.filter(action="retime").exists()


def test_intake_sees_a_calendar_change_at_once(receive: Callable[..., Any], admin_user: Any, department: Any) -> None:
    """The intake reads the calendar's revisions with the procedure (``procedure_for``): a day off entered
    after a receipt, for the province or for the agency alone, counts for the next receipt straight away."""
    from tuphap.workdays.services import calendar_day_set

    assert receive(received_at=t("2026-11-19T09:00")).due_at == t("2026-11-26T09:00")  # 5 working days
    calendar_day_set(actor=admin_user, date=dt.date(2026, 11, 24), kind="day_off", reason="Nghỉ (giả định)")
    assert receive(received_at=t("2026-11-19T09:00")).due_at == t("2026-11-27T09:00")
    calendar_day_set(
        actor=admin_user, date=dt.date(2026, 11, 25), kind="day_off", reason="Nghỉ của Sở", agency=department
    )
    assert receive(received_at=t("2026-11-19T09:00")).due_at == t("2026-11-30T09:00")


def test_overdue_selector_uses_running_clock(receive: Callable[..., Any], staff: dict[str, Any]) -> None:
    late = receive(received_at=t("2022-03-07T09:00"))
    paused = services.dossier_request_supplement(
        actor=staff["reception"],
        dossier=receive(received_at=t("2022-03-07T09:00")),
        items=["x"],
        at=t("2022-03-08T09:00"),
    )
    fresh = receive()
    overdue = list(dossiers_overdue(at=timezone.now()))
    assert late in overdue and paused not in overdue and fresh not in overdue


def test_outbox_sends_once_and_retries_failures(receive: Callable[..., Any], settings: Any) -> None:
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    settings.TUPHAP_SMS_GATEWAY = "tests.dossiers.test_services.FlakySms"
    FlakySms.fail = True
    receive()
    result = deliver_pending()
    assert result == {"sent": 1, "failed": 1}
    assert len(mail.outbox) == 1 and "Đã tiếp nhận hồ sơ" in mail.outbox[0].subject
    sms = Notification.objects.get(kind="sms")
    assert sms.status == "pending" and sms.attempts == 1 and "gateway down" in sms.last_error
    Notification.objects.filter(pk=sms.pk).update(next_attempt_at=None)
    FlakySms.fail = False
    assert deliver_pending() == {"sent": 1, "failed": 0}
    assert deliver_pending() == {"sent": 0, "failed": 0}  # nothing is sent twice
    assert len(mail.outbox) == 1 and FlakySms.sent == [sms.to]


class FlakySms:
    fail = True
    sent: list[str] = []

    def send(self, to: str, text: str) -> None:
        if FlakySms.fail:
            raise ConnectionError("gateway down")
        FlakySms.sent.append(to)


def _threads(work: Callable[[int], Any], n: int) -> list[Any]:
    results: list[Any] = [None] * n
    barrier = threading.Barrier(n)

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = work(i)
        except Exception as exc:  # noqa: BLE001 - collected for the assertion
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


@pytest.mark.django_db(transaction=True)
def test_two_officers_one_dossier_exactly_one_wins(
    department: Any, units: dict[str, Any], make_staff: Callable[..., Any]
) -> None:
    from tuphap.dossiers.catalogue import PROCEDURES
    from tuphap.orgs.roles import Role

    data = next(p for p in PROCEDURES if p["code"] == NATIONALITY)
    procedures.procedure_publish(
        actor=None, data=data, agency=department, unit=units["hctp"], valid_from=dt.date(2015, 1, 1)
    )
    heads = [make_staff(f"tp{i}", Role.UNIT_HEAD) for i in range(2)]
    for _ in range(3):
        d = services.dossier_receive(actor=None, procedure_code=NATIONALITY, applicant=APPLICANT)
        results = _threads(
            lambda i, d=d: services.dossier_resolve(actor=heads[i], dossier=d.code, outcome="approved"), 2
        )
        wins = [r for r in results if isinstance(r, Dossier)]
        conflicts = [r for r in results if isinstance(r, ConflictError)]
        assert len(wins) == 1 and len(conflicts) == 1, results
        d.refresh_from_db()
        assert d.state == "resolved" and d.events.filter(action="resolve").count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_intake_codes_are_unique_and_gap_free(department: Any, units: dict[str, Any]) -> None:
    from tuphap.dossiers.catalogue import PROCEDURES

    data = next(p for p in PROCEDURES if p["code"] == NOTARY)
    procedures.procedure_publish(
        actor=None, data=data, agency=department, unit=units["btp"], valid_from=dt.date(2015, 1, 1)
    )
    at = t("2022-03-07T09:00")

    def intake(i: int) -> list[str]:
        return [
            services.dossier_receive(actor=None, procedure_code=NOTARY, applicant=APPLICANT, received_at=at).code
            for _ in range(8)
        ]

    results = _threads(intake, 4)
    assert all(isinstance(r, list) for r in results), results
    codes = sorted(c for r in results for c in r)
    assert codes == [f"000.00.17.H09-220307-{n:04d}" for n in range(1, 33)]
    assert office_clock() is not None


def test_service_errors_speak_the_users_language_vietnamese_unchanged(
    receive: Callable[..., Any], staff: dict[str, Any]
) -> None:
    from django.utils import translation

    d = receive(received_at=t("2022-03-07T09:00"))
    services.dossier_extend(
        actor=staff["head"], dossier=d, reason="Xác minh", new_due_at=t("2022-03-18T09:00"), at=t("2022-03-10T09:00")
    )
    cases: list[tuple[Callable[[], Any], type[Exception], str, str]] = [
        (
            lambda: services.dossier_extend(
                actor=staff["head"], dossier=d, reason="Lần nữa", new_due_at=t("2022-03-25T09:00")
            ),
            ConflictError,
            "Hồ sơ đã xin gia hạn một lần; chỉ được gia hạn một lần.",
            "This dossier was already extended once; a dossier is extended once only.",
        ),
        (
            lambda: services.dossier_resolve(actor=staff["head"], dossier=d, outcome="rejected", reason=" "),
            ValidationError,
            "Hồ sơ không được chấp thuận phải nêu rõ lý do.",
            "A rejected dossier must state the reasons.",
        ),
        (
            lambda: procedures.procedure_for("1.000000.000.00.00.H09", on=dt.date(2022, 3, 7)),
            ValidationError,
            "Không có thủ tục mã “1.000000.000.00.00.H09” còn hiệu lực ngày 07/03/2022.",
            "No procedure with the code “1.000000.000.00.00.H09” is in force on 07/03/2022.",
        ),
        (
            lambda: services.dossier_receive(
                actor=None, procedure_code=NATIONALITY, applicant={**APPLICANT, "name": " ", "email": "x@"}
            ),
            ValidationError,
            "Xin nhập họ tên người nộp hồ sơ.",
            "Enter the applicant's full name.",
        ),
    ]
    for call, kind, vietnamese, english in cases:
        for language, expected in (("vi", vietnamese), ("en", english)):
            with translation.override(language), pytest.raises(kind) as caught:
                call()
            error = caught.value
            messages = error.messages if isinstance(error, ValidationError) else [str(error)]
            assert expected in messages, (language, messages)


def test_the_extension_refuses_a_blank_reason_and_records_a_given_one_trimmed(
    receive: Callable[..., Any], staff: dict[str, Any]
) -> None:
    at = t("2022-03-07T09:00")
    dossier = receive(received_at=at)
    new_due = dossier.due_at + dt.timedelta(days=5)
    with pytest.raises(ValidationError) as error:
        services.dossier_extend(actor=None, dossier=dossier, reason="   ", new_due_at=new_due, at=at)
    assert "reason" in error.value.message_dict
    services.dossier_extend(actor=None, dossier=dossier, reason="  Cần xác minh thêm  ", new_due_at=new_due, at=at)
    assert DossierEvent.objects.get(dossier=dossier, action="extend").note == "Cần xác minh thêm"
