"""Action bodies of the API: one JSON object, validated by the action's model.

Used by the ``…/actions/{action}`` endpoints, whose body depends on the action
(so it cannot be one ninja schema). Errors become Django ValidationErrors,
which the API answers with 422 and the field in error.
"""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from pydantic import BaseModel, ValidationError


def action_body[M: BaseModel](request: HttpRequest, model: type[M]) -> M:
    try:
        payload = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise DjangoValidationError({"body": "Nội dung yêu cầu không phải JSON hợp lệ."}) from None
    if not isinstance(payload, dict):
        raise DjangoValidationError({"body": "Nội dung yêu cầu phải là một đối tượng JSON."})
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        raise DjangoValidationError({".".join(str(p) for p in e["loc"]) or "body": e["msg"] for e in exc.errors()}) from None
