"""Review of documents in force (rà soát): runs, findings and their follow-ups."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.core.keywords import bundled
from tuphap.core.services import acting_user, audit_record, audited_create, audited_save
from tuphap.core.text import required_text
from tuphap.lawdocs.models import (
    FollowUp,
    LegalDocument,
    Outcome,
    ReviewFinding,
    ReviewKind,
    ReviewRun,
)
from tuphap.lawdocs.models.review import ACTION_OUTCOMES
from tuphap.lawdocs.services.common import _require

# --- Review ------------------------------------------------------------------------


def review_run_start(
    *, actor: Any, kind: str, title: str, period_start: dt.date, period_end: dt.date, topic: str = ""
) -> ReviewRun:
    _require(actor, "lawdocs.review")
    if kind not in ReviewKind.values:
        raise ValidationError({"kind": _("Unknown kind of review.")})
    if kind == ReviewKind.TOPIC and not topic.strip():
        raise ValidationError({"topic": _("A review by topic needs its topic.")})
    with transaction.atomic():
        return audited_create(
            ReviewRun,
            actor=actor,
            action="lawdoc.review_start",
            snapshot=lambda run: {"kind": kind, "title": run.title},
            kind=kind,
            title=title.strip(),
            topic=topic.strip(),
            period_start=period_start,
            period_end=period_end,
            created_by=acting_user(actor),
        )


class FollowUpTerms(TypedDict, total=False):
    """Who follows a finding up and by when (``review_finding_record``): both
    required when the outcome needs action, not used otherwise."""

    owner: Any
    due_on: dt.date | None


@bundled
def review_finding_record(
    *,
    actor: Any,
    run: ReviewRun,
    document: LegalDocument,
    outcome: str,
    articles: str = "",
    note: str = "",
    **follow_up: Unpack[FollowUpTerms],
) -> ReviewFinding:
    """Record one finding; a finding that needs action becomes a follow-up with
    an owner and a deadline (both then required)."""
    _require(actor, "lawdocs.review")
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Unknown outcome.")})
    if run.closed_at is not None:
        raise ValidationError(_("This review run is closed."))
    needs_action = outcome in ACTION_OUTCOMES
    if needs_action and (follow_up.get("owner") is None or follow_up.get("due_on") is None):
        raise ValidationError({"owner": _("A finding that needs action needs an owner and a deadline.")})
    with transaction.atomic():
        finding = ReviewFinding(
            run=run,
            document=document,
            outcome=outcome,
            articles=articles.strip(),
            note=note.strip(),
            recorded_by=acting_user(actor),
        )
        finding.full_clean()
        finding.save()
        after: dict[str, Any] = {"document": document.number, "outcome": outcome, "articles": finding.articles}
        if needs_action:
            follow = FollowUp.objects.create(finding=finding, **follow_up)
            after.update(owner=follow.owner.get_username(), due_on=follow.due_on.isoformat(), follow_up=follow.pk)
        audit_record(actor=actor, action="lawdoc.review_finding", obj=finding, after=after)
        return finding


def follow_up_complete(*, actor: Any, follow_up: FollowUp, done_on: dt.date, result: str) -> FollowUp:
    _require(actor, "lawdocs.review")
    if follow_up.done_on is not None:
        raise ValidationError(_("This follow-up is already done."))
    result = required_text(result, field="result", message=_("Say what was done."))
    return audited_save(
        follow_up,
        actor=actor,
        action="lawdoc.follow_up_done",
        changes={"done_on": done_on, "result": result},
        after={"done_on": done_on.isoformat(), "late": done_on > follow_up.due_on},
    )


def review_run_close(*, actor: Any, run: ReviewRun) -> ReviewRun:
    _require(actor, "lawdocs.review")
    if run.closed_at is not None:
        return run
    return audited_save(run, actor=actor, action="lawdoc.review_close", changes={"closed_at": timezone.now()})
