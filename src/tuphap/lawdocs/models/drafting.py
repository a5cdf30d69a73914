"""Drafting and appraisal (thẩm định) of the province's documents."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tuphap.lawdocs.models.documents import DocumentType, IssuingLevel, LegalDocument


class DraftStage(models.TextChoices):
    ASSIGNMENT = "assignment", _("Assignment")
    DRAFTING = "drafting", _("Drafting")
    CONSULTATION = "consultation", _("Consultation")
    APPRAISAL = "appraisal", _("Appraisal")
    ADOPTION = "adoption", _("Adoption")
    PUBLICATION = "publication", _("Publication")


class DraftKind(models.TextChoices):
    """The local documents of the 2025 law (Law 64/2025/QH15 as amended by Law
    87/2025/QH15, two-level local government): each kind gives the document type
    and the issuing level."""

    PROVINCE_COUNCIL_RESOLUTION = "province_council_resolution", _("Resolution of the provincial People's Council")
    PROVINCE_COMMITTEE_DECISION = "province_committee_decision", _("Decision of the provincial People's Committee")
    PROVINCE_CHAIRMAN_DECISION = (
        "province_chairman_decision",
        _("Decision of the Chairman of the provincial People's Committee"),
    )
    COMMUNE_COUNCIL_RESOLUTION = "commune_council_resolution", _("Resolution of the commune People's Council")
    COMMUNE_COMMITTEE_DECISION = "commune_committee_decision", _("Decision of the commune People's Committee")


#: kind -> (document type, issuing level)
KIND_PARTS: dict[str, tuple[str, str]] = {
    DraftKind.PROVINCE_COUNCIL_RESOLUTION: (DocumentType.RESOLUTION, IssuingLevel.PROVINCE),
    DraftKind.PROVINCE_COMMITTEE_DECISION: (DocumentType.DECISION, IssuingLevel.PROVINCE),
    DraftKind.PROVINCE_CHAIRMAN_DECISION: (DocumentType.DECISION, IssuingLevel.PROVINCE),
    DraftKind.COMMUNE_COUNCIL_RESOLUTION: (DocumentType.RESOLUTION, IssuingLevel.COMMUNE),
    DraftKind.COMMUNE_COMMITTEE_DECISION: (DocumentType.DECISION, IssuingLevel.COMMUNE),
}


class Draft(models.Model):
    """Dự thảo: a document in preparation, with its lead drafting agency."""

    title = models.TextField(_("title"))
    doc_type = models.CharField(_("type"), max_length=20, choices=DocumentType.choices)
    kind = models.CharField(_("kind of document"), max_length=40, choices=DraftKind.choices)
    level = models.CharField(
        _("issuing level"), max_length=10, choices=IssuingLevel.choices, default=IssuingLevel.PROVINCE
    )
    shortened = models.BooleanField(_("shortened procedure"), default=False)
    lead_agency = models.CharField(_("lead drafting agency"), max_length=255)
    stage = models.CharField(_("stage"), max_length=20, choices=DraftStage.choices, default=DraftStage.ASSIGNMENT)
    sets_policy = models.BooleanField(_("sets policy (impact report required)"), default=False)
    consultation_start = models.DateField(_("consultation from"), null=True, blank=True)
    consultation_end = models.DateField(_("consultation until"), null=True, blank=True)
    consultees = models.JSONField(_("required consultees"), default=list, blank=True)
    meeting_date = models.DateField(
        _("meeting date"),
        null=True,
        blank=True,
        help_text=_("The People's Committee or Council meeting that will consider it"),
    )
    document = models.ForeignKey(
        LegalDocument,
        verbose_name=_("adopted document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="drafts",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(consultation_start__isnull=True)
                | Q(consultation_end__isnull=True)
                | Q(consultation_end__gte=models.F("consultation_start")),
                name="lawdoc_draft_consultation_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title[:120]


class RuleAnchor(models.TextChoices):
    RECEIVED = "received", _("from receipt of the complete dossier")
    BEFORE_MEETING = "before_meeting", _("before the meeting, capped by the time from receipt")


class AppraisalRule(models.Model):
    """A time limit for appraisal, with its legal basis and the dates between
    which it applies (by the day the dossier is received), for one kind of
    draft (empty: every kind) and procedure (normal or shortened). A rule may
    say that the department does not appraise that kind at all. ``confirmed``
    is false while the figure has not been checked against the legal text:
    the screens then show the note."""

    legal_basis = models.CharField(_("legal basis"), max_length=255)
    applies_from = models.DateField(_("applies from"))
    valid_to = models.DateField(_("applies until"), null=True, blank=True, help_text=_("The last day it applies"))
    kind = models.CharField(_("kind of document"), max_length=40, choices=DraftKind.choices, blank=True)
    shortened = models.BooleanField(_("shortened procedure"), default=False)
    department_appraises = models.BooleanField(_("appraised by the department"), default=True)
    confirmed = models.BooleanField(_("checked against the legal text"), default=False)
    amount = models.PositiveSmallIntegerField(_("amount"))
    unit = models.CharField(
        _("unit"),
        max_length=20,
        choices=[("calendar_days", _("days")), ("working_days", _("working days"))],
        default="calendar_days",
    )
    anchor = models.CharField(_("counted"), max_length=20, choices=RuleAnchor.choices, default=RuleAnchor.RECEIVED)
    before_meeting_days = models.PositiveSmallIntegerField(_("days before the meeting"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("appraisal time limit")
        verbose_name_plural = _("appraisal time limits")
        ordering = ["applies_from", "kind", "shortened"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "shortened", "applies_from"], name="lawdoc_rule_once"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("applies_from")),
                name="lawdoc_rule_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.legal_basis} ({self.applies_from:%d/%m/%Y})"

    def applies_on(self, day: dt.date) -> bool:
        return self.applies_from <= day and (self.valid_to is None or day <= self.valid_to)


class AppraisalRequest(models.Model):
    """Hồ sơ đề nghị thẩm định: one submission of a draft to the department."""

    draft = models.ForeignKey(Draft, verbose_name=_("draft"), on_delete=models.CASCADE, related_name="appraisals")
    received_at = models.DateTimeField(_("received at"), db_index=True)
    resubmission_of = models.OneToOneField(
        "self",
        verbose_name=_("resubmission of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resubmission",
    )
    returned_at = models.DateTimeField(_("returned as incomplete at"), null=True, blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)
    rule = models.ForeignKey(
        AppraisalRule, verbose_name=_("time limit rule"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    due_at = models.DateTimeField(_("report due at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("received by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("appraisal request")
        verbose_name_plural = _("appraisal requests")
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.draft} ({self.received_at:%d/%m/%Y})"

    @property
    def is_open(self) -> bool:
        return self.returned_at is None and not hasattr(self, "report")


class Conclusion(models.TextChoices):
    MAY_SUBMIT = "may_submit", _("may be submitted")
    AFTER_REVISION = "after_revision", _("may be submitted after revision")
    NOT_READY = "not_ready", _("not ready to be submitted")


class AppraisalReport(models.Model):
    """Báo cáo thẩm định, with the sections the law requires and a conclusion."""

    request = models.OneToOneField(
        AppraisalRequest, verbose_name=_("appraisal request"), on_delete=models.CASCADE, related_name="report"
    )
    number = models.CharField(_("report number"), max_length=60, blank=True)
    issued_at = models.DateTimeField(_("issued at"))
    need_and_scope = models.TextField(_("need, scope and subjects"), blank=True)
    party_policy = models.TextField(_("consistency with the Party's policy"), blank=True)
    legality = models.TextField(_("constitutionality, legality and consistency with the legal system"), blank=True)
    local_fit = models.TextField(_("fit with local conditions"), blank=True)
    resources = models.TextField(_("resources and conditions"), blank=True)
    procedures_and_gender = models.TextField(_("administrative procedures and gender equality"), blank=True)
    drafting_language = models.TextField(_("language and drafting technique"), blank=True)
    conclusion = models.CharField(_("conclusion"), max_length=20, choices=Conclusion.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    SECTIONS = (
        "need_and_scope",
        "party_policy",
        "legality",
        "local_fit",
        "resources",
        "procedures_and_gender",
        "drafting_language",
    )

    class Meta:
        verbose_name = _("appraisal report")
        verbose_name_plural = _("appraisal reports")

    def __str__(self) -> str:
        return self.number or f"#{self.pk}"
