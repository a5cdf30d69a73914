"""Applying online: the procedure page's offer, the form (draft, files judged by content,
delivery, declaration), submission through dossier_submit (state submitted, code at once,
notification), "Hồ sơ của tôi" (own dossiers only), withdraw; and the same through the API."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.dossiers.conftest import LLTP, NATIONALITY
from tuphap.core.models import AuditEvent, Notification
from tuphap.core.services import api_token_create
from tuphap.dossiers import services
from tuphap.dossiers.models import Dossier, DossierAttachment, OnlineApplication, Procedure
from tuphap.dossiers.online.components import components_of

pytestmark = pytest.mark.django_db


def png(name: str = "scan.png") -> SimpleUploadedFile:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (20, 20), (10, 120, 40)).save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def pdf(name: str = "to-khai.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf"
    )


def files_for(procedure: Procedure) -> dict[str, Any]:
    ids = [c.id for c in components_of(procedure.components)]
    return {f"component_{ident}": (pdf() if n == 0 else png()) for n, ident in enumerate(ids)}


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_procedure_page_offers_to_apply_online(client: Client, catalogue: dict[str, Any]) -> None:
    page = client.get(f"/ho-so/thu-tuc/{LLTP}/").content.decode()
    assert f"/ho-so/nop-truc-tuyen/{LLTP}/" in page
    Procedure.objects.filter(code=NATIONALITY).update(channels=["desk", "post"])
    other = client.get(f"/ho-so/thu-tuc/{NATIONALITY}/").content.decode()
    assert "/ho-so/nop-truc-tuyen/" not in other
    assert client.get(f"/ho-so/nop-truc-tuyen/{LLTP}/").status_code == 302  # sign in first


def test_a_citizen_applies_online_and_gets_the_code_at_once(catalogue: dict[str, Any], citizen: Any) -> None:
    client = signed_in(citizen)
    form = client.get(f"/ho-so/nop-truc-tuyen/{LLTP}/")
    assert form.status_code == 200
    text = form.content.decode()
    assert "Nguyễn Thị Minh Anh" in text and "001190012345" in text
    assert 'name="full_name"' not in text and 'name="id_number"' not in text  # the identity is not editable
    procedure = catalogue[LLTP]
    data = {"delivery": "electronic", "phone": "0912000111", "email": "congdan@example.vn", "declaration": "on"}
    response = client.post(f"/ho-so/nop-truc-tuyen/{LLTP}/", {**data, **files_for(procedure)})
    assert response.status_code == 303, response.content.decode()[:2000]
    dossier = Dossier.objects.get()
    assert response["Location"] == f"/ho-so/cua-toi/{dossier.code}/?da-nop=1"
    assert dossier.state == "submitted" and dossier.channel == "online"
    assert dossier.applicant_name == "Nguyễn Thị Minh Anh" and dossier.applicant_id_number == "001190012345"
    assert dossier.electronic_result and dossier.scanned_components
    assert dossier.due_at is None  # the legal clock starts at the desk's receipt
    assert DossierAttachment.objects.filter(dossier=dossier, kind="component").count() == len(procedure.components)
    assert {a.content_type for a in dossier.attachments.all()} == {"application/pdf", "image/png"}
    assert dossier.online.citizen == citizen and dossier.online.delivery == "electronic"
    messages = Notification.objects.about(dossier)
    assert {m.kind for m in messages} == {"email", "sms"} and all(dossier.code in m.subject + m.body for m in messages)
    assert AuditEvent.objects.filter(action="dossier.submit_online").count() == 1
    assert dossier.events.get().action == "submit" and dossier.events.get().actor == citizen

    detail = client.get(response["Location"]).content.decode()
    assert dossier.code in detail
    listing = client.get("/ho-so/cua-toi/").content.decode()
    assert dossier.code in listing


def test_bad_files_and_missing_components_are_named(catalogue: dict[str, Any], citizen: Any) -> None:
    client = signed_in(citizen)
    fake = SimpleUploadedFile("anh.png", b"MZ\x90\x00 not an image", content_type="image/png")
    response = client.post(
        f"/ho-so/nop-truc-tuyen/{LLTP}/",
        {"delivery": "desk", "phone": "0912000111", "declaration": "on", "component_c1": fake},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "component_c1" in errors and "component_c2" in errors
    assert not Dossier.objects.exists()


def test_the_declaration_and_the_delivery_address_are_required(catalogue: dict[str, Any], citizen: Any) -> None:
    client = signed_in(citizen)
    response = client.post(
        f"/ho-so/nop-truc-tuyen/{LLTP}/",
        {"delivery": "post", "phone": "0912000111", **files_for(catalogue[LLTP])},
    )
    assert response.status_code == 400
    assert {"declaration", "address"} <= set(response.context["form"].errors)
    assert not Dossier.objects.exists() and not DossierAttachment.objects.exists()


def test_a_draft_is_kept_while_the_citizen_works(catalogue: dict[str, Any], citizen: Any) -> None:
    client = signed_in(citizen)
    response = client.post(
        f"/ho-so/nop-truc-tuyen/{LLTP}/", {"save_draft": "1", "delivery": "post", "address": "12 Trần Phú"}
    )
    assert response.status_code == 200
    draft = OnlineApplication.objects.get(dossier__isnull=True)
    assert draft.address == "12 Trần Phú" and draft.delivery == "post"
    again = client.get(f"/ho-so/nop-truc-tuyen/{LLTP}/").content.decode()
    assert "12 Trần Phú" in again
    client.post(
        f"/ho-so/nop-truc-tuyen/{LLTP}/",
        {"delivery": "post", "address": "12 Trần Phú", "phone": "0912000111", "declaration": "on"}
        | files_for(catalogue[LLTP]),
    )
    assert OnlineApplication.objects.get().dossier is not None  # the draft became the application


def test_a_citizen_sees_only_their_own_dossiers(catalogue: dict[str, Any], citizen: Any, citizen2: Any) -> None:
    from tuphap.dossiers.online.services import online_submit

    mine = online_submit(
        actor=citizen, procedure_code=LLTP, delivery="desk", phone="0912000111", files=files_for(catalogue[LLTP])
    )
    theirs = online_submit(
        actor=citizen2, procedure_code=LLTP, delivery="desk", phone="0988000222", files=files_for(catalogue[LLTP])
    )
    client = signed_in(citizen)
    listing = client.get("/ho-so/cua-toi/").content.decode()
    assert mine.code in listing and theirs.code not in listing
    assert client.get(f"/ho-so/cua-toi/{theirs.code}/").status_code == 404
    assert client.get("/ho-so/cua-toi/NO-SUCH-CODE/").status_code == 404
    their_file = theirs.attachments.first()
    assert client.get(f"/ho-so/cua-toi/{theirs.code}/tep/{their_file.pk}/").status_code == 404
    assert client.get(f"/ho-so/cua-toi/{mine.code}/tep/{their_file.pk}/").status_code == 404
    own_file = mine.attachments.first()
    download = client.get(f"/ho-so/cua-toi/{mine.code}/tep/{own_file.pk}/")
    assert download.status_code == 200 and download["Content-Type"] == own_file.content_type
    assert client.post(f"/ho-so/cua-toi/{theirs.code}/rut/", {"reason": "x"}).status_code == 404
    # staff pages stay closed to citizens
    assert client.get(f"/ho-so/{mine.code}/").status_code == 403


def test_withdraw_where_the_workflow_allows(catalogue: dict[str, Any], citizen: Any, staff: dict[str, Any]) -> None:
    from tuphap.dossiers.online.services import online_submit

    dossier = online_submit(
        actor=citizen, procedure_code=LLTP, delivery="desk", phone="0912000111", files=files_for(catalogue[LLTP])
    )
    client = signed_in(citizen)
    assert client.post(f"/ho-so/cua-toi/{dossier.code}/rut/", {"reason": ""}).status_code == 400
    response = client.post(f"/ho-so/cua-toi/{dossier.code}/rut/", {"reason": "Nộp nhầm thủ tục"})
    assert response.status_code == 303
    dossier.refresh_from_db()
    assert dossier.state == "withdrawn" and "Nộp nhầm thủ tục" in dossier.outcome_reason
    assert AuditEvent.objects.filter(action="dossier.withdraw_online", actor=citizen).exists()
    again = client.post(f"/ho-so/cua-toi/{dossier.code}/rut/", {"reason": "lần nữa"})
    assert again.status_code == 400
    said = again.content.decode()
    assert "Hồ sơ chưa được rút." in said
    # the reason is said, not only that it failed: the page's alert holds more than the bare sentence
    alert = said.split('role="alert">', 1)[1].split("</p>", 1)[0]
    assert len(alert.strip()) > len("Hồ sơ chưa được rút.")


def test_the_desk_receives_an_online_dossier(catalogue: dict[str, Any], citizen: Any, staff: dict[str, Any]) -> None:
    from tuphap.dossiers.online.services import online_submit

    dossier = online_submit(
        actor=citizen, procedure_code=LLTP, delivery="desk", phone="0912000111", files=files_for(catalogue[LLTP])
    )
    received = services.dossier_accept(actor=staff["reception"], dossier=dossier.code)
    assert received.state == "received" and received.due_at is not None
    page = signed_in(citizen).get(f"/ho-so/cua-toi/{dossier.code}/").content.decode()
    assert "Tiếp nhận hồ sơ" in page


# --------------------------------------------------------------------------- the API


def token_for(user: Any) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=None, username=user.username)}"}


def test_api_submit_list_and_read(client: Client, catalogue: dict[str, Any], citizen: Any, citizen2: Any) -> None:
    auth = token_for(citizen)
    procedure = client.get(f"/api/v1/procedures/{LLTP}").json()
    assert len(procedure["components"]) == len(catalogue[LLTP].components)
    body = {"procedure_code": LLTP, "delivery": "electronic", "phone": "0912000111", **files_for(catalogue[LLTP])}
    response = client.post("/api/v1/citizen/dossiers", body, **auth)
    assert response.status_code == 201, response.content
    out = response.json()
    assert out["state"] == "submitted" and out["national_status"] == 1 and out["code"]
    assert len(out["files"]) == len(catalogue[LLTP].components)

    other = client.post(
        "/api/v1/citizen/dossiers",
        {"procedure_code": LLTP, "delivery": "desk", "phone": "0988000222", **files_for(catalogue[LLTP])},
        **token_for(citizen2),
    ).json()["code"]
    page = client.get("/api/v1/citizen/dossiers", **auth).json()
    assert page["count"] == 1 and [d["code"] for d in page["items"]] == [out["code"]]
    assert client.get(f"/api/v1/citizen/dossiers/{out['code']}", **auth).json()["events"][0]["action"] == "submit"
    theirs = client.get(f"/api/v1/citizen/dossiers/{other}", **auth)
    missing = client.get("/api/v1/citizen/dossiers/KHONG-CO", **auth)
    assert theirs.status_code == missing.status_code == 404
    assert theirs.json() == missing.json()


def test_api_errors_name_the_field(client: Client, catalogue: dict[str, Any], citizen: Any) -> None:
    auth = token_for(citizen)
    bad = SimpleUploadedFile("a.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    response = client.post(
        "/api/v1/citizen/dossiers",
        {"procedure_code": LLTP, "delivery": "desk", "phone": "0912000111", "component_c1": bad},
        **auth,
    )
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["detail"]}
    assert {"component_c1", "component_c2"} <= fields
    Procedure.objects.filter(code=NATIONALITY).update(channels=["desk"])
    response = client.post(
        "/api/v1/citizen/dossiers", {"procedure_code": NATIONALITY, "delivery": "desk", "phone": "0912000111"}, **auth
    )
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "procedure_code"
    response = client.post(
        "/api/v1/citizen/dossiers",
        {"procedure_code": LLTP, "delivery": "drone", "phone": "0912000111", **files_for(catalogue[LLTP])},
        **auth,
    )
    assert response.status_code == 422 and {e["field"] for e in response.json()["detail"]} == {"delivery"}
    assert not Dossier.objects.exists()


def test_api_keeps_citizens_and_staff_apart(
    client: Client, catalogue: dict[str, Any], staff: dict[str, Any], citizen: Any
) -> None:
    assert client.get("/api/v1/citizen/dossiers").status_code == 401
    assert client.get("/api/v1/citizen/dossiers", **token_for(staff["reception"])).status_code == 401
    assert client.get("/api/v1/dossiers", **token_for(citizen)).status_code == 401


# --------------------------------------------------------------------------- query counts


def test_my_dossiers_page_and_list_have_flat_query_counts(catalogue: dict[str, Any], citizen: Any) -> None:
    from tests.query_counts import assert_flat
    from tuphap.dossiers.online.services import online_submit

    def grow(n: int) -> list[str]:
        return [
            online_submit(
                actor=citizen,
                procedure_code=LLTP,
                delivery="desk",
                phone="0912000111",
                files=files_for(catalogue[LLTP]),
            ).code
            for _ in range(n)
        ]

    client = signed_in(citizen)
    assert_flat(client, "/ho-so/cua-toi/", grow, most=8)
    assert_flat(client, "/api/v1/citizen/dossiers", grow, most=6)


def test_the_desk_sees_online_dossiers_waiting_with_office_time(
    catalogue: dict[str, Any], citizen: Any, staff: dict[str, Any]
) -> None:
    import datetime as dt

    from django.utils import timezone

    from tuphap.core.tz import LOCAL_TZ
    from tuphap.dossiers.online.selectors import counted_from, online_waiting
    from tuphap.dossiers.online.services import online_submit
    from tuphap.workdays.selectors import office_clock

    dossier = online_submit(
        actor=citizen, procedure_code=LLTP, delivery="desk", phone="0912000111", files=files_for(catalogue[LLTP])
    )
    clock = office_clock(dossier.agency)
    # a Saturday evening counts from the next working morning's opening; a Tuesday 09:00 from itself
    tuesday = dt.datetime(2026, 3, 10, 9, 0, tzinfo=LOCAL_TZ)
    assert counted_from(clock, tuesday) == tuesday
    saturday = dt.datetime(2026, 3, 7, 20, 0, tzinfo=LOCAL_TZ)
    monday = counted_from(clock, saturday)
    assert monday.date() == dt.date(2026, 3, 9) and clock.elapsed(saturday, monday) == 0
    assert clock.office_seconds_at(monday + dt.timedelta(seconds=1)) > clock.office_seconds_at(monday)

    rows = online_waiting(staff["reception"], at=timezone.now() + dt.timedelta(days=7))
    assert [r["d"].code for r in rows] == [dossier.code] and rows[0]["late"]
    assert online_waiting(staff["other_specialist"]) == []  # another unit's desk does not see it
    client = Client()
    client.force_login(staff["reception"])
    page = client.get("/ho-so/truc-tuyen/cho-tiep-nhan/")
    assert page.status_code == 200 and dossier.code in page.content.decode()
    client.force_login(staff["specialist"])
    assert client.get("/ho-so/truc-tuyen/cho-tiep-nhan/").status_code == 403


def test_api_submission_sent_twice_with_one_key_creates_one_dossier(
    client: Client, catalogue: dict[str, Any], citizen: Any
) -> None:
    auth = token_for(citizen)
    first, again = (
        client.post(
            "/api/v1/citizen/dossiers",
            {"procedure_code": LLTP, "delivery": "desk", "phone": "0912000111", **files_for(catalogue[LLTP])},
            HTTP_IDEMPOTENCY_KEY="mot-lan-nop-1",
            **auth,
        )
        for _ in range(2)
    )
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true" and again.json()["code"] == first.json()["code"]
    assert Dossier.objects.count() == 1


def test_a_second_click_on_the_form_shows_the_first_dossier(catalogue: dict[str, Any], citizen: Any) -> None:
    client = signed_in(citizen)
    data = {"delivery": "desk", "phone": "0912000111", "declaration": "on", "form_token": "mot-lan-bam-1"}
    first = client.post(f"/ho-so/nop-truc-tuyen/{LLTP}/", {**data, **files_for(catalogue[LLTP])})
    again = client.post(f"/ho-so/nop-truc-tuyen/{LLTP}/", {**data, **files_for(catalogue[LLTP])})
    assert first.status_code == again.status_code == 303
    assert again["Location"].split("?")[0] == first["Location"].split("?")[0]
    assert Dossier.objects.count() == 1


def test_staff_api_lists_online_dossiers_waiting_and_receives_one(
    client: Client, catalogue: dict[str, Any], citizen: Any, staff: dict[str, Any]
) -> None:
    from tuphap.dossiers.online.services import online_submit

    dossier = online_submit(
        actor=citizen, procedure_code=LLTP, delivery="desk", phone="0912000111", files=files_for(catalogue[LLTP])
    )
    auth = token_for(staff["reception"])
    waiting = client.get("/api/v1/dossiers?state=submitted", **auth).json()
    assert [d["code"] for d in waiting["items"]] == [dossier.code]
    response = client.post(
        f"/api/v1/dossiers/{dossier.code}/actions/receive", "{}", content_type="application/json", **auth
    )
    assert response.status_code == 200, response.content
    out = response.json()
    assert out["state"] == "received" and out["received_at"] and out["due_at"]
    mine = client.get(f"/api/v1/citizen/dossiers/{dossier.code}", **token_for(citizen)).json()
    assert mine["state"] == "received" and mine["due_at"] is not None
