"""Status of a legal document at any date, derived from dates and relations
(pure Python, no Django). Never typed by hand.

Rules (Law 80/2015/QH13 Art. 154 until 31 March 2025; Law 64/2025/QH15 Art. 57
from 1 April 2025; see docs/domain/lawdocs.md):

* before ``effective_from``: not yet in force (chưa có hiệu lực);
* from ``expires_on`` (the first day no longer in force), or from the date of
  a whole repeal or replacement: expired (hết hiệu lực toàn bộ);
* a detailing document (one that ``guides`` another) expires with the
  document it details, unless the relation says it is kept in force
  (art. 154(2)): the selectors give it a ``detailed_expired`` effect on that
  day. The law in force on the day the detailed document ends decides
  (``detailing_expires``): from 1 April 2025 a replacement no longer takes
  the detailing document with it (Law 64/2025 art. 57(2): it stays in force
  where it does not contradict the new document, until it is announced
  expired, which is recorded as a repeal);
* during a suspension (from its date until ``ends_on``, exclusive):
  suspended (ngưng hiệu lực);
* after a repeal or replacement of named articles, or an amendment or
  supplement by the body that issued the document (art. 154(1)(b): the
  amended provisions cease; the selectors pass only same-issuer amendments):
  expired in part (hết hiệu lực một phần);
* otherwise in force (còn hiệu lực). Corrections, guidance, consolidation
  and "based on" do not change the status.

Precedence: not yet in force, expired, suspended, expired in part, in force.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "DETAILED_EXPIRED",
    "LAW_2025_FROM",
    "Change",
    "Effect",
    "Status",
    "detailing_expires",
    "status_at",
    "timeline",
]


class Status(StrEnum):
    NOT_YET_IN_FORCE = "not_yet_in_force"
    IN_FORCE = "in_force"
    PARTLY_EXPIRED = "partly_expired"
    EXPIRED = "expired"
    SUSPENDED = "suspended"


# relation kinds that act on the status of their target
ENDING_KINDS = frozenset({"repeals", "replaces"})
SUSPENDING_KINDS = frozenset({"suspends"})
AMENDING_KINDS = frozenset({"amends"})  # by the issuing body: always in part
#: the effect a detailing document gets when the document it details expires
DETAILED_EXPIRED = "detailed_expired"
#: Law 64/2025/QH15 replaces Law 80/2015/QH13 on this day
LAW_2025_FROM = dt.date(2025, 4, 1)


def detailing_expires(end_kind: str, end: dt.date, kept_in_force: bool) -> bool:
    """Does a detailing document expire when the document it details ends on
    ``end`` by ``end_kind`` ("expires_on", "repeals" or "replaces", whole)?

    Decided by the law in force on ``end``. Until 31 March 2025 (Law 80/2015
    art. 154(2)) it expires with it unless kept in force. From 1 April 2025
    (Law 64/2025 art. 57(2)) a replacement leaves it in force (the
    department records the announcement that ends it as a repeal); an end by
    expiry date or repeal, which art. 57(2) does not cover, still takes it
    along unless kept in force (our reading, see docs/domain/lawdocs.md)."""
    if kept_in_force:
        return False
    return not (end_kind == "replaces" and end >= LAW_2025_FROM)


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
    whole = [
        e
        for e in effects
        if e.date <= day and ((e.kind in ENDING_KINDS and not e.partial) or e.kind == DETAILED_EXPIRED)
    ]
    if whole:
        return Status.EXPIRED, tuple(f"{e.kind}:{e.source}" for e in whole)
    suspended = [
        e for e in effects if e.kind in SUSPENDING_KINDS and e.date <= day and (e.ends_on is None or day < e.ends_on)
    ]
    if suspended:
        return Status.SUSPENDED, tuple(f"{e.kind}:{e.source}" for e in suspended)
    partial = [
        e for e in effects if e.date <= day and ((e.kind in ENDING_KINDS and e.partial) or e.kind in AMENDING_KINDS)
    ]
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
        if effect.kind in ENDING_KINDS | SUSPENDING_KINDS | AMENDING_KINDS or effect.kind == DETAILED_EXPIRED:
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
