"""Odd numbers never make a 500 (issue 16, item 6).

Every page and form of the role matrix (``test_matrix.PAGES``, which lists every
URL pattern of the site, and the API's reads), as every principal that may use
it: first the request as the table makes it, recording which query parameters
and form fields the view reads; then the same request again with each of those
parameters, and each numeric or date form field, set to each odd value below
(alone, then all together), every value for the first principal allowed, one
of each kind for the others.
The answer may be a page, a redirect, a 400 or 404 or a form error: never a
server error. ``tuphap.core.params`` is the one parser that the views use.

``make test`` probes each page as its first principal allowed, with every value;
the whole walk as each principal (every page it may use, the others' with one
value of each kind) is marked ``fuzz`` and runs with ``make fuzz``: beyond the
first principal it repeats the parser's cases through the same views, and took
half of this file's time on two cores.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qsl

import pytest
from django.http import QueryDict

from tests.hardening import test_matrix as matrix
from tests.hardening.test_matrix import PRINCIPALS, Row, World

world = matrix.world  # the matrix's data, built once for this module too

pytestmark = pytest.mark.django_db  # so that the test database exists; the matrix's world holds the data

ODD = ["²", "０", "-1", "0", "99999999999999999999999", "abc", "0001-01-01", "9999-12-31"]
#: The other principals who may use a page get one value of each kind (the suite runs on two
#: cores): a digit ``int()`` refuses, a negative, an overflow, a day that does not convert to UTC.
ODD_AGAIN = ["²", "-1", "99999999999999999999999", "0001-01-01"]

#: Form fields whose values are text: an odd number there is just text (the
#: numeric and date fields, and any field read without a value in the table, are varied).
_NUMERIC_OR_DATE = re.compile(r"^[\d{]")  # a number, a date, or a placeholder ({doc_file}, {today}, …)
_NEVER = {"csrfmiddlewaretoken"}


@contextmanager
def reading() -> Iterator[set[str]]:
    """The names the code reads from any QueryDict (request.GET, request.POST) meanwhile."""
    names: set[str] = set()
    originals = {name: getattr(QueryDict, name) for name in ("get", "__getitem__", "getlist", "__contains__")}

    def spy(method: Callable[..., Any]) -> Callable[..., Any]:
        def read(self: QueryDict, key: Any, *args: Any, **kwargs: Any) -> Any:
            if isinstance(key, str):
                names.add(key)
            return method(self, key, *args, **kwargs)

        return read

    for name, method in originals.items():
        setattr(QueryDict, name, spy(method))
    try:
        yield names
    finally:
        for name, method in originals.items():
            setattr(QueryDict, name, method)


def _split(row: Row) -> Row:
    """A row whose path holds a query string, with that query moved into its data."""
    if "?" not in row.path:
        return row
    path, query = row.path.split("?", 1)
    return dataclasses.replace(row, path=path, data={**dict(parse_qsl(query)), **(row.data or {})})  # type: ignore[dict-item]


def _with(row: Row, name: str, value: str) -> Row:
    base = row.data
    if callable(base):
        return dataclasses.replace(row, data=lambda ids: {**base(ids), name: value})
    return dataclasses.replace(row, data={**(base or {}), name: value})


def _varied(row: Row, read: set[str], world: World) -> list[str]:
    data = row.data(world.ids) if callable(row.data) else (row.data or {})
    names = []
    for name in sorted(read - _NEVER):
        if row.method == "POST" and name in data:
            value = data[name]
            if not isinstance(value, str) or not _NUMERIC_OR_DATE.match(value):
                continue  # a text field (or a file): not a number
        names.append(name)
    return names


def _rows() -> list[Row]:
    rows = [_split(row) for row in matrix.PAGES]
    rows += [_split(row) for row in matrix.API if row.method == "GET"]
    return rows


def _first_allowed(row: Row) -> str:
    return next(p for p in PRINCIPALS if p in row.allowed)


#: for each principal, the pages of which it is the first allowed (heavy ones included)
FIRST_PAGES: dict[str, int] = {}
for _row in _rows():
    FIRST_PAGES[_first_allowed(_row)] = FIRST_PAGES.get(_first_allowed(_row), 0) + 1
#: the principals that are the first allowed of at least one page
FIRSTS = sorted(FIRST_PAGES, key=PRINCIPALS.index)


def _walk(world: World, principal: str, *, only_first: bool = False) -> tuple[list[str], int, int]:
    """Every page ``principal`` may use (``only_first``: those of which it is the first allowed):
    the problems, the requests made and the pages walked."""
    problems: list[str] = []
    calls = pages = 0
    for row in _rows():
        first_allowed = _first_allowed(row)
        if principal not in row.allowed or (row.heavy and principal != first_allowed):
            continue
        if only_first and principal != first_allowed:
            continue
        values = ODD if principal == first_allowed else ODD_AGAIN
        pages += 1
        with reading() as read:
            first = matrix.call(world, principal, row)
        calls += 1
        if first.status >= 500:
            problems.append(f"{row.method} {row.path} as {principal}: {first.status} {first.error}")
            continue
        names = _varied(row, read, world)
        for value in values:
            # each parameter alone, then all of them at once (a period from 0001-01-01 to 0001-01-31)
            for varied in [[name] for name in names] + ([names] if len(names) > 1 else []):
                changed = row
                for name in varied:
                    changed = _with(changed, name, value)
                outcome = matrix.call(world, principal, changed)
                calls += 1
                if outcome.status >= 500:
                    problems.append(
                        f"{row.method} {row.path} {'+'.join(varied)}={value!r} as {principal}: {outcome.error}"
                    )
    return problems, calls, pages


@pytest.mark.parametrize("principal", FIRSTS)
def test_odd_numbers_as_the_first_principal_allowed_never_make_a_server_error(world: World, principal: str) -> None:
    """``make test``'s share: each page with every odd value, as its first principal allowed."""
    problems, calls, pages = _walk(world, principal, only_first=True)
    assert pages == FIRST_PAGES[principal]
    assert calls > pages  # some page of the principal's reads a parameter, and each was varied
    assert problems == [], f"{len(problems)} server errors in {calls} requests:\n" + "\n".join(problems)


