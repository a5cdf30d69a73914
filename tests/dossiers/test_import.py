"""import_dossiers, export_register, export_sync: idempotent, bad rows reported."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.dossiers.conftest import LLTP, NATIONALITY
from tuphap.core.models import Notification
from tuphap.dossiers.models import Dossier

HEADER = (
    "code,procedure_code,agency_code,applicant_name,phone,channel,received_at,"
    "supplement_requested_at,supplement_received_at,resolved_at,returned_at,outcome\n"
)
ROWS = [
    (
        f",{NATIONALITY},000.00.17.H09,Nguyễn Văn A,0912345678,desk,"
        "2022-03-07T09:00,2022-03-08T10:00,2022-03-10T14:00,2022-03-15T10:00,2022-03-16T08:00,approved"
    ),
    f"CU-2022-0001,{LLTP},,Trần Thị B,0987654321,online,2022-12-15T10:00+07:00,,,2022-12-27T09:00,,",
    f",{NATIONALITY},,Lê Văn C,0900000000,desk,2022-03-07 09:00,,,,,",
    f",{NATIONALITY},,Sai Ngày,0912345678,desk,07/03/2022,,,,,",  # bad: date format
    ",9.999,,Sai Thủ Tục,0912345678,desk,2022-03-07T09:00,,,,,",  # bad: procedure
    f",{NATIONALITY},,Sai Kênh,0912345678,pigeon,2022-03-07T09:00,,,,,",  # bad: channel
    f",{NATIONALITY},,Sai Thứ Tự,0912345678,desk,2022-03-07T09:00,,,2022-03-01T09:00,,",  # bad: order
    f",{NATIONALITY},,Sai Kết Quả,0912345678,desk,2022-03-07T09:00,,,2022-03-09T09:00,,maybe",  # bad: outcome
]


def local(value: Any) -> str:
    from django.utils import timezone

    return timezone.localtime(value).isoformat()


def write_csv(tmp_path: Path) -> Path:
    path = tmp_path / "hoso.csv"
    path.write_text(HEADER + "\n".join(ROWS) + "\n", encoding="utf-8")
    return path


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_keeps_good_rows_reports_bad_ones_and_is_idempotent(catalogue: dict[str, Any], tmp_path: Path) -> None:
    path = write_csv(tmp_path)
    out, err = run("import_dossiers", str(path))
    assert "Đã nhập 3 hồ sơ" in out and "5 dòng lỗi" in out
    for line in (5, 6, 7, 8, 9):
        assert f"Dòng {line}:" in err
    assert "không phải thời điểm ISO 8601" in err and "pigeon" in err or "Kênh nộp" in err
    assert Dossier.objects.count() == 3
    first = Dossier.objects.get(applicant_name="Nguyễn Văn A")
    # the engine's appointment with the supplement pause, then early/on time
    assert local(first.due_at) == "2022-03-16T11:00:00+07:00"
    assert first.state == "returned" and local(first.finished_at) == "2022-03-15T10:00:00+07:00"
    assert list(first.events.values_list("action", flat=True).order_by("seq")) == [
        "receive",
        "request_supplement",
        "supplement_received",
        "resolve",
        "return",
    ]
    legacy = Dossier.objects.get(code="CU-2022-0001")
    assert local(legacy.due_at) == "2022-12-26T17:00:00+07:00" and legacy.state == "resolved"
    assert Notification.objects.count() == 0  # historical dossiers notify nobody
    out2, _ = run("import_dossiers", str(path))
    assert "Đã nhập 0 hồ sơ; bỏ qua 3" in out2 and Dossier.objects.count() == 3


def test_import_xlsx(catalogue: dict[str, Any], tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(["", NATIONALITY, "", "Phạm Thị D", "0912345678", "desk", "2022-03-07T09:00", "", "", "", "", ""])
    path = tmp_path / "hoso.xlsx"
    workbook.save(path)
    out, _ = run("import_dossiers", str(path))
    assert "Đã nhập 1 hồ sơ" in out and Dossier.objects.get().applicant_name == "Phạm Thị D"


def test_import_refuses_bad_files(db: Any, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Không tìm thấy"):
        run("import_dossiers", str(tmp_path / "khong-co.csv"))
    bad = tmp_path / "x.csv"
    bad.write_text("ten,so\n1,2\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Thiếu cột"):
        run("import_dossiers", str(bad))
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(b"%PDF")
    with pytest.raises(CommandError, match="CSV hoặc XLSX"):
        run("import_dossiers", str(pdf))


def test_export_register_xlsx_and_csv(catalogue: dict[str, Any], tmp_path: Path) -> None:
    from openpyxl import load_workbook

    run("import_dossiers", str(write_csv(tmp_path)))
    target = tmp_path / "so.xlsx"
    run("export_register", "--from", "2022-03-01", "--to", "2022-03-31", "--format", "xlsx", "--output", str(target))
    sheet = load_workbook(target).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[2][1] == "Mã hồ sơ" and len(rows) == 3 + 2  # two dossiers received in March 2022
    assert {r[3] for r in rows[3:]} == {"Nguyễn Văn A", "Lê Văn C"}
    csv_path = tmp_path / "so.csv"
    run("export_register", "--from", "2022-12-01", "--to", "2022-12-31", "--format", "csv", "--output", str(csv_path))
    text = csv_path.read_text(encoding="utf-8-sig")
    assert "CU-2022-0001" in text and "Trần Thị B" in text
    with pytest.raises(CommandError):
        run("export_register", "--from", "2022-12-31", "--to", "2022-12-01")


def test_export_sync_writes_json_lines_once(catalogue: dict[str, Any], tmp_path: Path) -> None:
    run("import_dossiers", str(write_csv(tmp_path)))
    out, _ = run("export_sync")
    records = [json.loads(line) for line in out.splitlines()]
    assert records and {"code", "procedure_code", "status", "received_at", "due_at", "finished_at", "channel"} <= set(
        records[0]
    )
    assert {r["status"] for r in records} >= {2, 5, 4, 9, 10}
    again, _ = run("export_sync")
    assert again.strip() == ""
