"""The registry's staff pages: register and edit a document, attach and remove its
files, add its relations (capability ``lawdocs.edit``); real requests, real services."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.lawdocs.conftest import d
from tuphap.core.models import AuditEvent
from tuphap.lawdocs import selectors, services
from tuphap.lawdocs.models import DocumentFile, DocumentRelation, LegalDocument
from tuphap.orgs.roles import Role

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

FORM = {
    "number": "15/2025/QĐ-UBND",
    "doc_type": "decision",
    "issuer": "Ủy ban nhân dân tỉnh Bình Thuận",
    "signer": "Nguyễn Văn A",
    "title": "Quy định về quản lý nhà nước đối với công tác hòa giải ở cơ sở",
    "field": "Hòa giải",
    "issued_on": "2025-03-10",
    "effective_from": "2025-03-20",
    "expires_on": "",
    "gazette_ref": "Số 15, trang 3",
    "source": "Công báo tỉnh",
    "text": "Điều 1. Phạm vi điều chỉnh.\nĐiều 2. Hòa giải viên.",
}


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def doc(make_doc: Callable[..., Any]) -> Any:
    return make_doc("12/2016/QĐ-UBND", "Quy định về học phí", effective="2016-03-25", text="Điều 1. Học phí.")


def docx_bytes(*, macros: bool = False) -> bytes:
    import docx

    out = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Quyết định ban hành Quy định")
    document.save(out)
    if not macros:
        return out.getvalue()
    with zipfile.ZipFile(out, "a") as archive:
        archive.writestr("word/vbaProject.bin", b"\x00" * 64)
    return out.getvalue()


def odt_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text"
        )  # stored, first: the ODF rule
        archive.writestr("content.xml", '<?xml version="1.0"?><office:document-content/>', zipfile.ZIP_DEFLATED)
    return out.getvalue()


def ole2(*streams: str) -> bytes:
    """An OLE2 compound file's header and a directory naming ``streams`` (enough for the check)."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    directory = b"".join(
        name.encode("utf-16-le").ljust(64, b"\x00") + b"\x00" * 64 for name in ("Root Entry", *streams)
    )
    return header + directory


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")  # what a browser claims says nothing


def stored_files(settings: Any) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# --------------------------------------------------------------------------- register, edit


def test_register_then_edit_a_document(client: Client, specialist: Any) -> None:
    client.force_login(specialist)
    page = client.get("/van-ban/moi/")
    assert (
        page.status_code == 200
        and "Vào sổ văn bản" in page.content.decode()
        and 'name="number"' in page.content.decode()
    )
    response = client.post("/van-ban/moi/", {**FORM, "action": "save"})
    doc = LegalDocument.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/van-ban/{doc.pk}/sua/"
    assert (doc.number, doc.number_key, doc.sequence, doc.year, doc.type_code, doc.issuer_code) == (
        "15/2025/QĐ-UBND",
        "15/2025/QD-UBND",
        15,
        2025,
        "QD",
        "UBND",
    )
    assert (doc.signer, doc.issued_on, doc.effective_from, doc.expires_on, doc.gazette_ref) == (
        "Nguyễn Văn A",
        d("2025-03-10"),
        d("2025-03-20"),
        None,
        "Số 15, trang 3",
    )
    event = AuditEvent.objects.get(action="lawdoc.create")
    assert event.actor == specialist and event.after["number"] == "15/2025/QĐ-UBND"
    # indexed in the same transaction: found by a folded word of its text at once
    assert [r.document.pk for r in selectors.search_documents("hoa giai vien", None).results] == [doc.pk]
    edit = client.get(response["Location"], follow=True)
    assert "Đã vào sổ văn bản 15/2025/QĐ-UBND" in edit.content.decode() and "Hòa giải" in edit.content.decode()

    # edit: another title, the number corrected to another sequence; the same document, re-indexed
    changed = {
        **FORM,
        "action": "save",
        "number": "Số 16/2025/QD-UBND",
        "title": "Quy định về hòa giải ở cơ sở",
        "expires_on": "2030-01-01",
    }
    assert client.post(f"/van-ban/{doc.pk}/sua/", changed).status_code == 302
    doc.refresh_from_db()
    assert LegalDocument.objects.count() == 1
    assert (doc.number, doc.number_key, doc.sequence, doc.title, doc.expires_on) == (
        "Số 16/2025/QD-UBND",
        "16/2025/QD-UBND",
        16,
        "Quy định về hòa giải ở cơ sở",
        d("2030-01-01"),
    )
    update = AuditEvent.objects.get(action="lawdoc.update")
    assert update.before["number"] == "15/2025/QĐ-UBND" and update.after["title"] == "Quy định về hòa giải ở cơ sở"
    assert (
        selectors.document_by_number("16/2025/QĐ-UBND") == doc
        and selectors.document_by_number("15/2025/QĐ-UBND") is None
    )
    assert [r.document.pk for r in selectors.search_documents("16/2025/QĐ-UBND", None).results][:1] == [doc.pk]
    # saving the same again writes nothing
    again = client.post(f"/van-ban/{doc.pk}/sua/", changed, follow=True)
    assert (
        "Không có gì thay đổi" in again.content.decode()
        and AuditEvent.objects.filter(action="lawdoc.update").count() == 1
    )


