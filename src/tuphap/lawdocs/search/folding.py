"""Vietnamese folding and query parsing (pure Python, no Django).

One folding function serves the index and the query, for every backend:
lowercase, diacritics removed, ``đ`` → ``d``. Folding keeps the length of an
NFC text (one character in, one character out), so that offsets found in the
folded text are offsets in the original: snippets highlight the original
words, with their diacritics.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "MAX_PREFIX_TERMS",
    "MAX_TERMS",
    "MIN_PREFIX",
    "PAIR_JOIN",
    "SNIPPET_SCAN",
    "SnippetWork",
    "Term",
    "fold",
    "fold_nfc",
    "index_text",
    "pair_text",
    "parse_query",
    "query_problem",
    "snippet",
    "tokens",
    "to_fts5",
    "to_tsquery",
]

_SPECIAL = {"đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l"}


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in _SPECIAL:
        return _SPECIAL[ch]
    low = ch.lower()
    if len(low) != 1:
        low = ch
    if low.isascii():
        return low
    base = unicodedata.normalize("NFD", low)[0]
    return base if unicodedata.category(base)[0] in "LN" else low


# A translation table for the Latin blocks (Vietnamese lives in U+00C0–U+1EFF),
# code point to code point (``str.translate`` is faster with ints than with strings).
_TABLE = {cp: ord(_fold_char(chr(cp))) for cp in range(0x80, 0x2000)}
_TABLE.update({cp: ord(chr(cp).lower()) for cp in range(ord("A"), ord("Z") + 1)})


def fold_nfc(text: str) -> str:
    """Fold a text already in NFC; the result has exactly the same length."""
    folded = text.translate(_TABLE)
    if len(folded) != len(text):  # pragma: no cover - the table maps 1:1
        raise AssertionError("folding changed the length")
    return folded


def fold(text: str) -> str:
    """Lowercase, remove diacritics, đ → d (``Quyết định`` → ``quyet dinh``)."""
    return fold_nfc(unicodedata.normalize("NFC", text))


_TOKEN_RE = re.compile(r"[^\W_]+")


def tokens(text: str) -> list[str]:
    """The folded words of a text (runs of letters and digits)."""
    return _TOKEN_RE.findall(fold(text))


def index_text(text: str) -> str:
    """What the backends index: folded words separated by single spaces."""
    return " ".join(tokens(text))


#: Adjacent words are also indexed as one token, ``dang`` + ``ky`` → ``dangzzky``
#: ("zz" never joins two Vietnamese syllables), so that a phrase is found by
#: looking up its pairs instead of intersecting the positions of common words:
#: most Vietnamese words are two syllables, and a two-word phrase becomes one
#: token. A lone ``zz`` separates the texts of a document, so that no phrase
#: spans the end of the title and the start of the body.
PAIR_JOIN = "zz"


def _pairs(words: list[str] | tuple[str, ...]) -> list[str]:
    return [f"{a}{PAIR_JOIN}{b}" for a, b in zip(words, words[1:], strict=False)]


def pair_text(*folded: str) -> str:
    """The pair tokens of folded texts (from :func:`index_text`), space-separated."""
    parts = [" ".join(_pairs(text.split())) for text in folded]
    return f" {PAIR_JOIN} ".join(part for part in parts if part)


@dataclass(frozen=True)
class Term:
    """One search term: a word or a phrase (several words in order); the last
    word may be a prefix (``quyet*``)."""

    words: tuple[str, ...]
    prefix: bool = False


_PHRASE_RE = re.compile(r'["“”„]([^"“”„]*)["“”„]?(\*?)')
#: The bounds of a query (issue 16): every term costs a lookup in the index and
#: a prefix term a range of it (``c*`` is most of the dictionary), so a query
#: has at most MAX_TERMS terms, at most MAX_PREFIX_TERMS of them prefixes, and
#: a one-word prefix has at least MIN_PREFIX letters. The pages and the API
#: refuse a query beyond them (:func:`query_problem`); :func:`parse_query`
#: also drops what lies beyond, so that no caller can pass them.
MAX_TERMS = 12
MAX_PREFIX_TERMS = 4
MIN_PREFIX = 2
MAX_WORD = 60


def _parse(query: str) -> list[Term]:
    terms: list[Term] = []
    rest: list[str] = []
    pos = 0
    for match in _PHRASE_RE.finditer(query):
        rest.append(query[pos : match.start()])
        pos = match.end()
        words = tuple(w[:MAX_WORD] for w in tokens(match.group(1)))
        prefix = bool(match.group(2)) or match.group(1).rstrip().endswith("*")
        if words:
            terms.append(Term(words, prefix))
    rest.append(query[pos:])
    for chunk in " ".join(rest).split():
        words = tuple(w[:MAX_WORD] for w in tokens(chunk))
        if words:
            terms.append(Term(words, chunk.endswith("*")))
    unique: list[Term] = []
    for term in terms:
        if term not in unique:
            unique.append(term)
    return unique


def _short_prefix(term: Term) -> bool:
    return term.prefix and len(term.words) == 1 and len(term.words[0]) < MIN_PREFIX


def query_problem(query: str) -> tuple[str, int] | None:
    """Why a query is beyond the bounds, as (kind, limit): ``("prefix_short",
    MIN_PREFIX)``, ``("prefixes", MAX_PREFIX_TERMS)`` or ``("terms", MAX_TERMS)``;
    None for a query within them (the caller words the message)."""
    terms = _parse(query)
    if any(_short_prefix(term) for term in terms):
        return ("prefix_short", MIN_PREFIX)
    if sum(term.prefix for term in terms) > MAX_PREFIX_TERMS:
        return ("prefixes", MAX_PREFIX_TERMS)
    if len(terms) > MAX_TERMS:
        return ("terms", MAX_TERMS)
    return None


def parse_query(query: str) -> list[Term]:
    """Words (all required), quoted phrases and ``prefix*``, folded; within the
    bounds (a short prefix and the terms beyond the bounds are dropped)."""
    terms: list[Term] = []
    prefixes = 0
    for term in _parse(query):
        if _short_prefix(term) or (term.prefix and prefixes >= MAX_PREFIX_TERMS):
            continue
        prefixes += term.prefix
        terms.append(term)
    return terms[:MAX_TERMS]


def to_fts5(terms: list[Term], *, head: bool = False) -> str:
    """An SQLite FTS5 MATCH expression: every term required; a word in the text
    columns, a phrase as the sequence of its pairs in the pair columns
    (``head``: in the number and title only)."""
    words, phrases = ("{number title}", "tpairs") if head else ("{number title body}", "{tpairs bpairs}")
    parts = []
    for term in terms:
        star = "*" if term.prefix else ""
        if len(term.words) == 1:
            parts.append(words + ' : "' + term.words[0] + '"' + star)
        else:
            parts.append(phrases + ' : "' + " ".join(_pairs(term.words)) + '"' + star)
    return " AND ".join(parts)


def to_tsquery(terms: list[Term], *, loose: bool = False) -> str:
    """A PostgreSQL ``to_tsquery`` text: ``&`` between terms; a phrase as its
    pairs (one lexeme for two words, ``<->`` between the pairs of longer ones).

    ``loose``: the pairs of a longer phrase joined by ``&`` instead, which the
    GIN index answers without reading any document's vector (``<->`` needs
    the positions, so every match is read again): a superset of the phrase's
    matches, to be checked with the exact query."""
    parts = []
    for term in terms:
        words = _pairs(term.words) if len(term.words) > 1 else list(term.words)
        if term.prefix:
            words[-1] += ":*"
        parts.append("(" + (" & " if loose else " <-> ").join(words) + ")" if len(words) > 1 else words[0])
    return " & ".join(parts)


#: An excerpt is cut from the first SNIPPET_SCAN characters of a document only:
#: the work per document is bounded whatever its length (legal texts run to
#: megabytes), and the first part is where a reader looks first anyway.
SNIPPET_SCAN = 32_768


@dataclass
class SnippetWork:
    """The steps an excerpt took (one per word scanned, per match found, per
    window tried): a measure of the work that tests and benchmarks can bound
    without a clock."""

    steps: int = 0


def highlight_spans(text: str, terms: list[Term], work: SnippetWork | None = None) -> list[tuple[int, int]]:
    """(start, end) offsets in ``text`` (NFC) of the words that match the terms.

    One pass over the words: each word is looked up among the terms' first
    words (a dict) and among the prefixes (a set per prefix length), and only
    the phrases that start with it are checked further, so the work is linear
    in the words for a query of bounded size."""
    folded = fold_nfc(text)
    found = [(m.start(), m.end(), m.group()) for m in _TOKEN_RE.finditer(folded)]
    words = [w for _s, _e, w in found]
    starting: dict[str, list[Term]] = {}  # a term's first word (not a one-word prefix) -> its terms
    prefixes: dict[int, set[str]] = {}  # prefix length -> the one-word prefix terms of that length
    for term in terms:
        if len(term.words) == 1 and term.prefix:
            prefixes.setdefault(len(term.words[0]), set()).add(term.words[0])
        else:
            starting.setdefault(term.words[0], []).append(term)
    spans: set[tuple[int, int]] = set()
    count = len(words)
    for i, word in enumerate(words):
        if work is not None:
            work.steps += 1
        for size, heads in prefixes.items():
            if word[:size] in heads:
                spans.add((found[i][0], found[i][1]))
                break
        for term in starting.get(word, ()):
            n = len(term.words)
            if i + n > count:
                continue
            if any(words[i + k] != term.words[k] for k in range(1, n - 1)):
                continue
            last = words[i + n - 1]
            if n == 1 or (last.startswith(term.words[-1]) if term.prefix else last == term.words[-1]):
                spans.add((found[i][0], found[i + n - 1][1]))
    return sorted(spans)


def _densest(spans: list[tuple[int, int]], width: int, work: SnippetWork | None) -> int:
    """The start of the first span from which a window of ``width`` characters
    holds the most whole spans (counting the spans from that one on).

    A span longer than the window never fits in one, so only the shorter
    spans are counted; each of those that starts before a span also ends
    within that span's window, so the spans counted from span ``i`` are the
    short spans ending by ``start_i + width`` less the short spans before
    ``i``: two pointers over the sorted ends, linear after one sort."""
    ends = sorted(e for s, e in spans if e - s <= width)
    best_start, best_count = spans[0][0], 0
    fits = 0  # short spans ending by the current window's end
    before = 0  # short spans before the current one
    for start, end in spans:
        if work is not None:
            work.steps += 1
        limit = start + width
        while fits < len(ends) and ends[fits] <= limit:
            fits += 1
        count = fits - before
        if count > best_count:
            best_start, best_count = start, count
        if end - start <= width:
            before += 1
    return best_start


def snippet(
    text: str, terms: list[Term], width: int = 240, *, work: SnippetWork | None = None
) -> list[tuple[str, bool]]:
    """A window of ``text`` around the densest matches, as (piece, highlighted) pairs.

    Only the first :data:`SNIPPET_SCAN` characters are read; the work is one
    pass over their words and one over the matches (``work`` counts it)."""
    cut = len(text) > SNIPPET_SCAN
    text = unicodedata.normalize("NFC", text[:SNIPPET_SCAN] if cut else text)
    if not text:
        return []
    spans = highlight_spans(text, terms, work)
    if not spans:
        end = min(len(text), width)
        return [(text[:end] + ("…" if end < len(text) or cut else ""), False)]
    best_start = _densest(spans, width, work)
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
    if end < len(text) or cut:
        pieces.append(("…", False))
    return pieces
