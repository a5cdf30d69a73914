"""The HTTP API at /api/v1/ (django-ninja); OpenAPI at /api/v1/openapi.json.

Staff authenticate with the browser session or with ``Authorization: Bearer
<token>`` (``manage.py create_api_token USERNAME``). Every operation states its
authentication explicitly: staff by default, a router's own (``Router(auth=...)``), or
public, declared with ``public_get`` (the one way to declare a public operation).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Annotated, Any, Protocol

import ninja
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import connection
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser
from ninja.security import HttpBearer, SessionAuth
from ninja.types import TCallable
from pydantic import BeforeValidator

from tuphap.core import rows
from tuphap.core.errors import ConflictError
from tuphap.core.models import ApiToken, hash_token
from tuphap.core.text import char_label
from tuphap.orgs.permissions import can, remember_roles, roles_of


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if not token or len(token) > 200:
            return None
        row = _token_with_roles(hash_token(token))
        if row is None or not can(row.user, "api.use"):
            return None  # unknown, revoked, or an account whose roles were taken away
        now = timezone.now()
        if row.last_used_at is None or now - row.last_used_at > timedelta(minutes=1):
            # at most one write a minute per token: reads stay reads
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        request.user = row.user
        request.auth_token = row  # type: ignore[attr-defined]  # read by core.fetch_site: a token request is no cross-site link
        return row.user


#: vendor -> the token's query (see ``_token_with_roles``) and the fields of its token and user columns
_TOKEN_QUERY: dict[str, tuple[str, list[Any], list[Any]]] = {}


def _token_with_roles(digest: str) -> ApiToken | None:
    """The unrevoked token with this digest, its active user and the user's roles, in one query (a row for
    each of the user's groups): every API request with a token makes it."""
    entry = _TOKEN_QUERY.get(connection.vendor)
    if entry is None:
        user_model = get_user_model()
        groups = user_model._meta.get_field("groups")
        quote = connection.ops.quote_name
        user_pk = quote(str(user_model._meta.pk.column))
        token_columns, token_fields = rows.columns(ApiToken, "t")
        user_columns, user_fields = rows.columns(user_model, "u")
        sql = (
            f"SELECT {token_columns}, {user_columns}, g.{quote('name')} FROM {rows.table(ApiToken)} t "  # noqa: S608 - names from the models
            f"INNER JOIN {rows.table(user_model)} u ON u.{user_pk} = t.{quote('user_id')} "
            f"LEFT JOIN {quote(groups.m2m_db_table())} ug ON ug.{quote(groups.m2m_column_name())} = u.{user_pk} "
            f"LEFT JOIN {rows.table(Group)} g ON g.{quote('id')} = ug.{quote(groups.m2m_reverse_name())} "
            f"WHERE t.{quote('digest')} = %s AND t.{quote('revoked_at')} IS NULL AND u.{quote('is_active')} = %s"
        )
        entry = _TOKEN_QUERY[connection.vendor] = (sql, token_fields, user_fields)
    sql, token_fields, user_fields = entry
    with rows.cursor() as cursor:
        cursor.execute(sql, [digest, True])
        found = cursor.fetchall()
    if not found:
        return None
    first, split = found[0], len(token_fields)
    row = rows.instance(ApiToken, token_fields, first[:split])
    row.user = rows.instance(get_user_model(), user_fields, first[split : split + len(user_fields)])
    remember_roles(row.user, [r[-1] for r in found if r[-1] is not None])
    return row


