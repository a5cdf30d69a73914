"""PostgreSQL full-text backend: a ``tsvector`` column with a GIN index and the
text search configuration ``tuphap_vi`` (``simple`` with ``unaccent``),
created by migration 0002."""

from __future__ import annotations

from typing import Any

from tuphap.lawdocs.search.folding import Term, pair_text, to_tsquery

CONFIG = "tuphap_vi"
CREATE = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    f"""DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{CONFIG}') THEN
        CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = simple);
        ALTER TEXT SEARCH CONFIGURATION {CONFIG}
          ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
      END IF;
    END $$""",  # noqa: S608 - constants only
    "ALTER TABLE lawdocs_legaldocument ADD COLUMN IF NOT EXISTS search_vector tsvector",
    "CREATE INDEX IF NOT EXISTS lawdoc_search_gin ON lawdocs_legaldocument USING gin (search_vector)",
]
DROP = [
    "DROP INDEX IF EXISTS lawdoc_search_gin",
    "ALTER TABLE lawdocs_legaldocument DROP COLUMN IF EXISTS search_vector",
    f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}",
]

# number A, title B, body D; the pairs (folding.pair_text) of the number and
# title B, of the body D: a phrase is looked up as its pairs.
VECTOR = (
    f"setweight(to_tsvector('{CONFIG}', %s), 'A') || setweight(to_tsvector('{CONFIG}', %s), 'B')"
    f" || setweight(to_tsvector('{CONFIG}', %s), 'D') || setweight(to_tsvector('{CONFIG}', %s), 'B')"
    f" || setweight(to_tsvector('{CONFIG}', %s), 'D')"
)


def index_rows(cursor: Any, rows: list[tuple[int, str, str, str]]) -> None:
    if not rows:
        return
    cursor.executemany(
        f"UPDATE lawdocs_legaldocument SET search_vector = {VECTOR} WHERE id = %s",  # noqa: S608
        [(number, title, body, pair_text(number, title), pair_text(body), pk) for pk, number, title, body in rows],
    )


def remove(cursor: Any, document_id: int) -> None:
    cursor.execute("UPDATE lawdocs_legaldocument SET search_vector = NULL WHERE id = %s", [document_id])


def search(cursor: Any, terms: list[Term], within_sql: str, within_params: tuple[Any, ...], limit: int, offset: int) -> list[Any]:
    """Ranked by ts_rank among the CANDIDATES newest matches (exact when fewer match)."""
    from tuphap.lawdocs.search import CANDIDATES

    where = f" AND d.id IN ({within_sql})" if within_sql else ""
    cursor.execute(
        f"SELECT c.id, ts_rank(c.v, to_tsquery('{CONFIG}', %s), 1) AS r FROM ("  # noqa: S608
        f"SELECT d.id, d.search_vector AS v FROM lawdocs_legaldocument d "
        f"WHERE d.search_vector @@ to_tsquery('{CONFIG}', %s){where} ORDER BY d.id DESC LIMIT %s) c "
        "ORDER BY r DESC, c.id DESC LIMIT %s OFFSET %s",
        [to_tsquery(terms), to_tsquery(terms), *within_params, max(CANDIDATES, limit + offset), limit, offset],
    )
    return list(cursor.fetchall())


def count(cursor: Any, terms: list[Term], within_sql: str, within_params: tuple[Any, ...], cap: int) -> int:
    """The number of matches, counted up to ``cap``."""
    where = f" AND d.id IN ({within_sql})" if within_sql else ""
    cursor.execute(
        f"SELECT count(*) FROM (SELECT 1 FROM lawdocs_legaldocument d, to_tsquery('{CONFIG}', %s) q "  # noqa: S608
        f"WHERE d.search_vector @@ q{where} LIMIT %s) m",
        [to_tsquery(terms), *within_params, cap],
    )
    return int(cursor.fetchone()[0])
