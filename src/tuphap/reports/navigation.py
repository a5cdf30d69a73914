"""The reports' entry in the back office's menu."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from tuphap.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(_("Reports"), "reports:dashboard", "reports.view", order=600),
]