def test_a_duplicate_number_is_refused_and_nothing_changes(
    client: Client, specialist: Any, doc: Any, make_doc: Callable[..., Any]
) -> None:
    client.force_login(specialist)
    # the same issuer, type, year and sequence, written otherwise
    response = client.post("/van-ban/moi/", {**FORM, "action": "save", "number": "12/2016/qd-ubnd"})
    html = response.content.decode()
    assert (
        response.status_code == 200
        and "đã có trong sổ" in html
        and "12/2016/QĐ-UBND" in html
        and "Quy định về học phí" in html
    )
    doc.refresh_from_db()
    assert LegalDocument.objects.count() == 1 and doc.title == "Quy định về học phí"  # not upserted
    # editing another document to that number: refused too
    other = make_doc("5/2024/QĐ-UBND", "Quyết định sửa đổi", effective="2024-05-15")
    form = {
        **FORM,
        "action": "save",
        "number": "12/2016/QĐ-UBND",
        "title": "Quyết định sửa đổi",
        "issued_on": "2024-05-05",
        "effective_from": "2024-05-15",
    }
    response = client.post(f"/van-ban/{other.pk}/sua/", form)
    assert response.status_code == 200 and "đã có trong sổ" in response.content.decode()
    other.refresh_from_db()
    assert other.number == "5/2024/QĐ-UBND" and not AuditEvent.objects.filter(action="lawdoc.update").exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"number": "Quyết định hòa giải"}, "không phải là số, ký hiệu văn bản"),
        ({"number": "15/1890/QĐ-UBND"}, "năm ban hành"),
        (
            {"issued_on": "2025-03-20", "effective_from": "2025-03-10"},
            "Văn bản không thể có hiệu lực (10/03/2025) trước ngày ban hành (20/03/2025)",
        ),
        ({"expires_on": "2025-03-01"}, "không thể hết hiệu lực"),
        ({"issued_on": "2099-01-01", "effective_from": "2099-01-11"}, "Ngày ban hành 01/01/2099 chưa tới"),
        ({"title": ""}, "bắt buộc"),
        ({"signer": "Nguyễn\u202eVăn A"}, "ký tự"),
    ],
    ids=[
        "not-a-number",
        "bad-year",
        "effective-before-issued",
        "expires-before-effective",
        "issued-in-future",
        "no-title",
        "bidi-in-name",
    ],
)
def test_bad_registry_input_shows_vietnamese_errors(
    client: Client, specialist: Any, changes: dict[str, str], message: str
) -> None:
    client.force_login(specialist)
    response = client.post("/van-ban/moi/", {**FORM, "action": "save", **changes})
    html = response.content.decode()
    assert response.status_code == 200 and "errorlist" in html and message in html
    assert not LegalDocument.objects.exists() and not AuditEvent.objects.filter(action__startswith="lawdoc.").exists()


# --------------------------------------------------------------------------- files


