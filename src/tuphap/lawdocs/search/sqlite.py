"""SQLite FTS5 backend (the table is created by migration 0002)."""

from __future__ import annotations

from typing import Any

from tuphap.lawdocs.search.folding import Term, pair_text, to_fts5

TABLE = "lawdocs_fts"
# Text arrives folded (lowercase, no diacritics) and space-separated; the pair
# columns hold adjacent words joined (folding.pair_text): phrases are looked up
# there, words in the first three columns.
CREATE = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5(number, title, body, tpairs, bpairs, "
    "tokenize = 'unicode61 remove_diacritics 0')",
    # weights: number 10, title 4, body 1; pairs of the number and title 6, of the body 1
    f"INSERT INTO {TABLE}({TABLE}, rank) VALUES ('rank', 'bm25(10.0, 4.0, 1.0, 6.0, 1.0)')",  # noqa: S608
]
DROP = [f"DROP TABLE IF EXISTS {TABLE}"]


def index_rows(cursor: Any, rows: list[tuple[int, str, str, str]]) -> None:
    if not rows:
        return
    cursor.executemany(f"DELETE FROM {TABLE} WHERE rowid = %s", [(row[0],) for row in rows])  # noqa: S608
    cursor.executemany(
        f"INSERT INTO {TABLE}(rowid, number, title, body, tpairs, bpairs) VALUES (%s, %s, %s, %s, %s, %s)",  # noqa: S608
        [(pk, number, title, body, pair_text(number, title), pair_text(body)) for pk, number, title, body in rows],
    )


def remove(cursor: Any, document_id: int) -> None:
    cursor.execute(f"DELETE FROM {TABLE} WHERE rowid = %s", [document_id])  # noqa: S608


def search(cursor: Any, terms: list[Term], within_sql: str, within_params: tuple[Any, ...], limit: int, offset: int) -> list[Any]:
    """Ranked by bm25 among the CANDIDATES newest matches (exact when fewer match)."""
    from tuphap.lawdocs.search import CANDIDATES

    where = f" AND f.rowid IN ({within_sql})" if within_sql else ""
    cursor.execute(
        f"SELECT c.id, -c.r FROM (SELECT f.rowid AS id, f.rank AS r FROM {TABLE} f "  # noqa: S608
        f"WHERE {TABLE} MATCH %s{where} ORDER BY f.rowid DESC LIMIT %s) c "
        "JOIN lawdocs_legaldocument d ON d.id = c.id ORDER BY c.r, c.id DESC LIMIT %s OFFSET %s",
        [to_fts5(terms), *within_params, max(CANDIDATES, limit + offset), limit, offset],
    )
    return list(cursor.fetchall())


def count(cursor: Any, terms: list[Term], within_sql: str, within_params: tuple[Any, ...]) -> int:
    where = f" AND f.rowid IN ({within_sql})" if within_sql else ""
    cursor.execute(
        f"SELECT count(*) FROM {TABLE} f JOIN lawdocs_legaldocument d ON d.id = f.rowid "  # noqa: S608
        f"WHERE {TABLE} MATCH %s{where}",
        [to_fts5(terms), *within_params],
    )
    return int(cursor.fetchone()[0])
