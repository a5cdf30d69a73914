"""Demo data of plans and tasks, through the services; idempotent.

- The province leader's conclusion after the department's Q1/2022 review,
  split into its tasks (in the demo's own words), with a mix of statuses.
- A recent director's conclusion, so that the board has tasks due soon and
  overdue today.
- A year of plans and decisions (2022): four submitted in Q1/2022 on
  administrative-violation handling management and law-enforcement
  monitoring, more later in the year, and an implementation plan under the
  10-day rule of Decree 80/2025.
- Violation-handling figures of Q1/2022 by reporting body and field.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import timezone

from tuphap.orgs.models import Agency, Unit
from tuphap.workplans import rules, services
from tuphap.workplans.models import Plan, Task, TaskSource

D = dt.date.fromisoformat

REVIEW_SOURCE = {
    "kind": "conclusion",
    "number": "86/TB-UBND",
    "issued_on": D("2022-04-12"),
    "issuer": "Ủy ban nhân dân tỉnh Bình Thuận",
    "title": "Kết luận của Chủ tịch UBND tỉnh tại buổi làm việc với Sở Tư pháp về kết quả công tác quý I/2022",
}

# content, lead unit, deadline (kind, date or days), outcome (state, date, result)
REVIEW_TASKS: list[tuple[str, str, tuple[str, Any], tuple[str, str | None, str]]] = [
    (
        "Bảo đảm tiến độ xây dựng và chất lượng thẩm định các dự thảo văn bản quy phạm pháp luật của tỉnh năm 2022; "
        "không để dự thảo nào trình UBND tỉnh khi chưa được thẩm định.",
        "xdkt-vb",
        ("date", D("2022-12-15")),
        ("done", "2022-12-09", "Báo cáo số 412/BC-STP về công tác xây dựng, thẩm định văn bản năm 2022"),
    ),
    (
        (
            "Tham mưu UBND tỉnh ban hành chỉ thị về nâng cao chất lượng xây dựng, ban hành văn bản quy phạm pháp luật "
            "trên địa bàn tỉnh."
        ),
        "xdkt-vb",
        ("working_days", 30),
        ("done", "2022-06-10", "Tờ trình số 138/TTr-STP kèm dự thảo Chỉ thị của Chủ tịch UBND tỉnh"),
    ),
    (
        (
            "Thường xuyên rà soát, kiểm tra văn bản quy phạm pháp luật do tỉnh ban hành; kịp thời kiến nghị sửa đổi, "
            "thay thế, bãi bỏ."
        ),
        "xdkt-vb",
        ("none", None),
        ("in_progress", None, ""),
    ),
    (
        "Đổi mới hình thức phổ biến, giáo dục pháp luật, chú trọng ứng dụng công nghệ thông tin và mạng xã hội.",
        "pbgdpl",
        ("date", D("2022-09-30")),
        ("done", "2022-09-20", "Kế hoạch số 96/KH-STP về chuyển đổi số công tác phổ biến pháp luật"),
    ),
    (
        "Tăng cường thanh tra, kiểm tra chuyên ngành tư pháp; thực hiện nghiêm các giải pháp phòng, chống tham nhũng.",
        "thanh-tra",
        ("date", D("2022-11-30")),
        ("done", "2022-12-20", "Báo cáo số 401/BC-STP kết quả thanh tra, kiểm tra năm 2022"),
    ),
    (
        "Kiện toàn tổ chức bộ máy, bổ sung đủ biên chế công chức cho các phòng chuyên môn của Sở.",
        "van-phong",
        ("date", D("2022-10-31")),
        ("in_progress", None, ""),
    ),
    (
        (
            "Hướng dẫn, bồi dưỡng nghiệp vụ cho công chức tư pháp - hộ tịch cấp xã; đề xuất bố trí đủ công chức tư "
            "pháp - hộ tịch."
        ),
        "hctp",
        ("working_days", 45),
        ("not_started", None, ""),
    ),
]

PLANS: list[dict[str, Any]] = [
    # Q1/2022: the 04 plans and decisions reported
    {
        "kind": "plan",
        "field": "violation_handling",
        "lead": "qlxlvp",
        "title": "Kế hoạch quản lý công tác thi hành pháp luật về xử lý vi phạm hành chính năm 2022",
        "submitted": ("2022-01-14", "08/TTr-STP"),
        "issued": ("15/KH-UBND", "2022-01-20"),
    },
    {
        "kind": "plan",
        "field": "enforcement_monitoring",
        "lead": "qlxlvp",
        "title": "Kế hoạch theo dõi tình hình thi hành pháp luật năm 2022",
        "submitted": ("2022-01-21", "12/TTr-STP"),
        "issued": ("28/KH-UBND", "2022-01-28"),
    },
    {
        "kind": "decision",
        "field": "enforcement_monitoring",
        "lead": "qlxlvp",
        "title": (
            "Quyết định ban hành danh mục lĩnh vực trọng tâm, liên ngành theo dõi tình hình thi hành pháp luật năm 2022"
        ),
        "submitted": ("2022-02-22", "31/TTr-STP"),
        "issued": ("412/QĐ-UBND", "2022-03-01"),
    },
    {
        "kind": "plan",
        "field": "violation_handling",
        "lead": "qlxlvp",
        "title": "Kế hoạch kiểm tra công tác thi hành pháp luật về xử lý vi phạm hành chính năm 2022",
        "submitted": ("2022-03-15", "47/TTr-STP"),
        "issued": ("790/KH-UBND", "2022-03-24"),
    },
    # the rest of the year
    {
        "kind": "plan",
        "field": "dissemination",
        "lead": "pbgdpl",
        "title": "Kế hoạch tổ chức Ngày Pháp luật Việt Nam năm 2022 trên địa bàn tỉnh",
        "submitted": ("2022-08-05", "102/TTr-STP"),
        "issued": ("2870/KH-UBND", "2022-08-16"),
    },
    {
        "kind": "decision",
        "field": "violation_handling",
        "lead": "qlxlvp",
        "title": (
            "Quyết định thành lập Đoàn kiểm tra liên ngành công tác thi hành pháp luật về xử lý vi phạm hành chính "
            "năm 2022"
        ),
        "submitted": ("2022-06-08", "88/TTr-STP"),
        "issued": ("1375/QĐ-UBND", "2022-06-15"),
    },
    {
        "kind": "plan",
        "field": "enforcement_monitoring",
        "lead": "qlxlvp",
        "title": "Kế hoạch theo dõi tình hình thi hành pháp luật năm 2023",
        "submitted": ("2022-12-16", "170/TTr-STP"),
        "issued": None,
    },
    # under the 10-day rule of Decree 80/2025 (the Prime Minister's plan of 14/07/2025)
    {
        "kind": "plan",
        "field": "law_implementation",
        "lead": "xdkt-vb",
        "title": "Kế hoạch triển khai thi hành Luật Ban hành văn bản quy phạm pháp luật (sửa đổi) trên địa bàn tỉnh",
        "basis": "Kế hoạch của Thủ tướng Chính phủ triển khai thi hành Luật (sửa đổi)",
        "basis_issued_on": D("2025-07-14"),
        "rule_code": "implementation_plan",
        "submitted": ("2025-07-22", "95/TTr-STP"),
        "issued": ("2210/KH-UBND", "2025-07-24"),
    },
]

STATS = [
    ("Công an tỉnh", "traffic", 8420, 21_356_500_000, 19_870_000_000),
    ("Công an tỉnh", "public_order", 612, 2_104_000_000, 1_850_500_000),
    ("Sở Giao thông vận tải", "traffic", 385, 1_146_000_000, 1_090_000_000),
    ("Sở Tài nguyên và Môi trường", "environment", 27, 1_380_000_000, 905_000_000),
    ("Sở Xây dựng", "land_construction", 41, 1_015_000_000, 760_000_000),
    ("Cục Quản lý thị trường tỉnh", "trade", 156, 892_500_000, 892_500_000),
    ("Sở Y tế", "health", 63, 318_000_000, 296_000_000),
    ("Sở Tư pháp", "justice", 4, 22_500_000, 22_500_000),
]


def _task(source: TaskSource, unit: Unit | None, content: str, kind: str, value: Any, **more: Any) -> Task:
    """One of the source's tasks, assigned the day the source was issued; its deadline ``(kind, value)``: a date,
    or a number of working days."""
    return services.task_create(
        actor=None,
        source=source,
        content=content,
        lead_unit=unit,
        assigned_on=source.issued_on,
        deadline_kind=kind,
        due_on=value if kind == "date" else None,
        deadline_days=value if kind == "working_days" else None,
        **more,
    )


def _review(agency: Agency, units: dict[str, Unit]) -> int:
    if TaskSource.objects.filter(
        agency=agency, number=REVIEW_SOURCE["number"], issued_on=REVIEW_SOURCE["issued_on"]
    ).exists():
        return 0
    source = services.task_source_create(actor=None, agency=agency, **REVIEW_SOURCE)
    for content, unit_code, (kind, value), (state, done_on, result) in REVIEW_TASKS:
        coordinating = [u for code, u in units.items() if code == "van-phong" and unit_code != "van-phong"]
        task = _task(source, units.get(unit_code), content, kind, value, coordinating_units=coordinating)
        if state in ("in_progress", "done"):
            task = services.task_start(
                actor=None,
                task=task,
                on=source.issued_on + dt.timedelta(days=6),
                note="Đã phân công chuyên viên theo dõi.",
            )
        if state == "done" and done_on:
            services.task_note(
                actor=None,
                task=task,
                note="Đã xây dựng dự thảo, lấy ý kiến các phòng.",
                on=source.issued_on + dt.timedelta(days=20),
            )
            services.task_complete(actor=None, task=task, result_document=result, on=D(done_on))
    return len(REVIEW_TASKS)


def _recent(agency: Agency, units: dict[str, Unit], today: dt.date) -> int:
    """A director's conclusion of three weeks ago: tasks due soon and overdue today."""
    issued = today - dt.timedelta(days=21)
    number = f"{issued:%m}/TB-STP-demo"
    if TaskSource.objects.filter(agency=agency, number=number, issued_on=issued).exists():
        return 0
    source = services.task_source_create(
        actor=None,
        agency=agency,
        kind="conclusion",
        number=number,
        issued_on=issued,
        issuer="Giám đốc Sở Tư pháp",
        title="Kết luận của Giám đốc Sở tại cuộc họp giao ban tháng",
    )
    items = [
        (
            "Tổng hợp báo cáo kết quả công tác tư pháp quý để trình UBND tỉnh.",
            "van-phong",
            "date",
            today - dt.timedelta(days=3),
        ),
        ("Rà soát danh mục văn bản hết hiệu lực trong năm, gửi Sở Tư pháp tổng hợp.", "xdkt-vb", "working_days", 20),
        (
            "Xây dựng báo cáo thống kê xử lý vi phạm hành chính quý gửi Bộ Tư pháp.",
            "qlxlvp",
            "date",
            today + dt.timedelta(days=2),
        ),
        ("Chuẩn bị nội dung hội nghị tập huấn nghiệp vụ hộ tịch cho cấp xã.", "hctp", "working_days", 30),
    ]
    for content, unit_code, kind, value in items:
        _task(source, units.get(unit_code), content, kind, value)
    return len(items)


