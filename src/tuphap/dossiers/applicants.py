"""The applicant's details, cleaned for a dossier (receipt at the desk, online, imports).

The checks of single values (citizen ID, phone, other papers) are the pure
functions of ``validation.py``, which the desk's live checks share; this
module gathers them for a whole applicant and speaks Django's ValidationError.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from tuphap.core.text import TextError, clean_line
from tuphap.dossiers.models import Dossier
from tuphap.dossiers.validation import normalise_citizen_id, normalise_other_papers, normalise_phone


def clean_applicant(applicant: dict[str, Any]) -> dict[str, str]:
    """The applicant's details as the dossier stores them (``applicant_name``,
    ``applicant_id_type``, …), normalised; ValidationError with every field's
    error (``applicant.name``, ``applicant.phone``, …) in Vietnamese."""
    errors: dict[str, str] = {}
    try:
        name = clean_line(applicant.get("name"), name=True)
    except TextError as exc:
        name, errors["applicant.name"] = "", _("Full name: %(error)s.") % {"error": exc}
    if not name:
        errors.setdefault("applicant.name", _("Enter the applicant's full name."))
    elif len(name) > 255:
        errors["applicant.name"] = _("The full name is too long (at most 255 characters).")
    id_type = str(applicant.get("id_type") or Dossier.IdType.CITIZEN_ID)
    id_number = str(applicant.get("id_number") or "")
    if id_type not in Dossier.IdType.values:
        errors["applicant.id_type"] = _("Invalid kind of ID papers.")
    elif id_number:
        try:
            id_number = (
                normalise_citizen_id(id_number)
                if id_type == Dossier.IdType.CITIZEN_ID
                else normalise_other_papers(id_number)
            )
        except ValueError as exc:
            errors["applicant.id_number"] = str(exc)
    phone = str(applicant.get("phone") or "")
    if phone:
        try:
            phone = normalise_phone(phone)
        except ValueError as exc:
            errors["applicant.phone"] = str(exc)
    email = str(applicant.get("email") or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["applicant.email"] = _("Enter a valid email address.")
    try:
        address = clean_line(applicant.get("address"), max_length=255)
    except TextError as exc:
        address, errors["applicant.address"] = "", _("Address: %(error)s.") % {"error": exc}
    if errors:
        raise ValidationError(errors)
    return {
        "applicant_name": name,
        "applicant_id_type": id_type,
        "applicant_id_number": id_number,
        "applicant_phone": phone,
        "applicant_email": email,
        "applicant_address": address,
    }
