"""Roles of the department's staff, kept as Django groups.

A role is a group with a fixed slug; a user may hold several. The table of
capabilities (``CAPABILITIES``) says which roles may do what; views, the API
and services all ask ``tuphap.orgs.permissions.can``.
"""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Role(StrEnum):
    RECEPTION = "reception"  # cán bộ một cửa
    SPECIALIST = "specialist"  # chuyên viên
    UNIT_HEAD = "unit_head"  # trưởng phòng
    DIRECTOR = "director"  # lãnh đạo Sở
    EDITOR = "editor"  # biên tập viên
    ADMIN = "admin"  # quản trị hệ thống

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.RECEPTION: _("Reception officer"),
    Role.SPECIALIST: _("Specialist"),
    Role.UNIT_HEAD: _("Unit head"),
    Role.DIRECTOR: _("Director"),
    Role.EDITOR: _("Editor"),
    Role.ADMIN: _("Administrator"),
}

STAFF_ROLES = frozenset(Role)

# capability -> roles that hold it. Superusers hold every capability.
CAPABILITIES: dict[str, frozenset[Role]] = {
    "backoffice.view": frozenset(Role),
    "api.use": frozenset(Role),
    "orgs.view_all_units": frozenset({Role.DIRECTOR, Role.ADMIN}),
    "orgs.manage": frozenset({Role.ADMIN}),
    "audit.view": frozenset({Role.DIRECTOR, Role.ADMIN}),
    "workdays.view_calendar": frozenset(Role),
    "workdays.edit_calendar": frozenset({Role.ADMIN}),
    "admin.site": frozenset({Role.ADMIN}),
    "lawdocs.view": frozenset({Role.SPECIALIST, Role.UNIT_HEAD, Role.DIRECTOR, Role.ADMIN}),
    "lawdocs.edit": frozenset({Role.SPECIALIST, Role.UNIT_HEAD, Role.DIRECTOR, Role.ADMIN}),
    "lawdocs.appraise": frozenset({Role.SPECIALIST, Role.UNIT_HEAD, Role.DIRECTOR}),
    "lawdocs.review": frozenset({Role.SPECIALIST, Role.UNIT_HEAD, Role.DIRECTOR}),
    "portal.review": frozenset({Role.EDITOR, Role.DIRECTOR}),
    "portal.write": frozenset({Role.EDITOR}),
    "portal.publish": frozenset({Role.EDITOR}),
    "portal.approve": frozenset({Role.DIRECTOR}),
    "portal.settings": frozenset({Role.DIRECTOR, Role.ADMIN}),
    "dossiers.view": frozenset({Role.RECEPTION, Role.SPECIALIST, Role.UNIT_HEAD, Role.DIRECTOR}),
    "dossiers.view_personal": frozenset({Role.RECEPTION, Role.SPECIALIST, Role.UNIT_HEAD, Role.DIRECTOR}),
    "dossiers.manage_catalogue": frozenset({Role.ADMIN}),
    "reports.view": frozenset({Role.UNIT_HEAD, Role.DIRECTOR, Role.ADMIN}),
    "dossiers.receive": frozenset({Role.RECEPTION}),
    "dossiers.register": frozenset({Role.RECEPTION, Role.UNIT_HEAD, Role.DIRECTOR}),
    "workplans.view": frozenset({Role.SPECIALIST, Role.UNIT_HEAD, Role.DIRECTOR, Role.ADMIN}),
    "workplans.edit": frozenset({Role.SPECIALIST, Role.UNIT_HEAD, Role.DIRECTOR}),
    "workplans.direct": frozenset({Role.DIRECTOR}),
}

#: Capabilities that only a role grants, never Django's superuser flag alone: a
#: superuser without an operational role sees citizens' ID numbers and phones
#: masked like everyone else (docs/privacy.md); to see them whole, give the
#: account a role that holds the capability (and the view is logged).
ROLE_ONLY: frozenset[str] = frozenset({"dossiers.view_personal"})
