"""Vietnamese text helpers: folding for search and slugs (đ → d, no diacritics)."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower case, without diacritics, đ→d: "Phổ biến Đất đai" → "pho bien dat dai"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.lower()).strip()


def slug_base(text: str, max_length: int = 100) -> str:
    folded = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    return folded[:max_length].rstrip("-") or "bai-viet"
