"""The files of a document (PDF, DOC, DOCX, ODT), typed by their content."""

from __future__ import annotations

import os
import re
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tuphap.core.services import audit_record
from tuphap.core.text import TextError, clean_line
from tuphap.core.uploads import DOCUMENTS, file_type
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
FILE_EXTENSIONS = {"application/pdf": ".pdf", DOCX: ".docx", ODT: ".odt", DOC: ".doc"}
_STORED_NAME_RE = re.compile(r"[^a-z0-9_.-]+")


def _file_type(upload: Any) -> str | None:
    """The content type of an uploaded file from its content (None: not a PDF, DOC,
    DOCX or ODT, or an office package with macros: ``core.uploads`` judges them by
    the package's content types, relationships and manifest)."""
    return file_type(upload, DOCUMENTS)


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
