"""Drafts of legal documents and their appraisal by the department."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.core.keywords import bundled
from tuphap.core.services import acting_user, audited_create, audited_edit, audited_save
from tuphap.core.text import required_text
from tuphap.lawdocs.models import (
    AppraisalReport,
    AppraisalRequest,
    Conclusion,
    Draft,
    DraftKind,
    DraftStage,
)
from tuphap.lawdocs.models.drafting import KIND_PARTS
from tuphap.lawdocs.services.common import _require
from tuphap.workdays.core import WorkdaysError

# --- Drafting and appraisal -------------------------------------------------------


class DraftTerms(TypedDict, total=False):
    """A new draft's terms besides its title, lead agency and kind (``draft_create``):
    the shortened procedure, whether it sets policy, the consultees the law requires
    and the date of the meeting that adopts it; left out, the model's default."""

    shortened: bool
    sets_policy: bool
    consultees: list[str] | None
    meeting_date: dt.date | None


def _kind_fields(kind: str, doc_type: str) -> dict[str, str]:
    """A draft's kind as given and the type and issuing level it gives (``KIND_PARTS``);
    without a kind, a provincial one of ``doc_type`` (resolution: the People's
    Council; otherwise the Committee)."""
    if not kind:
        kind = (
            DraftKind.PROVINCE_COUNCIL_RESOLUTION if doc_type == "resolution" else DraftKind.PROVINCE_COMMITTEE_DECISION
        )
    if kind not in KIND_PARTS:
        raise ValidationError({"kind": _("Choose the kind of document.")})
    derived_type, level = KIND_PARTS[kind]
    return {"kind": kind, "doc_type": derived_type, "level": level}


@bundled
def draft_create(
    *, actor: Any, title: str, lead_agency: str, kind: str = "", doc_type: str = "", **terms: Unpack[DraftTerms]
) -> Draft:
    """A new draft of one of the 2025 law's local documents (``kind``, which
    gives the type and the issuing level); without a kind, a provincial one of
    ``doc_type`` (see ``_kind_fields``)."""
    _require(actor, "lawdocs.appraise")
    kind_fields = _kind_fields(kind, doc_type)
    if "consultees" in terms:
        terms["consultees"] = list(terms["consultees"] or [])
    with transaction.atomic():
        return audited_create(
            Draft,
            actor=actor,
            action="lawdoc.draft_create",
            snapshot=lambda draft: {
                "title": draft.title[:200],
                "lead_agency": draft.lead_agency,
                "kind": draft.kind,
                "shortened": draft.shortened,
            },
            title=title.strip(),
            lead_agency=lead_agency.strip(),
            created_by=acting_user(actor),
            **kind_fields,
            **terms,
        )


def draft_update(*, actor: Any, draft: Draft, **changes: Any) -> Draft:
    """Change the stage, the consultation window, the consultees or the meeting date."""
    _require(actor, "lawdocs.appraise")
    allowed = {
        "stage",
        "consultation_start",
        "consultation_end",
        "consultees",
        "meeting_date",
        "document",
        "lead_agency",
    }
    if set(changes) - allowed:
        raise TypeError(f"unknown fields {sorted(set(changes) - allowed)}")
    changed = {k: v for k, v in changes.items() if getattr(draft, k) != v}
    if not changed:
        return draft
    with transaction.atomic():
        audited_edit(draft, changed, actor=actor, action="lawdoc.draft_update")
        if "meeting_date" in changed:
            for request in draft.appraisals.filter(returned_at__isnull=True, report__isnull=True):
                _time(request)
                request.save(update_fields=["rule", "due_at"])
        return draft


def _time(request: AppraisalRequest) -> None:
    from tuphap.lawdocs.selectors import appraisal_deadline

    try:
        deadline = appraisal_deadline(
            request.received_at,
            meeting_date=request.draft.meeting_date,
            kind=request.draft.kind,
            shortened=request.draft.shortened,
        )
    except WorkdaysError as exc:  # a day outside the working calendar's years: the user's typing, not a 500
        raise ValidationError({"received_at": str(exc)}) from None
    request.rule = deadline.rule
    request.due_at = deadline.due_at


