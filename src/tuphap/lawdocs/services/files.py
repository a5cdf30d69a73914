"""The files of a document (PDF, DOC, DOCX, ODT), typed by their content."""

from __future__ import annotations

import os
import re
import zipfile
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tuphap.core.services import audit_record
from tuphap.core.text import TextError, clean_line
from tuphap.dossiers.attachments import sniff
from tuphap.lawdocs.models import (
    DocumentFile,
    LegalDocument,
)
from tuphap.lawdocs.search.folding import fold
from tuphap.lawdocs.services.common import _require

# --- Files of a document -------------------------------------------------------

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
DOC = "application/msword"
#: content type -> (extensions, magic prefixes), the table of ``dossiers.attachments.sniff``; a ZIP
#: archive may be a DOCX or an ODT, an OLE2 compound file a DOC, each told apart by what it holds
FILE_TYPES: dict[str, tuple[tuple[str, ...], tuple[bytes, ...]]] = {
    "application/pdf": ((".pdf",), (b"%PDF-",)),
    DOCX: ((".docx", ".odt"), (b"PK\x03\x04",)),
    DOC: ((".doc",), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)),
}
FILE_EXTENSIONS = {"application/pdf": ".pdf", DOCX: ".docx", ODT: ".odt", DOC: ".doc"}
_STORED_NAME_RE = re.compile(r"[^a-z0-9_.-]+")
_WORD_STREAM = "WordDocument".encode("utf-16-le")  # the main stream of a Word 97–2003 file, named in its directory


def _file_type(upload: Any) -> str | None:
    """The content type of an uploaded file from its content (None: not a PDF, DOC, DOCX or ODT)."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = sniff(head, FILE_TYPES)
    if kind == DOCX:  # a ZIP archive: a Word document (without macros) or an OpenDocument text
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
                if "mimetype" in names and archive.getinfo("mimetype").file_size < 100:
                    kind = ODT if archive.read("mimetype").strip() == ODT.encode() else None
                elif not {"[Content_Types].xml", "word/document.xml"} <= names or "word/vbaProject.bin" in names:
                    kind = None
        except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, NotImplementedError):
            kind = None
    elif kind == DOC:  # an OLE2 file is also an Excel sheet, a PowerPoint or an MSI installer
        found, tail = False, b""
        for chunk in upload.chunks():
            if _WORD_STREAM in tail + chunk:
                found = True
                break
            tail = chunk[-len(_WORD_STREAM) :]
        kind = DOC if found else None
    upload.seek(0)
    return kind


def max_file_bytes() -> int:
    """The size limit of a document's file (setting ``TUPHAP_LAWDOCS_FILE_MAX_BYTES``)."""
    return int(getattr(settings, "TUPHAP_LAWDOCS_FILE_MAX_BYTES", 20 * 1024 * 1024))


def document_file_add(*, actor: Any, document: LegalDocument, upload: Any) -> DocumentFile:
    """Attach a file (PDF, DOC, DOCX or ODT, judged by its content, at most
    ``TUPHAP_LAWDOCS_FILE_MAX_BYTES``) to a document; stored under MEDIA_ROOT,
    which is not served: the public reaches it through ``views.document_file``."""
    _require(actor, "lawdocs.edit")
    size = upload.size or 0
    limit = max_file_bytes()
    if size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    if size > limit:
        raise ValidationError(
            {
                "file": _("The file is too large (%(size)s MB); at most %(limit)s MB.")
                % {"size": f"{size / 1048576:.1f}".replace(".", ","), "limit": f"{limit / 1048576:g}".replace(".", ",")}
            }
        )
    content_type = _file_type(upload)
    if content_type is None:
        raise ValidationError(
            {"file": _("Only PDF, DOC, DOCX or ODT files are accepted; the content of this file is none of them.")}
        )
    extension = FILE_EXTENSIONS[content_type]
    try:
        name = clean_line((upload.name or "").replace("\\", "/").rsplit("/", 1)[-1], max_length=200)
    except TextError as exc:
        raise ValidationError({"file": str(exc)}) from None
    stem, given = os.path.splitext(name)
    if given.lower() in FILE_EXTENSIONS.values() and given.lower() != extension:
        raise ValidationError(
            {
                "file": _("The file is named %(given)s but its content is %(real)s.")
                % {"given": given.lower(), "real": extension.lstrip(".").upper()}
            }
        )
    if given.lower() != extension:
        stem = name
    name = (stem or document.number.replace("/", "-")) + extension
    stored = (
        _STORED_NAME_RE.sub("-", fold(stem)).strip(".-")[:60] or "van-ban"
    ) + extension  # ASCII, no path, no dot file
    item = DocumentFile(document=document, name=name)
    item.file.save(stored, upload, save=False)
    try:
        with transaction.atomic():
            item.save()
            audit_record(
                actor=actor,
                action="lawdoc.file_add",
                obj=document,
                after={"file": item.pk, "name": name, "type": content_type, "size": size},
            )
    except BaseException:
        item.file.storage.delete(str(item.file.name))
        raise
    return item


def document_file_remove(*, actor: Any, item: DocumentFile) -> None:
    """Remove a file from a document; the stored file goes once the removal is committed."""
    _require(actor, "lawdocs.edit")
    with transaction.atomic():
        document = item.document
        stored, name, pk = str(item.file.name), item.name, item.pk
        storage = item.file.storage
        item.delete()
        audit_record(actor=actor, action="lawdoc.file_remove", obj=document, before={"file": pk, "name": name})
        transaction.on_commit(lambda: storage.delete(stored))
