"""Numbers of legal documents (số, ký hiệu), pure Python.

``<sequence>/<year>/<TYPE>-<ISSUER>``, e.g. ``12/2022/QĐ-UBND``,
``18/2025/NQ-HĐND``; documents that are not normative have no year
(``3010/QĐ-UBND``); consolidated texts read ``02/VBHN-UBND``. Parsing
tolerates ``QD`` for ``QĐ``, case, spaces and any separator; the *key*
(``12/2022/QD-UBND``) is what the registry stores as unique and looks up.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from tuphap.lawdocs.search.folding import fold

__all__ = ["KNOWN_TYPES", "DocNumber", "NumberError", "number_key", "parse_number"]

# type codes (folded) in the order they are tried when glued to the issuer
KNOWN_TYPES = ("VBHN", "NQ", "QD", "CT", "TT", "ND", "KH", "L")
DISPLAY = {"QD": "QĐ", "ND": "NĐ", "HDND": "HĐND", "DDBQH": "ĐĐBQH"}
_TOKEN_RE = re.compile(r"[0-9A-Z]+")
MAX_SEQUENCE = 999_999  # a province issues a few thousand numbered documents a year


class NumberError(ValueError):
    """A text that is not a document number (message in Vietnamese)."""


@dataclass(frozen=True)
class DocNumber:
    sequence: int
    year: int | None
    type_code: str  # folded, upper case: "QD", "NQ", "VBHN"
    issuer_code: str  # folded, upper case, parts joined by "-": "UBND", "HDND"

    @property
    def key(self) -> str:
        year = f"/{self.year}" if self.year is not None else ""
        return f"{self.sequence}{year}/{self.type_code}-{self.issuer_code}"

    @property
    def display(self) -> str:
        issuer = "-".join(DISPLAY.get(part, part) for part in self.issuer_code.split("-"))
        year = f"/{self.year}" if self.year is not None else ""
        return f"{self.sequence}{year}/{DISPLAY.get(self.type_code, self.type_code)}-{issuer}"


def parse_number(raw: str) -> DocNumber:
    """Parse a document number as written; raise :class:`NumberError` if it is not one."""
    text = (raw or "").strip()
    if not text or len(text) > 100:
        raise NumberError(f"“{text[:40]}” không phải là số, ký hiệu văn bản")
    folded = fold(text)
    for index, ch in enumerate(folded):
        if ch.isalnum() and not ch.isascii():
            # a look-alike (Cyrillic Н, full-width １…) would be dropped by the tokens and give another key
            original = unicodedata.normalize("NFC", text)[index]
            raise NumberError(
                f"“{text}” chứa ký tự “{original}” (U+{ord(original):04X} {unicodedata.name(original, '')}) "
                "không dùng trong số, ký hiệu văn bản"
            )
    parts = _TOKEN_RE.findall(folded.upper())
    if parts and parts[0] == "SO" and len(parts) > 1 and parts[1].isdigit():
        parts = parts[1:]  # "Số 12/2022/QĐ-UBND"
    if len(parts) < 2 or not parts[0].isdigit():
        raise NumberError(f"“{text}” không phải là số, ký hiệu văn bản (ví dụ 12/2022/QĐ-UBND)")
    sequence = int(parts[0])
    rest = parts[1:]
    year = None
    if rest and rest[0].isdigit():
        if len(rest[0]) != 4 or not 1945 <= int(rest[0]) <= 2100:
            raise NumberError(f"“{text}”: năm ban hành “{rest[0]}” không hợp lệ")
        year = int(rest[0])
        rest = rest[1:]
    if not rest or any(part.isdigit() for part in rest[:1]):
        raise NumberError(f"“{text}” thiếu ký hiệu loại văn bản và cơ quan ban hành")
    type_code = rest[0]
    issuer = rest[1:]
    if not issuer:  # glued: "QDUBND"
        for known in KNOWN_TYPES:
            if type_code.startswith(known) and len(type_code) > len(known):
                type_code, issuer = known, [rest[0][len(known) :]]
                break
        else:
            raise NumberError(f"“{text}” thiếu ký hiệu cơ quan ban hành")
    if sequence <= 0:
        raise NumberError(f"“{text}”: số thứ tự phải lớn hơn 0")
    if sequence > MAX_SEQUENCE:
        raise NumberError(f"“{text}”: số thứ tự {sequence} quá lớn (tối đa {MAX_SEQUENCE:,})".replace(",", "."))
    return DocNumber(sequence=sequence, year=year, type_code=type_code, issuer_code="-".join(issuer))


def number_key(raw: str) -> str | None:
    """The registry key of a number as written, or None if it is not a number."""
    try:
        return parse_number(raw).key
    except NumberError:
        return None
