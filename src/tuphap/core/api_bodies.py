"""Action bodies of the API: one JSON object, validated by the action's model.

Used by the ``…/actions/{action}`` endpoints, whose body depends on the action
(so it cannot be one ninja schema). Errors become Django ValidationErrors,
which the API answers with 422 and the field in error.

Every string of a body is checked before the model sees it
(:func:`clean_payload`: NFC, no control, direction or surrogate character),
and the model's complaints are said in Vietnamese (:func:`schema_errors`,
also used for the ninja schemas' errors in ``tuphap.api``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Annotated, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from pydantic import AfterValidator, BaseModel, Field, ValidationError

from tuphap.core.text import TextError, clean_text

#: Nesting deeper than this is no action body (and would cost recursion).
MAX_DEPTH = 20


def _clean_text(value: str) -> str:
    try:
        return clean_text(value)
    except TextError as exc:
        raise ValueError(str(exc)) from None


#: The characters :func:`clean_text` refuses (control, format and direction
#: characters; not tab, line ends and the other whitespace controls, nor the
#: invisible ones it removes), as code point ranges, so the published schema
#: says what the API accepts (a test keeps it equal to clean_text). Lone
#: surrogates, refused too, cannot be written in a pattern (it is UTF-8).
REFUSED_RANGES = (
    (0x0, 0x8),
    (0xE, 0x1B),
    (0x7F, 0x84),
    (0x86, 0x9F),
    (0x600, 0x605),
    (0x61C, 0x61C),
    (0x6DD, 0x6DD),
    (0x70F, 0x70F),
    (0x890, 0x891),
    (0x8E2, 0x8E2),
    (0x200E, 0x200F),
    (0x202A, 0x202E),
    (0x2061, 0x2064),
    (0x2066, 0x206F),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
)
TEXT_PATTERN = "^[^" + "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in REFUSED_RANGES) + "]*$"

#: A string field of a ninja schema checked like the action bodies' strings;
#: its JSON schema carries the refused characters as a pattern.
Text = Annotated[str, AfterValidator(_clean_text), Field(json_schema_extra={"pattern": TEXT_PATTERN})]


def clean_payload(value: Any, path: str = "", depth: int = 0) -> Any:
    """The JSON value with every string cleaned by :func:`tuphap.core.text.clean_text`;
    a DjangoValidationError naming the path (``items.0``) of the first bad string."""
    if depth > MAX_DEPTH:
        raise DjangoValidationError({path or "body": _("Nested too deeply.")})
    if isinstance(value, str):
        try:
            return clean_text(value)
        except TextError as exc:
            raise DjangoValidationError({path or "body": str(exc)}) from None
    if isinstance(value, list):
        return [clean_payload(item, f"{path}.{i}" if path else str(i), depth + 1) for i, item in enumerate(value)]
    if isinstance(value, dict):
        return {
            clean_payload(key, path, depth + 1): clean_payload(item, f"{path}.{key}" if path else str(key), depth + 1)
            for key, item in value.items()
        }
    return value


_DATE_REASONS = {  # the start of pydantic's reason -> ours
    "day value is outside expected range": lambda: _(": that day does not exist in that month"),
    "month value is outside expected range": lambda: _(": the month must be 01 to 12"),
    "hour value is outside expected range": lambda: _(": the hour must be 00 to 23"),
    "minute value is outside expected range": lambda: _(": the minute must be 00 to 59"),
}


def _date_reason(error: object) -> str:
    text = str(error or "")
    return next((say() for start, say in _DATE_REASONS.items() if text.startswith(start)), "")


def _message(error: Mapping[str, Any]) -> str:
    """One pydantic error said for a person (Vietnamese), or pydantic's own words."""
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    reason = _date_reason(ctx.get("error"))
    if kind == "missing":
        return _("This field is missing.")
    if kind == "string_type":
        return _("Must be a string of characters.")
    if kind == "string_unicode":
        return _("Is not valid Unicode text (it holds a lone surrogate, U+D800 to U+DFFF).")
    if kind == "string_too_long":
        return _("Longer than %(max)s characters.") % {"max": ctx.get("max_length")}
    if kind == "string_too_short":
        return _("Shorter than %(min)s characters.") % {"min": ctx.get("min_length")}
    if kind in {"int_type", "int_parsing", "int_from_float", "int_parsing_size"}:
        return _("Must be a whole number.")
    if kind in {"float_type", "float_parsing", "decimal_parsing", "decimal_type"}:
        return _("Must be a number.")
    if kind in {"bool_type", "bool_parsing"}:
        return _("Must be true or false.")
    if kind in {"list_type", "tuple_type", "set_type"}:
        return _("Must be a list.")
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        return _("Must be a JSON object.")
    if kind in {"literal_error", "enum"}:
        return _("Must be one of: %(expected)s.") % {"expected": ctx.get("expected", "")}
    if kind == "extra_forbidden":
        return _("Unknown field.")
    if kind in {"greater_than_equal", "greater_than", "less_than_equal", "less_than"}:
        limit = next((ctx[k] for k in ("ge", "gt", "le", "lt") if k in ctx), "")
        return {
            "greater_than_equal": _("Must be at least %(limit)s."),
            "greater_than": _("Must be more than %(limit)s."),
            "less_than_equal": _("Must be at most %(limit)s."),
            "less_than": _("Must be less than %(limit)s."),
        }[kind] % {"limit": limit}
    if kind.startswith("datetime") or kind == "timezone_aware":
        return _("Must be a date and time in ISO 8601 with its offset, e.g. 2022-03-07T09:00:00+07:00%(reason)s.") % {
            "reason": reason
        }
    if kind.startswith("date"):
        return _("Must be a date YYYY-MM-DD, e.g. 2022-03-07%(reason)s.") % {"reason": reason}
    if kind == "value_error" and ctx.get("error"):
        return str(ctx["error"])
    return str(error.get("msg", ""))


def schema_errors(errors: Iterable[Mapping[str, Any]], *, skip: int = 0) -> list[dict[str, str]]:
    """``[{"field": "applicant.name", "message": …}]`` from pydantic's errors; ``skip``
    drops the leading parts of each location (ninja's ``body``, ``payload``)."""
    out = []
    for error in errors:
        loc = [str(part) for part in error.get("loc", ())][skip:]
        out.append({"field": ".".join(loc) or "body", "message": _message(error)})
    return out


def named_action_body[M: BaseModel](request: HttpRequest, bodies: Mapping[str, type[M]], action: str) -> M:
    """The body of the operation named ``action`` (``action_body``); 404 when there is no such operation."""
    if action not in bodies:
        raise Http404
    return action_body(request, bodies[action])


def action_body[M: BaseModel](request: HttpRequest, model: type[M]) -> M:
    try:
        payload = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise DjangoValidationError({"body": "Nội dung yêu cầu không phải JSON hợp lệ."}) from None
    if not isinstance(payload, dict):
        raise DjangoValidationError({"body": "Nội dung yêu cầu phải là một đối tượng JSON."})
    payload = clean_payload(payload)
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        raise DjangoValidationError({e["field"]: e["message"] for e in schema_errors(exc.errors())}) from None
