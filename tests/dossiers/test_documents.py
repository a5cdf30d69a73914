"""The official forms 01–07: every DOCX and PDF is read back and checked."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.dossiers.conftest import NATIONALITY
from tuphap.dossiers import services
from tuphap.dossiers.documents import build
from tuphap.dossiers.documents.model import MOTTO_1, MOTTO_2, vn_date, vn_time
from tuphap.dossiers.documents.render import to_docx, to_html, to_pdf
from tuphap.dossiers.documents.versions import circular_for

pytestmark = pytest.mark.django_db
BASE = "http://testserver/"


def pdf_text(data: bytes) -> str:
    """The PDF's text (poppler's pdftotext; pypdf where it is installed instead)."""
    assert data.startswith(b"%PDF-")
    if shutil.which("pdftotext"):
        done = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True)  # noqa: S607
        return done.stdout.decode("utf-8")
    pypdf = pytest.importorskip("pypdf", reason="reading PDFs needs poppler-utils (pdftotext) or pypdf")
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def docx_text(data: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]

    def tables(ts: Any) -> None:
        for table in ts:
            for row in table.rows:
                for cell in row.cells:
                    lines.extend(p.text for p in cell.paragraphs)
                    tables(cell.tables)

    tables(document.tables)
    return "\n".join(lines)


def docx_fonts(data: bytes) -> set[str]:
    from docx import Document

    return {Document(io.BytesIO(data)).styles["Normal"].font.name}


def _flat(text: str) -> str:
    return " ".join(text.split())


def check_both(doc: Any, *expected: str) -> tuple[str, str]:
    pdf = _flat(pdf_text(to_pdf(doc)))
    word = to_docx(doc)
    docx = _flat(docx_text(word))
    for text in (MOTTO_1, MOTTO_2, doc.title, doc.place_date, *expected):
        assert _flat(text) in pdf, f"{text!r} missing from the PDF"
        assert _flat(text) in docx, f"{text!r} missing from the DOCX"
    assert docx_fonts(word) == {"Times New Roman"}
    return pdf, docx


@pytest.fixture
def full(receive: Callable[..., Any], staff: dict[str, Any]) -> Any:
    """A dossier through supplement, extension, assignment and resolution, returned."""
    d = receive(NATIONALITY, actor=staff["reception"])
    services.dossier_assign(actor=staff["head"], dossier=d, handler="chuyenvien")
    services.dossier_request_supplement(
        actor=staff["specialist"],
        dossier=d,
        items=["Bản sao giấy khai sinh", "Ảnh 4x6"],
        reason="Thiếu giấy tờ chứng minh",
    )
    services.dossier_supplement_received(actor=staff["reception"], dossier=d)
    d.refresh_from_db()
    services.dossier_extend(
        actor=staff["head"],
        dossier=d,
        reason="Cần xác minh với cơ quan công an",
        new_due_at=d.due_at + dt.timedelta(days=7),
    )
    services.dossier_resolve(actor=staff["head"], dossier=d, outcome="approved")
    services.dossier_return(actor=staff["reception"], dossier=d)
    d.refresh_from_db()
    return d


def test_dates_follow_decree_30() -> None:
    assert vn_date(dt.date(2025, 2, 5)) == "ngày 05 tháng 02 năm 2025"
    assert vn_date(dt.date(2025, 11, 20)) == "ngày 20 tháng 11 năm 2025"
    assert vn_time(dt.datetime(2025, 7, 14, 9, 5, tzinfo=dt.UTC)) == "09 giờ 05 phút, ngày 14 tháng 7 năm 2025"


def test_circulars_switch_on_1_july_2025() -> None:
    assert circular_for(dt.date(2025, 6, 30)).name == "Thông tư 01/2018/TT-VPCP"
    assert circular_for(dt.date(2025, 7, 1)).name == "Thông tư 03/2025/TT-VPCP"
    old, new = circular_for(dt.date(2020, 1, 1)), circular_for(dt.date(2026, 1, 1))
    assert old.forms["control"].number == "05" and new.forms["control"].number == "06"
    assert old.forms["stop"].number is None and new.forms["stop"].number == "05"
    assert old.forms["apology"].title != new.forms["apology"].title


def test_receipt_has_code_appointment_and_qr(receive: Callable[..., Any], staff: dict[str, Any]) -> None:
    d = receive(NATIONALITY, actor=staff["reception"])
    doc = build.receipt(d, BASE)
    assert doc.title == "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" and doc.form_label.startswith(
        "Mẫu số 01 — Thông tư 03/2025"
    )
    appointment = vn_time(timezone.localtime(d.due_at))
    pdf, docx = check_both(
        doc,
        d.code,
        appointment,
        "Nguyễn Văn An",
        "Xác nhận có quốc tịch Việt Nam ở trong nước",
        "SỞ TƯ PHÁP",
        "UBND TỈNH BÌNH THUẬN",
        "Tờ khai đề nghị xác nhận có quốc tịch Việt Nam",
    )
    assert "Bình Thuận, ngày" in pdf and "Số: 0001/TNHS" in pdf
    # the QR code opens the public status page through a signed token, not the phone
    assert doc.qr_png and doc.qr_png.startswith(b"\x89PNG")
    assert (
        doc.qr_url.startswith(BASE + "ho-so/tra-cuu/")
        and build.code_from_token(doc.qr_url.rsplit("/", 2)[-2]) == d.code
    )
    from PIL import Image

    image = Image.open(io.BytesIO(doc.qr_png))
    assert image.size[0] >= 150
    assert 'src="data:image/png;base64,' in to_html(doc)


def test_old_dossier_gets_the_2018_forms(receive: Callable[..., Any], staff: dict[str, Any]) -> None:
    d = receive(NATIONALITY, actor=None, received_at=dt.datetime(2024, 3, 4, 9, 30, tzinfo=dt.UTC))
    receipt = build.receipt(d, BASE)
    control = build.control(d)
    assert receipt.form_label == "Mẫu số 01 — Thông tư 01/2018/TT-VPCP"
    assert control.form_label == "Mẫu số 05 — Thông tư 01/2018/TT-VPCP"
    check_both(receipt, "Thông tư 01/2018/TT-VPCP", "16 giờ 30 phút, ngày 11 tháng 3 năm 2024")


def test_supplement_apology_control_of_a_full_run(full: Any) -> None:
    supplement = build.supplement(full)
    check_both(
        supplement,
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        "1. Bản sao giấy khai sinh",
        "2. Ảnh 4x6",
        "Thiếu giấy tờ chứng minh",
    )
    apology = build.apology(full)
    assert apology.title == "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT"
    check_both(
        apology, "Cần xác minh với cơ quan công an", vn_time(timezone.localtime(full.extended_due_at)), full.code
    )
    control = build.control(full)
    pdf, docx = check_both(
        control,
        "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        "Mẫu số 06",
        "Tiếp nhận",
        "Phân công xử lý",
        "Yêu cầu bổ sung",
        "Có kết quả",
        "Trả kết quả",
        "Cán Bộ Chuyenvien",
        "Trước hạn",
    )
    rows = build.control_rows(full)
    assert [r["action"] for r in rows][:2] == ["Tiếp nhận", "Phân công xử lý"]
    assert rows[0]["timeliness"] == "" and all(r["timeliness"] in {"early", "on_time", "late", ""} for r in rows)
    with pytest.raises(build.DocumentUnavailable):
        build.refusal(full)


def test_refusal_and_stop(catalogue: Any, staff: dict[str, Any], receive: Callable[..., Any]) -> None:
    from tests.dossiers.conftest import APPLICANT

    submitted = services.dossier_submit(
        actor=staff["reception"], procedure_code=NATIONALITY, applicant=APPLICANT, channel="desk"
    )
    services.dossier_refuse(actor=staff["reception"], dossier=submitted, reason="Không thuộc thẩm quyền của Sở Tư pháp")
    submitted.refresh_from_db()
    check_both(
        build.refusal(submitted),
        "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
        "Không thuộc thẩm quyền của Sở Tư pháp",
        submitted.code,
    )
    with pytest.raises(build.DocumentUnavailable):
        build.receipt(submitted, BASE)

    d = receive(NATIONALITY, actor=staff["reception"])
    services.dossier_stop(actor=staff["head"], dossier=d, reason="Người yêu cầu đã chết")
    d.refresh_from_db()
    check_both(build.stop(d), "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ", "Mẫu số 05", "Người yêu cầu đã chết", "Nguyễn Văn An")


def test_register_of_a_period(full: Any, department: Any) -> None:
    today = timezone.localdate()
    doc = build.register(agency=department, start=today - dt.timedelta(days=1), end=today)
    assert doc.landscape
    _pdf, docx = check_both(doc, "SỔ THEO DÕI HỒ SƠ", "Mẫu số 07", full.code, "Nguyễn Văn An")
    assert "Đã trả kết quả" in docx and "Xác nhận có quốc tịch Việt Nam ở trong nước" in docx


def test_download_every_form_over_http(client: Client, full: Any, staff: dict[str, Any]) -> None:
    client.force_login(staff["head"])
    for key in ("receipt", "supplement", "apology", "control"):
        for fmt, magic in (("pdf", b"%PDF-"), ("docx", b"PK")):
            response = client.get(f"/ho-so/{full.code}/giay-to/{key}.{fmt}")
            assert response.status_code == 200, (key, fmt)
            assert response.content.startswith(magic)
            assert f"{key}-{full.code}.{fmt}" in response["Content-Disposition"]
        html = client.get(f"/ho-so/{full.code}/giay-to/{key}.html").content.decode()
        assert (
            MOTTO_2 in html and "data-print" in html and "tuphap/site.js" in html
        )  # the print button, without an inline handler (CSP)
    assert client.get(f"/ho-so/{full.code}/giay-to/refusal.pdf").status_code == 404
    assert client.get(f"/ho-so/{full.code}/giay-to/receipt.exe").status_code == 404
    today = timezone.localdate().isoformat()
    for fmt, magic in (("pdf", b"%PDF-"), ("docx", b"PK"), ("xlsx", b"PK")):
        response = client.get("/ho-so/so-theo-doi/", {"start": today, "end": today, "format": fmt})
        assert response.status_code == 200 and response.content.startswith(magic), fmt
    text = _flat(pdf_text(client.get("/ho-so/so-theo-doi/", {"start": today, "end": today, "format": "pdf"}).content))
    assert full.code in text
    # a specialist of another unit sees none of it
    client.force_login(staff["other_specialist"])
    assert client.get(f"/ho-so/{full.code}/giay-to/receipt.pdf").status_code == 404
