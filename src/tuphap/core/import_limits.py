"""The size limit of a file imported at once (dossiers, procedures, violation figures), said the same way by
every importer."""

from __future__ import annotations

from django.utils.translation import gettext as _

from tuphap.core.xlsx import megabytes


def size_refusal(size: int, *, max_bytes: int) -> str:
    """Why a file of ``size`` bytes is not imported (empty, or larger than ``max_bytes``); "" when its size is fine."""
    if size == 0:
        return _("The file is empty.")
    if size > max_bytes:
        return _("The file is %(size)s MB; at most %(max)s MB are imported at once: split it into smaller files.") % {
            "size": megabytes(size),
            "max": megabytes(max_bytes),
        }
    return ""
