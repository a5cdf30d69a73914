"""The one-stop dossiers' entries in the back office's menu."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from tuphap.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(_("Reception desk"), "dossiers:desk", "dossiers.receive", order=200),
    NavItem(_("One-stop dossiers"), "dossiers:inbox", "dossiers.view", order=210),
    NavItem(_("Feedback and recommendations"), "dossiers:feedback_register", "dossiers.view", order=220),
]
