"""One page of an API list: its rows and the figures every paged answer gives with them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Model, QuerySet


def api_page[M: Model](
    qs: QuerySet[M], *, page: int, page_size: int, out: Callable[[M], dict[str, Any]]
) -> dict[str, Any]:
    """Page ``page`` (from 1) of ``qs``, ``page_size`` rows each shown by ``out``, with the count of all rows."""
    start = (page - 1) * page_size
    items = list(qs[start : start + page_size])
    return {"count": qs.count(), "page": page, "page_size": page_size, "items": [out(item) for item in items]}
