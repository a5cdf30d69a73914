"""Staff pages: the reception desk, the inbox, the dossier page, files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from tests.core import office_files
from tests.dossiers.conftest import APPLICANT, NATIONALITY, NOTARY
from tuphap.core.models import AuditEvent
from tuphap.dossiers import services
from tuphap.dossiers.models import Dossier, DossierAttachment

pytestmark = pytest.mark.django_db

DESK = {
    "procedure": NATIONALITY,
    "applicant_name": "Trần Thị Bình",
    "id_type": "cccd",
    "id_number": "060123456780",
    "phone": "0987654321",
    "email": "binh@example.vn",
    "address": "Phan Thiết",
    "channel": "desk",
}


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def login(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


def test_every_page_is_for_its_roles(client: Client, staff: dict[str, Any], catalogue: Any) -> None:
    assert client.get("/ho-so/").status_code == 302  # anonymous → login
    login(client, staff["editor"])
    assert client.get("/ho-so/").status_code == 403
    assert client.get("/ho-so/tiep-nhan/").status_code == 403
    login(client, staff["specialist"])
    assert client.get("/ho-so/").status_code == 200
    assert client.get("/ho-so/tiep-nhan/").status_code == 403  # only the desk receives
    login(client, staff["reception"])
    html = client.get("/ho-so/tiep-nhan/").content.decode()
    assert "Tiếp nhận hồ sơ" in html and "Xác nhận có quốc tịch Việt Nam ở trong nước" in html
    assert '<label for="id_phone">' in html and 'for="id_applicant_name"' in html


def test_desk_procedure_search_matches_whatever_the_keyboard_composed(
    client: Client, staff: dict[str, Any], catalogue: Any
) -> None:
    """A Vietnamese keyboard may send "quốc" composed (NFC) or as letters and
    combining marks (NFD, e.g. Unikey's "Unicode tổ hợp"); both find the procedure."""
    import unicodedata

    login(client, staff["reception"])
    for form in ("NFC", "NFD"):
        q = unicodedata.normalize(form, "  QUỐC   tịch ")
        options = client.get("/ho-so/tiep-nhan/thu-tuc/", {"q": q}).content.decode()
        assert NATIONALITY in options and NOTARY not in options, form


def test_desk_preview_lists_components_and_the_live_appointment(
    client: Client, staff: dict[str, Any], catalogue: Any
) -> None:
    login(client, staff["reception"])
    html = client.get(
        "/ho-so/tiep-nhan/hen-tra/", {"procedure": NATIONALITY}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "Tờ khai đề nghị xác nhận có quốc tịch Việt Nam" in html and 'type="checkbox" name="components"' in html
    assert "data-due=" in html and "5 ngày làm việc" in html
    options = client.get("/ho-so/tiep-nhan/thu-tuc/", {"q": "công chứng"}).content.decode()
    assert NOTARY in options and NATIONALITY not in options
    # fields are checked as typed, in Vietnamese
    assert (
        "12 chữ số"
        in client.get("/ho-so/tiep-nhan/kiem-tra/id_number/", {"id_number": "123", "id_type": "cccd"}).content.decode()
    )
    assert "không hợp lệ" in client.get("/ho-so/tiep-nhan/kiem-tra/phone/", {"phone": "12"}).content.decode()
    assert "errors" in client.get("/ho-so/tiep-nhan/kiem-tra/phone/", {"phone": "0912345678"}).content.decode()
    assert (
        "không hợp lệ" not in client.get("/ho-so/tiep-nhan/kiem-tra/phone/", {"phone": "0912345678"}).content.decode()
    )
    assert client.get("/ho-so/tiep-nhan/kiem-tra/password/").status_code == 404


def test_desk_receives_and_shows_the_receipt(client: Client, staff: dict[str, Any], catalogue: Any) -> None:
    login(client, staff["reception"])
    response = client.post(
        "/ho-so/tiep-nhan/",
        {
            **DESK,
            "components": ["Tờ khai đề nghị xác nhận có quốc tịch Việt Nam"],
            "scanned": "on",
            "action": "receive",
        },
    )
    dossier = Dossier.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/ho-so/{dossier.code}/"
    assert dossier.state == "received" and dossier.scanned_components and dossier.applicant_phone == "0987654321"
    assert "Tờ khai" in dossier.events.get().note
    html = client.get(response["Location"]).content.decode()
    assert "sẵn sàng để in" in html and f"/ho-so/{dossier.code}/giay-to/receipt.pdf" in html
    # personal data masked until revealed on purpose (and audited)
    assert "0987654321" not in html and "******4321" in html and "*********780" in html
    revealed = client.post(f"/ho-so/{dossier.code}/thong-tin-ca-nhan/").content.decode()
    assert "0987654321" in revealed and "060123456780" in revealed
    assert AuditEvent.objects.filter(action="dossier.view_personal", object_id=str(dossier.pk)).count() == 1


def test_desk_errors_are_next_to_the_fields_in_vietnamese(
    client: Client, staff: dict[str, Any], catalogue: Any
) -> None:
    login(client, staff["reception"])
    response = client.post(
        "/ho-so/tiep-nhan/", {**DESK, "phone": "12345", "id_number": "12", "email": "x@", "action": "receive"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Số điện thoại không hợp lệ" in html and "12 chữ số" in html and "email" in html.lower()
    assert 'id="err-phone"' in html and Dossier.objects.count() == 0
    response = client.post("/ho-so/tiep-nhan/", {**DESK, "procedure": "", "action": "receive"})
    assert response.status_code == 400 and "bắt buộc" in response.content.decode()


def test_desk_refuses_and_requests_missing_items(client: Client, staff: dict[str, Any], catalogue: Any) -> None:
    login(client, staff["reception"])
    response = client.post("/ho-so/tiep-nhan/", {**DESK, "action": "refuse"})
    assert response.status_code == 400 and "lý do" in response.content.decode().lower()
    response = client.post("/ho-so/tiep-nhan/", {**DESK, "action": "refuse", "reason": "Không thuộc thẩm quyền"})
    refused = Dossier.objects.get()
    assert refused.state == "refused" and response["Location"] == f"/ho-so/{refused.code}/"
    assert "/giay-to/refusal.pdf" in client.get(response["Location"]).content.decode()
    # incomplete: the list of missing items (form 02), nothing received
    response = client.post(
        "/ho-so/tiep-nhan/",
        {**DESK, "action": "incomplete", "missing": "Bản sao khai sinh\nẢnh 4x6", "reason": "Thiếu"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in html and "2. Ảnh 4x6" in html
    assert Dossier.objects.count() == 1 and AuditEvent.objects.filter(action="dossier.intake_incomplete").exists()


def test_inbox_filters_search_and_time_left(
    client: Client, staff: dict[str, Any], receive: Callable[..., Any], django_assert_max_num_queries: Any
) -> None:
    first = receive(NATIONALITY, actor=staff["reception"])
    second = receive(NATIONALITY, actor=staff["reception"], applicant={**APPLICANT, "name": "Lê Văn Cường"})
    receive(NOTARY, actor=staff["reception"])  # the btp unit's
    services.dossier_assign(actor=staff["head"], dossier=first, handler="chuyenvien")
    login(client, staff["specialist"])
    html = client.get("/ho-so/").content.decode()
    assert first.code in html and second.code in html and "0003" not in html.split("<tbody>")[1]
    assert "badge ok" in html and "0912345678" not in html
    mine = client.get("/ho-so/", {"scope": "mine"}, headers={"HX-Request": "true"}).content.decode()
    assert mine.lstrip().startswith('<div id="results"') and first.code in mine and second.code not in mine
    found = client.get("/ho-so/", {"q": "Cường"}, headers={"HX-Request": "true"}).content.decode()
    assert second.code in found and first.code not in found
    assert "Không có hồ sơ" in client.get("/ho-so/", {"due": "overdue"}).content.decode()
    # the query count does not grow with the page
    for _ in range(6):
        receive(NATIONALITY, actor=staff["reception"])
    with django_assert_max_num_queries(12):
        response = client.get("/ho-so/", headers={"HX-Request": "true"})
    assert response.content.decode().count("<tr class=") == 8


def test_inbox_pagination_and_overdue_colours(
    client: Client, staff: dict[str, Any], receive: Callable[..., Any], django_assert_num_queries: Any
) -> None:
    for _ in range(27):
        receive(NATIONALITY, actor=staff["reception"])
    old = receive(NATIONALITY, actor=None, received_at=timezone.now() - dt.timedelta(days=30))
    login(client, staff["head"])
    client.get("/ho-so/")  # warm the office clock
    with django_assert_num_queries(7):
        page1 = client.get("/ho-so/", {"due": "overdue"}, headers={"HX-Request": "true"}).content.decode()
    assert old.code in page1 and "badge red" in page1 and "left-red" in page1
    page = client.get("/ho-so/").content.decode()
    assert "Trang 1 / 2" in page or "Trang 1 trên 2" in page or "trang=2" in page
    page2 = client.get("/ho-so/", {"trang": 2}, headers={"HX-Request": "true"}).content.decode()
    assert page2.count("<tr class=") == 3


def test_dossier_page_shows_only_allowed_actions_and_runs_them(
    client: Client, staff: dict[str, Any], receive: Callable[..., Any]
) -> None:
    d = receive(NATIONALITY, actor=staff["reception"])
    login(client, staff["specialist"])
    html = client.get(f"/ho-so/{d.code}/").content.decode()
    # a specialist may ask for supplements and record the result, not assign
    assert "/thao-tac/assign/" not in html and "/thao-tac/request_supplement/" in html and "/thao-tac/resolve/" in html
    assert client.post(
        f"/ho-so/{d.code}/thao-tac/assign/", {"assign-handler": "chuyenvien", "version": d.version}
    ).status_code in (400, 403)
    login(client, staff["head"])
    html = client.get(f"/ho-so/{d.code}/").content.decode()
    assert "/thao-tac/assign/" in html and "/thao-tac/resolve/" in html and "/thao-tac/return/" not in html
    response = client.post(f"/ho-so/{d.code}/thao-tac/assign/", {"assign-handler": "chuyenvien", "version": d.version})
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.state == "in_process" and d.handler.username == "chuyenvien"
    # a stale version loses: 409 with the message, nothing changed
    response = client.post(
        f"/ho-so/{d.code}/thao-tac/request_supplement/", {"request_supplement-items": "Ảnh", "version": d.version - 1}
    )
    assert response.status_code == 409 and "tải lại" in response.content.decode()
    # service errors come back next to the field
    response = client.post(
        f"/ho-so/{d.code}/thao-tac/resolve/",
        {"resolve-outcome": "rejected", "resolve-reason": "", "version": d.version},
    )
    assert response.status_code == 400 and "phải nêu rõ lý do" in response.content.decode()
    response = client.post(f"/ho-so/{d.code}/thao-tac/resolve/", {"resolve-outcome": "approved", "version": d.version})
    assert response.status_code == 302
    login(client, staff["reception"])
    html = client.get(f"/ho-so/{d.code}/").content.decode()
    assert "/thao-tac/return/" in html
    assert (
        client.post(f"/ho-so/{d.code}/thao-tac/return/", {"version": Dossier.objects.get(pk=d.pk).version}).status_code
        == 302
    )
    html = client.get(f"/ho-so/{d.code}/").content.decode()
    for text in ("Tiếp nhận", "Phân công xử lý", "Có kết quả", "Trả kết quả", "Đã trả kết quả", "Cán Bộ Truongphong"):
        assert text in html
    assert client.post(f"/ho-so/{d.code}/thao-tac/nonsense/").status_code == 404


def test_attachments_have_type_and_size_limits(
    client: Client, staff: dict[str, Any], receive: Callable[..., Any], monkeypatch: Any
) -> None:
    d = receive(NATIONALITY, actor=staff["reception"])
    login(client, staff["reception"])
    pdf = SimpleUploadedFile("to-khai.pdf", b"%PDF-1.7\n" + b"x" * 100, content_type="application/pdf")
    assert client.post(f"/ho-so/{d.code}/tep/", {"kind": "component", "file": pdf}).status_code == 302
    attachment = DossierAttachment.objects.get()
    assert attachment.content_type == "application/pdf" and attachment.size == 109
    download = client.get(f"/ho-so/{d.code}/tep/{attachment.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(f"/ho-so/{d.code}/tep/", {"kind": "component", "file": fake})
    assert response.status_code == 400 and "Chỉ nhận tệp PDF, JPEG hoặc PNG" in response.content.decode()
    monkeypatch.setattr("tuphap.dossiers.attachments.MAX_BYTES", 50)
    big = SimpleUploadedFile("scan.png", b"\x89PNG\r\n\x1a\n" + b"x" * 100, content_type="image/png")
    response = client.post(f"/ho-so/{d.code}/tep/", {"kind": "component", "file": big})
    assert response.status_code == 400 and "Tệp quá lớn" in response.content.decode()
    assert DossierAttachment.objects.count() == 1
    login(client, staff["other_specialist"])
    assert client.get(f"/ho-so/{d.code}/tep/{attachment.pk}/").status_code == 404


def test_register_page(client: Client, staff: dict[str, Any], receive: Callable[..., Any]) -> None:
    login(client, staff["specialist"])
    assert client.get("/ho-so/so-theo-doi/").status_code == 403
    login(client, staff["head"])
    html = client.get("/ho-so/so-theo-doi/").content.decode()
    assert 'name="start"' in html and "XLSX" in html
    response = client.get("/ho-so/so-theo-doi/", {"start": "2026-02-01", "end": "2025-01-01", "format": "pdf"})
    assert response.status_code == 200 and "trước ngày bắt đầu" in response.content.decode()


def test_the_page_offers_one_extension_and_refuses_a_second_with_the_services_message(
    client: Client, staff: dict[str, Any], receive: Callable[..., Any]
) -> None:
    d = receive(NATIONALITY, actor=staff["reception"])
    login(client, staff["head"])
    assert "/thao-tac/extend/" in client.get(f"/ho-so/{d.code}/").content.decode()
    later = timezone.localtime(d.due_at) + dt.timedelta(days=30)
    form = {"extend-reason": "Cần xác minh", "extend-new_due_at": f"{later:%Y-%m-%dT%H:%M}", "version": d.version}
    assert client.post(f"/ho-so/{d.code}/thao-tac/extend/", form).status_code == 302
    d.refresh_from_db()
    assert d.extensions == 1
    html = client.get(f"/ho-so/{d.code}/").content.decode()
    assert "/thao-tac/extend/" not in html and "/thao-tac/resolve/" in html  # spent: no longer offered
    # posted anyway (an old tab): the service refuses, with its message, and nothing changes
    form = {**form, "extend-reason": "Lần nữa", "version": d.version}
    response = client.post(f"/ho-so/{d.code}/thao-tac/extend/", form)
    assert response.status_code == 409
    assert "Hồ sơ đã xin gia hạn một lần; chỉ được gia hạn một lần." in response.content.decode()
    assert Dossier.objects.get(pk=d.pk).version == d.version


@pytest.mark.parametrize("build", office_files.WITH_MACROS.values(), ids=office_files.WITH_MACROS.keys())
def test_a_scan_that_is_an_office_file_with_macros_is_refused(
    client: Client, staff: dict[str, Any], receive: Callable[..., Any], build: Callable[[], bytes]
) -> None:
    """Issue 16, item 9, on the dossier path: a dossier's files are scans (PDF, JPEG,
    PNG) judged by core.uploads, so no office package, with or without macros, is kept."""
    d = receive(NATIONALITY, actor=staff["reception"])
    login(client, staff["reception"])
    upload = SimpleUploadedFile("to-khai.pdf", build(), content_type="application/pdf")
    response = client.post(f"/ho-so/{d.code}/tep/", {"kind": "component", "file": upload})
    assert response.status_code == 400 and "Chỉ nhận tệp PDF, JPEG hoặc PNG" in response.content.decode()
    assert not DossierAttachment.objects.exists()
