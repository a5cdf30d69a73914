"""The data of each official form (01–07), built from a dossier and its events."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from tuphap.dossiers.documents.model import Document, Para, Signature, Table, vn_date, vn_time
from tuphap.dossiers.documents.versions import KEYS, form_for
from tuphap.dossiers.models import Dossier, DossierEvent, LimitUnit
from tuphap.dossiers.procedures import applied_variant
from tuphap.dossiers.register import HEADER as REGISTER_HEADER
from tuphap.dossiers.register import register_table
from tuphap.dossiers.workflow import STATE_LABELS_VI, State, timeliness
from tuphap.orgs.selectors import agency_in_force
from tuphap.workdays.selectors import estimated_years

if TYPE_CHECKING:
    from django.db.models import QuerySet

STATUS_SALT = "tuphap.dossiers.status"
LIMIT_UNITS_VI = {
    LimitUnit.WORKING_DAYS: "ngày làm việc",
    LimitUnit.CALENDAR_DAYS: "ngày",
    LimitUnit.WORKING_HOURS: "giờ làm việc",
}
CHANNEL_RESULT_VI = {"desk": "Bộ phận Một cửa (trực tiếp)", "online": "Trực tuyến", "post": "Qua dịch vụ bưu chính"}
TIMELINESS_VI = {"early": "Trước hạn", "on_time": "Đúng hạn", "late": "Quá hạn", "": "—"}


class DocumentUnavailable(Exception):
    """The dossier has no such document (e.g. no refusal for a received dossier)."""


# --------------------------------------------------------------------------- helpers


def status_token(code: str) -> str:
    """The signed token of the public status link (the QR code): no phone number needed."""
    return signing.Signer(salt=STATUS_SALT).sign(code)


def code_from_token(token: str) -> str | None:
    try:
        return signing.Signer(salt=STATUS_SALT).unsign(token)
    except signing.BadSignature:
        return None


def status_url(code: str, base_url: str) -> str:
    return base_url.rstrip("/") + reverse("dossiers:status", args=[status_token(code)])


def qr_png(url: str) -> bytes:
    import qrcode

    image = qrcode.make(url, box_size=6, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _local(value: dt.datetime | None) -> dt.datetime | None:
    return timezone.localtime(value) if value is not None else None


def _province_of(agency: Any) -> str:
    if agency.province:
        return str(agency.province)
    for marker in (" tỉnh ", " thành phố "):
        if marker in agency.name:
            return str(agency.name.split(marker, 1)[1])
    return ""


def _agency_lines(agency: Any, on: dt.date | None = None) -> tuple[str, str, str]:
    """The letterhead of Decree 30/2020/NĐ-CP for ``agency`` as in force on ``on``
    (its successor after a merger): the governing body on the first line ("UBND
    TỈNH LÂM ĐỒNG"), the agency without the province the first line already
    names ("SỞ TƯ PHÁP"), and the place name of that agency for the date line."""
    if on is not None:
        agency = agency_in_force(agency, on)
    province = _province_of(agency)
    if agency.parent_id:
        parent_agency = agency.parent if on is None else agency_in_force(agency.parent, on)
        parent = parent_agency.short_name or parent_agency.name
    else:
        parent = (
            ("UBND " + province if province.lower().startswith("thành phố ") else f"UBND tỉnh {province}")
            if province
            else ""
        )
    for long, short in (("Ủy ban nhân dân", "UBND"), ("Uỷ ban nhân dân", "UBND")):
        parent = parent.replace(long, short)
    name = agency.name
    for marker in (" tỉnh ", " thành phố "):
        head, _sep, tail = name.partition(marker)
        if tail and tail.lower() in parent.lower():
            name = head
            break
    place = agency.place_name or province
    return parent.upper(), name.upper(), place or "Việt Nam"


def _in_force(dossier: Dossier) -> Any:
    """The receiving agency as in force at the dossier's receipt."""
    return agency_in_force(dossier.agency, timezone.localtime(dossier.received_at).date())


def _person(user: Any, fallback: str = "") -> str:
    if user is None:
        return fallback
    return user.get_full_name() or user.get_username()


def _sequence(code: str) -> str:
    return code.rsplit("-", 1)[-1] if "-" in code else code


def _limit(dossier: Dossier) -> str:
    p = dossier.procedure
    text = f"{p.time_limit_amount} {LIMIT_UNITS_VI.get(p.time_limit_unit, p.time_limit_unit)}"
    text = f"{text} ({p.time_limit_note})" if p.time_limit_note else text
    if variant := applied_variant(dossier):  # a time-limit variant the officer applied (catalogue.md)
        text += f"; áp dụng “{variant['label']}”: {variant['amount']} {LIMIT_UNITS_VI.get(variant['unit'], '')}"
    return text


def _base(dossier: Dossier, key: str, at: dt.datetime | None) -> Document:
    received_on = timezone.localtime(dossier.received_at).date()
    circular, form = form_for(key, received_on)
    parent, agency, place = _agency_lines(dossier.agency, received_on)
    day = timezone.localtime(at or timezone.now()).date()
    # a form the circular does not have prints no label at all: never an internal remark
    label = f"Mẫu số {form.number} — {circular.name}" if form.number else ""
    return Document(
        key=key,
        form_label=label,
        title=form.title,
        parent_agency=parent,
        agency=agency,
        number=f"Số: {_sequence(dossier.code)}/{form.abbreviation}",
        place_date=f"{place}, {vn_date(day)}",
        filename=f"{key}-{dossier.code}",
    )


def _applicant(dossier: Dossier) -> list[Para | Table]:
    return [
        Para(dossier.applicant_name, label="Họ và tên người nộp hồ sơ: "),
        Para(dossier.applicant_address or "—", label="Địa chỉ: "),
        Para(f"{dossier.applicant_phone or '—'}    Email: {dossier.applicant_email or '—'}", label="Số điện thoại: "),
        Para(dossier.procedure.name, label="Nội dung yêu cầu giải quyết: "),
    ]


def _last_event(dossier: Dossier, action: str) -> DossierEvent:
    event = dossier.events.filter(action=action).select_related("actor").order_by("-seq").first()
    if event is None:
        raise DocumentUnavailable(action)
    return event


# --------------------------------------------------------------------------- the forms


RECEIPT_ACTIONS = ("receive", "reissue_receipt")


def receipt_issues(dossier: Dossier) -> list[DossierEvent]:
    """Every issue of the receipt, oldest first: the one handed out at receipt,
    then each reissue (after a calendar change moved the appointment)."""
    return list(dossier.events.filter(action__in=RECEIPT_ACTIONS).select_related("actor").order_by("seq"))


def estimated_note(start: dt.datetime, end: dt.datetime, years: list[int] | None = None) -> str:
    """The sentence a due date carries when it crosses estimated calendar years
    ("" when it does not); ``years``: as recorded at the issue, else as they stand now."""
    if years is None:
        years = estimated_years(timezone.localtime(start), timezone.localtime(end))
    if not years:
        return ""
    return (
        "Thời hạn trả kết quả được tính theo lịch nghỉ lễ ước tính của năm "
        + ", ".join(str(y) for y in years)
        + " (chưa có lịch chính thức); thời hạn có thể được tính lại khi lịch chính thức được công bố."
    )


def _fee_paid_online(event: DossierEvent | None) -> list[Para]:
    """The fee paid online before receipt (settled at receipt: the receive event records it), else nothing."""
    paid = (event.data or {}).get("fee_paid_online") if event is not None else None
    if not paid:
        return []
    amount = f"{int(paid['amount']):,}".replace(",", ".")
    return [Para(f"đã nộp trực tuyến {amount} đồng, biên lai điện tử số {paid['receipt']}.", label="Phí, lệ phí: ")]


def receipt(dossier: Dossier, base_url: str, version: int | None = None) -> Document:
    """Form 01: the receipt with the appointment and a QR code to the status page.

    ``version``: which issue (1 = the one handed out at receipt); by default the
    latest. Each issue prints the appointment it was issued with; a reissue keeps
    the earlier ones."""
    if dossier.state in (State.SUBMITTED, State.REFUSED) or dossier.due_at is None:
        raise DocumentUnavailable("receipt")
    issues = receipt_issues(dossier)
    if version is not None and not 1 <= version <= len(issues):
        raise DocumentUnavailable("receipt")
    event = issues[0] if issues else None
    issue = issues[-1 if version is None else version - 1] if issues else None
    due = (issue.due_after if issue is not None else None) or dossier.due_at
    doc = _base(dossier, "receipt", dossier.received_at)
    components = dossier.procedure.components or []
    rows = [
        [
            str(i),
            str(c.get("name", c) if isinstance(c, dict) else c),
            "Bản chính hoặc bản sao",
            str(c.get("copies", 1) if isinstance(c, dict) else 1),
        ]
        for i, c in enumerate(components, start=1)
    ]
    doc.subtitle = f"Mã hồ sơ: {dossier.code}"
    doc.blocks = [
        Para(f"{_in_force(dossier).name} tiếp nhận hồ sơ của:"),
        *_applicant(dossier),
        Para("1. Thành phần hồ sơ nộp gồm:", style="bold"),
        Table(["STT", "Tên loại giấy tờ", "Hình thức", "Số lượng"], rows or [["1", "—", "—", "—"]], [1, 8, 4, 2]),
        Para("01 (bộ)", label="2. Số lượng hồ sơ: "),
        Para(_limit(dossier), label="3. Thời gian giải quyết hồ sơ theo quy định: "),
        Para(vn_time(_local(dossier.received_at)), label="4. Thời gian nhận hồ sơ: "),
        Para(vn_time(_local(due)), label="5. Thời gian trả kết quả giải quyết hồ sơ: ", style="bold"),
        Para(CHANNEL_RESULT_VI.get(dossier.channel, dossier.channel), label="6. Đăng ký nhận kết quả tại: "),
        *([Para(dossier.receiving_point.name, label="Nơi tiếp nhận: ")] if dossier.receiving_point_id else []),
        *_fee_paid_online(event),
        Para(f"Vào Sổ theo dõi hồ sơ, số thứ tự {_sequence(dossier.code)}.", style="italic"),
    ]
    recorded = issue.data.get("estimated_years") if issue is not None else None
    if note := estimated_note(dossier.received_at, due, recorded):
        doc.blocks.append(Para(note, style="italic"))
    if issue is not None and issue.action == "reissue_receipt":
        number = len(issues) if version is None else version
        doc.subtitle += f" (cấp lại lần {number - 1}, {vn_date(timezone.localtime(issue.at).date())})"
    doc.signatures = [
        Signature("NGƯỜI NỘP HỒ SƠ", name=dossier.applicant_name),
        Signature("NGƯỜI TIẾP NHẬN HỒ SƠ", name=_person(event.actor if event else None)),
    ]
    doc.qr_url = status_url(dossier.code, base_url)
    doc.qr_png = qr_png(doc.qr_url)
    doc.qr_caption = "Quét mã để tra cứu tình trạng hồ sơ"
    return doc


def _received_on(dossier: Dossier, what: str) -> Para:
    """A letter's opening: the day the agency (named as it was then) received the dossier, and ``what`` it did."""
    return Para(f"Ngày {timezone.localtime(dossier.received_at):%d/%m/%Y}, {_in_force(dossier).name} {what}")


def _head_signature(event: DossierEvent) -> Signature:
    """The head of the agency signs and seals the letters that tell the applicant of a delay or a stop."""
    return Signature(
        "THỦ TRƯỞNG CƠ QUAN", note="(Ký, ghi rõ họ tên và đóng dấu)", name=_person(event.actor, event.actor_name)
    )


def supplement(dossier: Dossier, base_url: str = "") -> Document:
    """Form 02: every missing item, asked for once, with the reason."""
    event = _last_event(dossier, "request_supplement")
    doc = _base(dossier, "supplement", event.at)
    items = list(event.data.get("items") or [])
    doc.subtitle = f"Mã hồ sơ: {dossier.code}"
    doc.blocks = [
        *_applicant(dossier),
        _received_on(dossier, "đã tiếp nhận hồ sơ của Ông/Bà."),
        Para("Sau khi xem xét, đề nghị Ông/Bà bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:"),
        *[Para(f"{i}. {item}") for i, item in enumerate(items, start=1)],
        Para(event.note or "Hồ sơ chưa đầy đủ thành phần theo quy định.", label="Lý do: "),
        Para(
            "Thời gian giải quyết tạm dừng từ "
            f"{vn_time(_local(event.at))} cho đến khi nhận đủ hồ sơ bổ sung. Trong quá trình hoàn thiện hồ sơ nếu có "
            "vướng mắc, "
            f"Ông/Bà liên hệ {dossier.unit.name} để được hướng dẫn."
        ),
    ]
    doc.signatures = [Signature("NGƯỜI HƯỚNG DẪN", name=_person(event.actor, event.actor_name))]
    return doc


def supplement_at_desk(
    *, agency: Any, procedure: Any, applicant: dict[str, str], items: list[str], reason: str, officer: Any
) -> Document:
    """Form 02 at intake: the application is incomplete, so it is not received
    (no dossier code, no clock); the applicant leaves with the list."""
    today = timezone.localdate()
    circular, form = form_for("supplement", today)
    parent, name, place = _agency_lines(agency, today)
    doc = Document(
        key="supplement",
        form_label=f"Mẫu số {form.number} — {circular.name}",
        title=form.title,
        parent_agency=parent,
        agency=name,
        number=f"Số: …/{form.abbreviation}",
        place_date=f"{place}, {vn_date(today)}",
        filename="phieu-yeu-cau-bo-sung",
    )
    doc.blocks = [
        Para(applicant.get("name", ""), label="Họ và tên người nộp hồ sơ: "),
        Para(applicant.get("address") or "—", label="Địa chỉ: "),
        Para(applicant.get("phone") or "—", label="Số điện thoại: "),
        Para(procedure.name, label="Nội dung yêu cầu giải quyết: "),
        Para(
            "Sau khi xem xét, hồ sơ chưa đủ để tiếp nhận. Đề nghị Ông/Bà bổ sung, hoàn thiện hồ sơ gồm những nội dung "
            "sau:"
        ),
        *[Para(f"{i}. {item}") for i, item in enumerate(items, start=1)],
        Para(reason or "Hồ sơ chưa đầy đủ thành phần theo quy định.", label="Lý do: "),
    ]
    doc.signatures = [Signature("NGƯỜI HƯỚNG DẪN", name=_person(officer))]
    return doc


def refusal(dossier: Dossier, base_url: str = "") -> Document:
    """Form 03: the refusal with its reason."""
    event = _last_event(dossier, "refuse")
    doc = _base(dossier, "refusal", event.at)
    doc.subtitle = f"Mã hồ sơ: {dossier.code}"
    doc.blocks = [
        Para(f"{_in_force(dossier).name} tiếp nhận hồ sơ của:"),
        *_applicant(dossier),
        Para("Qua xem xét, cơ quan thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:"),
        Para(event.note, style="bold"),
        Para("Xin thông báo để Ông/Bà được biết và thực hiện./."),
    ]
    doc.signatures = [Signature("NGƯỜI TIẾP NHẬN HỒ SƠ", name=_person(event.actor, event.actor_name))]
    return doc


def apology(dossier: Dossier, base_url: str = "") -> Document:
    """Form 04: the apology and the new appointment (lateness still counts against the old one)."""
    event = _last_event(dossier, "extend")
    doc = _base(dossier, "apology", event.at)
    new_due = dossier.extended_due_at
    if event.data.get("new_due_at"):
        new_due = dt.datetime.fromisoformat(event.data["new_due_at"])
    doc.blocks = [
        Para(dossier.applicant_name, label="Kính gửi: ", style="center"),
        _received_on(dossier, f"tiếp nhận giải quyết hồ sơ của Ông/Bà về: {dossier.procedure.name}."),
        Para(dossier.code, label="Mã hồ sơ: "),
        Para(vn_time(_local(event.due_before or dossier.due_at)), label="Thời hẹn trả kết quả giải quyết hồ sơ: "),
        Para("Tuy nhiên đến nay, cơ quan chưa thể trả kết quả giải quyết hồ sơ của Ông/Bà đúng hẹn."),
        Para(event.note, label="Lý do: "),
        Para(
            "Sự chậm trễ này đã gây phiền hà cho Ông/Bà. Cơ quan xin lỗi Ông/Bà và đề nghị gia hạn, "
            f"sẽ trả kết quả giải quyết hồ sơ cho Ông/Bà vào {vn_time(_local(new_due))}."
        ),
        Para("Xin trân trọng cảm ơn./."),
    ]
    doc.signatures = [_head_signature(event)]
    return doc


def stop(dossier: Dossier, base_url: str = "") -> Document:
    """Form 05 (2025): processing stopped, with the reason."""
    event = _last_event(dossier, "stop")
    doc = _base(dossier, "stop", event.at)
    doc.blocks = [
        Para(dossier.applicant_name, label="Kính gửi: ", style="center"),
        _received_on(dossier, f"tiếp nhận hồ sơ của Ông/Bà về: {dossier.procedure.name} (mã hồ sơ {dossier.code})."),
        Para(f"Cơ quan thông báo dừng giải quyết hồ sơ kể từ {vn_time(_local(event.at))}."),
        Para(event.note, label="Lý do: "),
        Para("Xin thông báo để Ông/Bà được biết./."),
    ]
    doc.signatures = [_head_signature(event)]
    return doc


ACTION_VI = {
    "submit": "Nộp hồ sơ",
    "receive": "Tiếp nhận",
    "refuse": "Từ chối tiếp nhận",
    "assign": "Phân công xử lý",
    "forward": "Chuyển xử lý",
    "request_supplement": "Yêu cầu bổ sung",
    "supplement_received": "Nhận hồ sơ bổ sung",
    "request_fee": "Yêu cầu nộp phí",
    "fee_paid": "Đã nộp phí",
    "extend": "Xin lỗi, hẹn lại",
    "resolve": "Có kết quả",
    "stop": "Dừng giải quyết",
    "withdraw": "Rút hồ sơ",
    "return": "Trả kết quả",
    "rate": "Đánh giá",
    "retime": "Tính lại hạn",
    "reissue_receipt": "Cấp lại giấy tiếp nhận",
    "time_variant": "Áp dụng thời hạn khác",
}


def step_timeliness(done_at: dt.datetime, deadline: dt.datetime | None) -> str:
    """early / on_time / late for one step (the same rule as for the dossier)."""
    if deadline is None:
        return ""
    return timeliness(done_at, deadline)


def control_rows(dossier: Dossier) -> list[dict[str, Any]]:
    """The control slip's lines: each event, who handed to whom, when, and how
    the step it closes fared against that step's deadline."""
    rows: list[dict[str, Any]] = []
    due: dt.datetime | None = None
    step_deadline: dt.datetime | None = None
    holder = ""
    events = list(dossier.events.select_related("actor", "to_user").order_by("seq"))
    for event in events:
        if event.action in ("rate",):
            continue
        giver = _person(event.actor, event.actor_name) or "Hệ thống"
        if event.to_user is not None:
            receiver = _person(event.to_user)
        elif event.action in ("receive", "supplement_received", "fee_paid"):
            receiver = dossier.unit.name
        elif event.action in ("resolve", "stop"):
            receiver = "Bộ phận Một cửa"
        elif event.action in ("return", "refuse", "request_supplement", "request_fee"):
            receiver = dossier.applicant_name
        else:
            receiver = holder
        judged = (
            step_timeliness(event.at, step_deadline)
            if rows and event.action not in ("retime", "reissue_receipt")
            else ""
        )
        rows.append(
            {
                "seq": event.seq,
                "action": ACTION_VI.get(event.action, event.action),
                "giver": giver,
                "receiver": receiver,
                "at": timezone.localtime(event.at),
                "deadline": _local(step_deadline),
                "timeliness": judged,
                "note": event.note,
            }
        )
        if event.due_after is not None:
            due = event.due_after
        step_deadline = event.step_due_at or due
        holder = receiver
    return rows


def control(dossier: Dossier, base_url: str = "") -> Document:
    """Form 06: every hand-over with its time and early / on time / late."""
    doc = _base(dossier, "control", timezone.now())
    doc.subtitle = f"Mã hồ sơ: {dossier.code}"
    doc.landscape = True
    rows = control_rows(dossier)
    doc.blocks = [
        Para(f"(Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả số {_sequence(dossier.code)}/TNHS)", style="center"),
        Para(dossier.unit.name, label="Cơ quan (bộ phận) giải quyết hồ sơ: "),
        Para(dossier.procedure.name, label="Thủ tục: "),
        Para(vn_time(_local(dossier.due_at)), label="Thời hạn trả kết quả: "),
        Table(
            ["STT", "Bước", "Bên giao", "Bên nhận", "Thời gian giao, nhận", "Hạn của bước trước", "Kết quả", "Ghi chú"],
            [
                [
                    str(i),
                    r["action"],
                    r["giver"],
                    r["receiver"],
                    r["at"].strftime("%H:%M %d/%m/%Y"),
                    r["deadline"].strftime("%H:%M %d/%m/%Y") if r["deadline"] else "—",
                    TIMELINESS_VI[r["timeliness"]],
                    r["note"],
                ]
                for i, r in enumerate(rows, start=1)
            ],
            [1, 3, 4, 4, 3.5, 3.5, 2.5, 4],
        ),
        Para(f"Trạng thái hiện tại: {STATE_LABELS_VI[State(dossier.state)]}.", style="italic"),
    ]
    return doc


def register(*, agency: Any, start: dt.date, end: dt.date, dossiers: QuerySet[Dossier] | None = None) -> Document:
    """Form 07: the register of the dossiers received in a period (of ``dossiers``: those the reader may see)."""
    circular, form = form_for("register", start)
    # the register is issued today: the agency in force today heads it
    parent, name, place = _agency_lines(agency, timezone.localdate())
    rows = list(register_table(start, end, dossiers=dossiers))
    return Document(
        key="register",
        form_label=f"Mẫu số {form.number} — {circular.name}",
        title=form.title,
        subtitle=f"Từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}",
        parent_agency=parent,
        agency=name,
        number="",
        place_date=f"{place}, {vn_date(timezone.localdate())}",
        blocks=[
            Table(
                list(REGISTER_HEADER),
                rows or [["", "Không có hồ sơ trong kỳ", *[""] * 10]],
                [1.1, 5.6, 6, 4, 2.2, 2.8, 2.8, 2.8, 2.8, 2.8, 2.6, 2.6],
            )
        ],
        landscape=True,
        filename=f"so-theo-doi-{start:%Y%m%d}-{end:%Y%m%d}",
    )


@dataclass(frozen=True)
class Form:
    """A dossier's document: what builds it, its name on the dossier's page, and whether it prints the applicant's
    phone, email and address whole (forms 01, 02, 03: shown to those who may see personal data, each view audited)."""

    builder: Callable[..., Document]
    label: Any
    personal: bool = False


#: the dossier's documents by key, each declared once (the register, form 07, is the period's, not a dossier's)
FORMS = {
    "receipt": Form(receipt, gettext_lazy("Receipt and appointment (form 01)"), personal=True),
    "supplement": Form(supplement, gettext_lazy("Request to supplement (form 02)"), personal=True),
    "refusal": Form(refusal, gettext_lazy("Refusal (form 03)"), personal=True),
    "apology": Form(apology, gettext_lazy("Apology and extension (form 04)")),
    "stop": Form(stop, gettext_lazy("Stop notice (form 05)")),
    "control": Form(control, gettext_lazy("Control slip (form 06)")),
}
assert set(FORMS) | {"register"} == set(KEYS)  # noqa: S101 - a table check at import time


def available(dossier: Dossier, actions: set[str]) -> list[str]:
    """The documents this dossier has, given the actions in its history."""
    keys = []
    if dossier.due_at is not None and "receive" in actions:
        keys.append("receipt")
    for key, action in (
        ("supplement", "request_supplement"),
        ("refusal", "refuse"),
        ("apology", "extend"),
        ("stop", "stop"),
    ):
        if action in actions:
            keys.append(key)
    keys.append("control")
    return keys


def build(key: str, dossier: Dossier, base_url: str, version: int | None = None) -> Document:
    """``version``: for the receipt, which issue (1 = the first); other documents have one."""
    try:
        builder = FORMS[key].builder
    except KeyError:
        raise DocumentUnavailable(key) from None
    if key == "receipt":
        return receipt(dossier, base_url, version)
    if version not in (None, 1):
        raise DocumentUnavailable(key)
    return builder(dossier, base_url)
