"""Reads for the citizen's own dossiers: never another's (a code that is not theirs
is the same as a code that does not exist)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from tuphap.dossiers.models import Dossier, OnlineApplication


def citizen_dossiers(user: Any) -> QuerySet[Dossier]:
    """The citizen's submitted dossiers, newest first."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Dossier.objects.none()
    return (
        Dossier.objects.filter(online__citizen=user)
        .select_related("procedure", "online")
        .order_by("-received_at", "-id")
    )


def citizen_dossier(user: Any, code: str) -> Dossier | None:
    return citizen_dossiers(user).filter(code=code).first()


def citizen_draft(user: Any, procedure_code: str) -> OnlineApplication | None:
    return OnlineApplication.objects.filter(citizen=user, procedure_code=procedure_code, dossier__isnull=True).first()


def citizen_drafts(user: Any) -> QuerySet[OnlineApplication]:
    return OnlineApplication.objects.filter(citizen=user, dossier__isnull=True).order_by("-updated_at")
