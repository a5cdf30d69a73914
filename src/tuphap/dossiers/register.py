"""The register of dossiers (sổ theo dõi hồ sơ, form 07) for a period.

Each dossier stays under the agency it was received by (the one in force at
its receipt): a period that spans a change of agency (the merger of 1 July
2025) lists the predecessor's dossiers, then the successor's, each group under
a line naming its agency."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator

from django.db.models import F, QuerySet

from tuphap.core.text import protect_formula_cells, spreadsheet_safe
from tuphap.core.tz import LOCAL_TZ as LOCAL
from tuphap.dossiers.models import Dossier
from tuphap.dossiers.selectors import lateness
from tuphap.dossiers.workflow import STATE_LABELS_VI, State

HEADER = [
    "STT",
    "Mã hồ sơ",
    "Thủ tục",
    "Người nộp",
    "Kênh",
    "Tiếp nhận",
    "Hẹn trả",
    "Hẹn lại (xin lỗi)",
    "Hoàn thành",
    "Trạng thái",
    "Kết quả",
    "Đánh giá tiến độ",
]
TIMELINESS_VI = {
    "early": "Trước hạn",
    "on_time": "Đúng hạn",
    "late": "Quá hạn",
    "within": "Trong hạn",
    "overdue": "Quá hạn (chưa xong)",
    "none": "",
}
CHANNEL_VI = {"desk": "Trực tiếp", "online": "Trực tuyến", "post": "Bưu chính"}


def register_rows(start: dt.date, end: dt.date, *, dossiers: QuerySet[Dossier] | None = None) -> QuerySet[Dossier]:
    """The dossiers received in the period; ``dossiers`` narrows them to what the
    reader may see (``selectors.dossiers_visible``), the command line sees all."""
    begin = dt.datetime.combine(start, dt.time(0), tzinfo=LOCAL)
    stop = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(0), tzinfo=LOCAL)
    base = Dossier.objects.all() if dossiers is None else dossiers
    return (
        base.filter(received_at__gte=begin, received_at__lt=stop)
        .select_related("procedure", "agency")
        .order_by(F("agency__valid_from").asc(nulls_first=True), "agency__code", "received_at", "id")
    )


def agency_line(agency: object) -> str:
    """The line that heads an agency's dossiers in a register spanning a change of agency."""
    return f"Cơ quan tiếp nhận: {getattr(agency, 'name', '')} ({getattr(agency, 'code', '')})"


def _fmt(value: dt.datetime | None) -> str:
    return value.astimezone(LOCAL).strftime("%d/%m/%Y %H:%M") if value else ""


def register_table(start: dt.date, end: dt.date, *, dossiers: QuerySet[Dossier] | None = None) -> Iterator[list[str]]:
    """The rows of the register; when the period's dossiers belong to more than
    one agency, a line naming the agency before each agency's dossiers."""
    rows = register_rows(start, end, dossiers=dossiers)
    several = rows.values("agency_id").distinct().order_by().count() > 1
    current = None
    for number, d in enumerate(rows.iterator(chunk_size=1000), start=1):
        if several and d.agency_id != current:
            current = d.agency_id
            yield ["", agency_line(d.agency), *[""] * (len(HEADER) - 2)]
        yield [
            str(number),
            d.code,
            d.procedure.name,
            d.applicant_name,
            CHANNEL_VI.get(d.channel, d.channel),
            _fmt(d.received_at),
            _fmt(d.due_at),
            _fmt(d.extended_due_at),
            _fmt(d.finished_at),
            STATE_LABELS_VI[State(d.state)],
            {"approved": "Chấp thuận", "rejected": "Không chấp thuận"}.get(d.outcome, ""),
            TIMELINESS_VI[lateness(d)],
        ]


def register_csv(start: dt.date, end: dt.date) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows([spreadsheet_safe(v) for v in row] for row in register_table(start, end))
    return buffer.getvalue().encode("utf-8-sig")


def register_xlsx(
    start: dt.date, end: dt.date, agency_name: str = "", *, dossiers: QuerySet[Dossier] | None = None
) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101 - a new workbook always has one sheet
    sheet.title = "So theo doi"
    sheet.append([agency_name])
    sheet.append([f"SỔ THEO DÕI HỒ SƠ từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}"])
    sheet["A2"].font = Font(bold=True, size=13)
    sheet.append(HEADER)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in register_table(start, end, dossiers=dossiers):
        sheet.append(row)
        protect_formula_cells(sheet[sheet.max_row])
    for column, width in zip("ABCDEFGHIJKL", [6, 26, 50, 26, 12, 17, 17, 17, 17, 18, 16, 18], strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