def _plans(agency: Agency, units: dict[str, Unit], today: dt.date) -> int:
    made = 0
    for spec in PLANS:
        if Plan.objects.filter(agency=agency, title=spec["title"]).exists():
            continue
        submitted_on = D(spec["submitted"][0]) if spec.get("submitted") else None
        if submitted_on is not None and submitted_on > today:
            continue
        plan = services.plan_create(
            actor=None,
            agency=agency,
            kind=spec["kind"],
            field=spec["field"],
            title=spec["title"],
            lead_unit=units.get(spec["lead"]),
            basis=spec.get("basis", ""),
            basis_issued_on=spec.get("basis_issued_on"),
            rule_code=spec.get("rule_code", ""),
        )
        if submitted_on is not None:
            plan = services.plan_submit(
                actor=None, plan=plan, submitted_on=submitted_on, submission_number=spec["submitted"][1]
            )
        if spec.get("issued"):
            services.plan_record_issue(
                actor=None, plan=plan, issued_number=spec["issued"][0], issued_on=D(spec["issued"][1])
            )
        made += 1
    return made


def _ensure_decree_80_rule() -> None:
    """The rule a data migration seeds; restored here if the table was emptied
    (a flushed test database), so that the demo always loads."""
    from tuphap.workplans.models import DeadlineRule

    if not DeadlineRule.objects.filter(code="implementation_plan").exists():
        services.deadline_rule_set(
            actor=None,
            code="implementation_plan",
            name="Kế hoạch triển khai thi hành văn bản của tỉnh",
            amount=10,
            unit="calendar_days",
            legal_basis="Nghị định 80/2025/NĐ-CP (kể từ ngày Thủ tướng Chính phủ ban hành kế hoạch)",
            valid_from=dt.date(2025, 4, 1),
        )


def load(stdout: Any) -> None:
    agency = Agency.objects.filter(code=settings.TUPHAP_AGENCY_CODE).first()
    if agency is None:
        return
    units = {u.code: u for u in Unit.objects.filter(agency=agency)}
    today = timezone.localdate()
    _ensure_decree_80_rule()
    tasks = _review(agency, units) + _recent(agency, units, today)
    plans = _plans(agency, units, today)
    for reporter, field, decisions, imposed, collected in STATS:
        services.violation_stat_save(
            actor=None, row=rules.StatRow(2022, 1, reporter, field, decisions, imposed, collected)
        )
    stdout.write(
        f"Nhiệm vụ và kế hoạch: {tasks} nhiệm vụ mới, {plans} kế hoạch/quyết định mới, {len(STATS)} dòng số liệu "
        "XLVPHC quý I/2022."
    )
