"""What the quarterly report says in words (Vietnamese): its paragraphs, the
definitions of its rates, the header and closing of Decree 30/2020, its notices."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tuphap.reports.kpi import MEASURES, Counts, number_vi, percent_vi

MOTTO_1 = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_2 = "Độc lập - Tự do - Hạnh phúc"
#: the words of the rate formulas (the measures' count names), as the report prints them
TERMS_VI = {
    "received": "số hồ sơ tiếp nhận",
    "received_late": "số hồ sơ tiếp nhận bị trễ hạn",
    "received_online": "số hồ sơ nộp trực tuyến",
    "received_online_payment": "số hồ sơ thanh toán phí, lệ phí trực tuyến",
    "received_digitised": "số hồ sơ được số hóa",
    "finished": "số hồ sơ đã giải quyết",
    "finished_late": "số hồ sơ giải quyết quá hạn",
    "finished_late_766": "số hồ sơ giải quyết trễ hạn theo QĐ 766",
    "in_progress_within": "số hồ sơ đang giải quyết trong hạn",
    "in_progress_overdue": "số hồ sơ đang giải quyết quá hạn",
    "in_progress_waiting": "số hồ sơ đang chờ bổ sung",
    "in_progress_late_766": "số hồ sơ đang giải quyết trễ hạn theo QĐ 766",
    "rated": "số lượt đánh giá",
    "rated_good": "số lượt đánh giá hài lòng",
    "rated_acceptable": "số lượt đánh giá chấp nhận được",
    "processing_seconds": "tổng thời gian giải quyết (giờ làm việc, không tính thời gian tạm dừng)",
    "seconds_per_day": "8 giờ làm việc một ngày",
}


@dataclass(frozen=True)
class Definition:
    label: str
    numerator: str
    denominator: str
    source: str


def formula_vi(expression: str) -> str:
    """A measure's formula over count names ("finished_late", "a + b - c") in Vietnamese words."""
    return re.sub(r"[a-z][a-z0-9_]*", lambda m: TERMS_VI.get(m.group(0), m.group(0)), expression)


def definitions() -> list[Definition]:
    """The rates, each with its numerator and denominator in words."""
    return [
        Definition(m.label, formula_vi(m.numerator), formula_vi(m.denominator), m.source)
        for m in MEASURES
        if m.denominator
    ]


def paragraphs(title: str, c: Counts, m: dict[str, Any]) -> list[str]:
    """The paragraphs of part I: received, finished, in progress, ratings, each rate with its denominator."""
    first = (
        f"Trong {title}, Sở đã tiếp nhận {number_vi(c.received)} hồ sơ thủ tục hành chính, "
        f"trong đó {number_vi(c.received_late)} hồ sơ trễ hạn ({percent_vi(m['late_rate_received'])} số hồ sơ tiếp "
        "nhận)"
        f"; {number_vi(c.received_online)} hồ sơ nộp trực tuyến ({percent_vi(m['online_share'])} số hồ sơ tiếp nhận)."
    )
    second = (
        f"Trong kỳ đã giải quyết {number_vi(c.finished)} hồ sơ: {number_vi(c.finished_early)} trước hạn, "
        f"{number_vi(c.finished_on_time)} đúng hạn, {number_vi(c.finished_late)} quá hạn "
        f"({percent_vi(m['late_rate_finished'])} số hồ sơ đã giải quyết). Đến cuối kỳ còn "
        f"{number_vi(c.in_progress_within)} hồ sơ đang giải quyết trong hạn và {number_vi(c.in_progress_overdue)} hồ "
        "sơ quá hạn. "
        f"Tỷ lệ giải quyết đúng hạn theo Quyết định 766/QĐ-TTg đạt {percent_vi(m['on_time_rate_766'])} "
        f"(trên tổng số hồ sơ đã giải quyết và đang giải quyết"
        + (f", không tính {number_vi(c.in_progress_waiting)} hồ sơ đang chờ bổ sung" if c.in_progress_waiting else "")
        + ")."
    )
    out = [first, second]
    if c.rated:
        out.append(
            f"Có {number_vi(c.rated)} lượt đánh giá của người dân, doanh nghiệp; tỷ lệ hài lòng "
            f"{percent_vi(m['satisfaction_share'])} (trên số lượt đánh giá)."
        )
    return out


