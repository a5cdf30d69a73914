"""The procedures catalogue (thủ tục hành chính): publishing versions and
reading the version in force on a date.

A procedure changes over time (limits, fees with their reductions and
exemptions, time-limit variants, components, legal basis): each change is a
new version, valid from a date; a dossier keeps the version it was received
under. A procedure that ends (``valid_to``) because the task moved to another
body says who handles it now (``handed_to``), and intake after its end is
refused with that. (``catalogue.py`` holds the demo's procedures, the data
that ``catalogue_publish`` loads; ``import_procedures`` reads the national
database's export.) Rules and sources: docs/domain/catalogue.md.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from tuphap.core import rows
from tuphap.core.services import audit_record
from tuphap.core.text import TextError, clean_code
from tuphap.dossiers.models import Dossier, DossierEvent, LimitUnit, Procedure
from tuphap.orgs.models import Agency, Unit
from tuphap.orgs.permissions import require
from tuphap.workdays.selectors import revision_columns, revision_of

User = AbstractBaseUser | AnonymousUser | None
log = logging.getLogger(__name__)


FEE_RULE_KINDS = ("reduction", "exemption")
CODE_SOURCES = ("", "national", "demo")
_KEY = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}", re.ASCII)


def _text(value: Any, limit: int = 500) -> str:
    return " ".join(value.split())[:limit] if isinstance(value, str) else ""


def clean_fee_rules(rules: Any, *, fee: int) -> list[dict[str, Any]]:
    """The reductions and exemptions of a fee, checked: each ``{kind, who, basis}``
    with ``percent`` (1–99, the share taken off) or ``amount`` (the reduced fee in
    VND, below the fee) for a reduction, neither for an exemption."""
    if rules in (None, ""):
        return []
    if not isinstance(rules, list):
        raise ValidationError({"fee_rules": _("The fee rules must be a list.")})
    out = []
    for number, rule in enumerate(rules, start=1):
        where = {"number": number}
        if not isinstance(rule, Mapping):
            raise ValidationError({"fee_rules": _("Fee rule %(number)s is not an object.") % where})
        kind, who, basis = rule.get("kind"), _text(rule.get("who")), _text(rule.get("basis"))
        if kind not in FEE_RULE_KINDS:
            raise ValidationError(
                {"fee_rules": _("Fee rule %(number)s: the kind is “reduction” or “exemption”.") % where}
            )
        if not who:
            raise ValidationError({"fee_rules": _("Fee rule %(number)s: say who it applies to.") % where})
        if not basis:
            raise ValidationError({"fee_rules": _("Fee rule %(number)s: give its legal basis.") % where})
        if not fee:
            raise ValidationError({"fee_rules": _("Fee rule %(number)s: the procedure has no fee.") % where})
        clean: dict[str, Any] = {"kind": kind, "who": who, "basis": basis}
        percent, amount = rule.get("percent"), rule.get("amount")
        if kind == "exemption":
            if percent not in (None, 100) or amount not in (None, 0):
                raise ValidationError(
                    {"fee_rules": _("Fee rule %(number)s: an exemption has no percent or amount.") % where}
                )
        elif (percent is None) == (amount is None):
            raise ValidationError(
                {"fee_rules": _("Fee rule %(number)s: a reduction has either a percent or an amount.") % where}
            )
        elif percent is not None:
            if isinstance(percent, bool) or not isinstance(percent, int) or not 1 <= percent <= 99:
                raise ValidationError(
                    {"fee_rules": _("Fee rule %(number)s: the percent is a whole number from 1 to 99.") % where}
                )
            clean["percent"] = percent
        else:
            if isinstance(amount, bool) or not isinstance(amount, int) or not 0 < amount < fee:
                raise ValidationError(
                    {
                        "fee_rules": _(
                            "Fee rule %(number)s: the reduced fee is a whole number of đồng, above 0 and below the fee."
                        )
                        % where
                    }
                )
            clean["amount"] = amount
        out.append(clean)
    return out


def fee_payable(fee: int, rule: Mapping[str, Any]) -> int:
    """The fee due under one (clean) rule."""
    if rule["kind"] == "exemption":
        return 0
    if "amount" in rule:
        return int(rule["amount"])
    return fee * (100 - int(rule["percent"])) // 100


def clean_time_limit_variants(variants: Any) -> list[dict[str, Any]]:
    """The time limits an officer may apply instead of the usual one, checked:
    each ``{key, label, amount, unit, condition, basis}``, keys unique."""
    if variants in (None, ""):
        return []
    if not isinstance(variants, list):
        raise ValidationError({"time_limit_variants": _("The time limit variants must be a list.")})
    out: list[dict[str, Any]] = []
    for number, variant in enumerate(variants, start=1):
        where = {"number": number}
        if not isinstance(variant, Mapping):
            raise ValidationError({"time_limit_variants": _("Variant %(number)s is not an object.") % where})
        key = variant.get("key")
        if not isinstance(key, str) or not _KEY.fullmatch(key):
            raise ValidationError(
                {
                    "time_limit_variants": _(
                        "Variant %(number)s: the key is 1–40 lower-case letters, digits, “-” or “_”."
                    )
                    % where
                }
            )
        if any(v["key"] == key for v in out):
            raise ValidationError({"time_limit_variants": _("Variant %(number)s: the key is repeated.") % where})
        amount = variant.get("amount")
        if isinstance(amount, bool) or not isinstance(amount, int) or not 0 < amount <= 3650:
            raise ValidationError(
                {"time_limit_variants": _("Variant %(number)s: the time limit is a whole number from 1.") % where}
            )
        if variant.get("unit") not in LimitUnit.values:
            raise ValidationError(
                {"time_limit_variants": _("Variant %(number)s: invalid unit of the time limit.") % where}
            )
        label, condition, basis = (_text(variant.get(k)) for k in ("label", "condition", "basis"))
        if not label or not condition or not basis:
            raise ValidationError(
                {"time_limit_variants": _("Variant %(number)s: give its label, condition and legal basis.") % where}
            )
        out.append(
            {
                "key": key,
                "label": label,
                "amount": amount,
                "unit": variant["unit"],
                "condition": condition,
                "basis": basis,
            }
        )
    return out


def clean_components(components: Any) -> list[dict[str, Any]]:
    """Components with a stable ``id`` each (``c1``, ``c2``… unless given)."""
    if not isinstance(components, list):
        raise ValidationError({"components": _("The components must be a list.")})
    out = []
    for number, item in enumerate(components, start=1):
        if not isinstance(item, Mapping) or not _text(item.get("name")):
            raise ValidationError({"components": _("Component %(number)s has no name.") % {"number": number}})
        out.append({"id": str(item.get("id") or f"c{number}"), **{k: v for k, v in item.items() if k != "id"}})
    if len({c["id"] for c in out}) != len(out):
        raise ValidationError({"components": _("Two components have the same id.")})
    return out


def procedure_for(code: str, *, on: dt.date) -> Procedure:
    """The version of a procedure valid on a date.

    ValidationError on ``procedure_code`` otherwise, saying why in words a
    person reads: since when the procedure ended and who handles it now, or
    from when it applies, or that the code is unknown.
    """
    try:
        code = clean_code(code)
    except TextError as exc:
        raise ValidationError({"procedure_code": _("Procedure code: %(error)s.") % {"error": exc}}) from None
    procedure = _in_force(code, on)
    if procedure is None:
        raise ValidationError({"procedure_code": not_in_force_message(code, on)})
    return procedure


#: vendor -> the query of ``_in_force`` and the fields of its procedure, agency and unit columns
_IN_FORCE: dict[str, tuple[str, list[Any], list[Any], list[Any]]] = {}


def _in_force(code: str, on: dt.date) -> Procedure | None:
    """The latest version of ``code`` valid on ``on``, with its agency and unit, in one statement written once
    (every intake reads it: a queryset's building costs more than the query)."""
    entry = _IN_FORCE.get(connection.vendor)
    if entry is None:
        quote = connection.ops.quote_name
        procedure_columns, procedure_fields = rows.columns(Procedure, "p")
        agency_columns, agency_fields = rows.columns(Agency, "a")
        unit_columns, unit_fields = rows.columns(Unit, "u")
        valid_from, valid_to = quote("valid_from"), quote("valid_to")
        revisions = revision_columns("p." + quote("agency_id"))
        sql = (
            f"SELECT {procedure_columns}, {agency_columns}, {unit_columns}, {revisions} "  # noqa: S608 - names from the models
            f"FROM {rows.table(Procedure)} p "
            f"INNER JOIN {rows.table(Agency)} a ON a.{quote('id')} = p.{quote('agency_id')} "
            f"INNER JOIN {rows.table(Unit)} u ON u.{quote('id')} = p.{quote('unit_id')} "
            f"WHERE p.{quote('code')} = %s AND p.{valid_from} <= %s AND (p.{valid_to} IS NULL OR p.{valid_to} >= %s) "
            f"ORDER BY p.{quote('version')} DESC LIMIT 1"
        )
        entry = _IN_FORCE[connection.vendor] = (sql, procedure_fields, agency_fields, unit_fields)
    sql, procedure_fields, agency_fields, unit_fields = entry
    day = connection.ops.adapt_datefield_value(on)
    with rows.cursor() as cursor:
        cursor.execute(sql, [code, day, day])
        found = cursor.fetchone()
    if found is None:
        return None
    split, end = len(procedure_fields), len(procedure_fields) + len(agency_fields)
    procedure = rows.instance(Procedure, procedure_fields, found[:split])
    procedure.agency = rows.instance(Agency, agency_fields, found[split:end])
    procedure.unit = rows.instance(Unit, unit_fields, found[end:-4])
    # the calendar's revisions of the procedure's agency, read with it: the intake's appointment needs them
    procedure.calendar_revision = (procedure.agency_id, revision_of(found[-4:]))  # type: ignore[attr-defined]  # read by services._compute_due
    return procedure


def not_in_force_message(code: str, on: dt.date) -> str:
    """Why no version of ``code`` is in force on ``on`` (for a person, in the active language)."""
    ended = Procedure.objects.filter(code=code, valid_to__lt=on).order_by("-valid_to", "-version").first()
    if ended is not None and ended.valid_to is not None:
        since = f"{ended.valid_to + dt.timedelta(days=1):%d/%m/%Y}"
        if ended.handed_to:
            return _(
                "From %(since)s the procedure “%(name)s” is no longer received here: it is handled by %(handed_to)s."
            ) % {"since": since, "name": ended.name, "handed_to": ended.handed_to}
        return _("The procedure “%(name)s” is no longer in force since %(since)s.") % {
            "since": since,
            "name": ended.name,
        }
    later = Procedure.objects.filter(code=code, valid_from__gt=on).order_by("valid_from").first()
    if later is not None:
        return _("The procedure “%(name)s” applies only from %(date)s.") % {
            "name": later.name,
            "date": f"{later.valid_from:%d/%m/%Y}",
        }
    return _("No procedure with the code “%(code)s” is in force on %(date)s.") % {
        "code": code,
        "date": f"{on:%d/%m/%Y}",
    }


def _content(data: Mapping[str, Any]) -> dict[str, Any]:
    try:
        content = {
            "name": _text(data["name"]),
            "field": _text(data["field"], 200),
            "time_limit_amount": data["time_limit_amount"],
            "time_limit_unit": data["time_limit_unit"],
            "time_limit_note": _text(data.get("time_limit_note", ""), 255),
            "fee": data.get("fee") or 0,
            "fee_note": _text(data.get("fee_note", ""), 255),
            "components": clean_components(data.get("components") or []),
            "channels": list(data.get("channels") or []),
            "online_level": data.get("online_level", ""),
            "legal_basis": data.get("legal_basis", ""),
            "code_source": data.get("code_source", ""),
        }
    except KeyError as exc:
        raise ValidationError({exc.args[0]: _("This field is required.")}) from None
    if not content["name"]:
        raise ValidationError({"name": _("This field is required.")})
    if content["time_limit_unit"] not in LimitUnit.values:
        raise ValidationError({"time_limit_unit": _("Invalid unit of the time limit.")})
    amount = content["time_limit_amount"]
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        raise ValidationError({"time_limit_amount": _("The time limit is a whole number.")})
    fee = content["fee"]
    if isinstance(fee, bool) or not isinstance(fee, int) or fee < 0:
        raise ValidationError({"fee": _("The fee is a whole number of đồng.")})
    if content["code_source"] not in CODE_SOURCES:
        raise ValidationError({"code_source": _("The source of the code is “national” or “demo”.")})
    content["fee_rules"] = clean_fee_rules(data.get("fee_rules"), fee=fee)
    content["time_limit_variants"] = clean_time_limit_variants(data.get("time_limit_variants"))
    return content


def procedure_publish(
    *,
    actor: User,
    data: Mapping[str, Any],
    agency: Agency,
    unit: Any,
    valid_from: dt.date,
    valid_to: dt.date | None = None,
) -> Procedure:
    """Add a procedure to the catalogue, or a new version when its content changed.

    A dossier keeps the version it was received under; the previous version
    is closed the day before ``valid_from`` (unless it ended earlier).
    Idempotent: a version with the same content from the same day is
    returned as it is; given ``valid_to`` (and ``data["handed_to"]``), it is
    ended then (``procedure.end`` in the audit).
    """
    if actor is not None:
        require(actor, "dossiers.manage_catalogue")
    content = _content(data)
    # where the code comes from describes the code, not the version: confirming it makes no new version
    code_source = content.pop("code_source")
    # who handles it now belongs to an end: without valid_to the version is open and hands nothing over
    handed_to = _text(data.get("handed_to", ""), 255) if valid_to is not None else ""
    if valid_to is not None and valid_to < valid_from:
        raise ValidationError({"valid_to": _("The end of a version cannot be before its start.")})
    with transaction.atomic():
        versions = list(Procedure.objects.select_for_update().filter(code=data["code"]).order_by("-version"))
        same = next(
            (
                v
                for v in versions
                if v.valid_from == valid_from
                and v.unit_id == unit.pk
                and all(getattr(v, k) == value for k, value in content.items())
            ),
            None,
        )
        if same is None and versions:
            latest = versions[0]
            if latest.unit_id == unit.pk and all(getattr(latest, k) == v for k, v in content.items()):
                same = latest  # unchanged content published again (from another day): nothing new
        if same is not None:
            if code_source and code_source != same.code_source:
                same.code_source = code_source
                same.save(update_fields=["code_source"])
            if valid_to is not None and (valid_to, handed_to) != (same.valid_to, same.handed_to):
                return _end(actor, same, valid_to, handed_to)
            return same
        current = versions[0] if versions else None
        if current is not None:
            if valid_from <= current.valid_from:
                raise ValidationError({"valid_from": _("The new version must take effect after the current one.")})
            if current.valid_to is None or current.valid_to >= valid_from:
                current.valid_to = valid_from - dt.timedelta(days=1)
                current.save(update_fields=["valid_to"])
        procedure = Procedure.objects.create(
            code=data["code"],
            version=(current.version + 1) if current else 1,
            agency=agency,
            unit=unit,
            valid_from=valid_from,
            valid_to=valid_to,
            handed_to=handed_to,
            code_source=code_source,
            **content,
        )
        audit_record(
            actor=actor,
            action="procedure.publish",
            obj=procedure,
            after={"code": procedure.code, "version": procedure.version, "valid_from": valid_from.isoformat()},
        )
    return procedure


def _end(actor: User, procedure: Procedure, valid_to: dt.date | None, handed_to: str) -> Procedure:
    later = Procedure.objects.filter(code=procedure.code, version__gt=procedure.version).order_by("version").first()
    if later is not None and valid_to is not None and valid_to >= later.valid_from:
        raise ValidationError(
            {
                "valid_to": _("A version must end before the next one takes effect (%(date)s).")
                % {"date": f"{later.valid_from:%d/%m/%Y}"}
            }
        )
    before = {
        "valid_to": procedure.valid_to.isoformat() if procedure.valid_to else None,
        "handed_to": procedure.handed_to,
    }
    procedure.valid_to, procedure.handed_to = valid_to, handed_to
    procedure.save(update_fields=["valid_to", "handed_to"])
    audit_record(
        actor=actor,
        action="procedure.end",
        obj=procedure,
        before=before,
        after={"valid_to": valid_to.isoformat() if valid_to else None, "handed_to": handed_to},
    )
    return procedure


def catalogue_publish(
    *, actor: User, agency: Agency, units: Mapping[str, Any], entries: Iterable[Mapping[str, Any]]
) -> int:
    """Publish catalogue entries (``catalogue.versions()``: each with ``unit``,
    ``valid_from`` and, when it ended, ``valid_to``), each code's versions in
    date order; returns how many entries were read. Idempotent.

    An entry that contradicts a version already in the database from the
    same or a later day (a database loaded from an older catalogue) is left
    as the database has it, with a warning in the log: versions that dossiers
    may hold are never rewritten."""
    ordered = sorted(entries, key=lambda e: (e["code"], e["valid_from"]))
    for entry in ordered:
        try:
            procedure_publish(
                actor=actor,
                data=entry,
                agency=agency,
                unit=units[entry["unit"]],
                valid_from=entry["valid_from"],
                valid_to=entry.get("valid_to"),
            )
        except ValidationError as exc:
            if "valid_from" not in getattr(exc, "error_dict", {}) and "valid_to" not in getattr(exc, "error_dict", {}):
                raise
            log.warning(
                "catalogue entry %s from %s kept as the database has it: %s", entry["code"], entry["valid_from"], exc
            )
    return len(ordered)


def applied_variant(dossier: Dossier) -> dict[str, Any] | None:
    """The time-limit variant applied to a dossier (its last ``time_variant`` event's data), if any."""
    if dossier.pk is None:
        return None
    return (
        DossierEvent.objects.filter(dossier_id=dossier.pk, action="time_variant")
        .order_by("-seq")
        .values_list("data", flat=True)
        .first()
    )


def applied_time_limit(dossier: Dossier) -> tuple[int, str]:
    """The time limit a dossier runs under: its procedure version's, or the variant applied to it."""
    variant = applied_variant(dossier)
    if variant:
        return int(variant["amount"]), str(variant["unit"])
    return dossier.procedure.time_limit_amount, dossier.procedure.time_limit_unit
