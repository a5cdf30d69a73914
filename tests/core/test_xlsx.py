"""tuphap.core.xlsx: opening an uploaded workbook safely, for every importer."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from tuphap.core import xlsx

SEVERAL = "Dữ liệu ở nhiều trang (%(sheets)s ngoài “%(first)s”)."


def _book(rows: list[list[Any]], **others: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Chính"
    for row in rows:
        sheet.append(row)
    for title, extra in others.items():
        other = workbook.create_sheet(title)
        for row in extra:
            other.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _read(source: Any, **kwargs: Any) -> list[tuple[Any, ...]]:
    with xlsx.first_sheet_rows(source, several_sheets=SEVERAL, label="test", **kwargs) as rows:
        return list(rows)


def test_rows_of_the_first_sheet_from_a_file_object_or_a_path(tmp_path: Path) -> None:
    data = _book([["a", "b"], [1, "x"]], Trống=[])
    stream = io.BytesIO(data)
    stream.seek(5)  # wherever the upload was left, the workbook is read whole
    assert _read(stream) == [("a", "b"), (1, "x")]
    path = tmp_path / "book.xlsx"
    path.write_bytes(data)
    assert _read(path) == [("a", "b"), (1, "x")]


def test_formulas_arrive_as_their_text_never_as_a_computed_value() -> None:
    rows = _read(io.BytesIO(_book([["=1+1", '=HYPERLINK("http://x","y")']])))
    assert rows == [("=1+1", '=HYPERLINK("http://x","y")')]
    assert xlsx.formula_text(type("ArrayFormula", (), {"text": "=SUM(A1:A2)"})()) == "=SUM(A1:A2)"
    assert xlsx.formula_text(7) == 7 and xlsx.formula_text(None) is None


def test_data_on_another_sheet_is_refused_with_the_callers_message() -> None:
    with pytest.raises(xlsx.WorkbookRefused) as caught:
        _read(io.BytesIO(_book([["a"]], **{"Năm 2021": [["b"]], "Trống": []})))
    assert str(caught.value) == "Dữ liệu ở nhiều trang (“Năm 2021” ngoài “Chính”)."


@pytest.mark.parametrize("data", [b"", b"not a zip at all", _book([["a"]])[:700]])
def test_damaged_or_not_xlsx_is_refused_as_damaged(data: bytes) -> None:
    with pytest.raises(xlsx.WorkbookRefused, match="không phải bảng tính XLSX đọc được"):
        _read(io.BytesIO(data))


def test_a_zip_that_is_no_workbook_is_refused_as_damaged() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    with pytest.raises(xlsx.WorkbookRefused, match="không phải bảng tính XLSX đọc được"):
        _read(buffer)


def test_unpacked_size_is_limited_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _book([["a" * 1000] for _ in range(50)])
    assert _read(io.BytesIO(data))  # within the limit
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        unpacked = sum(i.file_size for i in archive.infolist())
    monkeypatch.setattr(xlsx, "MAX_UNPACKED_BYTES", unpacked)
    assert _read(io.BytesIO(data))  # exactly at the limit
    monkeypatch.setattr(xlsx, "MAX_UNPACKED_BYTES", unpacked - 1)
    with pytest.raises(xlsx.WorkbookRefused, match="giải nén ra"):
        _read(io.BytesIO(data))
    assert xlsx.MAX_UNPACKED_BYTES < 200 * 1024 * 1024


def test_errors_inside_the_block_are_damaged_files_unless_the_callers_own() -> None:
    data = _book([["a"], ["b"]])
    with pytest.raises(xlsx.WorkbookRefused, match="không phải bảng tính XLSX đọc được"):
        with xlsx.first_sheet_rows(io.BytesIO(data), several_sheets=SEVERAL, label="test") as rows:
            next(rows)
            raise KeyError("a bug while reading a row")
    with pytest.raises(ValidationError, match="Dòng 1"):
        with xlsx.first_sheet_rows(
            io.BytesIO(data), several_sheets=SEVERAL, label="test", passthrough=(ValidationError,)
        ) as rows:
            raise ValidationError("Dòng 1 phải là tiêu đề")
