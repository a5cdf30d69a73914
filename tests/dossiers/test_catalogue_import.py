"""manage.py import_procedures: the national database's columns, versions, idempotent, bad rows by line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tuphap.core.models import AuditEvent
from tuphap.dossiers import procedures
from tuphap.dossiers.catalogue import versions
from tuphap.dossiers.import_procedures import parse_fee, parse_time_limit
from tuphap.dossiers.models import Procedure

LLTP = "2.000488.000.00.00.H09"
NOTARY = "1.001877.000.00.00.H09"

HEADER = (
    "Mã thủ tục;Tên thủ tục;Lĩnh vực;Cấp thực hiện;Thời hạn giải quyết;Phí, lệ phí;Căn cứ pháp lý;"
    "Cơ quan thực hiện;Ngày hiệu lực;Ngày hết hiệu lực;unit;Cơ quan giải quyết mới\n"
)
GOOD = [
    # 2: a new procedure, with its unit
    "1.099001.000.00.00.H09;Cấp Giấy chứng nhận thử nghiệm;Công chứng;Cấp tỉnh;10 ngày làm việc;"
    "200.000 đồng;Luật Công chứng 2024;Sở Tư pháp;01/07/2025;;btp;",
    # 3: a new version of the notary card from 2026 (the fee changed), unit from the earlier version
    f"{NOTARY};Cấp Thẻ công chứng viên;Công chứng;Cấp tỉnh;5 ngày làm việc;150.000 đồng;"
    "Luật Công chứng 2024 (46/2024/QH15) và Thông tư mới;Sở Tư pháp;2026-01-01;;;",
]
BAD = [
    # 4: no time limit that can be read
    "1.099002.000.00.00.H09;Thủ tục sai thời hạn;Công chứng;Cấp tỉnh;nhanh nhất có thể;0;Luật;Sở Tư pháp;"
    "01/07/2025;;btp;",
    # 5: a commune's procedure
    "1.099003.000.00.00.H09;Thủ tục cấp xã;Hộ tịch;Cấp xã;5 ngày làm việc;Không;Luật;UBND xã;01/07/2025;;hctp;",
    # 6: not a day
    "1.099004.000.00.00.H09;Thủ tục sai ngày;Công chứng;Cấp tỉnh;5 ngày làm việc;Không;Luật;Sở Tư pháp;"
    "31/02/2025;;btp;",
    # 7: a version older than the one in force
    f"{NOTARY};Cấp Thẻ công chứng viên (cũ);Công chứng;Cấp tỉnh;5 ngày làm việc;100.000 đồng;Luật cũ;Sở Tư pháp;"
    "01/01/2019;;;",
    # 8: who handles it now, without an end
    "1.099005.000.00.00.H09;Thủ tục chuyển đi;Công chứng;Cấp tỉnh;5 ngày làm việc;Không;Luật;Sở Tư pháp;"
    "01/07/2025;;btp;Công an tỉnh",
    # 9: a field no unit handles yet, and no unit given
    "1.099006.000.00.00.H09;Thủ tục lĩnh vực mới;Lĩnh vực chưa có;Cấp tỉnh;5 ngày;Không;Luật;Sở Tư pháp;01/07/2025;;;",
]


@pytest.fixture
def catalogue(department: Any, units: dict[str, Any]) -> None:
    procedures.catalogue_publish(actor=None, agency=department, units=units, entries=versions())


def write(tmp_path: Path, lines: list[str], name: str = "danh-muc.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8-sig")
    return path


def run(path: Path, capsys: Any) -> tuple[str, str]:
    call_command("import_procedures", str(path))
    out = capsys.readouterr()
    return out.out, out.err


def test_rows_become_versions_and_bad_rows_say_their_line(catalogue: None, tmp_path: Path, capsys: Any) -> None:
    path = write(tmp_path, GOOD + BAD)
    out, err = run(path, capsys)
    assert "Đã công bố 2 thủ tục hoặc phiên bản mới" in out and "6 dòng lỗi" in out
    lines = {int(line.split(":")[0].removeprefix("Dòng ")): line for line in err.strip().splitlines()}
    assert sorted(lines) == [4, 5, 6, 7, 8, 9]
    assert "không đọc được thời hạn" in lines[4]
    assert "không thuộc cấp tỉnh" in lines[5]
    assert "không phải ngày" in lines[6]
    assert "phiên bản mới phải có hiệu lực sau phiên bản hiện hành" in lines[7].lower() or "valid_from" in lines[7]
    assert "không có ngày hết hiệu lực" in lines[8]
    assert "ghi mã đơn vị ở cột unit" in lines[9]
    new = Procedure.objects.get(code="1.099001.000.00.00.H09")
    assert (new.time_limit_amount, new.time_limit_unit, new.fee, new.unit.code) == (10, "working_days", 200_000, "btp")
    assert new.code_source == "national" and new.valid_from == dt.date(2025, 7, 1)
    old, current = Procedure.objects.filter(code=NOTARY).order_by("-version")[:2][::-1]
    assert (old.valid_to, current.valid_from, current.fee, current.version) == (
        dt.date(2025, 12, 31),
        dt.date(2026, 1, 1),
        150_000,
        3,
    )
    assert current.components == old.components and current.unit_id == old.unit_id
    # the same file again: nothing new, nothing audited
    count, audits = Procedure.objects.count(), AuditEvent.objects.count()
    out, _err = run(path, capsys)
    assert "Đã công bố 0 thủ tục" in out and "2 dòng đã có sẵn" in out
    assert (Procedure.objects.count(), AuditEvent.objects.count()) == (count, audits)


def test_an_end_row_hands_the_procedure_over(catalogue: None, tmp_path: Path, capsys: Any) -> None:
    lltp = Procedure.objects.filter(code=LLTP).get()
    row = (
        f"{LLTP};{lltp.name};Lý lịch tư pháp;Cấp tỉnh;10 ngày (15 ngày nếu phải xác minh);200.000 đồng;"
        f'"{lltp.legal_basis}";Sở Tư pháp;{lltp.valid_from:%d/%m/%Y};28/02/2025;;Công an tỉnh Lâm Đồng'
    )
    out, err = run(write(tmp_path, [row]), capsys)
    assert err == "" and "1 phiên bản được ghi ngày hết hiệu lực" in out
    lltp.refresh_from_db()
    assert (lltp.valid_to, lltp.handed_to, lltp.time_limit_note) == (
        dt.date(2025, 2, 28),
        "Công an tỉnh Lâm Đồng",
        "15 ngày nếu phải xác minh",
    )
    assert lltp.fee_rules  # kept: the national export carries no reductions
    assert AuditEvent.objects.filter(action="procedure.end").count() == 1


def test_an_xlsx_of_the_national_database(catalogue: None, tmp_path: Path, capsys: Any) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    for line in (HEADER.strip(), *GOOD):
        sheet.append(line.split(";"))
    path = tmp_path / "danh-muc.xlsx"
    book.save(path)
    out, err = run(path, capsys)
    assert err == "" and "Đã công bố 2 thủ tục" in out


def test_a_file_that_cannot_be_read_writes_nothing(catalogue: None, tmp_path: Path) -> None:
    count = Procedure.objects.count()
    path = tmp_path / "sai.csv"
    path.write_text("Mã thủ tục;Tên;Cột lạ\n1;2;3\n", encoding="utf-8")
    with pytest.raises(CommandError, match="cột lạ “tên”"):
        call_command("import_procedures", str(path))
    assert Procedure.objects.count() == count


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10 ngày làm việc", (10, "working_days", "")),
        ("15 ngày", (15, "calendar_days", "")),
        ("08 giờ làm việc kể từ khi nhận đủ hồ sơ", (8, "working_hours", "kể từ khi nhận đủ hồ sơ")),
    ],
)
def test_time_limits_of_the_national_database(text: str, expected: tuple[int, str, str]) -> None:
    assert parse_time_limit(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("200.000 đồng", (200_000, "")),
        ("1,000,000 đồng/hồ sơ", (1_000_000, "")),
        ("Không", (0, "")),
        ("", (0, "")),
        ("100.000 đồng; sinh viên 50.000 đồng", (100_000, "100.000 đồng; sinh viên 50.000 đồng")),
    ],
)
def test_fees_of_the_national_database(text: str, expected: tuple[int, str]) -> None:
    assert parse_fee(text) == expected
