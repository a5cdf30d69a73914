"""Files of a dossier: scanned components and the electronic result.

One write (``attachment_add``) with its checks: the officer may see the
dossier, the file is a PDF, JPEG or PNG (judged by its content, not by its
name: ``tuphap.core.uploads``) and at most ``MAX_BYTES``; every upload is an
audit event. Attachments
never change the dossier itself (its flags are set by the workflow services).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from tuphap.core import uploads
from tuphap.core.services import audit_record
from tuphap.dossiers.models import Dossier, DossierAttachment
from tuphap.orgs.permissions import can

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 50
#: content type -> (extensions, magic prefixes): scans of papers (``tuphap.core.uploads.SCANS``)
ALLOWED = uploads.SCANS


def attachment_add(*, actor: Any, dossier: Dossier, upload: UploadedFile, kind: str) -> DossierAttachment:
    from tuphap.dossiers.selectors import dossiers_visible

    if not can(actor, "dossiers.view") or not dossiers_visible(actor).filter(pk=dossier.pk).exists():
        raise PermissionDenied("attachment")
    if kind not in DossierAttachment.Kind.values:
        raise ValidationError({"kind": _("Unknown kind of file.")})
    if kind == DossierAttachment.Kind.RESULT and dossier.state not in {
        "in_process",
        "received",
        "resolved",
        "returned",
    }:
        raise ValidationError(
            {"kind": _("An electronic result can only be attached to a dossier in process or with a result.")}
        )
    size = uploads.check_size(upload, max_bytes=MAX_BYTES)
    content_type = uploads.file_type(upload, ALLOWED)
    if content_type is None:
        raise ValidationError({"file": _("Only PDF, JPEG or PNG files are accepted.")})
    name = (upload.name or "tep").rsplit("/", 1)[-1][:200]
    if not name.lower().endswith(ALLOWED[content_type][0]):
        name = name + ALLOWED[content_type][0][0]
    if DossierAttachment.objects.filter(dossier=dossier).count() >= MAX_FILES:
        raise ValidationError({"file": _("The dossier already has %(count)s attached files.") % {"count": MAX_FILES}})
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
