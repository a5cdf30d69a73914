"""Which official form a dossier gets: titles and numbers per circular (data).

The forms follow the regime of the dossier's receipt (``dossiers.regimes``):
dossiers received before 1 Jul 2025 (Decree 61/2018/NĐ-CP, amended by Decree
107/2021/NĐ-CP) get the forms of Circular 01/2018/TT-VPCP, forms 01–06; those
received from 1 Jul 2025, the day Decree 118/2025/NĐ-CP took effect, the forms
of Circular 03/2025/TT-VPCP, forms 01–07. Circular 03/2025 is dated 15 Sep
2025, later than the decree it details: the switch is the decree's date, not
the circular's, because Circular 01/2018 detailed Decree 61/2018 and lapsed
with it, and the 2025 forms are the only ones made for a Decree 118 dossier
(docs/domain/onestop.md). The 2018 circular has no stop notice: that document
prints no form number, and no remark in its place. Pure module: no Django
import.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Final

from tuphap.dossiers.regimes import REGIMES, regime_for

#: the documents of the one-stop desk, by a stable key (used in URLs)
KEYS: Final = ("receipt", "supplement", "refusal", "apology", "stop", "control", "register")


@dataclass(frozen=True)
class FormVersion:
    key: str
    number: str | None  # "01" … "07"; None: the circular has no such form
    title: str
    abbreviation: str  # after the sequence in "Số: 0001/TNHS"


@dataclass(frozen=True)
class Circular:
    name: str
    dated: dt.date  # the circular's own date
    valid_from: dt.date  # the first receipt date whose dossiers use its forms (its regime's start)
    forms: dict[str, FormVersion]

    @property
    def short(self) -> str:
        return self.name.removeprefix("Thông tư ")


def _forms(*rows: tuple[str, str | None, str, str]) -> dict[str, FormVersion]:
    return {key: FormVersion(key, number, title, abbr) for key, number, title, abbr in rows}


#: Circular 01/2018/TT-VPCP: forms 01–06, the stop notice without a number
_FORMS_2018: Final = _forms(
    ("receipt", "01", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", "TNHS"),
    ("supplement", "02", "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", "YCBS"),
    ("refusal", "03", "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", "TCHS"),
    ("apology", "04", "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", "XLHL"),
    ("stop", None, "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ", "TB-DGQ"),
    ("control", "05", "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", "PKS"),
    ("register", "06", "SỔ THEO DÕI HỒ SƠ", "STD"),
)

#: Circular 03/2025/TT-VPCP: forms 01–03 as in 2018; the apology becomes a letter asking for more time; the
#: stop notice takes number 05, the control slip and the register move up one (06, 07)
_FORMS_2025: Final = {
    **_FORMS_2018,
    "apology": FormVersion("apology", "04", "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT", "XLGH"),
    **{
        key: replace(_FORMS_2018[key], number=number)
        for key, number in (("stop", "05"), ("control", "06"), ("register", "07"))
    },
}

CIRCULARS: Final = (
    Circular("Thông tư 01/2018/TT-VPCP", dt.date(2018, 11, 23), REGIMES[0].valid_from, _FORMS_2018),
    Circular("Thông tư 03/2025/TT-VPCP", dt.date(2025, 9, 15), REGIMES[1].valid_from, _FORMS_2025),
)


def circular_for(day: dt.date) -> Circular:
    """The circular whose forms apply to a dossier received on ``day``: its regime's circular."""
    regime = regime_for(day)
    return next(circular for circular in CIRCULARS if circular.name == regime.circular)


def form_for(key: str, day: dt.date) -> tuple[Circular, FormVersion]:
    circular = circular_for(day)
    return circular, circular.forms[key]


assert all(c.name == r.circular for c, r in zip(CIRCULARS, REGIMES, strict=True))  # noqa: S101 - a table check
