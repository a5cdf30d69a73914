from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import translation

from tuphap.dossiers.import_procedures import ProcedureImportReport, import_procedures_file
from tuphap.dossiers.management.file_import import FileImportCommand
from tuphap.orgs.models import Agency


class Command(FileImportCommand):
    help = (
        "Import the procedures catalogue from the national procedures database's export (CSV or XLSX): new "
        "procedures and versions, idempotent; each row whole or not at all, bad rows reported with their line."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--agency", help="the agency's code (default: TUPHAP_AGENCY_CODE)")

    def import_file(self, path: Path, **options: Any) -> ProcedureImportReport:
        agency, target = options["agency"], None
        if agency:
            target = Agency.objects.filter(code=agency).first()
            if target is None:
                raise CommandError(f"Không có cơ quan mã “{agency}”.")
        try:
            with translation.override("vi"):  # the reasons of bad rows are read by a person
                return import_procedures_file(path, agency=target)
        except Agency.DoesNotExist:
            raise CommandError(
                "Chưa có cơ quan của Sở (TUPHAP_AGENCY_CODE): chạy `manage.py demo` hoặc tạo cơ quan trước."
            ) from None

    def summary(self, report: ProcedureImportReport) -> str:
        return (
            f"Đã công bố {report.published} thủ tục hoặc phiên bản mới; {report.ended} phiên bản được ghi ngày hết "
            f"hiệu lực; {report.unchanged} dòng đã có sẵn; {len(report.errors)} dòng lỗi (tổng {report.total} dòng)."
        )
