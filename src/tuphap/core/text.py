"""Checks of free text and codes that people type, paste or import.

One place decides what a stored text may contain, so the desk, the API and
every importer store the same thing:

- Vietnamese in NFC (one code point per accented letter): text typed on
  macOS or pasted from some PDFs arrives decomposed (NFD) and would not
  match, sort or fold like the same name typed on Windows;
- invisible characters (zero-width space and joiners, the byte-order mark,
  the soft hyphen) removed;
- refused, with a message naming the character and its place: control
  characters (NUL cannot even be stored by PostgreSQL), characters that
  change the direction of the text (U+202E and its kin can make
  ``exe.txt`` read as ``txt.exe``), lone surrogates, and, in a person's or
  a body's name, a word mixing Latin letters with look-alike letters of
  another script (Cyrillic ``а`` in ``Nguyễn``);
- codes (dossier, procedure and agency codes) in plain ASCII only, so that
  no look-alike code can exist beside the real one.

Every function returns the cleaned text or raises :class:`TextError` whose
message (Vietnamese through gettext) is shown to the person. The ``mask_*``
functions show a phone number or an email address as logs may hold them.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

__all__ = [
    "TextError",
    "char_label",
    "clean_block",
    "clean_code",
    "clean_line",
    "clean_text",
    "required_text",
    "protect_formula_cells",
    "spreadsheet_safe",
]

#: Invisible characters that carry nothing in Vietnamese text: removed.
INVISIBLE = frozenset("\u00ad\u180e\u200b\u200c\u200d\u2060\ufeff")
#: Characters that change the direction of what follows: refused.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-/_]*", re.ASCII)
#: First characters that make a spreadsheet treat a cell as a formula (CSV injection).
#: Byte-order marks of the wide encodings an imported text file may not be in
#: (UTF-32's first: its little-endian mark begins with UTF-16's).
WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class TextError(ValueError):
    """A text that cannot be stored; the message says why, for a person."""


def wide_encoding(data: bytes) -> str | None:
    """``"UTF-32"`` or ``"UTF-16"`` when ``data`` begins with that encoding's
    byte-order mark (a file saved as "Unicode text"), None otherwise."""
    return next((name for bom, name in WIDE_BOMS if data.startswith(bom)), None)


def char_label(ch: str) -> str:
    """``“Н” (U+041D CYRILLIC CAPITAL LETTER EN)``; invisible ones without the glyph."""
    name = unicodedata.name(ch, "")
    code = f"U+{ord(ch):04X}"
    if unicodedata.category(ch)[0] in "LNPS" and ch not in BIDI_CONTROLS:
        return f"“{ch}” ({code} {name})".replace(" )", ")")
    return f"{code} {name}".strip()


def _check_chars(text: str, *, keep_newlines: bool) -> str:
    if text.isprintable():  # the usual case, decided in C: no control, format or separator character
        return text
    out: list[str] = []
    for position, ch in enumerate(text, start=1):
        if ch in INVISIBLE:
            continue
        if ch in BIDI_CONTROLS:
            raise TextError(
                _(
                    "contains %(char)s at position %(position)s, a character that reverses or hides the direction of the text"  # noqa: E501
                )
                % {"char": char_label(ch), "position": position}
            )
        if keep_newlines and ch in "\t\n":
            out.append(ch)
            continue
        if ch in "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85":
            out.append(" ")  # whitespace controls: collapsed with the other spaces
            continue
        if unicodedata.category(ch) in {"Cc", "Cf", "Cs"}:
            raise TextError(
                _("contains the control or invisible character %(char)s at position %(position)s")
                % {"char": char_label(ch), "position": position}
            )
        out.append(ch)
    return "".join(out)


def _scripts_of(word: str) -> dict[str, str]:
    """Script name (first word of the Unicode name) -> first letter of it, for letters."""
    found: dict[str, str] = {}
    for ch in word:
        if ch.isalpha():
            script = unicodedata.name(ch, "?").split(" ")[0]
            found.setdefault(script, ch)
    return found


def _check_mixed_scripts(text: str) -> None:
    for word in text.split():
        scripts = _scripts_of(word)
        if "LATIN" in scripts and len(scripts) > 1:
            other = next(ch for script, ch in scripts.items() if script != "LATIN")
            raise TextError(
                _("the word “%(word)s” mixes Latin letters with %(char)s, a look-alike letter of another script")
                % {"word": word, "char": char_label(other)}
            )


def clean_line(value: object, *, max_length: int | None = None, name: bool = False) -> str:
    """One line (a name, a title): NFC, invisible characters removed, spaces
    collapsed; ``name=True`` also refuses words mixing scripts (homoglyphs)."""
    text = unicodedata.normalize("NFC", "" if value is None else str(value))
    text = " ".join(_check_chars(text, keep_newlines=False).split())
    if name:
        _check_mixed_scripts(text)
    if max_length is not None and len(text) > max_length:
        raise TextError(
            _("is too long (%(length)s characters, at most %(max)s)") % {"length": len(text), "max": max_length}
        )
    return text


def clean_block(value: object, *, max_length: int | None = None) -> str:
    """Text of several lines (a full text, a note): NFC, invisible characters
    removed, line ends kept as ``\\n``, other control characters refused."""
    text = unicodedata.normalize("NFC", "" if value is None else str(value)).replace("\r\n", "\n").replace("\r", "\n")
    text = _check_chars(text, keep_newlines=True).strip()
    if max_length is not None and len(text) > max_length:
        raise TextError(
            _("is too long (%(length)s characters, at most %(max)s)") % {"length": len(text), "max": max_length}
        )
    return text


def clean_text(value: str) -> str:
    """Any text a program sends (an API body): NFC, invisible characters removed,
    line ends as ``\\n``; control, direction and surrogate characters refused. Not trimmed."""
    return _check_chars(unicodedata.normalize("NFC", value).replace("\r\n", "\n"), keep_newlines=True)


def required_text(value: str, *, field: str, message: str) -> str:
    """A text the person must give (a reason, what was done), without its outer
    spaces; blank or only spaces is a ``ValidationError`` on ``field`` saying ``message``."""
    text = value.strip()
    if not text:
        raise ValidationError({field: message})
    return text


def clean_code(value: object, *, max_length: int = 40) -> str:
    """A code (dossier, procedure, agency): ASCII letters, digits and ``. - / _``."""
    text = unicodedata.normalize("NFC", "" if value is None else str(value)).strip()
    text = "".join(ch for ch in text if ch not in INVISIBLE)
    if len(text) > max_length:
        raise TextError(
            _("is too long (%(length)s characters, at most %(max)s)") % {"length": len(text), "max": max_length}
        )
    if not _CODE.fullmatch(text):
        bad = next((ch for ch in text if not (ch.isascii() and (ch.isalnum() or ch in ".-/_"))), None)
        if bad is None:
            raise TextError(_("“%(code)s” is not a code: use the letters A–Z, digits and . - / _") % {"code": text})
        raise TextError(
            _("contains %(char)s, which is not allowed in a code: use only the letters A–Z, digits and . - / _")
            % {"char": char_label(bad)}
        )
    return text


def protect_formula_cells(cells: Iterable[Any]) -> None:
    """openpyxl cells whose text starts like a formula are stored as text with
    Excel's "quote prefix" (what typing ``'=…`` does): shown, never run."""
    for cell in cells:
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
            cell.data_type = "s"
            cell.quotePrefix = True


def spreadsheet_safe(value: object) -> object:
    """A value as a spreadsheet must show it, never run it: a text starting with
    ``= + - @`` (or a tab or carriage return) gets a leading apostrophe, the
    OWASP advice against CSV injection; numbers, dates and other texts pass."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