def appraisal_receive(
    *, actor: Any, draft: Draft, received_at: dt.datetime, resubmission_of: AppraisalRequest | None = None
) -> AppraisalRequest:
    """Receive a draft's dossier for appraisal; the report's deadline is computed
    by the rule in force on the day of receipt, through the office clock."""
    _require(actor, "lawdocs.appraise")
    if timezone.is_naive(received_at):
        raise ValidationError({"received_at": _("The time of receipt needs a time zone.")})
    if resubmission_of is not None:
        if resubmission_of.draft_id != draft.pk or resubmission_of.returned_at is None:
            raise ValidationError(_("Only a dossier returned as incomplete can be resubmitted."))
        if AppraisalRequest.objects.filter(resubmission_of=resubmission_of).exists():
            raise ValidationError(_("This dossier was already resubmitted."))
        if received_at < resubmission_of.returned_at:
            raise ValidationError({"received_at": _("A resubmission cannot precede the return.")})
    elif draft.appraisals.filter(returned_at__isnull=True).exists():
        raise ValidationError(_("This draft already has a dossier under appraisal."))
    from tuphap.lawdocs.selectors import rule_for

    rule = rule_for(timezone.localtime(received_at).date(), draft.kind, draft.shortened)
    if rule is not None and not rule.department_appraises:
        message = _("The department does not appraise a draft of this kind (%(kind)s) under %(basis)s.") % {
            "kind": draft.get_kind_display(),
            "basis": rule.legal_basis,
        }
        if not rule.confirmed:
            message += " " + _("Not confirmed against the legal text: %(note)s") % {"note": rule.note}
        raise ValidationError({"draft": message})
    with transaction.atomic():
        request = AppraisalRequest(
            draft=draft,
            received_at=received_at,
            resubmission_of=resubmission_of,
            created_by=acting_user(actor),
        )
        _time(request)
        audited_save(
            request,
            actor=actor,
            action="lawdoc.appraisal_receive",
            after={
                "draft": draft.pk,
                "received_at": received_at.isoformat(),
                "due_at": request.due_at.isoformat() if request.due_at else None,
                "rule": str(request.rule) if request.rule else None,
                "resubmission_of": resubmission_of.pk if resubmission_of else None,
            },
        )
        if draft.stage != DraftStage.APPRAISAL:
            draft.stage = DraftStage.APPRAISAL
            draft.save(update_fields=["stage"])
        return request


def appraisal_return_incomplete(
    *, actor: Any, request: AppraisalRequest, returned_at: dt.datetime, reason: str
) -> AppraisalRequest:
    """Return a dossier as incomplete; its clock stops, a resubmission starts a new one."""
    _require(actor, "lawdocs.appraise")
    if request.returned_at is not None or AppraisalReport.objects.filter(request=request).exists():
        raise ValidationError(_("This dossier is no longer under appraisal."))
    reason = required_text(reason, field="return_reason", message=_("Say what is missing."))
    if returned_at < request.received_at:
        raise ValidationError({"returned_at": _("A dossier cannot be returned before it was received.")})
    return audited_save(
        request,
        actor=actor,
        action="lawdoc.appraisal_return",
        changes={"returned_at": returned_at, "return_reason": reason},
    )


def appraisal_report_issue(
    *,
    actor: Any,
    request: AppraisalRequest,
    issued_at: dt.datetime,
    conclusion: str,
    number: str = "",
    **sections: str,
) -> AppraisalReport:
    """Issue the appraisal report: the sections the law requires and a conclusion."""
    _require(actor, "lawdocs.appraise")
    unknown = set(sections) - set(AppraisalReport.SECTIONS)
    if unknown:
        raise TypeError(f"unknown sections {sorted(unknown)}")
    if request.returned_at is not None or AppraisalReport.objects.filter(request=request).exists():
        raise ValidationError(_("This dossier is no longer under appraisal."))
    if conclusion not in Conclusion.values:
        raise ValidationError({"conclusion": _("Choose a conclusion.")})
    if not sections.get("legality", "").strip():
        raise ValidationError({"legality": _("The report must assess constitutionality, legality and consistency.")})
    if issued_at < request.received_at:
        raise ValidationError({"issued_at": _("A report cannot precede the receipt of the dossier.")})
    late = request.due_at is not None and issued_at > request.due_at
    with transaction.atomic():
        report = audited_create(
            AppraisalReport,
            actor=actor,
            action="lawdoc.appraisal_report",
            after={"request": request.pk, "conclusion": conclusion, "issued_at": issued_at.isoformat(), "late": late},
            request=request,
            issued_at=issued_at,
            conclusion=conclusion,
            number=number.strip(),
            author=acting_user(actor),
            **{k: v.strip() for k, v in sections.items()},
        )
        draft = request.draft
        if draft.stage == DraftStage.APPRAISAL:
            draft.stage = DraftStage.ADOPTION
            draft.save(update_fields=["stage"])
        return report


def appraisals_retime(agency: Any, first_changed: dt.date) -> int:
    """Re-time the open appraisals after a change of the working calendar
    (subscribed to ``workdays``); returns how many deadlines moved."""
    moved = 0
    with transaction.atomic():
        open_requests = AppraisalRequest.objects.select_related("draft").filter(
            returned_at__isnull=True, report__isnull=True, due_at__date__gte=first_changed
        )
        for request in open_requests:
            old = request.due_at
            _time(request)
            if request.due_at != old:
                audited_save(
                    request,
                    actor=None,
                    action="lawdoc.appraisal_retime",
                    fields=["rule", "due_at"],
                    before={"due_at": old.isoformat() if old else None},
                    after={
                        "due_at": request.due_at.isoformat() if request.due_at else None,
                        "reason": "calendar change",
                    },
                )
                moved += 1
    return moved
