"""Writes on agencies, units and staff; each with its audit event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AbstractUser, Group
from django.db import transaction

from tuphap.core.services import audit_record, audited_edit, audited_save
from tuphap.orgs.models import Agency, ReceivingPoint, StaffProfile, Unit
from tuphap.orgs.permissions import require
from tuphap.orgs.roles import Role


def _check(actor: AbstractBaseUser | None) -> None:
    # actor None: the command line or a data migration, run by an operator.
    if actor is not None:
        require(actor, "orgs.manage")


def roles_ensure() -> dict[Role, Group]:
    """Create the role groups if missing (idempotent)."""
    return {role: Group.objects.get_or_create(name=role.value)[0] for role in Role}


def _upsert(actor: AbstractBaseUser | None, model: Any, action: str, code: str, fields: dict[str, Any]) -> Any:
    """Create the row with ``code``, or change the fields that differ; validated and audited
    (``<action>.create`` / ``<action>.update`` with the fields before and after)."""
    with transaction.atomic():
        row = model.objects.select_for_update().filter(code=code).first()
        if row is None:
            row = model(code=code, **fields)
            row.full_clean()
            return audited_save(
                row, actor=actor, action=f"{action}.create", after={"code": code, "name": fields["name"]}
            )
        changed = {k: v for k, v in fields.items() if getattr(row, k) != v}
        if changed:
            audited_edit(row, changed, actor=actor, action=f"{action}.update")
        return row


def agency_upsert(
    *,
    actor: AbstractBaseUser | None,
    code: str,
    name: str,
    short_name: str = "",
    parent: Agency | None = None,
    place_name: str = "",
    province: str = "",
    note: str = "",
    address: str = "",
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> Agency:
    _check(actor)
    fields = {
        "name": name,
        "short_name": short_name,
        "parent": parent,
        "place_name": place_name,
        "province": province,
        "note": note,
        "address": address,
        "valid_from": valid_from,
        "valid_to": valid_to,
    }
    return _upsert(actor, Agency, "agency", code, fields)


def agency_set_successor(*, actor: AbstractBaseUser | None, agency: Agency, successor: Agency) -> Agency:
    _check(actor)
    if agency.successor_id == successor.pk:
        return agency
    return audited_save(
        agency,
        actor=actor,
        action="agency.set_successor",
        changes={"successor": successor},
        before={"successor": agency.successor_id},
        after={"successor": successor.code},
    )


def unit_upsert(*, actor: AbstractBaseUser | None, agency: Agency, code: str, name: str) -> Unit:
    _check(actor)
    with transaction.atomic():
        unit, created = Unit.objects.get_or_create(agency=agency, code=code, defaults={"name": name})
        if created:
            audit_record(actor=actor, action="unit.create", obj=unit, after={"code": code, "name": name})
        elif unit.name != name:
            audited_save(
                unit,
                actor=actor,
                action="unit.update",
                changes={"name": name},
                before={"name": unit.name},
                after={"name": name},
            )
    return unit


def staff_upsert(
    *,
    actor: AbstractBaseUser | None,
    username: str,
    full_name: str,
    roles: Iterable[Role],
    unit: Unit | None,
    position: str = "",
    email: str = "",
    password: str | None = None,
    superuser: bool = False,
) -> AbstractUser:
    """Create or update a staff account with its profile and roles."""
    _check(actor)
    user_model = get_user_model()
    first, _sep, last = full_name.rpartition(" ")
    groups = roles_ensure()
    wanted = set(roles)
    with transaction.atomic():
        user, created = user_model.objects.get_or_create(username=username)
        user.first_name, user.last_name = (first, last) if first else ("", full_name)
        user.email = email
        user.is_staff = superuser or Role.ADMIN in wanted
        user.is_superuser = superuser
        if password is not None and (created or not user.check_password(password)):
            user.set_password(password)
        elif created:
            user.set_unusable_password()
        user.save()
        current = set(user.groups.filter(name__in=[r.value for r in Role]).values_list("name", flat=True))
        if current != {r.value for r in wanted}:
            user.groups.remove(*[groups[Role(n)] for n in current - {r.value for r in wanted}])
            user.groups.add(*[groups[r] for r in wanted])
        profile, _ = StaffProfile.objects.get_or_create(user=user)
        if (profile.unit_id, profile.position) != (unit.pk if unit else None, position):
            profile.unit = unit
            profile.position = position
            profile.save(update_fields=["unit", "position"])
        if created:
            audit_record(
                actor=actor,
                action="staff.create",
                obj=user,
                after={
                    "username": username,
                    "roles": sorted(r.value for r in wanted),
                    "unit": unit.code if unit else None,
                },
            )
    return user


def receiving_point_upsert(
    *,
    actor: AbstractBaseUser | None,
    code: str,
    kind: str,
    name: str,
    agency: Agency,
    commune: str = "",
    note: str = "",
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> ReceivingPoint:
    """Create or update a receiving point (the department's data: the communes change with the map)."""
    _check(actor)
    fields = {
        "kind": kind,
        "name": name,
        "agency": agency,
        "commune": commune,
        "note": note,
        "valid_from": valid_from,
        "valid_to": valid_to,
    }
    return _upsert(actor, ReceivingPoint, "receiving_point", code, fields)


def staff_set_receiving_point(
    *, actor: AbstractBaseUser | None, profile: StaffProfile, point: ReceivingPoint | None
) -> StaffProfile:
    """The officer's own counter (the desk's default receiving point)."""
    _check(actor)
    if profile.receiving_point_id == (point.pk if point else None):
        return profile
    return audited_save(
        profile,
        actor=actor,
        action="staff.set_receiving_point",
        changes={"receiving_point": point},
        before={"receiving_point": profile.receiving_point_id},
        after={"receiving_point": point.code if point else None},
    )
