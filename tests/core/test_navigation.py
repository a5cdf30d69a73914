"""The back office's menu: core's entries around those each app contributes, in one fixed order."""

from __future__ import annotations

from typing import Any

from tuphap.core.navigation import navigation_for


def test_the_menu_keeps_its_order_for_a_user_who_sees_every_entry(admin_user: Any) -> None:
    assert [item["name"] for item in navigation_for(admin_user)] == [
        "backoffice",
        "workdays:calendar",
        "dossiers:desk",
        "dossiers:inbox",
        "dossiers:feedback_register",
        "lawdocs:drafts",
        "lawdocs:document_new",
        "workplans:board",
        "portal:manage",
        "reports:dashboard",
        "audit_log",
        "admin:index",
    ]


def test_a_reception_officer_sees_only_the_entries_of_their_capabilities(reception: Any) -> None:
    names = [item["name"] for item in navigation_for(reception)]
    assert names[0] == "backoffice" and "dossiers:desk" in names
    assert "audit_log" not in names and "admin:index" not in names
