"""The back office's navigation: one entry per module, shown by capability.

Core holds its own entries (the digital office first, the audit log and the
administration last); every domain app contributes its own in the ``NAV_ITEMS``
of its ``navigation.py`` (see ``core.apps_registry.navigation_items``). The menu
lists them all by ``order``, as Wagtail's admin menu does.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from tuphap.orgs.permissions import can


@dataclass(frozen=True)
class NavItem:
    label: Any
    url_name: str
    capability: str
    order: int  # place in the menu: core's entries at 0 and from 900, the apps' in between


NAV_ITEMS = [
    NavItem(_("Digital office"), "backoffice", "backoffice.view", order=0),
    NavItem(_("Audit log"), "audit_log", "audit.view", order=900),
    NavItem(_("Administration"), "admin:index", "admin.site", order=1000),
]


@cache
def menu() -> tuple[NavItem, ...]:
    """Core's entries and every installed app's, by order (the same for every request)."""
    from tuphap.core.apps_registry import navigation_items

    return tuple(sorted([*NAV_ITEMS, *navigation_items()], key=lambda item: item.order))


def navigation_for(user: Any) -> list[dict[str, Any]]:
    items = []
    for item in menu():
        if not can(user, item.capability):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        items.append({"label": item.label, "url": url, "name": item.url_name})
    return items