@pytest.mark.fuzz
@pytest.mark.parametrize("principal", [p for p in PRINCIPALS if p != matrix.NR])
def test_odd_numbers_in_every_parameter_never_make_a_server_error(world: World, principal: str) -> None:
    """The whole walk as each principal, every page it may use (``make fuzz``)."""
    problems, calls, _pages = _walk(world, principal)
    assert calls > 20
    assert problems == [], f"{len(problems)} server errors in {calls} requests:\n" + "\n".join(problems)


def test_the_walk_reads_the_parameters_of_the_pages(world: World) -> None:
    """The spy sees what a view reads: the search page's words and page number, a form's fields."""
    with reading() as read:
        matrix.call(world, matrix.ANON, Row("GET", "/van-ban/", matrix.EVERYONE, data={"q": "học phí"}))
    assert {"q", "trang"} <= read
    row = next(r for r in matrix.PAGES if r.path == "/nhiem-vu/xu-ly-vi-pham/" and isinstance(r.data, dict))
    with reading() as read:
        matrix.call(world, matrix.S, row)
    assert {"stat-year", "stat-quarter"} <= set(_varied(row, read, world))
    assert "stat-reporter" not in _varied(row, read, world)


# --------------------------------------------------------------------------- the parser itself


def test_numbers_are_ascii_digits_within_bounds() -> None:
    from tuphap.core.params import parse_int

    assert parse_int("12") == 12 and parse_int(" 7 ") == 7
    for raw in ("²", "０", "٣", "-1", "99999999999999999999999", "abc", "1e3", "0x10", "", "1 2"):
        assert parse_int(raw) is None, raw
    assert parse_int("-1", min=-5) == -1 and parse_int("11", max=10) is None


