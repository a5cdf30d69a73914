"""The procedures catalogue (thủ tục hành chính): publishing versions and
reading the version in force on a date.

A procedure changes over time (limits, fees, components, legal basis): each
change is a new version, valid from a date; a dossier keeps the version it
was received under. (``catalogue.py`` holds the demo's procedures, the data
that ``procedure_publish`` loads.)
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from tuphap.core.services import audit_record
from tuphap.core.text import TextError, clean_code
from tuphap.dossiers.models import LimitUnit, Procedure
from tuphap.orgs.models import Agency
from tuphap.orgs.permissions import require

User = AbstractBaseUser | AnonymousUser | None


def procedure_for(code: str, *, on: dt.date) -> Procedure:
    """The version of a procedure valid on a date."""
    try:
        code = clean_code(code)
    except TextError as exc:
        raise ValidationError({"procedure_code": _("Procedure code: %(error)s.") % {"error": exc}}) from None
    procedure = (
        Procedure.objects.select_related("unit", "agency")
        .filter(code=code, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .order_by("-version")
        .first()
    )
    if procedure is None:
        raise ValidationError(
            {
                "procedure_code": _("No procedure with the code “%(code)s” is in force on %(date)s.")
                % {"code": code, "date": f"{on:%d/%m/%Y}"}
            }
        )
    return procedure


def procedure_publish(
    *, actor: User, data: dict[str, Any], agency: Agency, unit: Any, valid_from: dt.date
) -> Procedure:
    """Add a procedure to the catalogue, or a new version when its content changed.

    A dossier keeps the version it was received under; the previous version
    is closed the day before ``valid_from``. Idempotent for unchanged content.
    """
    if actor is not None:
        require(actor, "dossiers.manage_catalogue")
    content = {
        k: data[k]
        for k in (
            "name",
            "field",
            "time_limit_amount",
            "time_limit_unit",
            "time_limit_note",
            "fee",
            "fee_note",
            "components",
            "channels",
            "online_level",
            "legal_basis",
        )
    }
    if content["time_limit_unit"] not in LimitUnit.values:
        raise ValidationError({"time_limit_unit": _("Invalid unit of the time limit.")})
    with transaction.atomic():
        current = Procedure.objects.select_for_update().filter(code=data["code"]).order_by("-version").first()
        if (
            current is not None
            and current.unit_id == unit.pk
            and all(getattr(current, k) == v for k, v in content.items())
        ):
            return current
        if current is not None:
            if valid_from <= current.valid_from:
                raise ValidationError({"valid_from": _("The new version must take effect after the current one.")})
            current.valid_to = valid_from - dt.timedelta(days=1)
            current.save(update_fields=["valid_to"])
        procedure = Procedure.objects.create(
            code=data["code"],
            version=(current.version + 1) if current else 1,
            agency=agency,
            unit=unit,
            valid_from=valid_from,
            **content,
        )
        audit_record(
            actor=actor,
            action="procedure.publish",
            obj=procedure,
            after={"code": procedure.code, "version": procedure.version},
        )
    return procedure
