"""What every app's forms share."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from tuphap.core.errors import ConflictError


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


def run_with_form(form: forms.BaseForm, call: Callable[[Mapping[str, Any]], object]) -> bool:
    """Run a service with a valid form's data; False when the form is invalid or
    the service refuses, its reasons then on the form (a ``ValidationError``
    next to the fields, a ``ConflictError`` at the top)."""
    if not form.is_valid():
        return False
    try:
        call(form.cleaned_data)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return False
    except ConflictError as exc:
        form.add_error(None, str(exc))
        return False
    return True


def written_with_form[T](form: forms.BaseForm, call: Callable[[Mapping[str, Any]], T]) -> T | None:
    """``run_with_form`` for a service that returns what it wrote (a new draft, a
    registered document): that, or None when the form is invalid or the service
    refuses (its reasons then on the form)."""
    written: list[T] = []
    return written[0] if run_with_form(form, lambda data: written.append(call(data))) else None
