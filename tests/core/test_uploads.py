"""Uploads judged by content (core/uploads.py), macros by what a package
declares rather than one file name (issue 16, item 9)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.core import office_files
from tuphap.core import uploads


def judged(data: bytes, table: uploads.Table = uploads.DOCUMENTS) -> str | None:
    return uploads.file_type(SimpleUploadedFile("x.docx", data), table)


@pytest.mark.parametrize("build", office_files.WITH_MACROS.values(), ids=office_files.WITH_MACROS.keys())
def test_a_package_with_macros_is_refused_whatever_its_parts_are_named(build: Callable[[], bytes]) -> None:
    data = build()
    assert judged(data) is None
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert uploads.macros_in(archive)  # a reason, for the log


def test_plain_documents_are_accepted_and_told_apart() -> None:
    assert judged(office_files.docx()) == uploads.DOCX
    assert judged(office_files.odt()) == uploads.ODT
    assert judged(office_files.odt_plain_with_pictures()) == uploads.ODT  # application/postscript is no script
    assert judged(b"%PDF-1.7\n%%EOF") == uploads.PDF
    assert judged(office_files.docx(), uploads.SCANS) is None  # a scan must be a PDF, JPEG or PNG
    assert judged(b"\x89PNG\r\n\x1a\n....", uploads.SCANS) == uploads.PNG


def test_unsafe_or_broken_declarations_are_refused() -> None:
    assert judged(office_files.docx_billion_laughs()) is None
    assert judged(b"PK\x03\x04" + b"\x00" * 100) is None
    huge = io.BytesIO()
    with zipfile.ZipFile(huge, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types>" + " " * (uploads.MAX_XML_BYTES + 1) + "</Types>")
        archive.writestr("word/document.xml", "<w:document/>")
    assert judged(huge.getvalue()) is None


def test_the_old_name_rule_still_holds() -> None:
    assert judged(office_files.docx(parts={"word/vbaProject.bin": b"\x00" * 64})) is None


def test_sizes() -> None:
    with pytest.raises(ValidationError, match="Tệp rỗng"):
        uploads.check_size(SimpleUploadedFile("a.pdf", b""), max_bytes=10)
    with pytest.raises(ValidationError, match=r"Tệp quá lớn \(1,5 MB\); tối đa 1 MB\."):
        uploads.check_size(SimpleUploadedFile("a.pdf", b"x" * (3 * 524288)), max_bytes=1048576)
    assert uploads.check_size(SimpleUploadedFile("a.pdf", b"x" * 10), max_bytes=10) == 10
