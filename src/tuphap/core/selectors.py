from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from tuphap.core.models import AuditEvent
from tuphap.orgs.permissions import can, visible_units


def audit_events() -> QuerySet[AuditEvent]:
    return AuditEvent.objects.select_related("actor").order_by("-at", "-id")


def home_summary(user: Any) -> dict[str, Any]:
    """What the staff home shows: the units the user sees and their last actions."""
    return {
        "units": list(visible_units(user).select_related("agency")[:20]),
        "sees_all_units": can(user, "orgs.view_all_units"),
        "recent_actions": list(AuditEvent.objects.filter(actor=user).order_by("-at", "-id")[:5]),
    }
