"""Search cannot stall the site (issue 16, item 1): excerpts cost one pass over
a bounded part of a document, and a query has a bounded number of terms and
prefix terms (a clear Vietnamese 422 on the API, an error next to the field on
the page). The work is counted, never timed."""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from typing import Any

import pytest
from django.test import Client

from tuphap.lawdocs import services as lawdoc_services
from tuphap.lawdocs.search import folding
from tuphap.lawdocs.search.folding import (
    MAX_PREFIX_TERMS,
    MAX_TERMS,
    MIN_PREFIX,
    SNIPPET_SCAN,
    SnippetWork,
    Term,
    fold_nfc,
    parse_query,
    query_problem,
    snippet,
)

WORDS = "cấp của các công chứng đăng đất định hộ tịch thực hiện nhân dân quyết quy văn bản luật khai sinh".split()


def _text(size: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    out: list[str] = []
    length = 0
    while length < size:
        word = rng.choice(WORDS)
        out.append(word)
        length += len(word) + 1
    return " ".join(out)


def _old_snippet(text: str, terms: list[Term], width: int = 240) -> list[tuple[str, bool]]:
    """The excerpt as it was before the bound (quadratic in the matches): the reference."""
    text = unicodedata.normalize("NFC", text)
    if not text:
        return []
    folded = fold_nfc(text)
    found = [(m.start(), m.end(), m.group()) for m in folding._TOKEN_RE.finditer(folded)]
    words = [w for _s, _e, w in found]
    raw: list[tuple[int, int]] = []
    for term in terms:
        n = len(term.words)
        for i in range(len(words) - n + 1):
            ok = all(words[i + k] == term.words[k] for k in range(n - 1))
            last = words[i + n - 1]
            ok = ok and (last.startswith(term.words[-1]) if term.prefix else last == term.words[-1])
            if ok:
                raw.append((found[i][0], found[i + n - 1][1]))
    spans = sorted(set(raw))
    if not spans:
        end = min(len(text), width)
        return [(text[:end] + ("…" if end < len(text) else ""), False)]
    best_start, best_count = spans[0][0], 0
    for i, (start, _end) in enumerate(spans):
        count = sum(1 for s, e in spans[i:] if e <= start + width)
        if count > best_count:
            best_start, best_count = start, count
    start = max(0, best_start - width // 4)
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    end = min(len(text), start + width)
    while end < len(text) and not text[end].isspace():
        end += 1
    pieces: list[tuple[str, bool]] = []
    if start > 0:
        pieces.append(("…", False))
    cursor = start
    for s, e in spans:
        if s < cursor or e > end:
            continue
        if s > cursor:
            pieces.append((text[cursor:s], False))
        pieces.append((text[s:e], True))
        cursor = e
    if cursor < end:
        pieces.append((text[cursor:end], False))
    if end < len(text):
        pieces.append(("…", False))
    return pieces


PREFIXES_12 = [Term((p,), prefix=True) for p in "c d t n h v q b l k m s".split()]


def test_the_excerpt_of_a_500_kb_document_with_12_prefix_terms_is_bounded_work() -> None:
    big = _text(500_000)
    work = SnippetWork()
    pieces = snippet(big, PREFIXES_12, work=work)
    assert any(hit for _p, hit in pieces) and pieces[-1] == ("…", False)
    # one step per word of the scanned part (about 6,000 words) and per match:
    # the old window search counted every later match for each match (millions of steps)
    assert 0 < work.steps <= 4 * SNIPPET_SCAN // 5
    small = SnippetWork()
    snippet(big[: SNIPPET_SCAN * 2], PREFIXES_12, work=small)
    assert work.steps == small.steps  # beyond the scanned part, the length of a document costs nothing


def test_the_work_grows_linearly_with_the_matches() -> None:
    counts = []
    for size in (4_000, 8_000, 16_000):
        work = SnippetWork()
        snippet(_text(size), PREFIXES_12, work=work)
        counts.append(work.steps)
    assert counts[1] <= 2.2 * counts[0] and counts[2] <= 2.2 * counts[1]


@pytest.mark.parametrize("seed", range(12))
def test_ordinary_queries_give_the_same_excerpts_as_before(seed: int) -> None:
    rng = random.Random(seed)
    text = _text(rng.choice([60, 300, 2_000, 9_000]), seed) + " Điều 5. Hộ tịch; “đăng ký” khai sinh."
    queries = ["dang ky", "ho tich", '"dang ky" khai*', '"ho tich" dang*', "quyet dinh cong*", "xyz", '"nhan dan"*']
    for query in queries:
        terms = parse_query(query)
        assert snippet(text, terms) == _old_snippet(text, terms), (seed, query)
        assert snippet(text, terms, width=60) == _old_snippet(text, terms, width=60), (seed, query)


def test_a_long_document_is_excerpted_from_its_first_part() -> None:
    head = _text(SNIPPET_SCAN + 1000, 3)
    pieces = snippet(head + " hộ tịch được đăng ký", parse_query("ho tich"))
    assert any(hit for _p, hit in pieces)  # found in the first part
    tail_only = "Điều 1. " + "x " * SNIPPET_SCAN + "hộ tịch"
    pieces = snippet(tail_only, parse_query("ho tich"))
    assert not any(hit for _p, hit in pieces) and pieces[0][0].startswith("Điều 1.")


def test_query_limits_are_named() -> None:
    assert query_problem("dang ky ho tich") is None
    assert query_problem("c* d* t*") == ("prefix_short", MIN_PREFIX)
    assert query_problem("th* ng* qu* ch* vi*") == ("prefixes", MAX_PREFIX_TERMS)
    assert query_problem(" ".join(f"tu{i}" for i in range(MAX_TERMS + 1))) == ("terms", MAX_TERMS)
    assert query_problem('"ho ti"* dang* quy* ch*') is None  # four prefix terms, one of them a phrase
    assert query_problem('"dang k"* "ho"') is None  # a phrase's prefix is bounded by the words before it
    assert query_problem("*") is None


PROBE = "c* d* t* n* h* v* q* b* l* k* m* s*"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (PROBE, "tiền tố"),
        ("th* ng* qu* ch* vi*", "tiền tố"),
        (" ".join(f"tu{i}" for i in range(13)), "từ"),
    ],
)
def test_too_broad_a_query_is_refused_in_vietnamese(db: Any, query: str, message: str) -> None:
    lawdoc_services.document_save(
        actor=None,
        number="13/2022/QĐ-UBND",
        title="Quy định về hộ tịch",
        doc_type="decision",
        issuer="UBND tỉnh",
        issued_on=dt.date(2022, 3, 1),
        effective_from=dt.date(2022, 3, 15),
        text="Điều 1. Hộ tịch được đăng ký tại xã.",
    )
    response = Client().get("/api/v1/lawdocs", {"q": query})
    assert response.status_code == 422, response.content
    assert response.json()["detail"][0]["field"] == "q"
    assert message in response.json()["detail"][0]["message"].lower()
    page = Client().get("/van-ban/", {"q": query})
    assert page.status_code == 200
    body = page.content.decode()
    assert message in body.lower() and "13/2022/QĐ-UBND" not in body
    ok = Client().get("/api/v1/lawdocs", {"q": "ho* dang*"})
    assert ok.status_code == 200 and ok.json()["count"] == 1
