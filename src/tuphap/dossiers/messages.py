"""The texts sent to applicants about their dossiers (email subject and body; the SMS joins
them), and the deadline warnings emailed to the officers.

The applicant reads Vietnamese whatever language the officer's screen or a background job
is in, so every builder renders under ``translation.override("vi")`` (``in_vietnamese``).
The msgids are English like the rest of the code; the Vietnamese is in this app's
catalogue. Each builder returns ``(subject, body)``, ready for
``tuphap.core.notifications.notify``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.core.notifications import in_vietnamese

Text = tuple[str, str]


def when(value: dt.datetime | None) -> str:
    """An instant as the applicant reads it, in the office's time zone ("—" when there is none)."""
    if value is None:
        return "—"
    return timezone.localtime(value).strftime(_("%H:%M on %d/%m/%Y"))


def _because(reason: str) -> str:
    return _("Reason: %(reason)s") % {"reason": reason.strip()}


def _new_appointment(due_at: dt.datetime | None) -> str:
    return _("New result appointment: %(due)s.") % {"due": when(due_at)}


@in_vietnamese
def received(*, code: str, procedure: str, at: dt.datetime | None, due_at: dt.datetime | None) -> Text:
    """Received at the desk (or imported as received): the procedure, when, and the appointment."""
    return (
        _("Dossier %(code)s received") % {"code": code},
        _("The dossier “%(procedure)s” was received at %(at)s. Result appointment: %(due)s.")
        % {"procedure": procedure, "at": when(at), "due": when(due_at)},
    )


@in_vietnamese
def accepted(*, code: str, due_at: dt.datetime | None) -> Text:
    """An application submitted online, received at intake: the appointment."""
    return _("Dossier %(code)s received") % {"code": code}, _("Result appointment: %(due)s.") % {"due": when(due_at)}


@in_vietnamese
def refused(*, code: str, reason: str) -> Text:
    """Refused at intake (form 03)."""
    return _("Dossier %(code)s was not accepted") % {"code": code}, _because(reason)


@in_vietnamese
def supplement_requested(*, code: str, items: Sequence[str], reason: str = "") -> Text:
    """What to supply, and why when a reason was given."""
    listed = "; ".join(items)
    body = (
        _("Please supply: %(items)s. Reason: %(reason)s") % {"items": listed, "reason": reason.strip()}
        if reason.strip()
        else _("Please supply: %(items)s") % {"items": listed}
    )
    return _("Dossier %(code)s needs more documents") % {"code": code}, body


@in_vietnamese
def supplement_received(*, code: str, due_at: dt.datetime | None) -> Text:
    """The supplement arrived: the new appointment."""
    return _("Supplement to dossier %(code)s received") % {"code": code}, _new_appointment(due_at)


@in_vietnamese
def fee_requested(*, code: str, fee: Any) -> Text:
    """The fee to pay, with dots between the thousands."""
    amount = f"{fee:,}".replace(",", ".")
    return (
        _("Dossier %(code)s awaits the fee") % {"code": code},
        _("Amount: %(amount)s dong.") % {"amount": amount},
    )


@in_vietnamese
def apology(*, code: str, reason: str, due_at: dt.datetime | None) -> Text:
    """The letter of apology with a new appointment (the dossier will be late)."""
    return (
        _("Apology and new appointment for dossier %(code)s") % {"code": code},
        _("Reason: %(reason)s. New appointment: %(due)s.") % {"reason": reason.strip(), "due": when(due_at)},
    )


@in_vietnamese
def result_ready(*, code: str, outcome: str, reason: str = "") -> Text:
    """The decision: ready to hand over when approved, otherwise refused with the reason."""
    body = (
        _("The result is ready to be handed over.")
        if outcome == "approved"
        else _("The dossier was not approved. Reason: %(reason)s") % {"reason": reason.strip()}
    )
    return _("Dossier %(code)s has a result") % {"code": code}, body


@in_vietnamese
def stopped(*, code: str, reason: str) -> Text:
    """Processing stopped (form 05)."""
    return _("Processing of dossier %(code)s stopped") % {"code": code}, _because(reason)


@in_vietnamese
def receipt_reissued(*, code: str, due_at: dt.datetime | None) -> Text:
    """A new receipt with a corrected appointment."""
    return _("Receipt of dossier %(code)s reissued") % {"code": code}, _new_appointment(due_at)


@in_vietnamese
def time_limit_applied(*, code: str, label: str, condition: str, due_at: dt.datetime | None) -> Text:
    """A conditional time limit of the procedure applied, which moved the appointment."""
    return (
        _("New result date for dossier %(code)s") % {"code": code},
        _("Time limit “%(label)s” applies: %(condition)s. New appointment: %(due)s.")
        % {"label": label, "condition": condition, "due": when(due_at)},
    )


@in_vietnamese
def submitted_online(*, code: str, procedure: str, at: dt.datetime) -> Text:
    """Submitted on the public portal: not received yet, the time limit starts at intake."""
    return (
        _("Dossier %(code)s submitted") % {"code": code},
        _(
            "The dossier “%(procedure)s” was submitted online at %(at)s, dossier code %(code)s. The one-stop desk will check and receive it; the time limit runs from receipt."  # noqa: E501
        )
        % {"procedure": procedure, "at": when(at), "code": code},
    )


# --------------------------------------------------------------------------- to the officers


@in_vietnamese
def deadline_line(*, code: str, overdue: bool, due_at: dt.datetime) -> str:
    """One dossier in a deadline warning: its code, overdue or due soon, and the appointment."""
    return _("%(code)s (%(label)s, due %(due)s)") % {
        "code": code,
        "label": _("overdue") if overdue else _("due soon"),
        "due": timezone.localtime(due_at).strftime("%H:%M %d/%m/%Y"),
    }


@in_vietnamese
def deadline_warning(lines: Sequence[str]) -> Text:
    """The email to one officer listing the dossiers that need attention, one per line."""
    return _("Dossiers needing attention: %(count)s") % {"count": len(lines)}, "\n".join(lines)
