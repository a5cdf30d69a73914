"""The query-count check of list pages and list endpoints: the same number of
queries for N rows as for 2N rows (no N+1), and at most a stated number.

``assert_flat(client, url, grow)`` calls ``grow(n)`` twice: each call builds n more
rows (through the services) and returns strings that must then appear in the
response (the rows are really listed, not filtered out or paged away).

``client`` is a test client, or a function that returns a new one for each request
(the portal counts visitors: a new visitor costs the same at every request, while
a returning one costs one write more or less depending on the clock's second)."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

N = 3


def count_queries(
    client: Any, url: str, params: dict[str, Any] | None = None, *, ignore: str = "", **kwargs: Any
) -> tuple[int, str, Any]:
    """The queries of one GET, but those matching the regular expression ``ignore``."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {}, **kwargs)
    assert response.status_code == 200, (url, response.status_code, response.content[:500])
    sqls = [q["sql"] for q in ctx.captured_queries if not (ignore and re.search(ignore, q["sql"]))]
    return len(sqls), "\n".join(sqls), response


def assert_flat(
    client: Any | Callable[[], Any],
    url: str,
    grow: Callable[[int], Iterable[str]],
    *,
    most: int,
    params: dict[str, Any] | None = None,
    before: Callable[[], None] | None = None,
    ignore: str = "",
    n: int = N,
    **kwargs: Any,
) -> int:
    """The page's query count with n rows and with 2n rows: equal, and at most ``most``."""

    def new() -> Any:
        return client if hasattr(client, "get") else client()

    counts, sqls = [], []
    shown: list[str] = []
    for _round in range(2):
        shown += list(grow(n))
        for _warm in range(2):  # first-use caches (content types, sessions, a visitor's first visit, ...)
            if before:
                before()
            new().get(url, params or {}, **kwargs)
        if before:
            before()
        count, sql, response = count_queries(new(), url, params, ignore=ignore, **kwargs)
        body = response.content.decode()
        if response.get("Content-Type", "").startswith("application/json"):
            body = json.dumps(response.json(), ensure_ascii=False)
        missing = [s for s in shown if s not in body]
        assert not missing, f"{url}: rows not listed: {missing[:5]}"
        counts.append(count)
        sqls.append(sql)
    assert counts[0] == counts[1], (
        f"{url}: {counts[0]} queries for {n} rows, {counts[1]} for {2 * n}:\n{sqls[0]}\n----- then:\n{sqls[1]}"
    )
    if os.environ.get("TUPHAP_PRINT_QUERY_COUNTS"):
        print(f"\nquery count {url} {params or ''} {kwargs or ''}: {counts} (most {most})")
    assert counts[1] <= most, f"{url}: {counts[1]} queries, at most {most} expected:\n{sqls[1]}"
    return counts[1]
