"""PostgreSQL full-text backend.

The index is the table ``lawdocs_search`` (model ``SearchEntry``, migration
0005): one narrow row per document with its ``issued_on`` and ``bucket`` and
two ``tsvector`` columns kept out of line (``toast_tuple_target``):

* ``body``: number (weight A), title (B), text (D), and the adjacent-word
  pairs (``folding.pair_text``) of the number and title (B) and of the text (D);
* ``head``: the A and B part of ``body`` (number, title and their pairs).

One GIN index covers ``(bucket, body, head)`` (``btree_gin``); text search
configuration ``tuphap_vi`` = ``simple`` + ``unaccent``.

Why so: a search must not read the documents' wide rows nor any document's
vector. The GIN index answers word and pair queries exactly (no recheck), the
narrow rows make the bitmap's heap visits cheap, and the bucket lets a query
of common words look at the newest documents first instead of at every match.
Only phrases of three or more words (``<->`` between their pairs) need the
positions: they are matched as all their pairs, and the few results shown are
then checked with the exact query.
"""

from __future__ import annotations

from typing import Any

from tuphap.lawdocs.search.folding import Term, pair_text, to_tsquery
from tuphap.lawdocs.search.limits import CANDIDATES

CONFIG = "tuphap_vi"
TABLE = "lawdocs_search"
#: Ids per bucket: a window of two buckets (the newest 16,384 documents) holds
#: the CANDIDATES newest matches of any word found in one document in eight.
BUCKET = 8192
#: Counting a phrase of three or more words exactly reads every match's
#: vector; beyond this many matches of its pairs the count is of those.
EXACT_COUNT_LIMIT = 1000

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS btree_gin",
    f"""DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{CONFIG}') THEN
        CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = simple);
        ALTER TEXT SEARCH CONFIGURATION {CONFIG}
          ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
      END IF;
    END $$""",  # noqa: S608 - constants only
    f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS body tsvector",
    f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS head tsvector",
    f"ALTER TABLE {TABLE} SET (toast_tuple_target = 128)",
    f"CREATE INDEX IF NOT EXISTS lawdocs_search_gin ON {TABLE} USING gin (bucket, body, head)",
]

# number A, title B, body D; the pairs of the number and title B, of the body D
VECTOR = (
    f"setweight(to_tsvector('{CONFIG}', %s), 'A') || setweight(to_tsvector('{CONFIG}', %s), 'B')"
    f" || setweight(to_tsvector('{CONFIG}', %s), 'D') || setweight(to_tsvector('{CONFIG}', %s), 'B')"
    f" || setweight(to_tsvector('{CONFIG}', %s), 'D')"
)
UPSERT = (
    f"INSERT INTO {TABLE} (document_id, issued_on, bucket, body, head) "  # noqa: S608 - constants only
    f"SELECT d.id, d.issued_on, d.id / {BUCKET}, v.body, ts_filter(v.body, '{{a,b}}') "
    f"FROM lawdocs_legaldocument d, (SELECT {VECTOR} AS body) v WHERE d.id = %s "
    "ON CONFLICT (document_id) DO UPDATE SET issued_on = excluded.issued_on, bucket = excluded.bucket, "
    "body = excluded.body, head = excluded.head"
)
# Only bitmap scans of the GIN index: a scan of the table, or of the primary key
# in its order (hence ``document_id + 0`` in the queries), would test ``@@`` row
# by row, reading every vector out of line; and no nested loop between the
# candidates and the title matches, which a table without fresh statistics
# (just loaded, not yet analysed) gets (2,000 × 800 comparisons). The settings
# are sent with the query in one statement string (client-side binding: one
# round trip, one implicit transaction even in autocommit) and set back after
# it, so that a request's transaction keeps its own.
_SETTINGS = {"enable_seqscan": "off", "enable_nestloop": "off", "max_parallel_workers_per_gather": "0"}
BEFORE = "".join(f"SET LOCAL {name} = {value}; " for name, value in _SETTINGS.items())
AFTER = "; " + "; ".join(f"SET LOCAL {name} TO DEFAULT" for name in _SETTINGS)


def _planned(cursor: Any, sql: str, params: list[Any]) -> list[Any]:
    """Run ``sql`` between BEFORE and AFTER; its rows."""
    cursor.execute(BEFORE + sql + AFTER, params)
    while cursor.description is None and cursor.nextset():
        pass
    return list(cursor.fetchall())


def index_rows(cursor: Any, rows: list[tuple[int, str, str, str]]) -> None:
    if not rows:
        return
    cursor.executemany(
        UPSERT,
        [(number, title, body, pair_text(number, title), pair_text(body), pk) for pk, number, title, body in rows],
    )