@pytest.mark.parametrize(
    ("name", "data", "served_as"),
    [
        ("QĐ 12-2016 học phí.pdf", PDF, "QĐ 12-2016 học phí.pdf"),
        ("quyet-dinh.docx", docx_bytes(), "quyet-dinh.docx"),
        ("quyet-dinh.odt", odt_bytes(), "quyet-dinh.odt"),
        ("quyet-dinh.doc", ole2("WordDocument", "1Table"), "quyet-dinh.doc"),
        ("quyet-dinh", PDF, "quyet-dinh.pdf"),  # no extension: the content's
        ("★★.pdf", PDF, "★★.pdf"),  # nothing left of the name to store: a name of ours
        ("..\\..\\settings.py.pdf", PDF, "settings.py.pdf"),
    ],
    ids=["pdf", "docx", "odt", "doc", "no-extension", "symbols-only", "windows-path"],
)
def test_attach_a_file_that_everyone_can_download(
    client: Client, specialist: Any, doc: Any, settings: Any, name: str, data: bytes, served_as: str
) -> None:
    client.force_login(specialist)
    response = client.post(f"/van-ban/{doc.pk}/sua/", {"action": "file", "file": upload(name, data)})
    assert response.status_code == 302
    item = DocumentFile.objects.get(document=doc)
    assert item.name == served_as
    stored = Path(item.file.path)
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT)) and stored.read_bytes() == data
    assert stored.name.isascii()  # folded, no diacritics or spaces in the stored name
    event = AuditEvent.objects.get(action="lawdoc.file_add")
    assert event.actor == specialist and event.after["name"] == served_as and event.after["size"] == len(data)
    # the public page lists it and serves it as a download, to anonymous visitors too
    public = Client()
    assert f"/van-ban/{doc.pk}/tep/{item.pk}/" in public.get(f"/van-ban/{doc.pk}/").content.decode()
    download = public.get(f"/van-ban/{doc.pk}/tep/{item.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == data  # type: ignore[attr-defined]
    assert download["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "quyet-dinh.pdf",
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200,
            "Chỉ nhận tệp PDF, DOC, DOCX hoặc ODT",
        ),
        (
            "quyet-dinh.pdf",
            b"<!DOCTYPE html><html><script>alert(1)</script></html>",
            "Chỉ nhận tệp PDF, DOC, DOCX hoặc ODT",
        ),
        ("quyet-dinh.pdf", b" %PDF-1.7 shifted by a byte", "Chỉ nhận tệp PDF, DOC, DOCX hoặc ODT"),
        ("quyet-dinh.pdf", docx_bytes(), "Tệp có đuôi .pdf nhưng nội dung là tệp DOCX"),
        ("quyet-dinh.docx", docx_bytes(macros=True), "Chỉ nhận tệp PDF, DOC, DOCX hoặc ODT"),
        ("quyet-dinh.docx", b"PK\x03\x04" + b"\x00" * 100, "Chỉ nhận tệp PDF, DOC, DOCX hoặc ODT"),
        ("rong.pdf", b"", "rỗng"),
        (
            "bang.doc",
            ole2("Workbook"),
            "Chỉ nhận tệp PDF, DOC, DOCX hoặc ODT",
        ),  # an Excel 97 sheet (or an MSI installer)
    ],
    ids=[
        "exe-as-pdf",
        "html-as-pdf",
        "pdf-not-at-start",
        "docx-as-pdf",
        "docm-macros",
        "broken-zip",
        "empty",
        "xls-as-doc",
    ],
)
def test_a_file_whose_content_is_not_allowed_is_refused(
    client: Client, specialist: Any, doc: Any, settings: Any, name: str, data: bytes, message: str
) -> None:
    client.force_login(specialist)
    response = client.post(f"/van-ban/{doc.pk}/sua/", {"action": "file", "file": upload(name, data)})
    html = response.content.decode()
    assert response.status_code == 200 and message in html
    assert not DocumentFile.objects.exists() and stored_files(settings) == []
    assert not AuditEvent.objects.filter(action="lawdoc.file_add").exists()


def test_a_zip_that_is_no_word_document_is_refused(client: Client, specialist: Any, doc: Any, settings: Any) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("payload.js", "alert(1)")
    client.force_login(specialist)
    response = client.post(
        f"/van-ban/{doc.pk}/sua/", {"action": "file", "file": upload("quyet-dinh.docx", out.getvalue())}
    )
    assert "Chỉ nhận tệp PDF, DOC, DOCX hoặc ODT" in response.content.decode() and not DocumentFile.objects.exists()


def test_an_oversize_file_is_refused_by_the_setting(client: Client, specialist: Any, doc: Any, settings: Any) -> None:
    settings.TUPHAP_LAWDOCS_FILE_MAX_BYTES = 4 * 1024 * 1024
    client.force_login(specialist)
    assert "tối đa 4 MB" in client.get(f"/van-ban/{doc.pk}/sua/").content.decode()
    big = PDF + b"0" * (4 * 1024 * 1024)
    response = client.post(f"/van-ban/{doc.pk}/sua/", {"action": "file", "file": upload("lon.pdf", big)})
    assert response.status_code == 200 and "Tệp quá lớn (4,0 MB); tối đa 4 MB." in response.content.decode()
    assert not DocumentFile.objects.exists() and stored_files(settings) == []


