from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone

from tuphap.core.navigation import navigation_for


def department_name() -> str:
    """The name of the agency this installation serves as it is today (the member of
    its lineage in force: since 1 July 2025 the merged department), cached for a minute."""
    today = timezone.localdate()
    key = f"tuphap:agency-name:{settings.TUPHAP_AGENCY_CODE}:{today:%Y%m%d}"
    name = cache.get(key)
    if name is None:
        from tuphap.orgs.selectors import department_on

        agency = department_on(today)
        name = agency.name if agency is not None else "Sở Tư pháp"
        cache.set(key, name, 60)
    return str(name)


def site(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "tuphap_name": settings.TUPHAP_SITE_NAME,
        "department_name": department_name(),
        "nav_items": navigation_for(user) if user is not None and user.is_authenticated else [],
    }