class StaffSession(SessionAuth):
    """Session auth (with CSRF on unsafe methods) for logged-in staff."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        return user if user is not None and can(user, "api.use") else None

    def _get_key(self, request: HttpRequest) -> str | None:
        if self.param_name not in request.COOKIES:
            return (
                None  # no session: nothing for CSRF to protect, the answer is 401 (not ninja's 403 "CSRF check Failed")
            )
        try:
            return super()._get_key(request)
        except HttpError:
            raise HttpError(
                403, _("The CSRF check failed: send the form again from the page, or use an API token.")
            ) from None


# Bearer first: a program with a token needs no CSRF cookie; browsers fall through to the session.
staff_auth = [BearerToken(), StaffSession()]


# --------------------------------------------------------------------------- error answers, as documented


class ErrorOut(Schema):
    detail: str


class ConflictOut(Schema):
    detail: str
    code: str


class FieldErrorOut(Schema):
    field: str | None
    message: str


class InvalidOut(Schema):
    detail: list[FieldErrorOut]


def errors(*codes: int) -> dict[int, Any]:
    """The error answers an operation documents, with their bodies:
    ``response={200: Out, **errors(401, 403, 404, 422)}``. 401 no or a bad
    credential, 403 not allowed for the role, 404 unknown or not visible,
    409 ``{"detail", "code"}`` not allowed in this state or a lost race,
    422 ``{"detail": [{"field", "message"}]}`` invalid input, 429 too many
    requests (with Retry-After)."""
    bodies: dict[int, Any] = {409: ConflictOut, 422: InvalidOut}
    return {code: bodies.get(code, ErrorOut) for code in codes}


#: Rows a page of the lists whose caller chooses ``page_size`` (staff lists), when it does not.
PAGE_SIZE = 50
#: Rows a page of the public lists (articles, legal documents; a citizen's own dossiers, when not chosen).
PUBLIC_PAGE_SIZE = 20
#: The page asked for (from 1) and the rows a page a caller may choose, in a paged list's query.
PageNumber = Annotated[int, Field(ge=1, le=100_000)]
PageSize = Annotated[int, Field(ge=1, le=200)]


class PageOut(Schema):
    """The head of a paged answer (``paged``); each list's schema adds its ``items``."""

    count: int
    page: int
    page_size: int


class Paging(Protocol):
    page: int
    page_size: int


def paged(rows: QuerySet[Any], paging: Paging, out: Callable[[Any], Any] | None = None) -> dict[str, Any]:
    """One page of a list, as the paged operations answer it (``count``, ``page``, ``page_size``, ``items``):
    the rows of ``paging.page`` (from 1), each through ``out`` (the rows themselves without it, for an item
    schema that reads them)."""
    start = (paging.page - 1) * paging.page_size
    items = list(rows[start : start + paging.page_size])
    return {
        "count": rows.count(),
        "page": paging.page,
        "page_size": paging.page_size,
        "items": items if out is None else [out(r) for r in items],
    }


def request_day(request: HttpRequest) -> dt.date:
    """The local day of a request, taken once: an answer judges every row on the same day (a list
    filtered by status on that day shows each row's status on that day, even across midnight)."""
    return request.__dict__.setdefault("tuphap_day", timezone.localdate())


# --------------------------------------------------------------------------- input types

#: The largest id a database column holds (64-bit); a larger number in a filter
#: would reach the database and fail there.
ID_MAX = 2**63 - 1

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?")


def _date_text(value: Any) -> Any:
    # pydantic alone also reads a number as a Unix time: "0.0" would be 1 January 1970
    if isinstance(value, int | float | bytes) or (isinstance(value, str) and not _ISO_DATE.fullmatch(value)):
        raise ValueError(_("Must be a date YYYY-MM-DD, e.g. 2022-03-07%(reason)s.") % {"reason": ""})
    return value


def _datetime_text(value: Any) -> Any:
    if isinstance(value, int | float | bytes) or (isinstance(value, str) and not _ISO_DATETIME.fullmatch(value)):
        raise ValueError(
            _("Must be a date and time in ISO 8601 with its offset, e.g. 2022-03-07T09:00:00+07:00%(reason)s.")
            % {"reason": ""}
        )
    return value


#: A date the API reads: ISO 8601 text (YYYY-MM-DD) only, as its schema says (format: date).
Date = Annotated[dt.date, BeforeValidator(_date_text)]
#: A date and time the API reads: ISO 8601 text only (format: date-time).
DateTime = Annotated[dt.datetime, BeforeValidator(_datetime_text)]


class BodyNotJson(ValueError):
    """The request body cannot be read as JSON (ninja wraps this in an HttpError 400)."""


class JsonParser(Parser):
    def parse_body(self, request: HttpRequest) -> Any:
        try:
            return json.loads(request.body)
        except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
            raise BodyNotJson(str(exc)) from exc

    def parse_querydict(self, data: MultiValueDict, list_fields: list[str], request: HttpRequest) -> dict[str, Any]:
        # PostgreSQL cannot compare a text holding NUL (it would answer 500): refused here, for every parameter
        for name, values in data.lists():
            for value in values:
                if "\x00" in value:
                    raise DjangoValidationError(
                        {
                            name: _("contains the control or invisible character %(char)s at position %(position)s")
                            % {"char": char_label("\x00"), "position": value.index("\x00") + 1}
                        }
                    )
        return super().parse_querydict(data, list_fields, request)


