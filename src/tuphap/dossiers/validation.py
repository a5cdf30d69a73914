"""Checks of an applicant's details (pure: no Django import).

Each function returns the normalised value or raises ``ValueError`` with a
Vietnamese message for the person at the desk.
"""

from __future__ import annotations

import re

# re.ASCII: ``\d`` alone also matches Arabic-Indic, full-width and other digits
_CITIZEN_ID = re.compile(r"^\d{12}$", re.ASCII)
# Mobile numbers (03x, 05x, 07x, 08x, 09x) and landlines (02x…), 10 digits;
# +84 / 84 prefixes are folded to 0.
_PHONE = re.compile(r"^0(?:[35789]\d{8}|2\d{9})$", re.ASCII)
_OTHER_PAPERS = re.compile(r"^[A-Z0-9]{6,20}$", re.ASCII)


def normalise_citizen_id(value: str) -> str:
    digits = re.sub(r"[\s.\-]", "", value or "")
    if not _CITIZEN_ID.match(digits):
        raise ValueError("Số căn cước công dân phải gồm đúng 12 chữ số.")
    return digits


def normalise_other_papers(value: str) -> str:
    text = re.sub(r"\s", "", value or "").upper()
    if not _OTHER_PAPERS.match(text):
        raise ValueError("Số giấy tờ phải gồm 6–20 chữ cái hoặc chữ số.")
    return text


def normalise_phone(value: str) -> str:
    digits = re.sub(r"[\s.\-()]", "", value or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    if not _PHONE.match(digits):
        raise ValueError("Số điện thoại không hợp lệ (ví dụ 0912345678).")
    return digits
