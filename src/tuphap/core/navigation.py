"""The back office's navigation: one entry per module, shown by capability."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from tuphap.orgs.permissions import can


@dataclass(frozen=True)
class NavItem:
    label: Any
    url_name: str
    capability: str


NAV_ITEMS = [
    NavItem(_("Digital office"), "backoffice", "backoffice.view"),
    NavItem(_("Working calendar"), "workdays:calendar", "workdays.view_calendar"),
    NavItem(_("Reception desk"), "dossiers:desk", "dossiers.receive"),
    NavItem(_("One-stop dossiers"), "dossiers:inbox", "dossiers.view"),
    NavItem(_("Feedback and recommendations"), "dossiers:feedback_register", "dossiers.view"),
    NavItem(_("Legal documents"), "lawdocs:drafts", "lawdocs.view"),
    NavItem(_("Register a document"), "lawdocs:document_new", "lawdocs.edit"),
    NavItem(_("Tasks and plans"), "workplans:board", "workplans.view"),
    NavItem(_("Public portal"), "portal:manage", "portal.review"),
    NavItem(_("Reports"), "reports:dashboard", "reports.view"),
    NavItem(_("Audit log"), "audit_log", "audit.view"),
    NavItem(_("Administration"), "admin:index", "admin.site"),
]


def navigation_for(user: Any) -> list[dict[str, Any]]:
    items = []
    for item in NAV_ITEMS:
        if not can(user, item.capability):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        items.append({"label": item.label, "url": url, "name": item.url_name})
    return items
