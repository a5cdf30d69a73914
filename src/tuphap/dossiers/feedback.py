"""Citizens' feedback and recommendations (phản ánh, kiến nghị) about a dossier
or the service: the writes (submit from the public form, answer, the sender's
reaction) and the reads (the staff register, the counts of the service index).

The answer is due ``ANSWER_WORKING_DAYS`` working days after receipt on the
office clock (figure unconfirmed: docs/domain/service-index.md). The public
form never shows back what was sent, nor whether a dossier code exists: a code
that matches no dossier is kept in the text, the answer is the same.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Required, TypedDict, Unpack

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.core.errors import ConflictError
from tuphap.core.keywords import bundled
from tuphap.core.services import audit_record, audited_save
from tuphap.core.text import TextError, clean_code
from tuphap.dossiers.models import Dossier, Feedback
from tuphap.dossiers.selectors import staff_scope
from tuphap.orgs.permissions import can
from tuphap.workdays.selectors import office_clock

ANSWER_WORKING_DAYS = 10  # chưa xác nhận: see docs/domain/service-index.md
MAX_CONTENT = 5000

#: sent inside the transaction of every write below, with ``feedback``: the service index's stored
#: counts (kept by reports, which may read this app; this one may not import it) are stale from its receipt
feedback_changed = Signal()


def _answer_due(received_at: dt.datetime, agency_id: int | None) -> dt.datetime:
    return office_clock(agency_id).due_at(received_at, ANSWER_WORKING_DAYS, "working_days")


class Sent(TypedDict, total=False):
    """What a sender writes in (``feedback_submit``'s keywords; the public form's fields, ``views_feedback``): the
    kind, the text and their name, and, if they give them, a phone or email for the answer and a dossier's code."""

    kind: Required[str]
    content: Required[str]
    sender_name: Required[str]
    sender_contact: str
    dossier_code: str


@bundled
def feedback_submit(*, actor: Any, at: dt.datetime | None = None, **sent: Unpack[Sent]) -> Feedback:
    """Receive feedback (the public form: ``actor`` None; an import may give ``at``)."""
    errors: dict[str, str] = {}
    kind = sent["kind"]
    if kind not in Feedback.Kind.values:
        errors["kind"] = _("Choose feedback or recommendation.")
    text = sent["content"].strip()
    if len(text) < 10:
        errors["content"] = _("Write at least 10 characters.")
    elif len(text) > MAX_CONTENT:
        errors["content"] = _("At most %(count)s characters.") % {"count": MAX_CONTENT}
    name = " ".join(sent["sender_name"].split())
    if not name or len(name) > 255:
        errors["sender_name"] = _("Enter your name (at most 255 characters).")
    contact = sent.get("sender_contact", "").strip()
    if len(contact) > 255:
        errors["sender_contact"] = _("At most %(count)s characters.") % {"count": 255}
    if errors:
        raise ValidationError(errors)
    if at is not None and timezone.is_naive(at):
        raise ValidationError({"at": _("The time must carry its time-zone offset.")})
    now = at or timezone.now()
    dossier = None
    code = sent.get("dossier_code", "").strip()
    if code:
        try:
            dossier = Dossier.objects.select_related("unit").filter(code=clean_code(code)).first()
        except TextError:
            dossier = None
        if dossier is None:  # kept in the text: the answer does not say whether the code exists
            text = f"{text}\n\n[Mã hồ sơ ghi trong phản ánh: {code[:60]}]"
    with transaction.atomic():
        feedback = Feedback.objects.create(
            reference=uuid.uuid4().hex[:20],
            kind=kind,
            dossier=dossier,
            unit=dossier.unit if dossier is not None else None,
            content=text,
            sender_name=name,
            sender_contact=contact,
            received_at=now,
            due_at=_answer_due(now, dossier.agency_id if dossier is not None else None),
        )
        audited_save(
            feedback,
            actor=actor,
            action="feedback.submit",
            changes={"reference": f"PAKN-{timezone.localtime(now):%y%m%d}-{feedback.pk:05d}"},
            after={"kind": kind, "dossier": code},
        )
        feedback_changed.send(sender=Feedback, feedback=feedback)
    return feedback


