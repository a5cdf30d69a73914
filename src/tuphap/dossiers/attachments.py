"""Files of a dossier: scanned components and the electronic result.

One write (``attachment_add``) with its checks: the officer may see the
dossier, the file is a PDF, JPEG or PNG (judged by its first bytes, not by its
name) and at most ``MAX_BYTES``; every upload is an audit event. Attachments
never change the dossier itself (its flags are set by the workflow services).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from tuphap.core.services import audit_record
from tuphap.dossiers.models import Dossier, DossierAttachment
from tuphap.orgs.permissions import can

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 50
#: content type -> (extensions, magic prefixes)
ALLOWED: dict[str, tuple[tuple[str, ...], tuple[bytes, ...]]] = {
    "application/pdf": ((".pdf",), (b"%PDF-",)),
    "image/jpeg": ((".jpg", ".jpeg"), (b"\xff\xd8\xff",)),
    "image/png": ((".png",), (b"\x89PNG\r\n\x1a\n",)),
}


def sniff(head: bytes, allowed: dict[str, tuple[tuple[str, ...], tuple[bytes, ...]]] = ALLOWED) -> str | None:
    """The content type of a file from its first bytes (None: not allowed);
    ``allowed``: another table of the same shape (the legal documents' files)."""
    for content_type, (_exts, magics) in allowed.items():
        if any(head.startswith(m) for m in magics):
            return content_type
    return None


def attachment_add(*, actor: Any, dossier: Dossier, upload: UploadedFile, kind: str) -> DossierAttachment:
    from tuphap.dossiers.selectors import dossiers_visible

    if not can(actor, "dossiers.view") or not dossiers_visible(actor).filter(pk=dossier.pk).exists():
        raise PermissionDenied("attachment")
    if kind not in DossierAttachment.Kind.values:
        raise ValidationError({"kind": "Loại tệp không hợp lệ."})
    if kind == DossierAttachment.Kind.RESULT and dossier.state not in {
        "in_process",
        "received",
        "resolved",
        "returned",
    }:
        raise ValidationError({"kind": "Chỉ đính kèm kết quả điện tử cho hồ sơ đang xử lý hoặc đã có kết quả."})
    size = upload.size or 0
    if size == 0:
        raise ValidationError({"file": "Tệp rỗng."})
    if size > MAX_BYTES:
        raise ValidationError({"file": f"Tệp quá lớn ({size / 1048576:.1f} MB); tối đa {MAX_BYTES // 1048576} MB."})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff(head)
    if content_type is None:
        raise ValidationError({"file": "Chỉ nhận tệp PDF, JPEG hoặc PNG."})
    name = (upload.name or "tep").rsplit("/", 1)[-1][:200]
    if not name.lower().endswith(ALLOWED[content_type][0]):
        name = name + ALLOWED[content_type][0][0]
    if DossierAttachment.objects.filter(dossier=dossier).count() >= MAX_FILES:
        raise ValidationError({"file": f"Hồ sơ đã có đủ {MAX_FILES} tệp đính kèm."})
    with transaction.atomic():
        attachment = DossierAttachment(
            dossier=dossier, kind=kind, name=name, content_type=content_type, size=size, uploaded_by=actor
        )
        attachment.file.save(name, upload, save=False)
        attachment.save()
        audit_record(
            actor=actor, action="dossier.attach", obj=dossier, after={"name": name, "kind": kind, "size": size}
        )
    return attachment
