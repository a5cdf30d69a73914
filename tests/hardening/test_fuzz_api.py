"""Fuzz the whole HTTP API with schemathesis (issue 10, "Hardening").

The schema is the real one, read from ``/api/v1/openapi.json`` through the
project's WSGI application; every request goes through the same stack as in
production (middleware, ninja, services, the database). Every operation is
fuzzed as every role (a Bearer token made by ``api_token_create``) and
anonymously, with data that fits the schema (positive) and data that does not
(negative). Each response must be

- no server error (5xx),
- a status code the operation documents, with the declared content type and
  a body that conforms to the declared schema,
- a 4xx for invalid data, and never a validation error (422 from the schema
  layer) for data that fits the schema.

Data to reach real code paths (procedures, dossiers in several states, legal
documents with relations, articles, tasks and plans) is built once per module
through the services, inside a transaction rolled back at the end; each test
runs in a savepoint of it.

``make test`` runs a few examples per operation, role and mode, derandomized
(the same examples every run); ``make fuzz`` sets ``FUZZ_EXAMPLES`` for a
longer, random run (``FUZZ_SEED`` replays one).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import product
from typing import Any

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.http.request import split_domain_port, validate_host
from django.test import Client
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import BaseModel
from schemathesis import GenerationMode
from schemathesis.specs.openapi import checks as openapi_checks

from tuphap.api import api
from tuphap.core.api_bodies import TEXT_PATTERN
from tuphap.core.services import api_token_create
from tuphap.core.text import TextError, clean_text
from tuphap.dossiers import services as dossier_services
from tuphap.dossiers.api import ACTION_BODIES as DOSSIER_ACTIONS
from tuphap.dossiers.catalogue import PROCEDURES
from tuphap.lawdocs import services as lawdoc_services
from tuphap.orgs import services as orgs
from tuphap.orgs.roles import Role
from tuphap.portal import services as portal_services
from tuphap.workplans import services as workplan_services
from tuphap.workplans.api import ACTION_BODIES as TASK_ACTIONS

SCHEMA_PATH = "/api/v1/openapi.json"

#: Examples per operation, role and generation mode. Derandomized unless FUZZ_EXAMPLES is set.
LONG_RUN = bool(os.environ.get("FUZZ_EXAMPLES"))
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES") or 4)
FUZZ_SEED = os.environ.get("FUZZ_SEED")

ANONYMOUS = "anonymous"
ROLES = [ANONYMOUS, *[r.value for r in Role]]

schema = schemathesis.openapi.from_wsgi(SCHEMA_PATH, get_wsgi_application())
# The harness sends each role's real bearer token itself (``case.call(headers=...)``):
# a generated (or, in negative mode, mutated) Authorization header would be
# replaced before it reaches the server, and a "rejected" check on it would be
# about the harness, not the API (found by ``make fuzz`` at 200 examples).
schema.config.generation.update(with_security_parameters=False)
PUBLISHED = api.get_openapi_schema()
OPERATIONS = {op.label: op for op in (result.ok() for result in schema.get_all_operations())}

CHECKS = [
    openapi_checks.status_code_conformance,
    openapi_checks.content_type_conformance,
    openapi_checks.response_headers_conformance,
    openapi_checks.response_schema_conformance,
    openapi_checks.negative_data_rejection,
]

LLTP = "2.000488.000.00.00.H09"
NOTARY = "1.001877.000.00.00.H09"
NATIONALITY = "2.001895.000.00.00.H09"
APPLICANT = {
    "name": "Nguyễn Văn An",
    "id_number": "060123456789",
    "phone": "0912345678",
    "email": "an@example.vn",
    "address": "Phan Thiết",
}
D = dt.date.fromisoformat

#: Requests made, by generation mode and status class (printed at the end of the module).
TALLY: Counter[str] = Counter()


# --------------------------------------------------------------------------- the data the fuzzer works on


def _build_world() -> dict[str, Any]:
    parent = orgs.agency_upsert(actor=None, code="000.00.00.H09", name="Ủy ban nhân dân tỉnh Bình Thuận")
    department = orgs.agency_upsert(actor=None, code="000.00.17.H09", name="Sở Tư pháp tỉnh Bình Thuận", parent=parent)
    units = {
        "hctp": orgs.unit_upsert(actor=None, agency=department, code="hctp", name="Phòng Hành chính tư pháp"),
        "btp": orgs.unit_upsert(actor=None, agency=department, code="btp", name="Phòng Bổ trợ tư pháp"),
    }
    people = {
        Role.RECEPTION: ("motcua", "hctp"),
        Role.SPECIALIST: ("chuyenvien", "hctp"),
        Role.UNIT_HEAD: ("truongphong", "hctp"),
        Role.DIRECTOR: ("giamdoc", None),
        Role.EDITOR: ("bientap", "hctp"),
        Role.ADMIN: ("admin", None),
    }
    users = {
        role.value: orgs.staff_upsert(
            actor=None,
            username=username,
            full_name=f"Cán Bộ {username.title()}",
            roles=[role],
            unit=units[unit] if unit else None,
            superuser=role is Role.ADMIN,
        )
        for role, (username, unit) in people.items()
    }
    orgs.staff_upsert(
        actor=None, username="chuyenvienbtp", full_name="Cán Bộ Btp", roles=[Role.SPECIALIST], unit=units["btp"]
    )
    tokens = {
        role: api_token_create(actor=None, username=user.get_username(), name="fuzz") for role, user in users.items()
    }

    # procedures and dossiers in several states
    for data in PROCEDURES:
        if data["code"] in {LLTP, NOTARY, NATIONALITY}:
            dossier_services.procedure_publish(
                actor=None, data=data, agency=department, unit=units[data["unit"]], valid_from=D("2015-01-01")
            )
    reception, head = users["reception"], users["unit_head"]
    received = dossier_services.dossier_receive(actor=reception, procedure_code=NATIONALITY, applicant=APPLICANT)
    assigned = dossier_services.dossier_receive(actor=reception, procedure_code=NATIONALITY, applicant=APPLICANT)
    dossier_services.dossier_assign(actor=head, dossier=assigned, handler="chuyenvien")
    resolved = dossier_services.dossier_receive(actor=reception, procedure_code=LLTP, applicant=APPLICANT)
    dossier_services.dossier_assign(actor=head, dossier=resolved, handler="chuyenvien")
    dossier_services.dossier_resolve(actor=users["specialist"], dossier=resolved, outcome="approved")
    other_unit = dossier_services.dossier_receive(actor=reception, procedure_code=NOTARY, applicant=APPLICANT)
    dossiers = [received.code, assigned.code, resolved.code, other_unit.code]

    # legal documents with a relation
    issuer = "Ủy ban nhân dân tỉnh Bình Thuận"
    old, _ = lawdoc_services.document_save(
        actor=None,
        number="01/2016/QĐ-UBND",
        doc_type="decision",
        issuer=issuer,
        title="Quy định về phí thẩm định",
        issued_on=D("2016-03-14"),
        effective_from=D("2016-03-25"),
        text="Điều 1. Phạm vi điều chỉnh.",
    )
    new, _ = lawdoc_services.document_save(
        actor=None,
        number="02/2022/QĐ-UBND",
        doc_type="decision",
        issuer=issuer,
        title="Quy định mới về phí thẩm định",
        issued_on=D("2022-01-20"),
        effective_from=D("2022-02-01"),
        text="Điều 1. Bãi bỏ Quyết định 01/2016/QĐ-UBND.",
    )
    lawdoc_services.relation_add(actor=None, source=new, target=old, kind="repeals", date=D("2022-02-01"))

    # portal
    editor = users["editor"]
    news = portal_services.category_upsert(actor=None, slug="hoat-dong", name="Hoạt động của Sở", position=1)
    articles = []
    for title in ("Hội nghị tổng kết công tác tư pháp", "Phổ biến Luật Hộ tịch"):
        article = portal_services.article_create(
            actor=editor, category=news, title=title, lead="Tóm tắt.", body="<p>Nội dung.</p>"
        )
        articles.append(portal_services.article_publish(actor=editor, article=article).slug)

    # workplans: a source, tasks in several states, a submitted plan
    director = users["director"]
    source = workplan_services.task_source_create(
        actor=director,
        agency=department,
        kind="conclusion",
        number="86/TB-UBND",
        issued_on=D("2022-04-12"),
        issuer="UBND tỉnh",
        title="Kết luận của Chủ tịch UBND tỉnh về kết quả công tác quý I/2022",
    )
    tasks = [
        workplan_services.task_create(
            actor=director, source=source, content=content, lead_unit=units[unit], deadline_kind="date", due_on=D(due)
        )
        for content, unit, due in [
            ("Rà soát văn bản", "hctp", "2022-05-31"),
            ("Kiểm tra công chứng", "btp", "2030-12-31"),
        ]
    ]
    workplan_services.task_start(actor=users["specialist"], task=tasks[0], note="Bắt đầu")
    plan = workplan_services.plan_create(
        actor=director, agency=department, kind="plan", field="other", title="Kế hoạch theo dõi thi hành pháp luật"
    )
    workplan_services.plan_submit(
        actor=director, plan=plan, submitted_on=D("2022-01-14"), submission_number="01/TTr-STP"
    )

    return {
        "tokens": tokens,
        "dossiers": dossiers,
        "procedures": [LLTP, NOTARY, NATIONALITY],
        "documents": [old.pk, new.pk],
        "numbers": [old.number, new.number],
        "articles": articles,
        "tasks": [t.pk for t in tasks],
        "sources": [source.pk],
    }


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """The data, built once for the module and rolled back after it.

    As Django's test client does, requests do not close the database
    connection when they start or finish (it holds the tests' transaction).
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            yield _build_world()
            transaction.set_rollback(True)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture(scope="module", autouse=True)
def _tally_report(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None and TALLY:
        total = sum(v for k, v in TALLY.items() if k.startswith("requests:"))
        summary = ", ".join(f"{k}={v}" for k, v in sorted(TALLY.items()))
        with capture.global_and_fixture_disabled():
            reporter.write_line(
                f"\nfuzz: {total} requests, at most {EXAMPLES} examples per operation, role and mode; {summary}"
            )
        TALLY.clear()


# --------------------------------------------------------------------------- strategies


def _fixed(label: str, w: dict[str, Any]) -> list[dict[str, dict[str, Any]]]:
    """Real values for path and query parameters, so the fuzzer reaches real objects, not only 404s."""
    match label:
        case "GET /api/v1/procedures/{code}":
            return [{"path_parameters": {"code": c}} for c in w["procedures"]]
        case "GET /api/v1/dossiers/{code}":
            return [{"path_parameters": {"code": c}} for c in w["dossiers"]]
        case "POST /api/v1/dossiers/{code}/actions/{action}":
            return [{"path_parameters": {"code": c, "action": a}} for c, a in product(w["dossiers"], DOSSIER_ACTIONS)]
        case "GET /api/v1/public/dossiers/{code}":
            return [
                {"path_parameters": {"code": c}, "query": {"phone_last4": last4}}
                for c, last4 in product(w["dossiers"], ["5678", "0000"])
            ]
        case (
            "GET /api/v1/lawdocs/{document_id}"
            | "GET /api/v1/lawdocs/{document_id}/status"
            | "POST /api/v1/lawdocs/{document_id}/relations"
        ):
            return [{"path_parameters": {"document_id": pk}} for pk in w["documents"]]
        case "GET /api/v1/lawdocs/by-number":
            return [{"query": {"number": n}} for n in w["numbers"]]
        case "GET /api/v1/workplans/tasks/{task_id}":
            return [{"path_parameters": {"task_id": pk}} for pk in w["tasks"]]
        case "POST /api/v1/workplans/tasks/{task_id}/actions/{action}":
            return [{"path_parameters": {"task_id": pk, "action": a}} for pk, a in product(w["tasks"], TASK_ACTIONS)]
        case "GET /api/v1/portal/articles/{slug}":
            return [{"path_parameters": {"slug": s}} for s in w["articles"]]
    return []


def _strategy(label: str, mode: GenerationMode, w: dict[str, Any]) -> Any:
    operation = OPERATIONS[label]
    free = operation.as_strategy(generation_mode=mode)
    fixed = [operation.as_strategy(generation_mode=mode, **kwargs) for kwargs in _fixed(label, w)]
    return st.one_of(free, *fixed) if fixed else free


# --------------------------------------------------------------------------- the test


class _ServerErrors(logging.Handler):
    """Keeps the tracebacks Django logs for 500s, to show them in the failure."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(self.format(record))


@contextmanager
def _schema_rejections() -> Iterator[list[Any]]:
    """Records the request-validation errors of ninja's schema layer (the real handler still answers)."""
    original = api._exception_handlers[NinjaValidationError]
    seen: list[Any] = []

    def spy(request: Any, exc: NinjaValidationError) -> Any:
        seen.append(exc.errors)
        return original(request, exc)

    api.add_exception_handler(NinjaValidationError, spy)
    try:
        yield seen
    finally:
        api.add_exception_handler(NinjaValidationError, original)


def _wire_valid_query(case: schemathesis.Case) -> bool:
    """Whether a negative case is in fact valid as sent: its only invalid part is
    a query value mutated to another JSON type (an integer for a string) that
    the query string turns back into a valid string ("14136301058", length 11,
    for a string of at most 40)."""
    import jsonschema_rs  # schemathesis's own validator
    from schemathesis.core.parameters import ParameterLocation

    negative = {location for location, info in case.meta.components.items() if info.mode.is_negative}
    if negative != {ParameterLocation.QUERY}:
        return False
    operation = PUBLISHED["paths"][case.operation.path][case.method.lower()]
    schemas = {p["name"]: p.get("schema", {}) for p in operation.get("parameters", []) if p["in"] == "query"}
    for name, value in (case.query or {}).items():
        if name not in schemas:
            return False
        if isinstance(value, bool):
            wire: Any = "true" if value else "false"
        elif isinstance(value, int | float):
            wire = str(value)
        else:
            wire = value
        readings = [wire]  # and what the API's parser reads in that text
        if isinstance(wire, str):
            for parse in (int, float):
                try:
                    readings.append(parse(wire))
                except ValueError:
                    pass
            if wire in ("true", "false"):
                readings.append(wire == "true")
        validator = jsonschema_rs.validator_for(schemas[name])
        if not any(validator.is_valid(reading) for reading in readings):
            return False
    return True


def _foreign_host(case: schemathesis.Case) -> bool:
    """Whether the case sends a Host header that the site does not serve (``ALLOWED_HOSTS``)."""
    for name, value in (case.headers or {}).items():
        if name.lower() == "host":
            domain, _port = split_domain_port(str(value))
            return not (domain and validate_host(domain, django_settings.ALLOWED_HOSTS))
    return False


def _run(label: str, role: str, mode: GenerationMode, w: dict[str, Any]) -> None:
    headers = {} if role == ANONYMOUS else {"Authorization": f"Bearer {w['tokens'][role]}"}
    errors = _ServerErrors()
    errors.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.getLogger("django.request")

    def call(case: schemathesis.Case) -> None:
        for alias in django_settings.CACHES:  # rate limits would otherwise answer 429 to every later example
            if isinstance(caches[alias], LocMemCache):  # never a shared Redis
                caches[alias].clear()
        errors.records.clear()
        with _schema_rejections() as rejections:
            response = case.call(headers=headers)
        TALLY[f"requests:{mode.value}"] += 1
        TALLY[f"{response.status_code // 100}xx"] += 1
        where = f"{case.method} {case.formatted_path} as {role} ({mode.value})\n{case.as_curl_command(headers=headers)}"
        assert response.status_code < 500, f"server error {response.status_code}: {where}\n" + "\n".join(errors.records)
        if _foreign_host(case):
            # a negative case may add a Host header: the transport's, not the API's; Django refuses a host it does
            # not serve with 400 before any view runs, whatever the operation
            assert response.status_code == 400, f"a foreign Host header was not refused: {where}"
            TALLY["foreign host refused"] += 1
            return
        checks = CHECKS
        if mode.is_negative and _wire_valid_query(case):
            checks = [c for c in CHECKS if c is not openapi_checks.negative_data_rejection]
        case.validate_response(response, checks=checks, headers=headers)
        # Data that fits the published schema must pass the API's own request
        # validation; business rules may still answer 422 (an unknown procedure).
        assert not (mode.is_positive and rejections), (
            f"schema-valid data rejected by request validation: {rejections}\n{where}"
        )

    test = given(case=_strategy(label, mode, w))(call)
    test = settings(
        max_examples=EXAMPLES,
        derandomize=not (LONG_RUN or FUZZ_SEED),
        database=None,
        deadline=None,
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
    )(test)
    if FUZZ_SEED:
        test = seed(int(FUZZ_SEED))(test)
    logger.addHandler(errors)
    try:
        test()
    finally:
        logger.removeHandler(errors)


def _negatable(label: str) -> bool:
    """Whether some input of the operation can be made invalid: a body, a required
    parameter (left out), or a parameter with a type or constraint. A path of
    free strings (``/procedures/{code}``) or no input at all (``/health``) cannot."""
    method, path = label.split(" ", 1)
    operation = PUBLISHED["paths"][path][method.lower()]
    if "requestBody" in operation:
        return True
    for parameter in operation.get("parameters", []):
        schema = parameter.get("schema", {})
        if parameter["in"] != "path" and parameter.get("required"):
            return True
        if schema.get("type") != "string" or set(schema) - {"type", "title", "description", "default"}:
            return True
    return False


#: (operation, mode): negative data needs something to make invalid.
CASES = [
    pytest.param(label, mode, id=f"{label}-{mode.value}")
    for label in sorted(OPERATIONS)
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    if mode.is_positive or _negatable(label)
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("label", "mode"), CASES)
def test_fuzz(label: str, role: str, mode: GenerationMode, world: dict[str, Any], db: Any) -> None:
    _run(label, role, mode, world)


def test_every_operation_is_fuzzed() -> None:
    """The fuzzed operations are exactly those the API publishes, with every app's routers mounted."""
    published = {f"{method.upper()} {path}" for path, item in PUBLISHED["paths"].items() for method in item}
    assert set(OPERATIONS) == published
    mounted = {label.split(" ", 1)[1].split("/")[3] for label in OPERATIONS}
    assert mounted >= {"health", "me", "procedures", "dossiers", "public", "lawdocs", "workplans", "reports", "portal"}
    assert {case.values[0] for case in CASES} == set(OPERATIONS)


def test_component_names_are_unique() -> None:
    """OpenAPI names a component by its class: two response classes of one name
    (dossiers' and workplans' ``EventOut`` were) silently document one with the other."""
    components = set(api.get_openapi_schema()["components"]["schemas"])
    modules: dict[str, set[str]] = {}
    for name, module in list(sys.modules.items()):
        if name == "tuphap.api" or (name.startswith("tuphap.") and name.endswith(".api")):
            for obj in vars(module).values():
                if isinstance(obj, type) and issubclass(obj, BaseModel) and obj.__module__ == name:
                    modules.setdefault(obj.__name__, set()).add(name)
    clashes = {cls: sorted(mods) for cls, mods in modules.items() if len(mods) > 1 and cls in components}
    assert clashes == {}


def test_the_published_text_pattern_is_what_the_api_refuses() -> None:
    """The schema's pattern for free text (``Text``) refuses exactly the characters
    ``clean_text`` refuses, so schema-valid text is never turned away."""
    pattern = re.compile(TEXT_PATTERN)
    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue  # lone surrogates: refused, not expressible in a UTF-8 pattern
        char = chr(code)
        if char.isprintable() and code > 0x7F:
            continue  # printable: clean_text keeps it, and the pattern allows every printable character
        try:
            clean_text(char)
            refused = False
        except TextError:
            refused = True
        assert refused == (pattern.match(char) is None), f"U+{code:04X}"


# --------------------------------------------------------------------------- what the fuzzer found, pinned


def test_anonymous_write_is_401_not_a_csrf_403(client: Client, db: Any) -> None:
    """Without a session cookie there is nothing for CSRF to protect: the answer is 401, in Vietnamese."""
    response = client.post("/api/v1/dossiers", data="{}", content_type="application/json")
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Bearer"
    assert response.json() == {"detail": "Cần xác thực: gửi mã truy cập API (Authorization: Bearer …) hoặc đăng nhập."}


def test_a_session_without_its_csrf_token_is_403_in_vietnamese(reception: Any) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(reception)
    response = browser.post("/api/v1/dossiers", data="{}", content_type="application/json")
    assert response.status_code == 403 and response.json()["detail"].startswith("Kiểm tra CSRF không đạt")


def test_a_body_that_is_not_json_is_422_naming_the_body(client: Client, reception: Any) -> None:
    client.force_login(reception)
    for body in (b"{not json", b"\xff\xfe{", b"[" * 100_000):
        response = client.post("/api/v1/dossiers", data=body, content_type="application/json")
        assert response.status_code == 422
        assert response.json() == {"detail": [{"field": "body", "message": "Nội dung yêu cầu không phải JSON hợp lệ."}]}


def test_unknown_api_urls_answer_json(client: Client, db: Any) -> None:
    for url in ("/api/v1/lawdocs/abc", "/api/v1/lawdocs/abc/status", "/api/v1/khong-co"):
        response = client.get(url)
        assert response.status_code == 404 and response["Content-Type"].startswith("application/json"), url
        assert response.json() == {"detail": "Không tìm thấy."}


def test_invalid_filters_are_422_naming_the_field_in_vietnamese(client: Client, director: Any) -> None:
    client.force_login(director)
    for url, field in [
        ("/api/v1/lawdocs?status=dead", "status"),
        ("/api/v1/lawdocs?type=law", "type"),
        ("/api/v1/lawdocs/1/status?at=2022-13-01", "at"),
        ("/api/v1/dossiers?state=nonsense", "state"),
    ]:
        response = client.get(url)
        assert response.status_code == 422, url
        [error] = response.json()["detail"]
        assert error["field"] == field and "phải" in error["message"].lower(), (url, error)
    for url in ("/api/v1/portal/articles?category=khong-co", "/api/v1/portal/articles/khong-co"):
        response = client.get(url)
        assert response.status_code == 404 and response.json()["detail"].startswith("Không có"), url


def test_dates_are_iso_text_and_the_ends_of_the_calendar_are_no_500(client: Client, director: Any) -> None:
    """pydantic read "0.0" as 1 January 1970; year 1 and 9999 overflowed UTC in the
    dossiers' filter and the report; an id past 64 bits reached SQLite."""
    client.force_login(director)
    for url, field in [
        ("/api/v1/dossiers?received_from=0.0", "received_from"),
        ("/api/v1/lawdocs?status_at=20220101", "status_at"),
        ("/api/v1/workplans/plans?from=-1.5e-165", "from"),
        ("/api/v1/reports/dossiers?from=2022-01-01&to=2022-03-31&as_of=1648684800", "as_of"),
        ("/api/v1/reports/dossiers?from=0001-01-01&to=0011-01-01", "from"),
        ("/api/v1/reports/dossiers?from=9999-01-01&to=9999-12-31", "from"),
        ("/api/v1/workplans/tasks?source=9223372036854775808", "source"),
        ("/api/v1/lawdocs?page=100000000000000000000", "page"),
    ]:
        response = client.get(url)
        assert response.status_code == 422, (url, response.content)
        assert [e["field"] for e in response.json()["detail"]] == [field], url
    everything = client.get("/api/v1/dossiers").json()["count"]
    for url in ("/api/v1/dossiers?received_from=0001-01-01", "/api/v1/dossiers?received_to=9999-12-31"):
        response = client.get(url)  # the ends of the calendar bound nothing
        assert response.status_code == 200 and response.json()["count"] == everything, url
    assert client.get("/api/v1/dossiers?received_to=0001-01-01").json()["count"] == 0


def test_a_nul_in_a_parameter_is_4xx_not_500(client: Client, director: Any) -> None:
    """PostgreSQL cannot compare a text holding NUL: it answered 500 to ``?unit=%00``."""
    client.force_login(director)
    for url, field in [
        ("/api/v1/dossiers?unit=%00", "unit"),
        ("/api/v1/lawdocs?field=a%00", "field"),
        ("/api/v1/portal/articles?category=%00", "category"),
    ]:
        response = client.get(url)
        assert response.status_code == 422 and [e["field"] for e in response.json()["detail"]] == [field], url
    for url in (
        "/api/v1/dossiers/%00",
        "/api/v1/procedures/%00",
        "/api/v1/public/dossiers/%00",
        "/api/v1/portal/articles/a%00",
        "/tin-tuc/a%00/",
    ):
        assert client.get(url).status_code == 404, url
