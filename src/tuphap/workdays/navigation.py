"""The working calendar's entry in the back office's menu."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from tuphap.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(_("Working calendar"), "workdays:calendar", "workdays.view_calendar", order=100),
]
