"""Review (rà soát) of the province's documents and the follow-ups it creates."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tuphap.lawdocs.models.documents import LegalDocument


class ReviewKind(models.TextChoices):
    REGULAR = "regular", _("Regular review")
    TOPIC = "topic", _("Review by topic")
    SYSTEMATISATION = "systematisation", _("Five-yearly systematisation")


class Outcome(models.TextChoices):
    IN_FORCE = "in_force", _("still in force")
    EXPIRED_WHOLE = "expired_whole", _("expired in whole")
    EXPIRED_PART = "expired_part", _("expired in part")
    SUSPENDED_WHOLE = "suspended_whole", _("suspended in whole")
    SUSPENDED_PART = "suspended_part", _("suspended in part")
    AMEND = "amend", _("needs amendment")
    SUPPLEMENT = "supplement", _("needs a supplement")
    REPLACE = "replace", _("needs replacement")
    REPEAL = "repeal", _("needs repeal")
    NEW_DOCUMENT = "new_document", _("needs a new document")


ACTION_OUTCOMES = frozenset({Outcome.AMEND, Outcome.SUPPLEMENT, Outcome.REPLACE, Outcome.REPEAL, Outcome.NEW_DOCUMENT})


class ReviewRun(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=ReviewKind.choices)
    title = models.CharField(_("title"), max_length=255)
    topic = models.CharField(_("topic"), max_length=255, blank=True)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("review run")
        verbose_name_plural = _("review runs")
        ordering = ["-period_end", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="lawdoc_review_period")
        ]

    def __str__(self) -> str:
        return self.title


class ReviewFinding(models.Model):
    run = models.ForeignKey(ReviewRun, verbose_name=_("review run"), on_delete=models.CASCADE, related_name="findings")
    document = models.ForeignKey(
        LegalDocument, verbose_name=_("document"), on_delete=models.PROTECT, related_name="review_findings"
    )
    articles = models.CharField(_("articles"), max_length=255, blank=True, help_text=_("Empty: the whole document"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("review finding")
        verbose_name_plural = _("review findings")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "document", "articles", "outcome"], name="lawdoc_finding_once")
        ]

    def __str__(self) -> str:
        return f"{self.document} — {self.get_outcome_display()}"

    @property
    def needs_action(self) -> bool:
        return self.outcome in ACTION_OUTCOMES


class FollowUp(models.Model):
    finding = models.OneToOneField(
        ReviewFinding, verbose_name=_("finding"), on_delete=models.CASCADE, related_name="follow_up"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="lawdoc_follow_ups"
    )
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    result = models.TextField(_("result"), blank=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.finding} → {self.due_on:%d/%m/%Y}"
