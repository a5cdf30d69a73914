from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from tuphap.orgs import services as orgs
from tuphap.orgs.models import Agency
from tuphap.orgs.permissions import can, require, roles_of, visible_units
from tuphap.orgs.roles import CAPABILITIES, ROLE_ONLY, Role


def test_roles_are_groups(make_staff: Any) -> None:
    user = make_staff("hai", Role.SPECIALIST, Role.UNIT_HEAD)
    assert roles_of(user) == {Role.SPECIALIST, Role.UNIT_HEAD}
    assert set(user.groups.values_list("name", flat=True)) == {"specialist", "unit_head"}


def test_capabilities_follow_roles(reception: Any, director: Any, admin_user: Any) -> None:
    assert can(reception, "backoffice.view") and not can(reception, "audit.view")
    assert can(director, "audit.view") and can(director, "orgs.view_all_units") and not can(director, "orgs.manage")
    # a superuser holds every capability but the role-only ones (whole personal data needs a dossier role)
    assert {cap for cap in CAPABILITIES if not can(admin_user, cap)} == ROLE_ONLY == {"dossiers.view_personal"}
    assert not can(AnonymousUser(), "backoffice.view")
    with pytest.raises(PermissionDenied):
        require(reception, "orgs.manage")
    with pytest.raises(ValueError, match="unknown capability"):
        can(reception, "no.such.thing")


def test_inactive_users_hold_nothing(reception: Any) -> None:
    reception.is_active = False
    assert not can(reception, "backoffice.view")


def test_visible_units_by_role(reception: Any, director: Any, make_staff: Any, units: dict[str, Any]) -> None:
    assert list(visible_units(reception)) == [units["hctp"]]
    assert set(visible_units(director)) == set(units.values())
    loner = make_staff("loner", Role.SPECIALIST, unit=None)
    assert list(visible_units(loner)) == []


def test_services_check_permission(reception: Any, department: Any) -> None:
    with pytest.raises(PermissionDenied):
        orgs.unit_upsert(actor=reception, agency=department, code="x", name="X")


def test_agency_code_is_validated(db: Any) -> None:
    with pytest.raises(ValidationError):
        orgs.agency_upsert(actor=None, code="H09-17", name="Sai mã")
    assert not Agency.objects.filter(code="H09-17").exists()


def test_role_change_replaces_groups(make_staff: Any) -> None:
    make_staff("doi", Role.SPECIALIST)
    user = make_staff("doi", Role.UNIT_HEAD)
    assert set(user.groups.values_list("name", flat=True)) == {"unit_head"}
