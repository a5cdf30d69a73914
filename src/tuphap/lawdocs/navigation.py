"""The legal documents' entries in the back office's menu."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from tuphap.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(_("Legal documents"), "lawdocs:drafts", "lawdocs.view", order=300),
    NavItem(_("Register a document"), "lawdocs:document_new", "lawdocs.edit", order=310),
]