def test_remove_a_file(
    client: Client, specialist: Any, doc: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(specialist)
    client.post(f"/van-ban/{doc.pk}/sua/", {"action": "file", "file": upload("a.pdf", PDF)})
    item = DocumentFile.objects.get()
    path = Path(item.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/van-ban/{doc.pk}/sua/", {"action": "remove_file", "file": str(item.pk)}, follow=True)
    assert "Đã xóa tệp a.pdf" in response.content.decode()
    assert not DocumentFile.objects.exists() and not path.exists()
    assert AuditEvent.objects.get(action="lawdoc.file_remove").before == {"file": item.pk, "name": "a.pdf"}
    assert Client().get(f"/van-ban/{doc.pk}/tep/{item.pk}/").status_code == 404
    # a file of another document, or no file: not found
    assert client.post(f"/van-ban/{doc.pk}/sua/", {"action": "remove_file", "file": "x"}).status_code == 404


# --------------------------------------------------------------------------- relations


def test_add_a_relation_from_the_edit_page(
    client: Client, specialist: Any, doc: Any, make_doc: Callable[..., Any]
) -> None:
    new = make_doc("5/2024/QĐ-UBND", "Quyết định sửa đổi Quy định về học phí", effective="2024-05-15")
    client.force_login(specialist)
    url = f"/van-ban/{new.pk}/sua/"
    response = client.post(
        url,
        {"action": "relation", "kind": "amends", "to": "12/2016/qd-ubnd", "date": "2024-05-15", "articles": "Điều 3"},
    )
    assert response.status_code == 302
    relation = DocumentRelation.objects.get()
    assert (relation.source, relation.target, relation.kind, relation.date, relation.articles) == (
        new,
        doc,
        "amends",
        d("2024-05-15"),
        "Điều 3",
    )
    assert AuditEvent.objects.filter(action="lawdoc.relation_add", actor=specialist).count() == 1
    assert "12/2016/QĐ-UBND" in client.get(url).content.decode()
    # shown from the other side on the public page, which now reads "expired in part"
    public = Client().get(f"/van-ban/{doc.pk}/").content.decode()
    assert "5/2024/QĐ-UBND" in public and "được sửa đổi, bổ sung bởi" in public.lower()
    again = client.post(
        url,
        {"action": "relation", "kind": "amends", "to": "12/2016/QĐ-UBND", "date": "2024-05-15", "articles": "Điều 3"},
        follow=True,
    )
    assert "đã được ghi nhận từ trước" in again.content.decode() and DocumentRelation.objects.count() == 1


def test_the_relations_on_the_public_and_the_edit_page(
    client: Client, specialist: Any, doc: Any, make_doc: Callable[..., Any]
) -> None:
    """One partial, two readings: the public page names the other document with its title (and gives the end
    date of the relations received), the edit page the number alone and the end dates both ways."""
    new = make_doc("5/2024/QĐ-UBND", "Quyết định tạm ngưng Quy định về học phí", effective="2024-05-15")
    services.relation_add(
        actor=None, source=new, target=doc, kind="suspends", date=d("2024-05-15"), ends_on=d("2024-09-01")
    )
    public_new = Client().get(f"/van-ban/{new.pk}/").content.decode()
    public_old = Client().get(f"/van-ban/{doc.pk}/").content.decode()
    assert "12/2016/QĐ-UBND</a> — Quy định về học phí" in public_new and "01/09/2024" not in public_new
    assert "5/2024/QĐ-UBND</a> — Quyết định tạm ngưng" in public_old and "15/05/2024 – 01/09/2024" in public_old
    client.force_login(specialist)
    for page in (f"/van-ban/{new.pk}/sua/", f"/van-ban/{doc.pk}/sua/"):
        html = client.get(page).content.decode()
        assert "15/05/2024 – 01/09/2024" in html and "</a> — " not in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"to": "99/2020/QĐ-UBND"}, "Không có văn bản"),
        ({"to": "5/2024/QĐ-UBND"}, "chính nó"),
        ({"kind": "suspends", "ends_on": "2024-05-01"}, "phải sau ngày"),
        ({"date": "1900-01-01"}, "01/01/1900 trước ngày 02/09/1945"),
        ({"kind": "annuls"}, "lựa chọn"),
    ],
    ids=["unknown-number", "itself", "ends-before-start", "before-1945", "unknown-kind"],
)
def test_relation_errors_are_shown(
    client: Client, specialist: Any, doc: Any, make_doc: Callable[..., Any], data: dict[str, str], message: str
) -> None:
    new = make_doc("5/2024/QĐ-UBND", "Quyết định sửa đổi", effective="2024-05-15")
    client.force_login(specialist)
    form = {
        "action": "relation",
        "kind": "amends",
        "to": "12/2016/QĐ-UBND",
        "date": "2024-05-15",
        "articles": "",
        **data,
    }
    response = client.post(f"/van-ban/{new.pk}/sua/", form)
    assert response.status_code == 200 and message in response.content.decode()
    assert not DocumentRelation.objects.exists()


