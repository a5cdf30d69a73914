"""Full-text search of legal documents: one interface, one backend per database.

* SQLite: an FTS5 virtual table ``lawdocs_fts`` (``rowid`` = document id);
* PostgreSQL: a ``tsvector`` column on the documents' table with a GIN index,
  text search configuration ``tuphap_vi`` (``simple`` with ``unaccent``).

Both index the text folded by :func:`folding.index_text` and search the query
folded by the same function, so ``dang ky`` finds ``đăng ký``. Snippets are
cut from the original text with :func:`folding.snippet`, so both backends
highlight the same way. Services call :func:`index_document` inside the
transaction that writes the document.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import QuerySet

from tuphap.lawdocs.search import postgres, sqlite
from tuphap.lawdocs.search.folding import Term, index_text, parse_query
from tuphap.lawdocs.search.limits import CANDIDATES, COUNT_CAP

__all__ = [
    "CANDIDATES",
    "COUNT_CAP",
    "Hit",
    "bulk_index",
    "index_document",
    "parse_query",
    "remove_document",
    "search_ids",
]


@dataclass(frozen=True)
class Hit:
    id: int
    rank: float


def _backend(using: str) -> Any:
    vendor = connections[using].vendor
    if vendor == "sqlite":
        return sqlite
    if vendor == "postgresql":
        return postgres
    raise NotImplementedError(f"no search backend for {vendor}")


def document_fields(number: str, title: str, text: str) -> tuple[str, str, str]:
    """The three folded columns of a document: number, title, body."""
    return index_text(number), index_text(title), index_text(text)


def index_document(document: Any, using: str = "default") -> None:
    """(Re)index one document; call inside the transaction that saved it."""
    bulk_index([(document.pk, *document_fields(document.number, document.title, document.text))], using=using)


def bulk_index(rows: Iterable[tuple[int, str, str, str]], using: str = "default") -> None:
    """Index rows of (id, folded number, folded title, folded body)."""
    with connections[using].cursor() as cursor:
        _backend(using).index_rows(cursor, list(rows))


def remove_document(document_id: int, using: str = "default") -> None:
    with connections[using].cursor() as cursor:
        _backend(using).remove(cursor, document_id)


def search_ids(
    terms: list[Term],
    *,
    within: QuerySet[Any] | None = None,
    limit: int = 20,
    offset: int = 0,
    using: str = "default",
) -> list[Hit]:
    """Ids of the matching documents, best first (``within``: a queryset of
    documents that restricts the answer, e.g. filters).

    Both backends rank the same way: among the CANDIDATES newest matches (all
    of them when fewer match), first the documents whose number or title hold
    the whole query (rank 2), then the others (rank 1); the most recently
    issued first within a rank."""
    if not terms:
        return []
    sql, params = ("", ())
    if within is not None:
        sql, params = within.values("pk").query.sql_with_params()
    with connections[using].cursor() as cursor:
        rows = _backend(using).search(cursor, terms, sql, tuple(params), limit, offset)
    return [Hit(int(row[0]), float(row[1])) for row in rows]


def count(
    terms: list[Term], *, within: QuerySet[Any] | None = None, using: str = "default", cap: int = COUNT_CAP
) -> int:
    """The number of matching documents, up to ``cap``."""
    if not terms:
        return 0
    sql, params = ("", ())
    if within is not None:
        sql, params = within.values("pk").query.sql_with_params()
    with connections[using].cursor() as cursor:
        return int(_backend(using).count(cursor, terms, sql, tuple(params), cap))
