"""Requests sent twice create things once: ``Idempotency-Key`` on the API's
POSTs, a one-time token in the HTML forms that create dossiers.

A client that loses the answer (a timeout, a dropped connection) or a person
who clicks twice sends the same request again. With a key:

- the first request claims the key (a row of :class:`IdempotencyKey`) in the
  same transaction as the work it does, and stores its answer there;
- the same key again, with the same request (method, path and body, from the
  same account), gets the first answer again (status and body, with the
  header ``Idempotent-Replayed: true``), and nothing new is written;
- the same key with another request is refused (422, said in Vietnamese);
- two requests with one key at the same moment: the second waits for the
  first's transaction (the key's unique row), then gets its answer;
- an answer that is not a success (4xx, 5xx) is not kept: nothing was written,
  and the request may be sent again with the same key;
- keys are kept ``TUPHAP_IDEMPOTENCY_HOURS`` (24 hours by default), after
  which the key may be used again for a new request.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.decorators import decorate_view
from ninja.utils import contribute_operation_callback

from tuphap.core.models import IdempotencyKey

HEADER = "Idempotency-Key"
#: 1 to 255 visible ASCII characters; a UUID is what clients usually send.
KEY_PATTERN = r"^[!-~]{1,255}$"
_KEY = re.compile(KEY_PATTERN)
REPLAYED = "Idempotent-Replayed"

HEADER_PARAMETER = {
    "in": "header",
    "name": HEADER,
    "required": False,
    "description": (
        "Send the same request again with the same key (a UUID) after a timeout: the first answer comes back "
        "and nothing is created twice. The same key with another body: 422. Keys are kept 24 hours."
    ),
    "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": KEY_PATTERN},
}


def lifetime() -> timedelta:
    return timedelta(hours=settings.TUPHAP_IDEMPOTENCY_HOURS)


def fingerprint(request: HttpRequest) -> str:
    """Method, path (with its query) and body; a JSON body in a canonical form,
    so that spacing and key order do not make another request."""
    body: bytes = request.body
    try:
        body = json.dumps(json.loads(body), sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    except (ValueError, RecursionError):
        pass
    digest = hashlib.sha256()
    for part in (request.method or "", request.get_full_path(), ""):
        digest.update(part.encode() + b"\0")
    digest.update(body)
    return digest.hexdigest()


def claim(*, user: Any, key: str, fingerprint: str) -> IdempotencyKey:
    """The key's row, inside the caller's transaction: a new one (``status`` None:
    the caller does the work and calls :func:`remember`) or the first request's.
    A concurrent first request holds the key until its transaction ends."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("idempotency.claim() must run inside the transaction of the work it guards")
    now = timezone.now()
    IdempotencyKey.objects.filter(user=user, expires_at__lte=now).delete()  # this account's expired keys
    try:
        with transaction.atomic():
            return IdempotencyKey.objects.create(
                user=user, key=key, fingerprint=fingerprint, expires_at=now + lifetime()
            )
    except IntegrityError:
        return IdempotencyKey.objects.get(user=user, key=key)


def purge_expired() -> int:
    """Delete every account's expired keys (the periodic job); returns how many."""
    deleted, _by_model = IdempotencyKey.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted


def remember(row: IdempotencyKey, *, status: int, body: bytes, content_type: str = "") -> None:
    row.status, row.body, row.content_type = status, body, content_type
    row.save(update_fields=["status", "body", "content_type"])


def mismatch_message() -> str:
    return _(
        "This Idempotency-Key was already used for another request (another body or address); use a new key for a new request."  # noqa: E501
    )


# --------------------------------------------------------------------------- the API


def _invalid(operation: Any, request: HttpRequest, message: str) -> HttpResponse:
    response: HttpResponse = operation.api.create_response(
        request, {"detail": [{"field": HEADER, "message": message}]}, status=422
    )
    return response


def _once(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    operation = run.__self__  # type: ignore[attr-defined]

    @wraps(run)
    def wrapper(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        key = request.headers.get(HEADER)
        if key is None:
            return run(request, **kwargs)
        if not _KEY.fullmatch(key):
            return _invalid(
                operation,
                request,
                _("The Idempotency-Key must be 1 to 255 visible ASCII characters (a UUID, for example)."),
            )
        # authentication first (run() checks again, at the cost of a query): the key belongs to an account
        refused = operation._run_checks(request)
        if refused is not None:
            return refused  # type: ignore[no-any-return]
        mine = fingerprint(request)
        with transaction.atomic():
            row = claim(user=request.auth, key=key, fingerprint=mine)  # type: ignore[attr-defined]
            if row.fingerprint != mine:
                return _invalid(operation, request, mismatch_message())
            if row.status is not None:
                replay = HttpResponse(bytes(row.body), status=row.status, content_type=row.content_type or None)
                replay[REPLAYED] = "true"
                return replay
            response = run(request, **kwargs)
            if 200 <= response.status_code < 300 and not response.streaming:
                remember(
                    row,
                    status=response.status_code,
                    body=response.content,
                    content_type=response.get("Content-Type", ""),
                )
            else:
                transaction.set_rollback(True)  # nothing kept: the key is free for the same request again
        return response

    return wrapper


def _document(operation: Any) -> None:
    extra = dict(operation.openapi_extra or {})
    extra["parameters"] = [*extra.get("parameters", []), HEADER_PARAMETER]
    operation.openapi_extra = extra


def idempotent[F: Callable[..., Any]](view: F) -> F:
    """Under ``@router.post(...)``: the operation honours ``Idempotency-Key``
    (and documents it). The operation must document 422."""
    contribute_operation_callback(view, _document)
    return decorate_view(_once)(view)


# --------------------------------------------------------------------------- HTML forms


def new_form_token() -> str:
    import secrets

    return secrets.token_urlsafe(24)


def form_first_answer(*, request: HttpRequest, token: str) -> tuple[IdempotencyKey | None, str | None]:
    """Inside the form's transaction: ``(row, None)`` for a token's first use
    (pass the row to :func:`form_remember`), ``(None, url)`` when the form was
    already sent (``url`` is where its first answer went), ``(None, None)``
    without a token (an old page: no protection, as before)."""
    if not token:
        return None, None
    row = claim(
        user=request.user,
        key=f"form:{token}",
        fingerprint=hashlib.sha256(request.path.encode()).hexdigest(),
    )
    if row.status is None:
        return row, None
    return None, bytes(row.body).decode()


def form_remember(row: IdempotencyKey | None, url: str) -> None:
    if row is not None:
        remember(row, status=303, body=url.encode(), content_type="text/uri-list")