class PublicOperations:
    """How the API and its routers declare a public operation."""

    get: Callable[..., Callable[[TCallable], TCallable]]

    def public_get(self, path: str, *, response: Any, summary: str, **options: Any) -> Callable[[TCallable], TCallable]:
        """Declare a public read operation: a GET that anyone may call, without authentication
        (``auth=None``). The one way to declare a public operation: its name states its authentication;
        ``options`` are ``get``'s others (``throttle``, ``tags``)."""
        return self.get(path, response=response, auth=None, summary=summary, **options)


class Router(PublicOperations, ninja.Router):
    """A router of the API: its operations take the API's staff authentication, or the router's own
    (``auth=``), unless declared with ``public_get``."""


class Api(PublicOperations, NinjaAPI):
    """The API: its own operations take staff authentication unless declared with ``public_get``."""


api = Api(
    title="tuphap API",
    version="1",
    description="API của hệ thống Tư pháp số (Sở Tư pháp).",
    urls_namespace="api",
    auth=staff_auth,
    parser=JsonParser(),
)


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc.__cause__, BodyNotJson):
        # a body that is not JSON is invalid input like any other: 422 with the field, as the action bodies answer
        return api.create_response(
            request, {"detail": [{"field": "body", "message": _("The request body is not valid JSON.")}]}, status=422
        )
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(
        request,
        {"detail": _("Authentication required: send an API token (Authorization: Bearer …) or sign in.")},
        status=401,
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(ConflictError)
def on_conflict(request: HttpRequest, exc: ConflictError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc), "code": exc.code}, status=409)


@api.exception_handler(PermissionDenied)
def on_forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(
        request, {"detail": "Vai trò của bạn không được phép thực hiện thao tác này."}, status=403
    )


@api.exception_handler(ObjectDoesNotExist)
def on_missing(request: HttpRequest, exc: ObjectDoesNotExist) -> HttpResponse:
    return api.create_response(request, {"detail": "Không tìm thấy."}, status=404)


@api.exception_handler(Http404)
def on_404(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": "Không tìm thấy."}, status=404)


@api.exception_handler(Throttled)
def on_throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    from tuphap.core import ratelimit

    return ratelimit.api_response(request, api.create_response, exc.wait)


@api.exception_handler(NinjaValidationError)
def on_schema_invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    """422 in the shape of the services' errors, said in Vietnamese; the field
    without ninja's prefix (``body.payload.applicant.name`` → ``applicant.name``)."""
    from tuphap.core.api_bodies import schema_errors

    detail = [
        item
        for error in exc.errors
        for item in schema_errors([error], skip=2 if len(error.get("loc", ())) > 2 and error["loc"][0] == "body" else 1)
    ]
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(DjangoValidationError)
def on_invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    errors: list[dict[str, str | None]]
    if hasattr(exc, "error_dict"):
        errors = [
            {"field": field, "message": str(message)}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        errors = [{"field": None, "message": str(message)} for message in exc.messages]
    return api.create_response(request, {"detail": errors}, status=422)


class HealthOut(Schema):
    status: str


class MeOut(Schema):
    username: str
    full_name: str
    roles: list[str]
    unit: str | None


@api.public_get("/health", response=HealthOut, tags=["core"], summary="Public liveness check")
def health(request: HttpRequest) -> dict[str, str]:
    return {"status": "ok"}


@api.get("/me", response={200: MeOut, **errors(401)}, tags=["core"], summary="The authenticated user and their roles")
def me(request: HttpRequest) -> dict[str, Any]:
    user = request.auth  # type: ignore[attr-defined]
    if not can(user, "api.use"):
        raise AuthenticationError()
    profile = getattr(user, "staff_profile", None)
    return {
        "username": user.get_username(),
        "full_name": user.get_full_name(),
        "roles": sorted(role.value for role in roles_of(user)),
        "unit": profile.unit.name if profile is not None and profile.unit is not None else None,
    }


_mounted = False


def mount_routers() -> None:
    """Mount every domain app's routers (``apps_registry.api_routers``), once.

    Called by ``CoreConfig.ready()``, after every model is loaded and before any
    request or test: never at import time, where an app's ``api.py`` that
    imports this module first would be half imported and its routes missing."""
    global _mounted  # noqa: PLW0603 - one API object, mounted once per process
    if _mounted:
        return
    from tuphap.core.apps_registry import api_routers
    from tuphap.orgs.api import router as orgs_router

    api.add_router("/agencies", orgs_router)  # orgs is shared, not a domain app: mounted here
    for prefix, router in api_routers():
        api.add_router(prefix, router)
    _mounted = True