def remove(cursor: Any, document_id: int) -> None:
    cursor.execute(f"DELETE FROM {TABLE} WHERE document_id = %s", [document_id])  # noqa: S608


def search(
    cursor: Any, terms: list[Term], within_sql: str, within_params: tuple[Any, ...], limit: int, offset: int
) -> list[Any]:
    """The ranking of :func:`tuphap.lawdocs.search.search_ids`, bucket by bucket:
    the newest two buckets are searched first; when they hold fewer matches
    than wanted, the window widens to what their density says is needed, or
    to the whole index."""

    loose, exact = to_tsquery(terms, loose=True), to_tsquery(terms)
    want = max(CANDIDATES, limit + offset)
    where = f" AND s.document_id IN ({within_sql})" if within_sql else ""
    cursor.execute(f"SELECT max(document_id) / {BUCKET} FROM {TABLE}")  # noqa: S608 - the primary key's last entry
    top = cursor.fetchone()[0]
    if top is None:
        return []
    low = max(int(top) - 1, 0)  # the newest two buckets first
    while True:
        rows = _planned(
            cursor,
            f"WITH c AS MATERIALIZED (SELECT s.document_id AS id, s.issued_on FROM {TABLE} s "  # noqa: S608
            f"WHERE s.bucket >= %s AND s.body @@ to_tsquery('{CONFIG}', %s){where} "
            "ORDER BY s.document_id + 0 DESC LIMIT %s), "
            f"h AS MATERIALIZED (SELECT s.document_id AS id FROM {TABLE} s WHERE s.bucket >= %s "
            f"AND s.body @@ to_tsquery('{CONFIG}', %s) AND s.head @@ to_tsquery('{CONFIG}', %s) "
            "AND s.document_id + 0 >= (SELECT min(id) FROM c)) "
            f"SELECT c.id, CASE WHEN h.id IS NULL THEN 1.0 ELSE 2.0 END AS r FROM c LEFT JOIN h ON h.id = c.id "
            "ORDER BY r DESC, c.issued_on DESC, c.id DESC",
            [low, loose, *within_params, want, low, loose, loose],
        )
        if len(rows) >= want or low == 0:
            break
        if not rows:
            low = 0
            continue
        buckets = top - low + 1
        needed = int(want * buckets / len(rows) * 1.5) + 1  # buckets needed at the density seen
        low = top - needed + 1 if needed < (top + 1) // 2 else 0
    if loose == exact:
        return rows[offset : offset + limit]
    return _exact(cursor, rows, exact, offset + limit)[offset : offset + limit]


def _exact(cursor: Any, rows: list[Any], exact: str, need: int) -> list[Any]:
    """The rows whose document holds the phrases exactly, in order, until ``need`` are found."""
    found: list[Any] = []
    start, chunk = 0, need + 5  # most of the pairs' matches hold the phrase: read little more than needed
    while len(found) < need and start < len(rows):
        part = rows[start : start + chunk]
        start += chunk
        chunk *= 2
        cursor.execute(  # one look-up by key per id: the GIN index would check every match of the pairs instead
            f"SELECT u.id FROM unnest(%s::bigint[]) AS u(id) WHERE (SELECT s.body @@ to_tsquery('{CONFIG}', %s) "  # noqa: S608
            f"FROM {TABLE} s WHERE s.document_id = u.id)",
            [[row[0] for row in part], exact],
        )
        ok = {row[0] for row in cursor.fetchall()}
        found.extend(row for row in part if row[0] in ok)
    return found


def count(cursor: Any, terms: list[Term], within_sql: str, within_params: tuple[Any, ...], cap: int) -> int:
    """The number of matches, counted up to ``cap``. A phrase of three or more
    words is counted exactly up to EXACT_COUNT_LIMIT matches of its pairs;
    beyond, the documents holding all its pairs are counted."""
    loose, exact = to_tsquery(terms, loose=True), to_tsquery(terms)
    where = f" AND s.document_id IN ({within_sql})" if within_sql else ""
    sql = f"SELECT count(*) FROM (SELECT 1 FROM {TABLE} s WHERE s.body @@ to_tsquery('{CONFIG}', %s){where} LIMIT %s) m"  # noqa: S608
    total = int(_planned(cursor, sql, [loose, *within_params, cap])[0][0])
    if loose != exact and total <= EXACT_COUNT_LIMIT:
        total = int(_planned(cursor, sql, [exact, *within_params, cap])[0][0])
    return total
