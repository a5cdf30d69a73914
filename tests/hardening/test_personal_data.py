"""Citizens' personal data: masked in every list, whole only for the roles that
hold ``dossiers.view_personal`` and then logged (who, when, which dossier),
absent from the public look-up, from notifications, logs and the audit trail;
contact details blanked once their retention has passed (docs/privacy.md)."""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from tuphap.core.models import AuditEvent, Notification
from tuphap.core.notifications import deliver_pending
from tuphap.dossiers import services
from tuphap.dossiers.attachments import attachment_add
from tuphap.dossiers.catalogue import PROCEDURES
from tuphap.dossiers.documents.build import status_token
from tuphap.dossiers.models import Dossier, DossierEvent, SyncRecord
from tuphap.orgs import roles
from tuphap.orgs.permissions import can
from tuphap.orgs.roles import Role

NATIONALITY = "2.001895.000.00.00.H09"  # hctp unit, 5 working days
PERSON = {
    "name": "Hoàng Thị Xuân Mai",
    "id_number": "079203012345",
    "phone": "0938765432",
    "email": "xuanmai.hoang@example.vn",
    "address": "45 Nguyễn Tất Thành, phường Phú Thủy",
}
WHOLE = [PERSON["id_number"], PERSON["phone"], PERSON["email"], PERSON["address"]]
MASKED_PHONE = "******5432"
MASKED_ID = "*********345"
ROLES = [Role.RECEPTION, Role.SPECIALIST, Role.UNIT_HEAD, Role.DIRECTOR, Role.EDITOR, Role.ADMIN]


def leaks(text: str) -> list[str]:
    """The whole values found in a text (also the digits with separators: 0938 765 432)."""
    found = [value for value in WHOLE if value in text]
    digits = re.sub(r"[\s.\-]", "", text)
    found += [value for value in (PERSON["id_number"], PERSON["phone"]) if value in digits and value not in found]
    return found


@pytest.fixture
def world(
    make_staff: Callable[..., Any], units: dict[str, Any], department: Any, settings: Any, tmp_path: Any
) -> dict[str, Any]:
    settings.MEDIA_ROOT = tmp_path / "media"
    data = next(p for p in PROCEDURES if p["code"] == NATIONALITY)
    services.procedure_publish(
        actor=None, data=data, agency=department, unit=units["hctp"], valid_from=dt.date(2015, 1, 1)
    )
    staff = {role: make_staff(role.value, role, unit=None if role == Role.DIRECTOR else "hctp") for role in ROLES}
    desk, head, specialist = staff[Role.RECEPTION], staff[Role.UNIT_HEAD], staff[Role.SPECIALIST]
    dossier = services.dossier_receive(actor=desk, procedure_code=NATIONALITY, applicant=PERSON)
    services.dossier_assign(actor=head, dossier=dossier, handler=specialist)
    services.dossier_request_supplement(
        actor=specialist, dossier=dossier, items=["Bản sao giấy khai sinh"], reason="Thiếu thành phần"
    )
    scan = SimpleUploadedFile("cccd.png", b"\x89PNG\r\n\x1a\n" + PERSON["id_number"].encode() * 4, "image/png")
    attachment = attachment_add(actor=desk, dossier=dossier, upload=scan, kind="component")
    return {"staff": staff, "dossier": Dossier.objects.get(pk=dossier.pk), "attachment": attachment}


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def whole_views() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="dossier.view_personal").order_by("id"))


# --------------------------------------------------------------------------- lists: masked for everyone


