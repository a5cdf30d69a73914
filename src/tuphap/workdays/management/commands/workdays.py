"""`manage.py workdays due …` and `manage.py workdays is-working YYYY-MM-DD`.

For officers and scripts. The appointment is printed as ISO 8601 with the
+07:00 offset alone on the first line; when the span from receipt to the
appointment crosses a year whose days off are only estimated (no official
schedule entered yet), the next line names those years; `--explain` adds the
counted periods. Times
without an offset are Asia/Ho_Chi_Minh. Errors stop with one Vietnamese line
and a non-zero exit.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from tuphap.core.tz import LOCAL_TZ as LOCAL
from tuphap.orgs.models import Agency
from tuphap.workdays.core import UNITS, WorkdaysError
from tuphap.workdays.selectors import estimated_years, office_clock


def parse_instant(text: str, what: str) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(f"{what} không đúng dạng ISO 8601 (ví dụ 2022-03-07T09:30): “{text}”") from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=LOCAL)
    return value


def parse_pause(text: str) -> tuple[dt.datetime, dt.datetime]:
    start, sep, end = text.partition("/")
    if not sep or not start or not end:
        raise CommandError(f"Khoảng tạm dừng phải có dạng BẮT_ĐẦU/KẾT_THÚC: “{text}”")
    return parse_instant(start, "Thời điểm bắt đầu tạm dừng"), parse_instant(end, "Thời điểm kết thúc tạm dừng")


class Command(BaseCommand):
    help = "Working-day calendar: appointments (due) and working-day checks (is-working)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agency", help="agency code whose calendar to use (default: the province's)")
        sub = parser.add_subparsers(dest="action", required=True, parser_class=argparse.ArgumentParser)
        due = sub.add_parser("due", help="print the appointment for a receipt time and a time limit")
        due.add_argument("--received", required=True, help="ISO 8601; without offset: Asia/Ho_Chi_Minh")
        due.add_argument("--amount", required=True, help="the time limit's amount (a whole number)")
        due.add_argument("--unit", required=True, help=f"one of {', '.join(UNITS)}")
        due.add_argument(
            "--pause", action="append", default=[], metavar="START/END", help="a pause of the clock; repeatable"
        )
        due.add_argument("--explain", action="store_true", help="also list every counted period")
        working = sub.add_parser("is-working", help="print yes or no")
        working.add_argument("date", help="YYYY-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        agency = None
        if options.get("agency") and options["action"]:
            agency = Agency.objects.filter(code=options["agency"]).first()
            if agency is None:
                raise CommandError(f"Không có cơ quan mã “{options['agency']}”.")
        try:
            clock = office_clock(agency)
        except DatabaseError as exc:
            raise CommandError(
                f"Không đọc được lịch làm việc từ cơ sở dữ liệu (đã chạy migrate chưa?): {exc}"
            ) from None
        try:
            if options["action"] == "is-working":
                try:
                    day = dt.date.fromisoformat(options["date"])
                except ValueError:
                    raise CommandError(f"Ngày không đúng dạng YYYY-MM-DD: “{options['date']}”") from None
                self.stdout.write("yes" if clock.is_working_day(day) else "no")
                return
            received = parse_instant(options["received"], "Thời điểm tiếp nhận")
            try:
                amount = int(options["amount"])
            except ValueError:
                raise CommandError(f"Thời hạn phải là số nguyên: “{options['amount']}”") from None
            pauses = [parse_pause(p) for p in options["pause"]]
            if options["explain"]:
                explanation = clock.explain(received, amount, options["unit"], pauses)
                self.stdout.write(explanation.due.isoformat())
                self._estimated(received, explanation.due)
                for line in explanation.lines():
                    self.stdout.write(line)
            else:
                due = clock.due_at(received, amount, options["unit"], pauses)
                self.stdout.write(due.isoformat())
                self._estimated(received, due)
        except WorkdaysError as exc:
            raise CommandError(str(exc)) from None

    def _estimated(self, received: dt.datetime, due: dt.datetime) -> None:
        """A second line when the span crosses a year whose days off are only estimated."""
        years = estimated_years(received.astimezone(LOCAL), due.astimezone(LOCAL))
        if years:
            self.stdout.write(
                "Lưu ý: hạn tính qua năm chưa có lịch nghỉ chính thức (ước tính): "
                + ", ".join(str(y) for y in years)
                + "; hạn có thể đổi khi lịch chính thức được nhập."
            )
