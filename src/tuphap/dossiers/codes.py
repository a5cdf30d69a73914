"""Dossier codes: ``<agency>-<YYMMDD>-<NNNN>``, gap-free per agency and local day,
numbered from the day's counter (``CodeCounter``), at most 9,999 a day. The one
place that writes the counters: the intake takes one number (``next_code``), the
bulk path for history a run of numbers per agency and day (``take``)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from typing import NamedTuple

from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.core import rows
from tuphap.core.errors import ConflictError
from tuphap.core.tz import LOCAL_TZ
from tuphap.dossiers.models import CodeCounter
from tuphap.orgs.models import Agency

#: numbers a day per agency: the code has four digits
MAX_PER_DAY = 9999
#: (agency, day) counters per statement of ``take``: three parameters each
_KEYS_PER_STATEMENT = 200

type Key = tuple[int, dt.date]  # an agency's id and a local day


def code_day(received_at: dt.datetime) -> dt.date:
    """The day a code is numbered in: the receipt's local day."""
    return timezone.localtime(received_at, LOCAL_TZ).date()


def code_text(agency_code: str, day: dt.date, number: int) -> str:
    return f"{agency_code}-{day:%y%m%d}-{number:04d}"


class Numbered(NamedTuple):
    code: str
    #: the keys drawn by the same statement for the rows the caller will insert (``next_code``'s ``keys_of``)
    keys: tuple[int, ...]


def next_code(agency: Agency, received_at: dt.datetime, *, keys_of: tuple[type[models.Model], ...] = ()) -> Numbered:
    """The next code of the agency's day, in the caller's transaction (the counter's row stays locked until it
    commits). On PostgreSQL the same statement also draws a new key of each model of ``keys_of``
    (``rows.key_draws``), so that the rows the caller writes under the lock can go in one round trip
    (``rows.pipeline``); elsewhere ``keys`` is empty."""
    day = code_day(received_at)
    draws = tuple(rows.key_draws(*keys_of))
    with rows.cursor() as cursor:  # the intake's statement: prepared once a connection
        cursor.execute(_statement(1, draws), [agency.pk, day, 1])
        row = cursor.fetchone()
    return Numbered(code_text(agency.code, day, _checked(row[2])), tuple(row[3:]))


def take(counts: Mapping[Key, int]) -> dict[Key, int]:
    """Advance each agency's day counter by its count, in the caller's transaction,
    one statement a group of counters; returns the first number each got (its
    numbers are that one and the ``count - 1`` after it)."""
    keys = sorted(counts)
    first: dict[Key, int] = {}
    for start in range(0, len(keys), _KEYS_PER_STATEMENT):
        chunk = keys[start : start + _KEYS_PER_STATEMENT]
        params: list[int | dt.date] = []
        for agency_id, day in chunk:
            params += [agency_id, day, counts[(agency_id, day)]]
        with connection.cursor() as cursor:
            cursor.execute(_statement(len(chunk)), params)
            got = cursor.fetchall()
        for agency_id, day, last in got:
            key = (agency_id, day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day)))
            first[key] = _checked(last) - counts[key] + 1
    return first


@functools.cache
def _statement(count: int, draws: tuple[str, ...] = ()) -> str:
    """Insert each counter at its count or add the count to it: the numbers a
    concurrent transaction takes come after (the row is locked until commit);
    with ``draws`` (one counter) the keys they draw."""
    table = CodeCounter._meta.db_table
    return (
        f"INSERT INTO {table} (agency_id, day, last) VALUES "  # noqa: S608 - table name from the model
        + ", ".join(["(%s, %s, %s)"] * count)
        + f" ON CONFLICT (agency_id, day) DO UPDATE SET last = {table}.last + excluded.last"
        " RETURNING agency_id, day, last" + "".join(f", {draw}" for draw in draws)
    )


def _checked(last: int) -> int:
    if last > MAX_PER_DAY:
        raise ConflictError(_("No dossier numbers are left for this day (at most 9,999)."), code="code_exhausted")
    return last
