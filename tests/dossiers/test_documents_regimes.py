"""The one-stop rules by receipt date: forms, letterhead, the apology's lead time,
supplements, and the receipt's estimated calendar years and reissue.

Boundaries: a dossier received on 30/6/2025 (Decree 61/2018, Circular 01/2018,
the Bình Thuận department) and one received on 1/7/2025 (Decree 118/2025,
Circular 03/2025, the merged Lâm Đồng department); a deadline crossing into
2027, a year whose calendar is estimated."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from tests.dossiers.conftest import APPLICANT, NATIONALITY
from tests.dossiers.test_documents import check_both, docx_text, pdf_text
from tuphap.core.errors import ConflictError
from tuphap.core.tz import LOCAL_TZ
from tuphap.dossiers import regimes, services
from tuphap.dossiers.documents import build
from tuphap.dossiers.documents.model import MOTTO_1
from tuphap.dossiers.documents.render import MOTTO_1_PT, to_docx, to_html, to_pdf
from tuphap.dossiers.documents.versions import CIRCULARS, circular_for
from tuphap.orgs import services as orgs
from tuphap.reports.selectors import onestop_flags

pytestmark = pytest.mark.django_db
BASE = "http://testserver/"
#: what no official document may print: the notes we write for ourselves
REMARKS = ("không có mẫu", "Theo Nghị định", "chưa xác nhận", "TODO", "demo", "Thông tư 01/2018/TT-VPCP không")


def t(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=LOCAL_TZ)


@pytest.fixture
def merged(department: Any) -> Any:
    """The 2025 merger: the Bình Thuận department until 30/6/2025, the Lâm Đồng one from 1/7/2025."""
    old_parent = department.parent
    orgs.agency_upsert(
        actor=None,
        code=old_parent.code,
        name=old_parent.name,
        province="Bình Thuận",
        place_name="Bình Thuận",
        valid_to=dt.date(2025, 6, 30),
    )
    old = orgs.agency_upsert(
        actor=None,
        code=department.code,
        name=department.name,
        parent=old_parent,
        province="Bình Thuận",
        place_name="Bình Thuận",
        valid_to=dt.date(2025, 6, 30),
    )
    parent = orgs.agency_upsert(
        actor=None,
        code="000.00.00.H38",
        name="Ủy ban nhân dân tỉnh Lâm Đồng",
        short_name="UBND tỉnh Lâm Đồng",
        province="Lâm Đồng",
        place_name="Lâm Đồng",
        valid_from=dt.date(2025, 7, 1),
    )
    new = orgs.agency_upsert(
        actor=None,
        code="000.00.17.H38",
        name="Sở Tư pháp tỉnh Lâm Đồng",
        parent=parent,
        province="Lâm Đồng",
        place_name="Lâm Đồng",
        valid_from=dt.date(2025, 7, 1),
    )
    orgs.agency_set_successor(actor=None, agency=old, successor=new)
    return new


def _flat(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- forms and letterhead


def test_the_forms_switch_with_decree_118_on_1_july_2025() -> None:
    assert circular_for(dt.date(2025, 6, 30)).name == "Thông tư 01/2018/TT-VPCP"
    assert circular_for(dt.date(2025, 7, 1)).name == "Thông tư 03/2025/TT-VPCP"
    # the switch is the decree's date, not the circular's own (15/9/2025)
    new = CIRCULARS[1]
    assert new.dated == dt.date(2025, 9, 15) and new.valid_from == dt.date(2025, 7, 1) < new.dated
    assert regimes.regime_for(dt.date(2025, 6, 30)).key == "2018"
    assert regimes.regime_for(dt.date(2025, 7, 1)).key == "2025"
    assert [r.circular for r in regimes.REGIMES] == [c.name for c in CIRCULARS]


def _every_form(receive: Callable[..., Any], staff: dict[str, Any], day: str) -> list[Any]:
    """Every document a dossier received at 09:00 on ``day`` can have."""
    start = t(f"{day}T09:00")
    full = receive(NATIONALITY, received_at=start)
    services.dossier_request_supplement(
        actor=None, dossier=full, items=["Ảnh 4x6"], reason="Thiếu ảnh", at=start + dt.timedelta(hours=2)
    )
    services.dossier_supplement_received(actor=None, dossier=full, at=start + dt.timedelta(days=1))
    full.refresh_from_db()
    services.dossier_extend(
        actor=None,
        dossier=full,
        reason="Cần xác minh",
        new_due_at=full.due_at + dt.timedelta(days=7),
        at=start + dt.timedelta(days=1, hours=1),
    )
    services.dossier_resolve(actor=None, dossier=full, outcome="approved", at=start + dt.timedelta(days=2))
    stopped = receive(NATIONALITY, received_at=start)
    services.dossier_stop(actor=staff["head"], dossier=stopped, reason="Người yêu cầu rút yêu cầu bằng văn bản")
    refused = services.dossier_submit(
        actor=None, procedure_code=NATIONALITY, applicant=APPLICANT, channel="desk", submitted_at=start
    )
    services.dossier_refuse(actor=staff["reception"], dossier=refused, reason="Không thuộc thẩm quyền")
    for d in (full, stopped, refused):
        d.refresh_from_db()
    return [
        build.receipt(full, BASE),
        build.supplement(full),
        build.apology(full),
        build.control(full),
        build.stop(stopped),
        build.refusal(refused),
    ]


@pytest.mark.parametrize(
    ("day", "parent", "place", "circular"),
    [
        ("2025-06-30", "UBND TỈNH BÌNH THUẬN", "Bình Thuận", "Thông tư 01/2018/TT-VPCP"),
        ("2025-07-01", "UBND TỈNH LÂM ĐỒNG", "Lâm Đồng", "Thông tư 03/2025/TT-VPCP"),
    ],
)
def test_every_form_is_headed_by_the_agency_at_receipt_and_prints_no_remark(
    merged: Any, receive: Callable[..., Any], staff: dict[str, Any], day: str, parent: str, place: str, circular: str
) -> None:
    docs = _every_form(receive, staff, day)
    for doc in docs:
        assert (doc.parent_agency, doc.agency) == (parent, "SỞ TƯ PHÁP"), doc.key
        assert doc.place_date.startswith(f"{place}, ngày"), doc.key
        pdf, docx = check_both(doc, parent, "SỞ TƯ PHÁP")
        html = to_html(doc)
        for text in (pdf, docx, html):
            for remark in REMARKS:
                assert remark not in text, (doc.key, remark)
        if doc.form_label:
            assert doc.form_label.endswith(circular)
    labels = {doc.key: doc.form_label for doc in docs}
    if circular.startswith("Thông tư 01"):
        assert labels["stop"] == ""  # the 2018 circular has no stop notice: no label, no remark
        assert labels["control"] == f"Mẫu số 05 — {circular}"
    else:
        assert labels["stop"] == f"Mẫu số 05 — {circular}"
    # the body names the agency in force at receipt, too
    assert f"Sở Tư pháp tỉnh {place} tiếp nhận hồ sơ của" in _flat(docx_text(to_docx(docs[0])))


def test_register_and_intake_forms_are_headed_by_the_agency_in_force_today(
    merged: Any, department: Any, catalogue: Any, staff: dict[str, Any]
) -> None:
    department.refresh_from_db()
    doc = build.register(agency=department, start=dt.date(2025, 6, 1), end=dt.date(2025, 7, 31))
    assert (doc.parent_agency, doc.agency) == ("UBND TỈNH LÂM ĐỒNG", "SỞ TƯ PHÁP")
    assert doc.place_date.startswith("Lâm Đồng, ngày")
    desk = build.supplement_at_desk(
        agency=department,
        procedure=catalogue[NATIONALITY],
        applicant={"name": "Nguyễn Văn An"},
        items=["Ảnh"],
        reason="",
        officer=staff["reception"],
    )
    assert desk.parent_agency == "UBND TỈNH LÂM ĐỒNG"


def _text_width_pt(text: str, size: float) -> float:
    """The width of ``text`` in bold Times (Liberation Serif Bold has its metrics) at ``size`` pt."""
    from PIL import ImageFont

    path = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf")
    if not path.exists():
        path = Path("/usr/share/fonts/truetype/liberation/LiberationSerif-Bold.ttf")
    if not path.exists():
        # no font file: a conservative estimate, every character as wide as a capital W
        return len(text) * size
    font = ImageFont.truetype(str(path), 1000)
    return font.getlength(text) * size / 1000


@pytest.mark.parametrize("landscape", [False, True])
def test_docx_motto_fits_on_one_line(landscape: bool, receive: Callable[..., Any]) -> None:
    doc = build.receipt(receive(NATIONALITY), BASE)
    doc.landscape = landscape
    with zipfile.ZipFile(io.BytesIO(to_docx(doc))) as archive:
        xml = archive.read("word/document.xml").decode()
    header = xml[xml.index("<w:tbl>") : xml.index("</w:tbl>")]
    grid = [int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"', header)]
    assert len(grid) == 2 and grid[1] > grid[0]
    assert '<w:tblLayout w:type="fixed"/>' in header  # the office suite keeps our widths
    margin = int(re.search(r'<w:tblCellMar>.*?<w:left w:w="(\d+)"', header).group(1))  # type: ignore[union-attr]
    motto_cell = header[header.index("<w:tc>", header.index("</w:tc>")) :]
    motto_cell = motto_cell[: motto_cell.index("</w:tc>")]
    assert MOTTO_1 in motto_cell and "<w:noWrap/>" in motto_cell
    cell_width = int(re.search(r'<w:tcW[^>]*w:w="(\d+)"', motto_cell).group(1))  # type: ignore[union-attr]
    assert abs(cell_width - grid[1]) <= 1
    # twips: 20 a point; 5 % to spare over the font's own advance widths
    needed = _text_width_pt(MOTTO_1, MOTTO_1_PT) * 20 * 1.05 + 2 * margin
    assert needed <= grid[1], (needed, grid[1])
    assert f'<w:sz w:val="{2 * MOTTO_1_PT}"/>' in motto_cell


def test_pdf_motto_is_on_one_line(receive: Callable[..., Any]) -> None:
    text = pdf_text(to_pdf(build.receipt(receive(NATIONALITY), BASE)))
    assert any(line.strip().endswith(MOTTO_1) for line in text.splitlines())


# --------------------------------------------------------------------------- form 04: the apology


def test_apology_is_taken_late_and_after_the_appointment_and_counted(
    receive: Callable[..., Any], staff: dict[str, Any], client: Client
) -> None:
    in_time = receive(received_at=t("2025-06-30T09:00"))  # Decree 61: 5 working days -> Mon 7/7 09:00
    assert in_time.due_at == t("2025-07-07T09:00")
    in_time = services.dossier_extend(
        actor=staff["head"], dossier=in_time, reason="Cần xác minh", new_due_at=t("2025-07-11T09:00"),
        at=t("2025-07-04T09:00"),
    )  # fmt: skip
    assert not in_time.late_notice
    last_day = services.dossier_extend(
        actor=staff["head"],
        dossier=receive(received_at=t("2025-06-30T09:00")),
        reason="Cần xác minh",
        new_due_at=t("2025-07-11T09:00"),
        at=t("2025-07-04T10:00"),  # less than one working day before the appointment
    )
    assert last_day.late_notice and last_day.extended_due_at == t("2025-07-11T09:00")
    assert last_day.events.get(action="extend").data["late_notice"] is True
    after = receive(received_at=t("2025-07-01T09:00"))  # Decree 118: due Tue 8/7 09:00
    with pytest.raises(ValidationError):  # the new appointment must lie ahead
        services.dossier_extend(
            actor=staff["head"], dossier=after, reason="x", new_due_at=t("2025-07-09T09:00"), at=t("2025-07-10T09:00")
        )
    after = services.dossier_extend(
        actor=staff["head"], dossier=after, reason="Chờ cơ quan khác trả lời", new_due_at=t("2025-07-15T09:00"),
        at=t("2025-07-09T09:00"),
    )  # fmt: skip
    assert after.late_notice and after.due_at == t("2025-07-08T09:00")  # lateness still against the appointment
    doc = build.apology(after)
    check_both(doc, "Chờ cơ quan khác trả lời", "09 giờ 00 phút, ngày 15 tháng 7 năm 2025")
    with pytest.raises(ConflictError, match="một lần"):
        services.dossier_extend(
            actor=staff["head"], dossier=after, reason="x", new_due_at=t("2025-07-20T09:00"), at=t("2025-07-09T10:00")
        )
    assert onestop_flags(dt.date(2025, 6, 1), dt.date(2025, 7, 31)) == {
        "late_notice": 2,
        "late_supplement_request": 0,
    }
    assert onestop_flags(dt.date(2025, 7, 1), dt.date(2025, 7, 31))["late_notice"] == 1
    client.force_login(staff["head"])
    page = client.get(f"/ho-so/{after.code}/").content.decode()
    assert "data-flag" in page and "118/2025" in page


# --------------------------------------------------------------------------- supplements


def test_supplement_clock_follows_the_regime_of_the_receipt(receive: Callable[..., Any]) -> None:
    # Decree 61/2018: the time limit goes on with what was left (1 day used, 4 left)
    old = receive(received_at=t("2025-06-30T09:00"))
    services.dossier_request_supplement(actor=None, dossier=old, items=["Ảnh"], at=t("2025-07-01T09:00"))
    old = services.dossier_supplement_received(actor=None, dossier=old, at=t("2025-07-03T09:00"))
    assert old.due_at == t("2025-07-09T09:00") and not old.late_supplement_request
    # Decree 118/2025: the same rule until a text says otherwise (1 day used, 4 left)
    new = receive(received_at=t("2025-07-01T09:00"))
    services.dossier_request_supplement(actor=None, dossier=new, items=["Ảnh"], at=t("2025-07-02T09:00"))
    new = services.dossier_supplement_received(actor=None, dossier=new, at=t("2025-07-04T09:00"))
    assert new.due_at == t("2025-07-10T09:00")
    assert new.events.get(action="supplement_received").data["clock"] == regimes.RESUME
    assert regimes.regime_for(dt.date(2025, 7, 1)).key == "2025"
    # a re-timing (calendar change) keeps each rule
    for d in (old, new):
        due = d.due_at
        services.dossier_retime(dossier=d, reason="kiểm tra")
        d.refresh_from_db()
        assert d.due_at == due


def test_a_late_supplement_request_is_taken_flagged_shown_and_counted(
    receive: Callable[..., Any], staff: dict[str, Any], client: Client
) -> None:
    on_time = receive(received_at=t("2025-07-01T09:00"))
    on_time = services.dossier_request_supplement(actor=None, dossier=on_time, items=["Ảnh"], at=t("2025-07-04T09:00"))
    assert not on_time.late_supplement_request  # three working days after receipt: in time
    late = receive(received_at=t("2025-07-01T09:00"))
    late = services.dossier_request_supplement(actor=None, dossier=late, items=["Ảnh"], at=t("2025-07-04T09:30"))
    assert late.late_supplement_request and late.state == "supplement_requested"
    assert late.events.get(action="request_supplement").data["late"] is True
    old_late = receive(received_at=t("2025-06-27T09:00"))  # Fri, Decree 61: the same three days
    old_late = services.dossier_request_supplement(
        actor=None, dossier=old_late, items=["Ảnh"], at=t("2025-07-03T09:00")
    )
    assert old_late.late_supplement_request
    assert onestop_flags(dt.date(2025, 7, 1), dt.date(2025, 7, 31)) == {"late_notice": 0, "late_supplement_request": 1}
    assert onestop_flags(dt.date(2025, 6, 1), dt.date(2025, 7, 31))["late_supplement_request"] == 2
    client.force_login(staff["head"])
    page = client.get(f"/ho-so/{late.code}/").content.decode()
    assert "data-flag" in page and "118/2025" in page
    assert "data-flag" not in client.get(f"/ho-so/{on_time.code}/").content.decode()
    # the reports' dashboard counts it in the quarter of the receipt
    client.force_login(staff["director"])
    dashboard = client.get(reverse("reports:dashboard"), {"quy": "2025Q3"}).content.decode()
    assert '<strong data-flag="late_supplement_request">1</strong>' in dashboard


# --------------------------------------------------------------------------- the receipt: estimated years, reissue


def test_receipt_names_estimated_years_and_is_reissued_after_the_official_schedule(
    receive: Callable[..., Any], staff: dict[str, Any], admin_user: Any, client: Client
) -> None:
    from tuphap.workdays.services import calendar_day_set, calendar_year_set
    from tuphap.workdays.tasks import retime_open_deadlines

    d = receive(received_at=t("2026-12-28T09:00"))  # 5 working days across 1/1/2027 -> Tue 5/1/2027 09:00
    assert d.due_at == t("2027-01-05T09:00")
    first = build.receipt(d, BASE)
    pdf, docx = check_both(first, "09 giờ 00 phút, ngày 05 tháng 01 năm 2027", "lịch nghỉ lễ ước tính của năm 2027")
    with pytest.raises(ConflictError):  # nothing moved: nothing to reissue
        services.dossier_reissue_receipt(actor=staff["reception"], dossier=d)

    # the official 2027 schedule is entered, with a day off on Mon 4/1: the dossier is re-timed
    calendar_year_set(actor=admin_user, year=2027, status="official", source="Thông báo lịch nghỉ năm 2027 (thử)")
    calendar_day_set(actor=admin_user, date=dt.date(2027, 1, 4), kind="day_off", reason="Nghỉ bù (thử nghiệm)")
    retime_open_deadlines.call(agency_id=None, since="2027-01-04")
    d.refresh_from_db()
    assert d.due_at == t("2027-01-06T09:00")
    # the receipt handed out is unchanged until it is reissued on request
    assert "ngày 05 tháng 01 năm 2027" in _flat(docx_text(to_docx(build.receipt(d, BASE))))

    with pytest.raises(PermissionDenied):
        services.dossier_reissue_receipt(actor=staff["specialist"], dossier=d)
    client.force_login(staff["reception"])
    response = client.post(f"/ho-so/{d.code}/giay-to/cap-lai-giay-tiep-nhan/", {"version": d.version})
    assert response.status_code == 302
    event = d.events.get(action="reissue_receipt")
    assert (event.due_before, event.due_after) == (t("2027-01-05T09:00"), t("2027-01-06T09:00"))
    from tuphap.core.models import AuditEvent

    assert AuditEvent.objects.filter(action="dossier.reissue_receipt").count() == 1
    latest = build.receipt(d, BASE)
    _pdf, docx = check_both(latest, "09 giờ 00 phút, ngày 06 tháng 01 năm 2027", "cấp lại lần 1")
    assert "ước tính" not in docx  # 2027 is official now
    # the first issue is kept as it was
    assert "ngày 05 tháng 01 năm 2027" in _flat(docx_text(to_docx(build.receipt(d, BASE, 1))))
    client.force_login(staff["head"])
    old = client.get(f"/ho-so/{d.code}/giay-to/receipt.docx", {"lan": 1})
    assert old.status_code == 200 and "ngày 05 tháng 01 năm 2027" in _flat(docx_text(old.content))
    assert client.get(f"/ho-so/{d.code}/giay-to/receipt.pdf", {"lan": 3}).status_code == 404
    page = client.get(f"/ho-so/{d.code}/").content.decode()
    assert 'data-receipt-issue="2"' in page
    # reissuing again with nothing moved is refused, and so is a specialist's POST
    client.force_login(staff["reception"])
    assert client.post(f"/ho-so/{d.code}/giay-to/cap-lai-giay-tiep-nhan/").status_code == 409
    client.force_login(staff["specialist"])
    assert client.post(f"/ho-so/{d.code}/giay-to/cap-lai-giay-tiep-nhan/").status_code == 403


def test_desk_preview_names_the_estimated_years(
    catalogue: Any, department: Any, units: dict[str, Any], staff: dict[str, Any], client: Client
) -> None:
    from django.utils import timezone

    from tuphap.dossiers import procedures
    from tuphap.dossiers.catalogue import PROCEDURES
    from tuphap.workdays.selectors import estimated_years

    data = dict(next(p for p in PROCEDURES if p["code"] == NATIONALITY))
    data.update(code="9.999999.000.00.00.H09", name="Thủ tục thử: 60 ngày làm việc", time_limit_amount=60)
    procedures.procedure_publish(
        actor=None, data=data, agency=department, unit=units["hctp"], valid_from=dt.date(2015, 1, 1)
    )
    client.force_login(staff["reception"])
    now = timezone.now()
    page = client.get(reverse("dossiers:desk_preview"), {"procedure": data["code"]}).content.decode()
    due = dt.datetime.fromisoformat(re.search(r'data-due="([^"]+)"', page).group(1))  # type: ignore[union-attr]
    years = estimated_years(now, due)
    assert due - now > dt.timedelta(days=60)  # 60 working days: longer than 60 calendar days
    if years:  # from December 2026 on, a year without an official schedule lies ahead
        assert "data-estimated-years" in page and all(str(y) in page for y in years)
    else:
        assert "data-estimated-years" not in page


def test_the_regimes_file_is_checked_when_read() -> None:
    text = (Path(regimes.__file__).parent / "data" / "regimes.toml").read_text(encoding="utf-8")
    assert regimes.load(text) == regimes.REGIMES
    assert regimes.REGIMES[0].supplement_window_days == regimes.Rule(
        3, "Nghị định 61/2018/NĐ-CP, Điều 19, sửa đổi bởi Nghị định 107/2021/NĐ-CP (yêu cầu bổ sung)", False
    )
    with pytest.raises(ValueError, match="supplement_clock"):
        regimes.load(text.replace('value = "resume"', 'value = "pause"', 1))
    first, second = text.split("[[regime]]")[1:]
    with pytest.raises(ValueError, match="oldest first"):
        regimes.load(f"[[regime]]{second}[[regime]]{first}")