def test_pages_read_as_the_first_or_past_the_end_never_an_error(rf: Any) -> None:
    from tuphap.core.params import MAX_PAGE, page_param

    def page(raw: str) -> int:
        return page_param(rf.get("/", {"trang": raw}))

    assert page("3") == 3 and page_param(rf.get("/")) == 1
    assert [page(v) for v in ("²", "０", "-1", "0", "abc", "0001-01-01")] == [1] * 6
    assert page("99999999999999999999999") == MAX_PAGE and page("9999-12-31") == 1


def test_years_and_dates_out_of_bounds_are_a_400_naming_the_parameter(rf: Any) -> None:
    from tuphap.core.params import ParamError, date_param, int_param, year_param

    assert year_param(rf.get("/", {"nam": "2024"}), "nam", 2000) == 2024
    assert year_param(rf.get("/"), "nam", 2000) == 2000
    for raw in ("0", "²", "０", "99999999", "1944", "2101"):
        with pytest.raises(ParamError, match="nam"):
            year_param(rf.get("/", {"nam": raw}), "nam", 2000)
    assert date_param(rf.get("/", {"d": "2024-02-29"}), "d") == dt.date(2024, 2, 29)
    for raw in ("0001-01-01", "9999-12-31", "2023-02-29", "２０２４-01-01", "1/2/2024"):
        with pytest.raises(ParamError):
            date_param(rf.get("/", {"d": raw}), "d")
    assert int_param(rf.post("/", {"version": ""}), "version", source="POST") is None
    # the id of an object to act on: no id names nothing, like an unknown one (404)
    from django.http import Http404

    from tuphap.core.params import id_param

    assert id_param(rf.post("/", {"file": "12"}), "file", source="POST") == 12
    assert id_param(rf.post("/", {}), "file", source="POST") is None
    for raw in ("x", "²", "0", "-1", "99999999999999999999999"):
        with pytest.raises(Http404):
            id_param(rf.post("/", {"file": raw}), "file", source="POST")
    with pytest.raises(ParamError):
        int_param(rf.post("/", {"version": "²"}), "version", source="POST")


def test_the_cases_of_the_probe_answer_clearly(make_staff: Callable[..., Any]) -> None:
    from django.test import Client

    from tuphap.orgs.roles import Role

    client = Client()
    client.force_login(make_staff("chuyenvien", Role.SPECIALIST))
    for url, words in [
        ("/van-ban/tham-dinh/?nam=0", "“nam” phải là một năm từ 1945 đến 2100"),
        ("/van-ban/tham-dinh/?nam=%C2%B2", "“nam” phải là một năm"),
        ("/van-ban/tham-dinh/?nam=99999999", "“nam” phải là một năm"),
        ("/nhiem-vu/?source=%C2%B2", "“source” phải là số nguyên"),
    ]:
        response = client.get(url)
        assert response.status_code == 400, url
        assert words in response.content.decode(), url
    assert client.get("/van-ban/?trang=99999999999999999999999").status_code == 200
    assert client.get("/van-ban/tham-dinh/?nam=2024").status_code == 200


def test_a_register_of_year_1_or_9999_is_a_form_error(make_staff: Callable[..., Any]) -> None:
    from django.test import Client

    from tuphap.orgs.roles import Role

    client = Client()
    client.force_login(make_staff("motcua", Role.RECEPTION))
    for start, end in [("0001-01-01", "0001-01-31"), ("9999-12-01", "9999-12-31")]:
        for fmt in ("html", "xlsx"):
            response = client.get("/ho-so/so-theo-doi/", {"start": start, "end": end, "format": fmt})
            assert response.status_code == 200 and "Nhập ngày từ 01/01/1945 đến 31/12/2100" in response.content.decode()
