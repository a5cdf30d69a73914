"""The one-stop rules in force at a dossier's receipt: which decree, which
forms, and the figures the law sets (pure module: no Django import).

Every dossier follows the regime in force on the day it was received, to its
end: a dossier received on 30 June 2025 finishes under Decree 61/2018 (as
amended by Decree 107/2021) with the forms of Circular 01/2018, one received
on 1 July 2025 under Decree 118/2025 with the forms of Circular 03/2025.
``docs/domain/onestop.md`` gives the source of every figure and says which
ones are confirmed against a legal text; ``confirmed`` here says the same, so
that a screen can add "chưa xác nhận" where it is not.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

#: after a supplement arrives, the time limit goes on with what was left ...
RESUME: Final = "resume"
#: ... or starts again in full from the day the complete dossier arrived
RESTART: Final = "restart"


@dataclass(frozen=True)
class Rule:
    """One figure of the law, with where it comes from and whether we checked it in the text."""

    value: int | str
    source: str
    confirmed: bool


@dataclass(frozen=True)
class Regime:
    key: str
    decree: str
    valid_from: dt.date
    circular: str  # the circular whose forms the documents use
    #: working days before the appointment by which the apology (form 04) is due
    apology_lead_days: Rule
    #: working days after receipt within which a supplement may still be requested
    supplement_window_days: Rule
    #: RESUME or RESTART: the time limit once the complete dossier arrives
    supplement_clock: Rule


REGIMES: Final = (
    Regime(
        key="2018",
        decree="Nghị định 61/2018/NĐ-CP (sửa đổi bởi Nghị định 107/2021/NĐ-CP)",
        valid_from=dt.date(2018, 6, 21),
        circular="Thông tư 01/2018/TT-VPCP",
        apology_lead_days=Rule(1, "Nghị định 61/2018/NĐ-CP, Điều 19 khoản 1 (văn bản xin lỗi, hẹn lại)", False),
        supplement_window_days=Rule(
            3, "Nghị định 61/2018/NĐ-CP, Điều 19, sửa đổi bởi Nghị định 107/2021/NĐ-CP (yêu cầu bổ sung)", False
        ),
        supplement_clock=Rule(
            RESUME, "Nghị định 61/2018/NĐ-CP, Điều 19: thời gian đã giải quyết lần đầu được tính tiếp", False
        ),
    ),
    Regime(
        key="2025",
        decree="Nghị định 118/2025/NĐ-CP",
        valid_from=dt.date(2025, 7, 1),
        circular="Thông tư 03/2025/TT-VPCP",
        apology_lead_days=Rule(1, "Nghị định 118/2025/NĐ-CP (văn bản xin lỗi và đề nghị gia hạn, mẫu 04)", False),
        supplement_window_days=Rule(3, "Nghị định 118/2025/NĐ-CP (phiếu yêu cầu bổ sung, mẫu 02)", False),
        # No text found that changes the 2018 rule: the design (shared/domain/onestop.md) keeps
        # the remaining time running from the resume; RESTART stays available as data.
        supplement_clock=Rule(
            RESUME, "Nghị định 118/2025/NĐ-CP: thời gian đã giải quyết được tính tiếp (như Nghị định 61/2018)", False
        ),
    ),
)


def regime_for(received_on: dt.date) -> Regime:
    """The regime of a dossier received on ``received_on`` (the first one for anything earlier)."""
    chosen = REGIMES[0]
    for regime in REGIMES:
        if regime.valid_from <= received_on:
            chosen = regime
    return chosen
