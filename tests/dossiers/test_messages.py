"""The texts sent to applicants: gettext with English msgids, always rendered in Vietnamese.

The expected texts below were produced by the Vietnamese literals of ``dossiers/services.py``
and ``dossiers/online/services.py`` before the texts moved to ``dossiers/messages.py``, with
the same sample data: the move must not change a byte of what the applicant receives.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from tests.dossiers.conftest import APPLICANT, NATIONALITY
from tuphap.core.models import Notification
from tuphap.dossiers import messages, services
from tuphap.dossiers.reminders import dossiers_warn_deadlines

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
CODE = "000.00.17.H09-220307-0001"
AT = dt.datetime(2022, 3, 7, 9, 0, tzinfo=TZ)
DUE = dt.datetime(2022, 3, 14, 9, 0, tzinfo=TZ)
NEW_DUE = dt.datetime(2022, 3, 16, 17, 0, tzinfo=TZ)
REASON = "  Thiếu bản sao giấy khai sinh  "  # the services strip the reason

CASES: list[tuple[str, Callable[[], messages.Text], tuple[str, str]]] = [
    (
        "received",
        lambda: messages.received(code=CODE, procedure="Cấp Phiếu lý lịch tư pháp", at=AT, due_at=DUE),
        (
            "Đã tiếp nhận hồ sơ 000.00.17.H09-220307-0001",
            "Hồ sơ “Cấp Phiếu lý lịch tư pháp” đã được tiếp nhận lúc 09:00 ngày 07/03/2022. "
            "Hẹn trả kết quả: 09:00 ngày 14/03/2022.",
        ),
    ),
    (
        "received, no appointment",
        lambda: messages.received(code=CODE, procedure="Cấp Phiếu lý lịch tư pháp", at=AT, due_at=None),
        (
            "Đã tiếp nhận hồ sơ 000.00.17.H09-220307-0001",
            "Hồ sơ “Cấp Phiếu lý lịch tư pháp” đã được tiếp nhận lúc 09:00 ngày 07/03/2022. Hẹn trả kết quả: —.",
        ),
    ),
    (
        "accepted",
        lambda: messages.accepted(code=CODE, due_at=DUE),
        ("Đã tiếp nhận hồ sơ 000.00.17.H09-220307-0001", "Hẹn trả kết quả: 09:00 ngày 14/03/2022."),
    ),
    (
        "refused",
        lambda: messages.refused(code=CODE, reason=REASON),
        ("Hồ sơ 000.00.17.H09-220307-0001 không được tiếp nhận", "Lý do: Thiếu bản sao giấy khai sinh"),
    ),
    (
        "supplement requested, with a reason",
        lambda: messages.supplement_requested(code=CODE, items=["Bản sao giấy khai sinh", "Ảnh 4x6"], reason=REASON),
        (
            "Hồ sơ 000.00.17.H09-220307-0001 cần bổ sung",
            "Xin bổ sung: Bản sao giấy khai sinh; Ảnh 4x6. Lý do: Thiếu bản sao giấy khai sinh",
        ),
    ),
    (
        "supplement requested, no reason",
        lambda: messages.supplement_requested(code=CODE, items=["Ảnh 4x6"], reason="  "),
        ("Hồ sơ 000.00.17.H09-220307-0001 cần bổ sung", "Xin bổ sung: Ảnh 4x6"),
    ),
    (
        "supplement received",
        lambda: messages.supplement_received(code=CODE, due_at=NEW_DUE),
        ("Đã nhận hồ sơ bổ sung 000.00.17.H09-220307-0001", "Hẹn trả kết quả mới: 17:00 ngày 16/03/2022."),
    ),
    (
        "fee requested",
        lambda: messages.fee_requested(code=CODE, fee=1_250_000),
        ("Hồ sơ 000.00.17.H09-220307-0001 chờ nộp phí", "Số tiền: 1.250.000 đồng."),
    ),
    (
        "fee requested, small",
        lambda: messages.fee_requested(code=CODE, fee=0),
        ("Hồ sơ 000.00.17.H09-220307-0001 chờ nộp phí", "Số tiền: 0 đồng."),
    ),
    (
        "apology",
        lambda: messages.apology(code=CODE, reason=REASON, due_at=NEW_DUE),
        (
            "Xin lỗi và hẹn lại hồ sơ 000.00.17.H09-220307-0001",
            "Lý do: Thiếu bản sao giấy khai sinh. Hẹn trả mới: 17:00 ngày 16/03/2022.",
        ),
    ),
    (
        "result approved",
        lambda: messages.result_ready(code=CODE, outcome="approved", reason=""),
        ("Hồ sơ 000.00.17.H09-220307-0001 đã có kết quả", "Kết quả đã sẵn sàng để trả."),
    ),
    (
        "result refused",
        lambda: messages.result_ready(code=CODE, outcome="refused", reason=REASON),
        (
            "Hồ sơ 000.00.17.H09-220307-0001 đã có kết quả",
            "Hồ sơ không được chấp thuận. Lý do: Thiếu bản sao giấy khai sinh",
        ),
    ),
    (
        "stopped",
        lambda: messages.stopped(code=CODE, reason=REASON),
        ("Dừng giải quyết hồ sơ 000.00.17.H09-220307-0001", "Lý do: Thiếu bản sao giấy khai sinh"),
    ),
    (
        "receipt reissued",
        lambda: messages.receipt_reissued(code=CODE, due_at=NEW_DUE),
        ("Cấp lại giấy tiếp nhận hồ sơ 000.00.17.H09-220307-0001", "Hẹn trả kết quả mới: 17:00 ngày 16/03/2022."),
    ),
    (
        "time limit applied",
        lambda: messages.time_limit_applied(
            code=CODE, label="Có yếu tố nước ngoài", condition="cần xác minh ở nước ngoài", due_at=NEW_DUE
        ),
        (
            "Hẹn lại ngày trả kết quả hồ sơ 000.00.17.H09-220307-0001",
            "Áp dụng thời hạn “Có yếu tố nước ngoài”: cần xác minh ở nước ngoài. Hẹn trả mới: 17:00 ngày 16/03/2022.",
        ),
    ),
    (
        "submitted online",
        lambda: messages.submitted_online(code=CODE, procedure="Cấp Phiếu lý lịch tư pháp", at=AT),
        (
            "Đã nộp hồ sơ 000.00.17.H09-220307-0001",
            "Hồ sơ “Cấp Phiếu lý lịch tư pháp” đã được nộp trực tuyến lúc 09:00 ngày 07/03/2022, "
            "mã hồ sơ 000.00.17.H09-220307-0001. "
            "Bộ phận một cửa sẽ kiểm tra và tiếp nhận; thời hạn giải quyết tính từ khi tiếp nhận.",
        ),
    ),
]


def test_the_officers_deadline_warning_is_todays_vietnamese_in_any_language() -> None:
    for language in ("vi", "en"):
        with translation.override(language):
            lines = [
                messages.deadline_line(code=CODE, overdue=True, due_at=DUE),
                messages.deadline_line(code="000.00.17.H09-220310-0001", overdue=False, due_at=NEW_DUE),
            ]
            assert lines == [
                "000.00.17.H09-220307-0001 (quá hạn, hẹn 09:00 14/03/2022)",
                "000.00.17.H09-220310-0001 (sắp đến hạn, hẹn 17:00 16/03/2022)",
            ]
            assert messages.deadline_warning(lines) == ("2 hồ sơ cần chú ý", "\n".join(lines))
            assert messages.deadline_warning(lines[:1]) == ("1 hồ sơ cần chú ý", lines[0])


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(("build", "expected"), [(b, e) for _, b, e in CASES], ids=[name for name, _, _ in CASES])
def test_every_message_is_todays_vietnamese_in_any_language(
    build: Callable[[], messages.Text], expected: tuple[str, str], language: str
) -> None:
    with translation.override(language):
        assert build() == expected
        assert translation.get_language() == language  # the builder gives the language back


def test_an_instant_is_read_in_the_office_time_zone() -> None:
    utc = dt.datetime(2022, 3, 7, 2, 0, tzinfo=dt.UTC)  # 09:00 in Hà Nội
    with translation.override("en"):
        assert messages.accepted(code=CODE, due_at=utc)[1] == "Hẹn trả kết quả: 09:00 ngày 07/03/2022."


@pytest.mark.django_db
def test_services_queue_vietnamese_while_the_officer_reads_english(
    catalogue: dict[str, Any], staff: dict[str, Any]
) -> None:
    with translation.override("en"):
        submitted = services.dossier_submit(actor=None, procedure_code=NATIONALITY, applicant=APPLICANT)
        services.dossier_refuse(actor=staff["reception"], dossier=submitted, reason=" Không thuộc thẩm quyền ")
        received = services.dossier_receive(actor=None, procedure_code=NATIONALITY, applicant=APPLICANT, received_at=AT)
    refusal = Notification.objects.about(submitted).get(kind="email")
    assert (refusal.subject, refusal.body) == (
        f"Hồ sơ {submitted.code} không được tiếp nhận",
        "Lý do: Không thuộc thẩm quyền",
    )
    receipt = Notification.objects.about(received).get(kind="email")
    assert (receipt.subject, receipt.body) == (
        f"Đã tiếp nhận hồ sơ {received.code}",
        f"Hồ sơ “{received.procedure.name}” đã được tiếp nhận lúc 09:00 ngày 07/03/2022. "
        "Hẹn trả kết quả: 09:00 ngày 14/03/2022.",
    )
    sms = Notification.objects.about(received).get(kind="sms")
    assert sms.body == f"{receipt.subject}. {receipt.body}" and sms.to == APPLICANT["phone"]


@pytest.mark.django_db
def test_the_deadline_job_warns_in_vietnamese_while_english_is_active(
    receive: Callable[..., Any], staff: dict[str, Any]
) -> None:
    staff["head"].email = "truongphong@example.invalid"
    staff["head"].save(update_fields=["email"])
    late = receive(received_at=AT)
    with translation.override("en"):
        assert dossiers_warn_deadlines(at=dt.datetime(2022, 3, 16, 10, 0, tzinfo=TZ)) == 1
    warning = Notification.objects.get(to="truongphong@example.invalid")
    assert (warning.subject, warning.body) == ("1 hồ sơ cần chú ý", f"{late.code} (quá hạn, hẹn 09:00 14/03/2022)")