def feedback_visible(user: Any) -> QuerySet[Feedback]:
    """The feedback a staff member sees: all for directors; else their unit's, and the
    feedback about the service in general for the one-stop desk."""
    qs = Feedback.objects.select_related("dossier", "unit", "answered_by")
    if not can(user, "dossiers.view"):
        return qs.none()
    return staff_scope(user, qs, desk=lambda qs, profile: qs.filter(Q(unit__isnull=True) | Q(unit_id=profile.unit_id)))


def _visible(actor: Any, feedback: Feedback | int) -> Feedback:
    """The feedback, locked, if the actor may handle it (actor None: an import or the demo, as for dossiers)."""
    pk = feedback.pk if isinstance(feedback, Feedback) else feedback
    qs = Feedback.objects.all() if actor is None else feedback_visible(actor)
    found = qs.select_for_update(of=("self",)).filter(pk=pk).first()
    if found is None:
        raise PermissionDenied("feedback")
    return found


def feedback_answer(*, actor: Any, feedback: Feedback | int, answer: str, at: dt.datetime | None = None) -> Feedback:
    """Answer feedback once (audited); a second answer is a conflict."""
    text = answer.strip()
    if len(text) < 10 or len(text) > MAX_CONTENT:
        raise ValidationError({"answer": _("The answer has 10 to %(count)s characters.") % {"count": MAX_CONTENT}})
    now = at or timezone.now()
    with transaction.atomic():
        found = _visible(actor, feedback)
        if found.answered_at is not None:
            raise ConflictError(_("This feedback has already been answered."), code="already_answered")
        if now < found.received_at:
            raise ValidationError({"at": _("The answer cannot come before the feedback.")})
        audited_save(
            found,
            actor=actor,
            action="feedback.answer",
            changes={"answer": text, "answered_at": now, "answered_by": actor},
            after={"answered_at": now.isoformat(), "late": now > found.due_at},
        )
        feedback_changed.send(sender=Feedback, feedback=found)
    return found


def feedback_record_reaction(*, actor: Any, feedback: Feedback | int, satisfied: bool) -> Feedback:
    """Record whether the sender was satisfied with the answer (as they told the officer)."""
    with transaction.atomic():
        found = _visible(actor, feedback)
        if found.answered_at is None:
            raise ValidationError({"satisfied": _("Record the sender's reaction after the answer.")})
        audited_save(
            found,
            actor=actor,
            action="feedback.reaction",
            changes={"sender_satisfied": satisfied},
            snapshot=lambda f: {"satisfied": f.sender_satisfied},  # before the change and after it
        )
        feedback_changed.send(sender=Feedback, feedback=found)
    return found


def feedback_in_period(start: dt.datetime, end: dt.datetime, *, unit_id: int | None = None) -> QuerySet[Feedback]:
    """Feedback received in [start, end), for the service index."""
    qs = Feedback.objects.filter(received_at__gte=start, received_at__lt=end)
    return qs if unit_id is None else qs.filter(unit_id=unit_id)


#: as the applicants' contacts (dossiers/retention.py): two years after the answer
CONTACT_RETENTION_DAYS = 730


def feedback_contact_purge(*, actor: Any, answered_before: dt.datetime) -> int:
    """Blank the sender's phone or email of feedback answered before the instant (the answer has been given;
    the name and the text stay, as the agency's record); one audit event. ``actor`` None is the command line."""
    if actor is not None and not can(actor, "orgs.manage"):
        raise PermissionDenied("feedback.purge")
    with transaction.atomic():
        count = (
            Feedback.objects.filter(answered_at__lt=answered_before)
            .exclude(sender_contact="")
            .update(sender_contact="")
        )
        if count:
            audit_record(
                actor=actor,
                action="feedback.purge_personal",
                after={"answered_before": answered_before.isoformat(), "feedback": count},
            )
    return count
