"""Supplements and rating online (issue 18): the citizen sees the request to supplement in
"Hồ sơ của tôi", uploads the missing items against it (files judged by content and size),
which resumes the clock through ``dossier_supplement_received``; after the result is
returned the citizen rates the dossier once. The same through the citizens' API."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.citizens.test_online import files_for, pdf, png, signed_in, token_for
from tests.dossiers.conftest import LLTP
from tuphap.core.models import AuditEvent
from tuphap.dossiers import services
from tuphap.dossiers.models import Dossier, DossierAttachment
from tuphap.dossiers.online.services import online_submit

pytestmark = pytest.mark.django_db


def asked(catalogue: dict[str, Any], citizen: Any, staff: dict[str, Any], *, delivery: str = "desk") -> Dossier:
    """An online dossier received by the desk and then asked to supplement by the specialist."""
    dossier = online_submit(
        actor=citizen, procedure_code=LLTP, delivery=delivery, phone="0912000111", files=files_for(catalogue[LLTP])
    )
    services.dossier_accept(actor=staff["reception"], dossier=dossier.code)
    services.dossier_assign(actor=staff["head"], dossier=dossier.code, handler="chuyenvien")
    return services.dossier_request_supplement(
        actor=staff["specialist"],
        dossier=dossier.code,
        items=["Bản sao CCCD của người được cấp phiếu", "Giấy ủy quyền có chứng thực"],
        reason="Thiếu giấy tờ",
    )


def test_the_citizen_sees_the_request_and_supplements_it(
    catalogue: dict[str, Any], citizen: Any, staff: dict[str, Any]
) -> None:
    dossier = asked(catalogue, citizen, staff)
    assert dossier.state == "supplement_requested" and dossier.paused_at is not None
    client = signed_in(citizen)
    page = client.get(f"/ho-so/cua-toi/{dossier.code}/").content.decode()
    assert "Bản sao CCCD của người được cấp phiếu" in page and "Giấy ủy quyền có chứng thực" in page
    assert "Thiếu giấy tờ" in page and f"/ho-so/cua-toi/{dossier.code}/bo-sung/" in page
    before = dossier.attachments.count()
    response = client.post(
        f"/ho-so/cua-toi/{dossier.code}/bo-sung/",
        {"files": [png("cccd.png"), pdf("uy-quyen.pdf")], "note": "Gửi bổ sung hai giấy"},
    )
    assert response.status_code == 303, response.content.decode()[:2000]
    assert response["Location"] == f"/ho-so/cua-toi/{dossier.code}/?da-bo-sung=1"
    dossier.refresh_from_db()
    assert dossier.state == "in_process" and dossier.paused_at is None and dossier.due_at is not None
    added = list(dossier.attachments.order_by("-id")[:2])
    assert dossier.attachments.count() == before + 2
    assert {a.content_type for a in added} == {"image/png", "application/pdf"}
    assert all(a.name.startswith("bo-sung-") and a.uploaded_by == citizen for a in added)
    resumed = dossier.events.get(action="supplement_received")
    assert "2 tệp" in resumed.note and "Gửi bổ sung hai giấy" in resumed.note
    assert resumed.due_after == dossier.due_at
    assert AuditEvent.objects.filter(action="dossier.supplement_online", actor=citizen).count() == 1
    # the staff page shows the uploaded files
    staff_client = signed_in(staff["specialist"])
    staff_page = staff_client.get(f"/ho-so/{dossier.code}/").content.decode()
    assert all(a.name in staff_page for a in added)
    # the request is answered: no form any more, a second post is refused and changes nothing
    after = client.get(f"/ho-so/cua-toi/{dossier.code}/?da-bo-sung=1").content.decode()
    assert f"/ho-so/cua-toi/{dossier.code}/bo-sung/" not in after and "thời hạn giải quyết được tính lại" in after
    again = client.post(f"/ho-so/cua-toi/{dossier.code}/bo-sung/", {"files": [png()]})
    assert again.status_code == 400 and dossier.attachments.count() == before + 2


def test_bad_supplement_files_are_refused_and_nothing_is_kept(
    catalogue: dict[str, Any], citizen: Any, staff: dict[str, Any], settings: Any
) -> None:
    dossier = asked(catalogue, citizen, staff)
    client = signed_in(citizen)
    before = dossier.attachments.count()
    url = f"/ho-so/cua-toi/{dossier.code}/bo-sung/"
    none = client.post(url, {"note": "quên tệp"})
    assert none.status_code == 400 and "Xin đính kèm các thành phần còn thiếu" in none.content.decode()
    disguised = SimpleUploadedFile("cccd.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")
    bad = client.post(url, {"files": [png(), disguised]})
    assert bad.status_code == 400 and "cccd.pdf" in bad.content.decode()
    empty = client.post(url, {"files": [SimpleUploadedFile("rong.png", b"", content_type="image/png")]})
    assert empty.status_code == 400
    dossier.refresh_from_db()
    assert dossier.state == "supplement_requested" and dossier.attachments.count() == before
    assert not dossier.events.filter(action="supplement_received").exists()


def test_another_citizen_cannot_supplement_or_rate(
    catalogue: dict[str, Any], citizen: Any, citizen2: Any, staff: dict[str, Any]
) -> None:
    dossier = asked(catalogue, citizen, staff)
    other = signed_in(citizen2)
    assert other.post(f"/ho-so/cua-toi/{dossier.code}/bo-sung/", {"files": [png()]}).status_code == 404
    assert other.post(f"/ho-so/cua-toi/{dossier.code}/danh-gia/", {"rating": "poor"}).status_code == 404
    api = token_for(citizen2)
    assert (
        signed_in(citizen2)
        .post(f"/api/v1/citizen/dossiers/{dossier.code}/supplement", {"files": [png()]}, **api)
        .status_code
        == 404
    )
    dossier.refresh_from_db()
    assert dossier.state == "supplement_requested"


def test_the_citizen_rates_once_after_the_result_is_returned(
    catalogue: dict[str, Any], citizen: Any, staff: dict[str, Any]
) -> None:
    dossier = asked(catalogue, citizen, staff)
    client = signed_in(citizen)
    url = f"/ho-so/cua-toi/{dossier.code}/danh-gia/"
    early = client.post(url, {"rating": "good"})
    assert early.status_code == 400 and "sau khi hồ sơ đã trả kết quả" in early.content.decode()
    services.dossier_supplement_received(actor=staff["reception"], dossier=dossier.code)
    services.dossier_resolve(actor=staff["specialist"], dossier=dossier.code, outcome="approved")
    services.dossier_return(actor=staff["reception"], dossier=dossier.code)
    page = client.get(f"/ho-so/cua-toi/{dossier.code}/").content.decode()
    assert url in page
    assert client.post(url, {"rating": "excellent"}).status_code == 400
    response = client.post(url, {"rating": "acceptable"})
    assert response.status_code == 303
    dossier.refresh_from_db()
    assert dossier.rating == "acceptable" and dossier.events.filter(action="rate").count() == 1
    assert AuditEvent.objects.filter(action="dossier.rate_online", actor=citizen).count() == 1
    after = client.get(f"/ho-so/cua-toi/{dossier.code}/").content.decode()
    assert url not in after and "Chấp nhận được" in after
    twice = client.post(url, {"rating": "poor"})
    assert twice.status_code == 400
    dossier.refresh_from_db()
    assert dossier.rating == "acceptable"


def test_api_supplement_and_rating(client: Any, catalogue: dict[str, Any], citizen: Any, staff: dict[str, Any]) -> None:
    dossier = asked(catalogue, citizen, staff)
    auth = token_for(citizen)
    detail = client.get(f"/api/v1/citizen/dossiers/{dossier.code}", **auth).json()
    assert detail["supplement_request"]["items"] == [
        "Bản sao CCCD của người được cấp phiếu",
        "Giấy ủy quyền có chứng thực",
    ]
    assert detail["supplement_request"]["reason"] == "Thiếu giấy tờ" and detail["may_rate"] is False
    url = f"/api/v1/citizen/dossiers/{dossier.code}/supplement"
    bad = client.post(url, {"files": [SimpleUploadedFile("x.png", b"GIF89a....", content_type="image/png")]}, **auth)
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "files"
    missing = client.post(url, {"note": "không tệp"}, **auth)
    assert missing.status_code == 422 and missing.json()["detail"][0]["field"] == "files"
    ok = client.post(url, {"files": [png("cccd.png"), pdf()], "note": "bổ sung"}, **auth)
    assert ok.status_code == 200, ok.content
    out = ok.json()
    assert out["state"] == "in_process" and out["supplement_request"] is None and out["due_at"]
    assert sum(f["name"].startswith("bo-sung-") for f in out["files"]) == 2
    assert client.post(url, {"files": [png()]}, **auth).status_code == 422  # answered already
    rating = f"/api/v1/citizen/dossiers/{dossier.code}/rating"
    early = client.post(rating, {"rating": "good"}, content_type="application/json", **auth)
    assert early.status_code == 422 and early.json()["detail"][0]["field"] == "rating"
    services.dossier_resolve(actor=staff["specialist"], dossier=dossier.code, outcome="approved")
    services.dossier_return(actor=staff["reception"], dossier=dossier.code)
    assert client.get(f"/api/v1/citizen/dossiers/{dossier.code}", **auth).json()["may_rate"] is True
    wrong = client.post(rating, {"rating": "meh"}, content_type="application/json", **auth)
    assert wrong.status_code == 422 and wrong.json()["detail"][0]["field"] == "rating"
    rated = client.post(rating, {"rating": "good"}, content_type="application/json", **auth)
    assert rated.status_code == 200 and rated.json()["rating"] == "good" and rated.json()["may_rate"] is False
    again = client.post(rating, {"rating": "poor"}, content_type="application/json", **auth)
    assert again.status_code == 422
    assert Dossier.objects.get(pk=dossier.pk).rating == "good"
    assert DossierAttachment.objects.filter(dossier=dossier, name__startswith="bo-sung-").count() == 2


def test_the_fee_and_the_electronic_result_are_reached_from_my_dossier(
    catalogue: dict[str, Any], citizen: Any, staff: dict[str, Any], settings: Any
) -> None:
    from tuphap.dossiers.documents.build import status_token

    settings.PAYGATE_URL, settings.PAYGATE_SECRET = "http://127.0.0.1:9", "a-secret"
    dossier = asked(catalogue, citizen, staff, delivery="electronic")
    services.dossier_supplement_received(actor=staff["reception"], dossier=dossier.code)
    services.dossier_request_fee(actor=staff["specialist"], dossier=dossier.code)
    client = signed_in(citizen)
    token = status_token(dossier.code)
    page = client.get(f"/ho-so/cua-toi/{dossier.code}/").content.decode()
    assert f'action="/ho-so/tra-cuu/{token}/nop-phi/"' in page and "Nộp phí trực tuyến" in page
    assert "ket-qua.pdf" not in page
    services.dossier_fee_paid(actor=staff["specialist"], dossier=dossier.code)
    services.dossier_resolve(actor=staff["specialist"], dossier=dossier.code, outcome="approved")
    page = client.get(f"/ho-so/cua-toi/{dossier.code}/").content.decode()
    assert f"/ho-so/tra-cuu/{token}/ket-qua.pdf" in page and "Nộp phí trực tuyến" not in page
    # an electronic result there to download: the citizen may rate before the desk's return
    assert client.post(f"/ho-so/cua-toi/{dossier.code}/danh-gia/", {"rating": "good"}).status_code == 303
    assert Dossier.objects.get(pk=dossier.pk).rating == "good"


def test_an_online_dossier_accepted_after_hours_counts_from_the_next_working_time(
    catalogue: dict[str, Any], citizen: Any, staff: dict[str, Any]
) -> None:
    """The receipt instant of an electronic dossier (docs/online.md, source unconfirmed): accepted
    outside office hours, it is received at the next working time, and its clock starts there."""
    import datetime as dt

    from tuphap.core.tz import LOCAL_TZ
    from tuphap.dossiers.online.rules import electronic_receipt_instant
    from tuphap.workdays.selectors import office_clock

    def online() -> Dossier:
        return online_submit(
            actor=citizen, procedure_code=LLTP, delivery="desk", phone="0912000111", files=files_for(catalogue[LLTP])
        )

    saturday = dt.datetime(2026, 12, 12, 20, 0, tzinfo=LOCAL_TZ)
    late = services.dossier_accept(actor=staff["reception"], dossier=online().code, at=saturday)
    clock = office_clock(late.agency)
    opening = electronic_receipt_instant(clock, saturday)
    assert opening.astimezone(LOCAL_TZ).date() > saturday.date() and clock.elapsed(saturday, opening) == 0
    # received when accepted (nothing done on it can come before), its clock from the next working time
    assert late.received_at == saturday and late.events.get(action="receive").at == saturday
    at_opening = services.dossier_accept(actor=staff["reception"], dossier=online().code, at=opening)
    assert late.due_at == at_opening.due_at is not None
    tuesday = dt.datetime(2026, 12, 15, 9, 0, tzinfo=LOCAL_TZ)
    assert electronic_receipt_instant(clock, tuesday) == tuesday
    in_hours = services.dossier_accept(actor=staff["reception"], dossier=online().code, at=tuesday)
    assert in_hours.received_at == tuesday and in_hours.due_at > late.due_at
    # one that came by post keeps the instant the desk accepted it
    from tests.dossiers.conftest import APPLICANT

    posted = services.dossier_submit(actor=None, procedure_code=LLTP, applicant=APPLICANT, channel="post")
    assert services.dossier_accept(actor=staff["reception"], dossier=posted.code, at=saturday).received_at == saturday
