from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from tuphap.core.navigation import navigation_for


def department_name() -> str:
    """The name of the agency this installation serves, cached for a minute."""
    key = f"tuphap:agency-name:{settings.TUPHAP_AGENCY_CODE}"
    name = cache.get(key)
    if name is None:
        from tuphap.orgs.models import Agency

        name = (
            Agency.objects.filter(code=settings.TUPHAP_AGENCY_CODE).values_list("name", flat=True).first()
            or "Sở Tư pháp"
        )
        cache.set(key, name, 60)
    return str(name)


def site(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "tuphap_name": settings.TUPHAP_SITE_NAME,
        "department_name": department_name(),
        "nav_items": navigation_for(user) if user is not None and user.is_authenticated else [],
    }
