"""Load the demo province (idempotent: a second run changes nothing)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from tuphap.core.apps_registry import demo_loaders
from tuphap.demo import data
from tuphap.orgs import services as orgs
from tuphap.orgs.models import StaffProfile


class Command(BaseCommand):
    help = "Load the demo data (Department of Justice of Bình Thuận); safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            load_organisation()
            for load in demo_loaders():
                load(self.stdout)
        if apps.is_installed("tuphap.reports"):  # the first page shows every dossier just loaded
            from tuphap.reports.services import aggregates_refresh

            aggregates_refresh(actor=None)
        self.stdout.write(self.style.SUCCESS("Dữ liệu mẫu đã sẵn sàng."))
        self.stdout.write(f"Tài khoản mẫu (mật khẩu “{data.DEMO_PASSWORD}”):")
        for username, full_name, roles, _unit, _position in data.ACCOUNTS:
            self.stdout.write(f"  {username:<12} {full_name} — {', '.join(r.label for r in roles)}")


def load_organisation() -> None:
    """The department, its units and the demo accounts (idempotent)."""
    orgs.roles_ensure()
    old = orgs.agency_upsert(actor=None, **data.PROVINCE_OLD)  # type: ignore[arg-type]
    new = orgs.agency_upsert(actor=None, **data.PROVINCE_NEW)  # type: ignore[arg-type]
    orgs.agency_set_successor(actor=None, agency=old, successor=new)
    department = orgs.agency_upsert(actor=None, parent=old, **data.DEPARTMENT)  # type: ignore[arg-type]
    merged = orgs.agency_upsert(actor=None, parent=new, **data.DEPARTMENT_NEW)  # type: ignore[arg-type]
    orgs.agency_set_successor(actor=None, agency=department, successor=merged)
    points = {}
    for point in data.RECEIVING_POINTS:
        fields = dict(point)
        fields["agency"] = department if fields["agency"] == "old" else merged
        points[fields["code"]] = orgs.receiving_point_upsert(actor=None, **fields)  # type: ignore[arg-type]
    units = {code: orgs.unit_upsert(actor=None, agency=department, code=code, name=name) for code, name in data.UNITS}
    for username, full_name, roles, unit_code, position in data.ACCOUNTS:
        orgs.staff_upsert(
            actor=None,
            username=username,
            full_name=full_name,
            roles=roles,
            unit=units[unit_code],
            position=position,
            email=f"{username}@demo.tuphap.invalid",
            password=data.DEMO_PASSWORD,
            superuser=username == "admin",
        )
    # the reception officer works at the provincial centre: the desk's default receiving point
    profile = StaffProfile.objects.filter(user__username=data.DESK_OFFICER[0]).first()
    if profile is not None:
        orgs.staff_set_receiving_point(actor=None, profile=profile, point=points[data.DESK_OFFICER[1]])