# --------------------------------------------------------------------------- who may


def test_anonymous_visitors_go_to_the_login_page(client: Client, doc: Any) -> None:
    for url in ["/van-ban/moi/", f"/van-ban/{doc.pk}/sua/"]:
        for response in (client.get(url), client.post(url, {**FORM, "action": "save"})):
            assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")
    assert client.get(f"/van-ban/{doc.pk}/cong-cu/").content == b""
    assert LegalDocument.objects.count() == 1


def test_officers_without_the_capability_get_403_and_change_nothing(
    client: Client,
    doc: Any,
    reception: Any,
    make_staff: Callable[..., Any],
    settings: Any,
    make_doc: Callable[..., Any],
) -> None:
    make_doc("5/2024/QĐ-UBND", "Quyết định sửa đổi", effective="2024-05-15")
    editor = make_staff("bientap", Role.EDITOR)
    former = make_staff("nghihuu")
    item = DocumentFile(document=doc, name="a.pdf")
    item.file.save("a.pdf", SimpleUploadedFile("a.pdf", PDF), save=True)
    events = AuditEvent.objects.count()
    posts = [
        ("/van-ban/moi/", {**FORM, "action": "save"}),
        (f"/van-ban/{doc.pk}/sua/", {**FORM, "action": "save"}),
        (f"/van-ban/{doc.pk}/sua/", {"action": "file", "file": upload("b.pdf", PDF)}),
        (f"/van-ban/{doc.pk}/sua/", {"action": "remove_file", "file": str(item.pk)}),
        (
            f"/van-ban/{doc.pk}/sua/",
            {"action": "relation", "kind": "repeals", "to": "5/2024/QĐ-UBND", "date": "2024-05-15"},
        ),
    ]
    for officer in (reception, editor, former):
        client.force_login(officer)
        assert client.get("/van-ban/moi/").status_code == 403
        assert client.get(f"/van-ban/{doc.pk}/sua/").status_code == 403
        for url, data in posts:
            assert client.post(url, data).status_code == 403, (officer, url, data.get("action"))
        assert client.get(f"/van-ban/{doc.pk}/cong-cu/").content == b""
        assert "/van-ban/moi/" not in client.get("/van-phong/").content.decode()
    doc.refresh_from_db()
    assert doc.title == "Quy định về học phí" and LegalDocument.objects.count() == 2
    assert (
        list(DocumentFile.objects.values_list("name", flat=True)) == ["a.pdf"] and not DocumentRelation.objects.exists()
    )
    assert AuditEvent.objects.count() == events and len(stored_files(settings)) == 1


def test_editors_see_the_edit_link_and_the_navigation_entry(client: Client, doc: Any, specialist: Any) -> None:
    page = client.get(f"/van-ban/{doc.pk}/")
    html = page.content.decode()
    # the public page stays the same for everyone (cached, no session): the link comes from the island
    assert f'hx-get="/van-ban/{doc.pk}/cong-cu/"' in html and f"/van-ban/{doc.pk}/sua/" not in html
    assert "Cookie" not in page.get("Vary", "") and page["Cache-Control"] == "public, max-age=60"
    client.force_login(specialist)
    island = client.get(f"/van-ban/{doc.pk}/cong-cu/", headers={"HX-Request": "true"})
    assert (
        island.status_code == 200
        and f'href="/van-ban/{doc.pk}/sua/"' in island.content.decode()
        and ">Sửa<" in island.content.decode()
    )
    assert "no-cache" in island["Cache-Control"] or "max-age=0" in island["Cache-Control"]
    office = client.get("/van-phong/").content.decode()
    assert 'href="/van-ban/moi/"' in office and "Vào sổ văn bản" in office