def agency_change(held: list[tuple[str, Any, Any]]) -> str:
    """The sentence of a period that spans a change of agency: who held which days,
    and how the table by agency adds up to the total."""
    parts = [f"{name} từ ngày {first:%d/%m/%Y} đến ngày {last:%d/%m/%Y}" for name, first, last in held]
    return (
        "Trong kỳ có sự thay đổi cơ quan (sắp xếp đơn vị hành chính): "
        + "; ".join(parts)
        + ". Bảng theo cơ quan ghi riêng số liệu của mỗi cơ quan trong những ngày cơ quan đó hoạt động "
        "(hồ sơ đang giải quyết tính đến ngày cuối của phần kỳ ấy) và dòng tổng cộng của cả kỳ."
    )


def header_agency(parent_name: str, agency_name: str) -> tuple[str, str]:
    """(governing body, issuing agency), upper case, as the header prints them (Decree 30/2020)."""
    parent = parent_name
    for long, short in (("Ủy ban nhân dân", "UBND"), ("Uỷ ban nhân dân", "UBND")):
        parent = parent.replace(long, short)
    name = agency_name
    if parent:  # "Sở Tư pháp tỉnh X" under "UBND tỉnh X": the province is said once
        for marker in (" tỉnh ", " thành phố "):
            if marker in name:
                name = name.split(marker, 1)[0]
                break
    return parent.upper(), name.upper()


def recipients(parent_name: str) -> list[str]:
    """ "Nơi nhận" (Decree 30/2020): the governing body the report is sent to, and the archive."""
    body = "UBND tỉnh" if "tỉnh" in parent_name.lower() else (parent_name or "Cơ quan cấp trên")
    return [f"{body} (để báo cáo);", "Ban Giám đốc Sở;", "Các phòng, đơn vị thuộc Sở;", "Lưu: VT, VP."]


def place_date(place_name: str) -> str:
    """ "<place>, ngày dd tháng mm năm yyyy": the day the report is written."""
    today = timezone.localdate()
    return f"{place_name or '……'}, ngày {today.day:02d} tháng {today.month:02d} năm {today.year}"


def incomplete_notice(loading: Any) -> str | None:
    """The report's warning while past dossiers are still being loaded."""
    if loading is None:
        return None
    done = f"đã nạp đến ngày {loading.done_through:%d/%m/%Y}" if loading.done_through else "mới bắt đầu nạp"
    return (
        f"Số liệu chưa đầy đủ: đang nạp {loading.label} ({done}); các số liệu dưới đây sẽ còn thay đổi "
        f"khi việc nạp hoàn tất."
    )


def freshness_notice(freshness: Any) -> str | None:
    """How fresh the figures are: when the aggregates were last counted, and how many dossiers
    changed since wait to be counted (``selectors.Freshness``); None: never counted, nothing waiting."""
    if freshness.counted_at is None:
        if not freshness.pending:
            return None
        return ngettext(
            "The figures have not been counted yet; %(count)s dossier is waiting to be counted.",
            "The figures have not been counted yet; %(count)s dossiers are waiting to be counted.",
            freshness.pending,
        ) % {"count": number_vi(freshness.pending)}
    time = f"{timezone.localtime(freshness.counted_at):%H:%M %d/%m/%Y}"
    if not freshness.pending:
        return _("Figures counted at %(time)s.") % {"time": time}
    return ngettext(
        "Figures counted at %(time)s; %(count)s dossier changed since is not counted yet.",
        "Figures counted at %(time)s; %(count)s dossiers changed since are not counted yet.",
        freshness.pending,
    ) % {"time": time, "count": number_vi(freshness.pending)}