def test_lists_search_register_and_api_show_masked_values_to_every_role(world: dict[str, Any]) -> None:
    d = world["dossier"]
    today = timezone.localdate().isoformat()
    pages = [
        "/",
        "/ho-so/",
        "/ho-so/?scope=mine",
        "/ho-so/?q=Xu%C3%A2n+Mai",
        f"/ho-so/?q={d.code}",
        f"/ho-so/{d.code}/",
        f"/ho-so/so-theo-doi/?start={today}&end={today}",
        f"/ho-so/so-theo-doi/?start={today}&end={today}&format=html",
        f"/ho-so/{d.code}/giay-to/control.html",
        "/api/v1/dossiers",
        "/api/v1/dossiers?q=Mai",
        f"/api/v1/dossiers/{d.code}",
        "/bao-cao/",
    ]
    seen_masked = 0
    for role, user in world["staff"].items():
        client = logged_in(user)
        for url in pages:
            response = client.get(url)
            assert response.status_code in (200, 403, 404), (role, url, response.status_code)
            text = response.content.decode("utf-8", "replace")
            assert leaks(text) == [], (role, url)
            seen_masked += MASKED_PHONE in text
        xlsx = client.get(f"/ho-so/so-theo-doi/?start={today}&end={today}&format=xlsx")
        if xlsx.status_code == 200:
            from openpyxl import load_workbook

            cells = " ".join(
                str(c)
                for row in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True)
                for c in row
                if c
            )
            assert d.code in cells and leaks(cells) == [], role
        api = client.get("/api/v1/dossiers")
        if can(user, "dossiers.view"):
            applicant = next(item["applicant"] for item in api.json()["items"] if item["code"] == d.code)
            assert applicant["id_number"] == MASKED_ID and applicant["phone"] == MASKED_PHONE
            assert applicant["email"] == "***" and applicant["address"] == ""
        else:
            assert api.status_code == 403
    assert seen_masked >= 4 * 3  # the roles that see dossiers saw the masked phone in inbox, detail, API
    assert whole_views() == []  # nothing whole was shown, nothing logged


# --------------------------------------------------------------------------- whole values: the capability, and a log


def whole_view_attempts(client: Client, d: Dossier, attachment_pk: int) -> dict[str, Any]:
    return {
        "page": client.post(f"/ho-so/{d.code}/thong-tin-ca-nhan/"),
        "api": client.get(f"/api/v1/dossiers/{d.code}?reveal=true"),
        "receipt": client.get(f"/ho-so/{d.code}/giay-to/receipt.html"),
        "supplement": client.get(f"/ho-so/{d.code}/giay-to/supplement.docx"),
        "scan": client.get(f"/ho-so/{d.code}/tep/{attachment_pk}/"),
    }


def body(response: Any) -> str:
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        from docx import Document

        return "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    return b"".join(response.streaming_content).decode("latin-1") if response.streaming else response.content.decode()


def test_whole_values_only_with_view_personal_and_every_view_is_logged(world: dict[str, Any]) -> None:
    d, attachment = world["dossier"], world["attachment"]
    for role, user in world["staff"].items():
        before = len(whole_views())
        start = timezone.now()
        responses = whole_view_attempts(logged_in(user), d, attachment.pk)
        if can(user, "dossiers.view_personal"):
            for kind, response in responses.items():
                assert response.status_code == 200, (role, kind)
            assert set(leaks(body(responses["page"]))) >= {PERSON["id_number"], PERSON["phone"], PERSON["email"]}, role
            assert responses["api"].json()["applicant"]["id_number"] == PERSON["id_number"]
            assert PERSON["phone"] in body(responses["receipt"]) and PERSON["email"] in body(responses["supplement"])
            assert PERSON["id_number"].encode() in b"".join(responses["scan"].streaming_content)
            logged = whole_views()[before:]
            assert len(logged) == len(responses), role  # one event per whole view
            for event in logged:  # who, when, which dossier
                assert (event.actor_id, event.actor_name) == (user.pk, user.username)
                assert start - dt.timedelta(seconds=1) <= event.at <= timezone.now()
                assert (event.object_type, event.object_id, event.object_repr) == (
                    "dossiers.dossier",
                    str(d.pk),
                    d.code,
                )
            assert {(e.after or {}).get("document") for e in logged} >= {"receipt", "supplement"}
            assert any((e.after or {}).get("attachment") == attachment.pk for e in logged)
        else:
            for kind, response in responses.items():
                assert response.status_code in (403, 404), (role, kind, response.status_code)
                assert leaks(body(response)) == [], (role, kind)
            assert len(whole_views()) == before, role
    assert {e.actor_name for e in whole_views()} == {
        u.username for u in world["staff"].values() if can(u, "dossiers.view_personal")
    }


