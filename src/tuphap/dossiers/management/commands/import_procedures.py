from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from tuphap.dossiers.import_procedures import import_procedures_file
from tuphap.dossiers.importing import ImportFileError
from tuphap.orgs.models import Agency


class Command(BaseCommand):
    help = (
        "Import the procedures catalogue from the national procedures database's export (CSV or XLSX): new "
        "procedures and versions, idempotent; each row whole or not at all, bad rows reported with their line."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--agency", help="the agency's code (default: TUPHAP_AGENCY_CODE)")

    def handle(self, *args: Any, file: str, agency: str | None, **options: Any) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp “{file}”.")
        target = None
        if agency:
            target = Agency.objects.filter(code=agency).first()
            if target is None:
                raise CommandError(f"Không có cơ quan mã “{agency}”.")
        try:
            with translation.override("vi"):  # the reasons of bad rows are read by a person
                report = import_procedures_file(path, agency=target)
        except ImportFileError as exc:  # the file as a whole: nothing was written
            raise CommandError(str(exc)) from None
        except Agency.DoesNotExist:
            raise CommandError(
                "Chưa có cơ quan của Sở (TUPHAP_AGENCY_CODE): chạy `manage.py demo` hoặc tạo cơ quan trước."
            ) from None
        except (ValueError, UnicodeDecodeError) as exc:
            raise CommandError(f"Không đọc được tệp: {exc}") from None
        for line, reason in report.errors:
            self.stderr.write(f"Dòng {line}: {reason}")
        self.stdout.write(
            f"Đã công bố {report.published} thủ tục hoặc phiên bản mới; {report.ended} phiên bản được ghi ngày hết "
            f"hiệu lực; {report.unchanged} dòng đã có sẵn; {len(report.errors)} dòng lỗi (tổng {report.total} dòng)."
        )
