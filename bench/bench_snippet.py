"""Benchmark of search excerpts (prints figures, never asserts speed).

Run: ``PYTHONPATH=src .venv/bin/python bench/bench_snippet.py [--quick]``

The excerpt under each search result (``tuphap.lawdocs.search.folding.snippet``)
once cost the square of the matching words: the probe of issue 16 (twelve
one-letter prefixes, ``c* d* t* …``, which match nearly every word) took 5.9 s
on one 84 KB document. Figures, one line each, on generated legal texts of
500 KB (``tuphap.lawdocs.demo.textgen``):

* the worst case, twelve one-letter prefix terms passed to ``snippet``
  directly (the pages and the API refuse such a query; this is the bound if
  a caller did not): median ms against a limit of 50 ms;
* an ordinary query (``dang ky ho tich``), the same way;
* the steps counted by ``SnippetWork`` for the worst case (the figure the
  tests bound), and the quadratic window search of before on a 16 KB
  document, for scale.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tuphap.lawdocs.demo.textgen import LegalTextGenerator  # noqa: E402
from tuphap.lawdocs.search.folding import (  # noqa: E402
    SnippetWork,
    Term,
    highlight_spans,
    parse_query,
    snippet,
)

LIMIT_MS = 50.0
SIZE = 500_000
WORST = [Term((p,), prefix=True) for p in "c d t n h v q b l k m s".split()]


def document(size: int, seed: int = 16) -> str:
    gen = LegalTextGenerator(seed)
    parts: list[str] = []
    length = 0
    while length < size:
        title = gen.title(2024)
        body = gen.body(title, "Ủy ban nhân dân tỉnh Bình Thuận", "16/2024/QĐ-UBND", "Nguyễn Văn A", articles=30)
        parts.append(body)
        length += len(body)
    return "\n".join(parts)[:size]


def median_ms(fn: Callable[[], object], repeats: int) -> float:
    fn()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def old_window(text: str, terms: list[Term], width: int = 240) -> int:
    """The window search of before issue 16 (for every match, count the later
    matches that fit): quadratic in the matches."""
    spans = highlight_spans(unicodedata.normalize("NFC", text), terms)
    best_start, best_count = spans[0][0], 0
    for i, (start, _end) in enumerate(spans):
        count = sum(1 for s, e in spans[i:] if e <= start + width)
        if count > best_count:
            best_start, best_count = start, count
    return best_start


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions, for a smoke run")
    args = parser.parse_args()
    repeats = 3 if args.quick else 15
    text = document(SIZE)
    size = f"{len(text):,}-character ({len(text.encode()) // 1024} KB)"

    worst = median_ms(lambda: snippet(text, WORST), repeats)
    print(
        f"lawdocs.snippet: excerpt of a {size} document, 12 one-letter prefix terms: {worst:.1f} ms "
        f"(limit {LIMIT_MS:g} ms, ratio {worst / LIMIT_MS:.2f})"
    )
    ordinary = parse_query("dang ky ho tich")
    plain = median_ms(lambda: snippet(text, ordinary), repeats)
    print(
        f"lawdocs.snippet: excerpt of a {size} document, 'dang ky ho tich': {plain:.1f} ms "
        f"(limit {LIMIT_MS:g} ms, ratio {plain / LIMIT_MS:.2f})"
    )
    work = SnippetWork()
    snippet(text, WORST, work=work)
    small = text[:16_000]
    old = median_ms(lambda: old_window(small, WORST), 1 if args.quick else 3)
    new = median_ms(lambda: snippet(small, WORST), repeats)
    print(
        f"lawdocs.snippet: worst case {work.steps:,} steps; on a 16 KB document the window search "
        f"of before took {old:.0f} ms, the excerpt now {new:.1f} ms (ratio {old / new:.0f})"
    )


if __name__ == "__main__":
    main()
