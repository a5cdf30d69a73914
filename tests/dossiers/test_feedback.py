"""Citizens' feedback (phản ánh, kiến nghị): the public form (CSRF, rate limit, nothing shown
back), the staff register scoped to the unit, answers once and audited, the due date in
working days on the office clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from tuphap.core.errors import ConflictError
from tuphap.core.models import AuditEvent
from tuphap.dossiers import feedback
from tuphap.dossiers.models import Feedback

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db

FORM = {
    "kind": "reflection",
    "content": "Tôi chờ ở quầy hơn một giờ mà không được hướng dẫn.",
    "sender_name": "Hoàng Thị Em",
    "sender_contact": "0987654321",
}


@pytest.fixture(autouse=True)
def limits(settings: Any) -> None:
    from django.core.cache import caches

    settings.TUPHAP_RATE_LIMITS = {**settings.TUPHAP_RATE_LIMITS, "feedback": "3/3600"}
    caches["ratelimit" if "ratelimit" in settings.CACHES else "default"].clear()


def test_the_public_form_takes_feedback_and_shows_nothing_back(receive: Callable[..., Any]) -> None:
    dossier = receive()
    client = Client(enforce_csrf_checks=True)
    page = client.get("/ho-so/phan-anh/")
    assert page.status_code == 200 and "no-cache" in page["Cache-Control"]
    token = page.cookies["csrftoken"].value
    sent = client.post("/ho-so/phan-anh/", {**FORM, "dossier_code": dossier.code, "csrfmiddlewaretoken": token})
    assert sent.status_code == 303
    item = Feedback.objects.get()
    assert item.dossier == dossier and item.unit == dossier.unit and item.sender_contact == "0987654321"
    thanks = client.get(sent["Location"]).content.decode()
    assert item.reference in thanks
    assert "Hoàng Thị Em" not in thanks and "0987654321" not in thanks and "hơn một giờ" not in thanks
    assert AuditEvent.objects.filter(action="feedback.submit").count() == 1


def test_the_form_needs_its_csrf_token() -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.post("/ho-so/phan-anh/", FORM).status_code == 403
    assert not Feedback.objects.exists()


def test_an_unknown_dossier_code_gets_the_same_answer(receive: Callable[..., Any]) -> None:
    client = Client()
    sent = client.post("/ho-so/phan-anh/", {**FORM, "dossier_code": "KHONG-CO-0001"})
    assert sent.status_code == 303
    item = Feedback.objects.get()
    assert item.dossier is None and "KHONG-CO-0001" in item.content


def test_bad_input_is_refused_field_by_field() -> None:
    answer = Client().post("/ho-so/phan-anh/", {**FORM, "content": "ngắn", "sender_name": ""})
    assert answer.status_code == 400
    html = answer.content.decode()
    assert "sender_name" in html and not Feedback.objects.exists()
    with pytest.raises(ValidationError) as exc:
        feedback.feedback_submit(actor=None, kind="other", content="x" * 5001, sender_name=" ")
    assert set(exc.value.message_dict) == {"kind", "content", "sender_name"}


def test_the_form_is_rate_limited() -> None:
    client = Client()
    for _ in range(3):
        assert client.post("/ho-so/phan-anh/", FORM).status_code == 303
    refused = client.post("/ho-so/phan-anh/", FORM)
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert Feedback.objects.count() == 3


def test_the_due_date_is_in_working_days() -> None:
    # Friday 24 April 2026: Monday 27/4 (Hùng Kings' day, moved from Sunday), 30/4 and 1/5 are days off
    item = feedback.feedback_submit(
        actor=None,
        kind="reflection",
        content="Nội dung phản ánh thử.",
        sender_name="A",
        at=dt.datetime(2026, 4, 24, 9, tzinfo=TZ),
    )
    assert item.due_at == dt.datetime(2026, 5, 13, 9, tzinfo=TZ)
    assert item.reference.startswith("PAKN-260424-")


def test_the_register_is_scoped_and_answers_are_audited(receive: Callable[..., Any], staff: dict[str, Any]) -> None:
    ours = feedback.feedback_submit(actor=None, dossier_code=receive().code, **FORM)
    general = feedback.feedback_submit(actor=None, **FORM)
    head, other, director = Client(), Client(), Client()
    head.force_login(staff["head"])
    other.force_login(staff["other_head"])
    director.force_login(staff["director"])
    listed = head.get("/ho-so/phan-anh-kien-nghi/").content.decode()
    assert ours.reference in listed and general.reference not in listed and "Hoàng Thị Em" not in listed
    assert ours.reference not in other.get("/ho-so/phan-anh-kien-nghi/").content.decode()
    assert other.get(f"/ho-so/phan-anh-kien-nghi/{ours.pk}/").status_code == 404
    with pytest.raises(PermissionDenied):
        feedback.feedback_answer(actor=staff["other_head"], feedback=ours, answer="Không phải đơn vị mình.")
    page = head.get(f"/ho-so/phan-anh-kien-nghi/{ours.pk}/")
    assert "0987654321" in page.content.decode()  # the unit head's role sees personal data, and it is logged
    assert AuditEvent.objects.filter(action="feedback.view_personal").count() == 1
    done = head.post(f"/ho-so/phan-anh-kien-nghi/{ours.pk}/", {"answer": "Sở đã bố trí thêm người hướng dẫn."})
    assert done.status_code == 303
    ours.refresh_from_db()
    assert ours.answered_by == staff["head"] and ours.answered_at is not None
    assert AuditEvent.objects.filter(action="feedback.answer").count() == 1
    with pytest.raises(ConflictError):
        feedback.feedback_answer(actor=staff["head"], feedback=ours, answer="Trả lời lần thứ hai.")
    again = head.post(f"/ho-so/phan-anh-kien-nghi/{ours.pk}/", {"satisfied": "0"})
    assert again.status_code == 303
    ours.refresh_from_db()
    assert ours.sender_satisfied is False
    reaction = AuditEvent.objects.get(action="feedback.reaction")
    assert (reaction.before, reaction.after) == ({"satisfied": None}, {"satisfied": False})
    assert general.reference in director.get("/ho-so/phan-anh-kien-nghi/?trang-thai=mo").content.decode()
    assert director.get("/ho-so/phan-anh-kien-nghi/?trang-thai=qua-han").status_code == 200


def test_a_reaction_needs_an_answer(staff: dict[str, Any]) -> None:
    item = feedback.feedback_submit(actor=None, **FORM)
    with pytest.raises(ValidationError):
        feedback.feedback_record_reaction(actor=staff["director"], feedback=item, satisfied=True)


def test_the_register_reads_flat(receive: Callable[..., Any], staff: dict[str, Any]) -> None:
    from tests.query_counts import assert_flat

    client = Client()
    client.force_login(staff["head"])

    def grow(n: int) -> list[str]:
        made = [feedback.feedback_submit(actor=None, dossier_code=receive().code, **FORM) for _ in range(n)]
        for item in made[::2]:
            feedback.feedback_answer(actor=staff["head"], feedback=item, answer="Đã trả lời phản ánh này.")
        return [item.reference for item in made]

    assert_flat(client, "/ho-so/phan-anh-kien-nghi/", grow, most=12)


def test_the_senders_contact_is_purged_after_the_answer(staff: dict[str, Any]) -> None:
    old = feedback.feedback_submit(actor=None, **FORM, at=dt.datetime(2023, 3, 1, 9, tzinfo=TZ))
    feedback.feedback_answer(
        actor=staff["director"], feedback=old, answer="Đã trả lời từ lâu.", at=dt.datetime(2023, 3, 3, 9, tzinfo=TZ)
    )
    recent = feedback.feedback_submit(actor=None, **FORM)
    with pytest.raises(PermissionDenied):
        feedback.feedback_contact_purge(actor=staff["head"], answered_before=dt.datetime(2025, 1, 1, tzinfo=TZ))
    assert feedback.feedback_contact_purge(actor=None, answered_before=dt.datetime(2025, 1, 1, tzinfo=TZ)) == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.sender_contact == "" and old.sender_name == "Hoàng Thị Em" and recent.sender_contact == "0987654321"
    assert AuditEvent.objects.filter(action="feedback.purge_personal").count() == 1


def test_the_purge_command_blanks_answered_feedback_too(staff: dict[str, Any]) -> None:
    from io import StringIO

    from django.core.management import call_command

    old = feedback.feedback_submit(actor=None, **FORM, at=dt.datetime(2023, 3, 1, 9, tzinfo=TZ))
    feedback.feedback_answer(
        actor=staff["director"], feedback=old, answer="Đã trả lời từ lâu.", at=dt.datetime(2023, 3, 3, 9, tzinfo=TZ)
    )
    recent = feedback.feedback_submit(actor=None, **FORM)
    out = StringIO()
    call_command("purge_personal_data", stdout=out)
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.sender_contact == "" and recent.sender_contact == "0987654321"
    assert "1 người gửi phản ánh" in out.getvalue()
