"""The measures of the one-stop desk, each with its numerator, denominator and
legal source (pure: no Django import).

Counts come from ``Counts`` (filled by the selectors from the pre-aggregated
tables, or by the direct recount); ``measures(counts)`` adds the rates. Rates
are fractions (0.0067, not 0.67 %); a rate whose denominator is zero is None.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Final

from tuphap.core.report_sections import number_vi as number_vi  # one number format for every part of the report

SOURCE_766: Final = "Quyết định 766/QĐ-TTg ngày 23/6/2022 (Bộ chỉ số phục vụ người dân, doanh nghiệp)"
#: the department's own shares, from each dossier's flags: NOT the national formulas of Decision 766
#: (those need conditions together and other denominators: ``reports/service_index.py``)
SOURCE_OWN: Final = (
    "Chỉ tiêu theo dõi của Sở, tính từ dữ liệu hồ sơ; không phải công thức của Quyết định 766/QĐ-TTg "
    "(chỉ số theo Quyết định 766: trang Chỉ số phục vụ)"
)
SOURCE_ONESTOP: Final = (
    "Nghị định 61/2018/NĐ-CP (sửa đổi bởi Nghị định 107/2021/NĐ-CP); Nghị định 118/2025/NĐ-CP từ 01/7/2025"
)


@dataclass
class Counts:
    """Integer counts for one period (and one slice: unit, procedure, handler, channel)."""

    received: int = 0
    received_late: int = 0
    received_online: int = 0
    received_online_payment: int = 0
    received_digitised: int = 0
    finished: int = 0
    finished_early: int = 0
    finished_on_time: int = 0
    finished_late: int = 0
    finished_late_766: int = 0  # finished late, or after more than one supplement request (Decision 766)
    in_progress_within: int = 0
    in_progress_overdue: int = 0
    in_progress_waiting: int = 0  # unfinished, waiting for a supplement asked for once: left out of Decision 766
    in_progress_late_766: int = 0  # unfinished and late by Decision 766: overdue while not waiting, or asked twice
    rated: int = 0
    rated_good: int = 0
    rated_acceptable: int = 0
    rated_poor: int = 0
    processing_seconds: int = 0  # office seconds from receipt to finish, pauses excluded, over finished

    def __add__(self, other: Counts) -> Counts:
        return Counts(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})


@dataclass(frozen=True)
class Measure:
    name: str
    label: str  # Vietnamese, as the report prints it
    numerator: str
    denominator: str | None
    source: str


MEASURES: Final[tuple[Measure, ...]] = (
    Measure("received", "Hồ sơ tiếp nhận trong kỳ", "hồ sơ có thời điểm tiếp nhận trong kỳ", None, SOURCE_ONESTOP),
    Measure(
        "received_late",
        "Hồ sơ tiếp nhận trong kỳ bị trễ hạn",
        (
            "hồ sơ tiếp nhận trong kỳ hoàn thành sau hạn, hoặc chưa xong và đã quá hạn tại thời điểm báo cáo (thời "
            "gian chờ bổ sung, chờ nộp phí không tính)"
        ),
        None,
        SOURCE_ONESTOP,
    ),
    Measure("finished", "Hồ sơ đã giải quyết trong kỳ", "hồ sơ có thời điểm hoàn thành trong kỳ", None, SOURCE_ONESTOP),
    Measure(
        "finished_early",
        "Giải quyết trước hạn",
        "hoàn thành trong kỳ, vào ngày trước ngày hẹn trả",
        None,
        SOURCE_ONESTOP,
    ),
    Measure(
        "finished_on_time",
        "Giải quyết đúng hạn",
        "hoàn thành trong kỳ, không trước ngày hẹn và không sau thời điểm hẹn",
        None,
        SOURCE_ONESTOP,
    ),
    Measure("finished_late", "Giải quyết quá hạn", "hoàn thành trong kỳ, sau thời điểm hẹn trả", None, SOURCE_ONESTOP),
    Measure(
        "in_progress_within",
        "Đang giải quyết trong hạn",
        "chưa hoàn thành tại cuối kỳ, chưa quá hạn",
        None,
        SOURCE_ONESTOP,
    ),
    Measure(
        "in_progress_overdue",
        "Đang giải quyết quá hạn",
        (
            "chưa hoàn thành tại cuối kỳ, đã quá hạn (hồ sơ dừng tính thời gian trước hạn để chờ bổ sung, chờ nộp phí "
            "không quá hạn)"
        ),
        None,
        SOURCE_ONESTOP,
    ),
    Measure(
        "in_progress_waiting",
        "Đang chờ bổ sung (không tính theo QĐ 766)",
        "chưa hoàn thành tại cuối kỳ, đang chờ người nộp bổ sung hồ sơ (yêu cầu bổ sung một lần)",
        None,
        SOURCE_766,
    ),
    Measure(
        "finished_late_766",
        "Giải quyết trễ hạn theo QĐ 766",
        "hoàn thành trong kỳ sau thời điểm hẹn trả, hoặc đã bị yêu cầu bổ sung quá một lần",
        None,
        SOURCE_766,
    ),
    Measure(
        "in_progress_late_766",
        "Đang giải quyết trễ hạn theo QĐ 766",
        "chưa hoàn thành tại cuối kỳ: quá hạn mà không chờ bổ sung, hoặc đã bị yêu cầu bổ sung quá một lần",
        None,
        SOURCE_766,
    ),
    Measure("late_rate_finished", "Tỷ lệ trễ hạn trên số đã giải quyết", "finished_late", "finished", SOURCE_ONESTOP),
    Measure("late_rate_received", "Tỷ lệ trễ hạn trên số tiếp nhận", "received_late", "received", SOURCE_ONESTOP),
    Measure(
        "on_time_rate_766",
        "Tỷ lệ giải quyết đúng hạn (QĐ 766)",
        (
            "finished + in_progress_within + in_progress_overdue - in_progress_waiting "
            "- finished_late_766 - in_progress_late_766"
        ),
        "finished + in_progress_within + in_progress_overdue - in_progress_waiting",
        SOURCE_766,
    ),
    Measure("online_share", "Tỷ lệ hồ sơ trực tuyến", "received_online", "received", SOURCE_OWN),
    Measure("online_payment_share", "Tỷ lệ thanh toán trực tuyến", "received_online_payment", "received", SOURCE_OWN),
    Measure("digitised_share", "Tỷ lệ hồ sơ được số hóa", "received_digitised", "received", SOURCE_OWN),
    Measure("satisfaction_share", "Tỷ lệ hài lòng", "rated_good + rated_acceptable", "rated", SOURCE_OWN),
    Measure(
        "avg_processing_working_days",
        "Thời gian giải quyết trung bình (ngày làm việc)",
        "processing_seconds / seconds_per_day",
        "finished",
        SOURCE_ONESTOP,
    ),
)
MEASURE_NAMES: Final = tuple(m.name for m in MEASURES)


def _rate(numerator: float, denominator: float) -> float | None:
    return None if denominator == 0 else numerator / denominator


def measures(c: Counts, *, seconds_per_day: int = 8 * 3600) -> dict[str, int | float | None]:
    """Every measure of ``MEASURES`` (and the raw counts) for one set of counts."""
    # Decision 766: those waiting for a supplement are left out; asked twice counts as late
    handled_766 = c.finished + c.in_progress_within + c.in_progress_overdue - c.in_progress_waiting
    on_time_766 = handled_766 - c.finished_late_766 - c.in_progress_late_766
    out: dict[str, int | float | None] = {
        f.name: getattr(c, f.name) for f in fields(c) if f.name != "processing_seconds"
    }
    out.update(
        late_rate_finished=_rate(c.finished_late, c.finished),
        late_rate_received=_rate(c.received_late, c.received),
        on_time_rate_766=_rate(on_time_766, handled_766),
        online_share=_rate(c.received_online, c.received),
        online_payment_share=_rate(c.received_online_payment, c.received),
        digitised_share=_rate(c.received_digitised, c.received),
        satisfaction_share=_rate(c.rated_good + c.rated_acceptable, c.rated),
        avg_processing_working_days=_rate(c.processing_seconds / seconds_per_day, c.finished),
    )
    return out


def percent_vi(value: float | None, digits: int = 2) -> str:
    """0.006727 -> '0,67 %' (Vietnamese decimal comma)."""
    if value is None:
        return "—"
    return f"{value * 100:.{digits}f}".replace(".", ",") + " %"
