"""Status of a legal document at any date, derived from dates and relations
(pure Python, no Django). Never typed by hand.

Rules (Law 80/2015/QH13 Art. 153–154; Law 64/2025/QH15):

* before ``effective_from``: not yet in force (chưa có hiệu lực);
* from ``expires_on`` (the first day no longer in force), or from the date of
  a whole repeal or replacement: expired (hết hiệu lực toàn bộ);
* during a suspension (from its date until ``ends_on``, exclusive):
  suspended (ngưng hiệu lực);
* after a repeal or replacement of named articles: expired in part (hết
  hiệu lực một phần);
* otherwise in force (còn hiệu lực). Amendments, corrections, guidance,
  consolidation and "based on" do not change the status.

Precedence: not yet in force, expired, suspended, expired in part, in force.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Change", "Effect", "Status", "status_at", "timeline"]


class Status(StrEnum):
    NOT_YET_IN_FORCE = "not_yet_in_force"
    IN_FORCE = "in_force"
    PARTLY_EXPIRED = "partly_expired"
    EXPIRED = "expired"
    SUSPENDED = "suspended"


# relation kinds that act on the status of their target
ENDING_KINDS = frozenset({"repeals", "replaces"})
SUSPENDING_KINDS = frozenset({"suspends"})


@dataclass(frozen=True)
class Effect:
    """A relation as seen from the document it acts on."""

    kind: str
    date: dt.date
    partial: bool = False  # articles named: only those articles
    ends_on: dt.date | None = None  # suspensions: the day the document applies again
    source: str = ""  # number of the acting document, for the timeline


@dataclass(frozen=True)
class Change:
    date: dt.date
    status: Status
    reasons: tuple[str, ...]


def _reasons_and_status(
    effective_from: dt.date, expires_on: dt.date | None, effects: list[Effect], day: dt.date
) -> tuple[Status, tuple[str, ...]]:
    if day < effective_from:
        return Status.NOT_YET_IN_FORCE, ("effective_from",)
    if expires_on is not None and day >= expires_on:
        return Status.EXPIRED, ("expires_on",)
    whole = [e for e in effects if e.kind in ENDING_KINDS and not e.partial and e.date <= day]
    if whole:
        return Status.EXPIRED, tuple(f"{e.kind}:{e.source}" for e in whole)
    suspended = [
        e for e in effects if e.kind in SUSPENDING_KINDS and e.date <= day and (e.ends_on is None or day < e.ends_on)
    ]
    if suspended:
        return Status.SUSPENDED, tuple(f"{e.kind}:{e.source}" for e in suspended)
    partial = [e for e in effects if e.kind in ENDING_KINDS and e.partial and e.date <= day]
    if partial:
        return Status.PARTLY_EXPIRED, tuple(f"{e.kind}:{e.source}" for e in partial)
    return Status.IN_FORCE, ()


def status_at(effective_from: dt.date, expires_on: dt.date | None, effects: list[Effect], day: dt.date) -> Status:
    """The status on ``day`` of a document with these dates and incoming relations."""
    return _reasons_and_status(effective_from, expires_on, effects, day)[0]


def change_dates(effective_from: dt.date, expires_on: dt.date | None, effects: list[Effect]) -> list[dt.date]:
    dates = {effective_from}
    if expires_on is not None:
        dates.add(expires_on)
    for effect in effects:
        if effect.kind in ENDING_KINDS or effect.kind in SUSPENDING_KINDS:
            dates.add(effect.date)
            if effect.ends_on is not None:
                dates.add(effect.ends_on)
    return sorted(dates)


def timeline(effective_from: dt.date, expires_on: dt.date | None, effects: list[Effect]) -> list[Change]:
    """The changes of status, in date order (the first is the entry into force)."""
    changes: list[Change] = []
    for day in change_dates(effective_from, expires_on, effects):
        status, reasons = _reasons_and_status(effective_from, expires_on, effects, day)
        if not changes or changes[-1].status != status:
            changes.append(Change(day, status, reasons))
    return changes
