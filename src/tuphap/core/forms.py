"""What every app's forms share."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError


def add_service_errors(
    form: forms.BaseForm, exc: ValidationError, *, field_name: Callable[[str], str] | None = None
) -> None:
    """Put a service's ValidationError back on the form that fed it: each
    field's messages next to that field, when the form has it, else at the
    top of the form (as they do an error without a field).

    ``field_name`` maps a service's field to the form's where they differ
    (the dossier services say ``applicant.phone``, the desk's form ``phone``).
    """
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.message_dict.items():
        name = field_name(field) if field_name is not None else field
        form.add_error(name if name in form.fields else None, errors)
