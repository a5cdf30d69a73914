"""The public portal's entry in the back office's menu (its management pages)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from tuphap.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(_("Public portal"), "portal:manage", "portal.review", order=500),
]