def test_the_capability_alone_decides(world: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """Take ``dossiers.view_personal`` from specialists: they still handle the
    dossier and see it masked, but no path shows them the whole values."""
    monkeypatch.setitem(
        roles.CAPABILITIES, "dossiers.view_personal", frozenset({Role.RECEPTION, Role.UNIT_HEAD, Role.DIRECTOR})
    )
    d, specialist = world["dossier"], world["staff"][Role.SPECIALIST]
    client = logged_in(specialist)
    page = client.get(f"/ho-so/{d.code}/")
    assert page.status_code == 200 and MASKED_PHONE in page.content.decode() and leaks(page.content.decode()) == []
    assert "thong-tin-ca-nhan" not in page.content.decode()  # no button to show them
    for kind, response in whole_view_attempts(client, d, world["attachment"].pk).items():
        assert response.status_code == 403, kind
        assert leaks(body(response)) == [], kind
    assert whole_views() == []


def test_a_superuser_without_an_operational_role_sees_masked_values(
    world: dict[str, Any], make_staff: Callable[..., Any]
) -> None:
    """Django's superuser flag grants every capability but ``dossiers.view_personal``
    (``roles.ROLE_ONLY``): the break-glass account sees the dossier masked, no
    whole path opens for it and nothing is logged; given a role that needs the
    values, it sees them whole and each view is logged like anyone's."""
    d, attachment = world["dossier"], world["attachment"]
    superuser = make_staff("quantri", Role.ADMIN, superuser=True)
    client = logged_in(superuser)
    page = client.get(f"/ho-so/{d.code}/")
    assert page.status_code == 200 and MASKED_PHONE in page.content.decode() and leaks(page.content.decode()) == []
    assert "thong-tin-ca-nhan" not in page.content.decode()
    applicant = client.get(f"/api/v1/dossiers/{d.code}").json()["applicant"]
    assert (applicant["id_number"], applicant["phone"]) == (MASKED_ID, MASKED_PHONE)
    for kind, response in whole_view_attempts(client, d, attachment.pk).items():
        assert response.status_code == 403, kind
        assert leaks(body(response)) == [], kind
    assert whole_views() == []

    desk_superuser = make_staff("quantri2", Role.RECEPTION, superuser=True)
    responses = whole_view_attempts(logged_in(desk_superuser), d, attachment.pk)
    assert {kind: r.status_code for kind, r in responses.items()} == dict.fromkeys(responses, 200)
    assert responses["api"].json()["applicant"]["id_number"] == PERSON["id_number"]
    assert [e.actor_name for e in whole_views()] == ["quantri2"] * len(responses)


# --------------------------------------------------------------------------- the public look-up: nothing personal


def test_public_look_up_shows_no_personal_data(world: dict[str, Any]) -> None:
    d = world["dossier"]
    anonymous = Client()
    name_parts = ["Hoàng Thị Xuân Mai", "Xuân Mai", "Hoàng Thị"]
    api = anonymous.get(f"/api/v1/public/dossiers/{d.code}?phone_last4=5432")
    html = anonymous.get(f"/ho-so/tra-cuu/?code={d.code}&phone=5432")
    status = anonymous.get(f"/ho-so/tra-cuu/{status_token(d.code)}/")
    wrong = anonymous.get(f"/ho-so/tra-cuu/?code={d.code}&phone=1111")
    assert (api.status_code, html.status_code, status.status_code, wrong.status_code) == (200, 200, 200, 404)
    assert set(api.json()) == {
        "code",
        "procedure",
        "state",
        "state_label",
        "received_at",
        "due_at",
        "extended_due_at",
        "finished_at",
    }
    for label, response in {"api": api, "html": html, "status": status, "wrong phone": wrong}.items():
        text = response.content.decode()
        assert d.code in text or label == "wrong phone"
        assert leaks(text) == [], label
        assert not [part for part in name_parts if part in text], label
        assert MASKED_PHONE not in text and MASKED_ID not in text and "@example.vn" not in text, label
        assert "Nguyễn Tất Thành" not in text, label
        assert "sessionid" not in response.cookies  # nothing personal, no session


# --------------------------------------------------------------------------- notifications, logs, audit trail


class FailingGateway:
    """An SMS carrier that refuses the number (its error message repeats it)."""

    def send(self, to: str, text: str) -> None:
        raise ConnectionError(f"carrier refused {to}")


def test_notifications_logs_and_audit_trail_hold_no_id_number(
    world: dict[str, Any], settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    d = world["dossier"]
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    settings.TUPHAP_SMS_GATEWAY = "tuphap.core.notifications.LogSmsGateway"
    services.dossier_supplement_received(actor=world["staff"][Role.RECEPTION], dossier=d)
    rows = list(Notification.objects.about(d))
    assert {r.kind for r in rows} == {"email", "sms"}
    for row in rows:  # the outbox holds the address it goes to, and nothing else personal
        assert PERSON["id_number"] not in row.subject + row.body and PERSON["address"] not in row.body
    mail.outbox.clear()
    with caplog.at_level(logging.DEBUG):
        assert deliver_pending()["sent"] == len(rows)
        # a message that fails: the carrier's error names the number
        settings.TUPHAP_SMS_GATEWAY = "tests.hardening.test_personal_data.FailingGateway"
        Notification.objects.create(
            object_type="dossiers.dossier",
            object_id=str(d.pk),
            kind="sms",
            to=PERSON["phone"],
            body="Hồ sơ đã có kết quả.",
        )
        assert deliver_pending()["failed"] == 1
    sent = mail.outbox
    assert sent and all(m.to == [PERSON["email"]] for m in sent)
    for message in sent:
        assert PERSON["id_number"] not in message.subject + message.body and PERSON["address"] not in message.body
    logs = "\n".join(r.getMessage() for r in caplog.records)
    assert "SMS to" in logs and "failed" in logs and "******5432" in logs
    assert leaks(logs) == [], logs
    # the audit trail (read by administrators, who may not see personal data) and the control slip
    trail = json.dumps(
        [[e.action, e.object_repr, e.before, e.after] for e in AuditEvent.objects.all()], ensure_ascii=False
    )
    assert leaks(trail) == []
    slip = json.dumps([[e.note, e.data] for e in DossierEvent.objects.all()], ensure_ascii=False)
    assert leaks(slip) == []
    national = json.dumps([r.payload for r in SyncRecord.objects.all()], ensure_ascii=False)
    assert leaks(national) == [] and PERSON["name"] not in national


# --------------------------------------------------------------------------- retention


def test_purge_blanks_expired_contact_details_and_nothing_else(world: dict[str, Any]) -> None:
    now = timezone.now()

    def closed(days_ago: int, phone: str) -> Dossier:
        received = now - dt.timedelta(days=days_ago + 10)
        dossier = services.dossier_receive(
            actor=None, procedure_code=NATIONALITY, applicant={**PERSON, "phone": phone}, received_at=received
        )
        services.dossier_resolve(actor=None, dossier=dossier, outcome="approved", at=now - dt.timedelta(days=days_ago))
        services.dossier_return(
            actor=None, dossier=dossier, at=now - dt.timedelta(days=days_ago) + dt.timedelta(hours=2)
        )
        return Dossier.objects.get(pk=dossier.pk)

    old, recent = closed(800, "0911000001"), closed(300, "0911000002")
    still_open = world["dossier"]  # received now, supplement requested: kept whatever its age
    assert Notification.objects.about(old).exists()

    with pytest.raises(CommandError):  # shorter than the time for a lawsuit
        call_command("purge_personal_data", "--days", "100", stdout=io.StringIO())
    dry = io.StringIO()
    call_command("purge_personal_data", "--dry-run", stdout=dry)
    assert re.search(r"\b1\b", dry.getvalue()) and Dossier.objects.get(pk=old.pk).applicant_phone == "0911000001"
    out = io.StringIO()
    call_command("purge_personal_data", stdout=out)
    old.refresh_from_db()
    assert (old.applicant_phone, old.applicant_email, old.applicant_address) == ("", "", "")
    assert (old.applicant_name, old.applicant_id_number, old.state) == (PERSON["name"], PERSON["id_number"], "returned")
    assert not Notification.objects.about(old).exists()
    for kept in (recent, still_open):
        kept_now = Dossier.objects.get(pk=kept.pk)
        assert (kept_now.applicant_phone, kept_now.applicant_email, kept_now.applicant_address) == (
            kept.applicant_phone,
            PERSON["email"],
            PERSON["address"],
        )
    event = AuditEvent.objects.get(action="dossier.purge_personal")
    assert event.after["dossiers"] == 1 and event.after["notifications"] >= 1
    # the public look-up by phone no longer finds it; the receipt's QR link still does
    client = Client()
    assert client.get(f"/ho-so/tra-cuu/?code={old.code}&phone=0001").status_code == 404
    assert client.get(f"/ho-so/tra-cuu/{status_token(old.code)}/").status_code == 200
    again = io.StringIO()
    call_command("purge_personal_data", stdout=again)
    assert AuditEvent.objects.filter(action="dossier.purge_personal").count() == 1  # nothing left to purge
