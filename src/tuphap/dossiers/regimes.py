"""The one-stop rules in force at a dossier's receipt: which decree, which
forms, and the figures the law sets (pure module: no Django import).

Every dossier follows the regime in force on the day it was received, to its
end: a dossier received on 30 June 2025 finishes under Decree 61/2018 (as
amended by Decree 107/2021) with the forms of Circular 01/2018, one received
on 1 July 2025 under Decree 118/2025 with the forms of Circular 03/2025.
The regimes are dated legal data: ``data/regimes.toml`` holds them, each with
the day it comes into force. ``docs/domain/onestop.md`` gives the source of
every figure and says which ones are confirmed against a legal text;
``confirmed`` here says the same, so that a screen can add "chưa xác nhận"
where it is not.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from importlib.resources import files
from typing import Any, Final

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


#: the fields of a Regime that are figures of the law (a Rule each)
_RULE_FIELDS: Final = ("apology_lead_days", "supplement_window_days", "supplement_clock")


def _regime(table: dict[str, Any]) -> Regime:
    rules = {name: Rule(**table[name]) for name in _RULE_FIELDS}
    regime = Regime(**{**table, **rules})
    if regime.supplement_clock.value not in (RESUME, RESTART):
        raise ValueError(f"regime {regime.key}: supplement_clock must be {RESUME!r} or {RESTART!r}")
    return regime


def load(text: str) -> tuple[Regime, ...]:
    """The regimes of a ``regimes.toml``, oldest first; ValueError if they are not in order."""
    regimes = tuple(_regime(table) for table in tomllib.loads(text)["regime"])
    if [r.valid_from for r in regimes] != sorted({r.valid_from for r in regimes}):
        raise ValueError("the regimes must be listed oldest first, each from a different day")
    return regimes


#: the regimes, oldest first: dated legal data, in ``data/regimes.toml``
REGIMES: Final = load(files(__package__).joinpath("data/regimes.toml").read_text(encoding="utf-8"))


def regime_for(received_on: dt.date) -> Regime:
    """The regime of a dossier received on ``received_on`` (the first one for anything earlier)."""
    chosen = REGIMES[0]
    for regime in REGIMES:
        if regime.valid_from <= received_on:
            chosen = regime
    return chosen
