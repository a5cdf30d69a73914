"""Writes on the working calendar. A change bumps the calendar's revision,
writes an audit event and, after commit, enqueues the re-timing of every open
deadline (``tasks.retime_open_deadlines``)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.core.services import audit_record, audited_save
from tuphap.orgs.models import Agency
from tuphap.orgs.permissions import require
from tuphap.workdays.models import CalendarDay, CalendarRevision, CalendarYear, DayKind, YearStatus
from tuphap.workdays.selectors import FIRST_YEAR, LAST_YEAR


def _bump_revision(agency: Agency | None) -> None:
    revision, _created = CalendarRevision.objects.get_or_create(agency=agency)
    CalendarRevision.objects.filter(pk=revision.pk).update(number=F("number") + 1, changed_at=timezone.now())


def _enqueue_retime(agency: Agency | None, day: dt.date) -> None:
    from tuphap.workdays.tasks import retime_open_deadlines

    agency_id = agency.pk if agency is not None else None
    transaction.on_commit(lambda: retime_open_deadlines.enqueue(agency_id=agency_id, since=day.isoformat()))


def _validate(day: dt.date, kind: str, reason: str) -> None:
    errors: dict[str, str] = {}
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        errors["date"] = _("The calendar covers the years %(first)s–%(last)s only.") % {
            "first": FIRST_YEAR,
            "last": LAST_YEAR,
        }
    elif kind == DayKind.DAY_OFF and day.weekday() >= 5:
        errors["date"] = _("%(date)s is a weekend day, which is off anyway; record only weekdays off.") % {
            "date": day.strftime("%d/%m/%Y")
        }
    elif kind == DayKind.MAKEUP_DAY and day.weekday() < 5:
        errors["date"] = _("A make-up working day must be a Saturday or Sunday; %(date)s is a weekday.") % {
            "date": day.strftime("%d/%m/%Y")
        }
    if kind not in DayKind.values:
        errors["kind"] = _("Unknown kind of day.")
    if not reason.strip():
        errors["reason"] = _("Give the reason (e.g. the holiday's name).")
    if errors:
        raise ValidationError(errors)


def calendar_day_set(
    *,
    actor: AbstractBaseUser | None,
    date: dt.date,
    kind: str,
    reason: str,
    source: str = "",
    agency: Agency | None = None,
) -> CalendarDay:
    """Record a day off or a make-up working day (replacing what that date had)."""
    if actor is not None:
        require(actor, "workdays.edit_calendar")
    _validate(date, kind, reason)
    with transaction.atomic():
        row = CalendarDay.objects.select_for_update().filter(agency=agency, date=date).first()
        before = None
        if row is None:
            row = CalendarDay(agency=agency, date=date)
        else:
            before = {"kind": row.kind, "reason": row.reason, "source": row.source}
            if (row.kind, row.reason, row.source) == (kind, reason.strip(), source.strip()):
                return row
        audited_save(
            row,
            actor=actor,
            action="calendar_day.set",
            changes={"kind": kind, "reason": reason.strip(), "source": source.strip()},
            before=before,
            after={
                "date": date.isoformat(),
                "kind": kind,
                "reason": reason.strip(),
                "source": source.strip(),
                "agency": agency.code if agency else None,
            },
        )
        _bump_revision(agency)
        if before is None or before["kind"] != kind:
            _enqueue_retime(agency, date)
    return row


def calendar_day_remove(*, actor: AbstractBaseUser | None, day: CalendarDay) -> None:
    """Remove a special day: the date becomes an ordinary weekday or weekend day."""
    if actor is not None:
        require(actor, "workdays.edit_calendar")
    with transaction.atomic():
        before = {"date": day.date.isoformat(), "kind": day.kind, "reason": day.reason, "source": day.source}
        agency = day.agency
        date = day.date
        audit_record(actor=actor, action="calendar_day.remove", obj=day, before=before, after=None)
        CalendarDay.objects.filter(pk=day.pk).delete()
        _bump_revision(agency)
        _enqueue_retime(agency, date)


def calendar_seed(*, actor: AbstractBaseUser | None, first_year: int = FIRST_YEAR, last_year: int = LAST_YEAR) -> int:
    """Add the shipped official days for years that have no province-wide rows yet.

    Years already present are left alone, so an administrator's edits survive.
    Returns the number of rows added.
    """
    from tuphap.workdays.seed import OFFICIAL_SOURCES, official_calendar_entries

    if actor is not None:
        require(actor, "workdays.edit_calendar")
    for year, source in OFFICIAL_SOURCES.items():
        if first_year <= year <= last_year:
            CalendarYear.objects.get_or_create(year=year, defaults={"status": YearStatus.OFFICIAL, "source": source})
    present = set(CalendarDay.objects.filter(agency__isnull=True).values_list("date__year", flat=True).distinct())
    rows = [
        CalendarDay(agency=None, date=e.date, kind=e.kind, reason=e.reason, source=e.source)
        for e in official_calendar_entries(first_year, last_year)
        if e.date.year not in present
    ]
    if not rows:
        return 0
    with transaction.atomic():
        CalendarDay.objects.bulk_create(rows)
        _bump_revision(None)
        audit_record(
            actor=actor, action="calendar.seed", after={"rows": len(rows), "years": sorted({r.date.year for r in rows})}
        )
    return len(rows)


def calendar_year_set(*, actor: AbstractBaseUser | None, year: int, status: str, source: str = "") -> CalendarYear:
    """Mark a year official (the government's schedule has been entered; ``source``
    names the announcing document, required) or estimated again."""
    if actor is not None:
        require(actor, "workdays.edit_calendar")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            {"year": _("The calendar covers %(first)s to %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR}}
        )
    if status not in YearStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    source = (source or "").strip()
    if status == YearStatus.OFFICIAL and not source:
        raise ValidationError({"source": _("Name the document that announced this year's days off.")})
    with transaction.atomic():
        row = CalendarYear.objects.select_for_update().filter(year=year).first()
        before = None if row is None else {"status": row.status, "source": row.source}
        return audited_save(
            row if row is not None else CalendarYear(year=year),
            actor=actor,
            action="calendar_year.set",
            changes={"status": status, "source": source[:255]},
            fields=["updated_at"],
            before=before,
            after={"status": status, "source": source},
        )
