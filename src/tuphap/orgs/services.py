"""Writes on agencies, units and staff; each with its audit event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, TypedDict, Unpack

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AbstractUser, Group
from django.db import models, transaction

from tuphap.core.keywords import bundled
from tuphap.core.services import audit_record, audited_create, audited_edit, audited_save
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


class DatedRecord(TypedDict, total=False):
    """What the department's dated records (agencies, receiving points) have
    besides their code and name: a note and the days they are valid."""

    note: str
    valid_from: dt.date | None
    valid_to: dt.date | None


class AgencyFields(DatedRecord, total=False):
    """An agency's fields besides its code and name (``agency_upsert``)."""

    short_name: str
    parent: Agency | None
    place_name: str
    province: str
    address: str


class ReceivingPointFields(DatedRecord, total=False):
    """A receiving point's optional fields (``receiving_point_upsert``)."""

    commune: str


def _optional_fields(model: Any, declared: type[DatedRecord], given: Mapping[str, Any]) -> dict[str, Any]:
    """The optional fields ``declared`` for a record: those given, the others at the
    model's default (so an update clears a field left out, as a form does)."""
    unknown = set(given) - set(declared.__annotations__)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    return {name: given.get(name, model._meta.get_field(name).get_default()) for name in declared.__annotations__}


def _upsert(actor: AbstractBaseUser | None, model: Any, action: str, code: str, fields: dict[str, Any]) -> Any:
    """Create the row with ``code``, or change the fields that differ; validated and audited
    (``<action>.create`` / ``<action>.update`` with the fields before and after)."""
    _check(actor)
    with transaction.atomic():
        row = model.objects.select_for_update().filter(code=code).first()
        if row is None:
            return audited_create(
                model,
                actor=actor,
                action=f"{action}.create",
                after={"code": code, "name": fields["name"]},
                code=code,
                **fields,
            )
        changed = {k: v for k, v in fields.items() if getattr(row, k) != v}
        if changed:
            audited_edit(row, changed, actor=actor, action=f"{action}.update")
        return row


@bundled
def agency_upsert(*, actor: AbstractBaseUser | None, code: str, name: str, **fields: Unpack[AgencyFields]) -> Agency:
    return _upsert(actor, Agency, "agency", code, {"name": name, **_optional_fields(Agency, AgencyFields, fields)})


def _point_to[M: models.Model](
    actor: AbstractBaseUser | None, row: M, field: str, target: Agency | ReceivingPoint | None, action: str
) -> M:
    """Point ``row``'s reference ``field`` at ``target``, unless it already does; audited
    with the id before and the target's code after."""
    _check(actor)
    current = getattr(row, f"{field}_id")
    if current == (target.pk if target else None):
        return row
    return audited_save(
        row,
        actor=actor,
        action=action,
        changes={field: target},
        before={field: current},
        after={field: target.code if target else None},
    )


def agency_set_successor(*, actor: AbstractBaseUser | None, agency: Agency, successor: Agency) -> Agency:
    return _point_to(actor, agency, "successor", successor, "agency.set_successor")


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


@bundled
def receiving_point_upsert(
    *,
    actor: AbstractBaseUser | None,
    code: str,
    kind: str,
    name: str,
    agency: Agency,
    **given: Unpack[ReceivingPointFields],
) -> ReceivingPoint:
    """Create or update a receiving point (the department's data: the communes change with the map)."""
    fields = {
        "kind": kind,
        "name": name,
        "agency": agency,
        **_optional_fields(ReceivingPoint, ReceivingPointFields, given),
    }
    return _upsert(actor, ReceivingPoint, "receiving_point", code, fields)


def staff_set_receiving_point(
    *, actor: AbstractBaseUser | None, profile: StaffProfile, point: ReceivingPoint | None
) -> StaffProfile:
    """The officer's own counter (the desk's default receiving point)."""
    return _point_to(actor, profile, "receiving_point", point, "staff.set_receiving_point")
