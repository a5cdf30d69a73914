"""Issue 16, item 9: a legal document's file with macros is refused, however the
macros are packaged (an ODT with a Basic/ library, a DOCX whose VBA part is not
named word/vbaProject.bin, …): judged by core.uploads, never stored nor served."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.core import office_files
from tuphap.core.models import AuditEvent
from tuphap.lawdocs.models import DocumentFile


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize("build", office_files.WITH_MACROS.values(), ids=office_files.WITH_MACROS.keys())
def test_a_document_file_with_macros_is_refused_on_the_page(
    client: Client, specialist: Any, make_doc: Callable[..., Any], settings: Any, build: Callable[[], bytes]
) -> None:
    doc = make_doc("12/2016/QĐ-UBND", "Quy định về học phí", effective="2016-03-25", text="Điều 1. Học phí.")
    name = "quyet-dinh.odt" if build.__name__.startswith("odt") else "quyet-dinh.docx"
    client.force_login(specialist)
    response = client.post(f"/van-ban/{doc.pk}/sua/", {"action": "file", "file": SimpleUploadedFile(name, build())})
    assert response.status_code == 200 and "Chỉ nhận tệp PDF, DOC, DOCX hoặc ODT" in response.content.decode()
    assert not DocumentFile.objects.exists() and not AuditEvent.objects.filter(action="lawdoc.file_add").exists()
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not [p for p in media.rglob("*") if p.is_file()]


def test_a_plain_odt_with_pictures_is_still_accepted(
    client: Client, specialist: Any, make_doc: Callable[..., Any]
) -> None:
    doc = make_doc("13/2016/QĐ-UBND", "Quy định khác", effective="2016-03-25", text="Điều 1.")
    client.force_login(specialist)
    data = office_files.odt_plain_with_pictures()
    response = client.post(f"/van-ban/{doc.pk}/sua/", {"action": "file", "file": SimpleUploadedFile("qd.odt", data)})
    assert response.status_code == 302 and DocumentFile.objects.get().name == "qd.odt"
