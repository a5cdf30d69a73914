"""Plans, decisions and assigned tasks; violation-handling statistics.

- ``TaskSource``: where tasks come from (a leader's conclusion, a decision,
  a plan, a directive) with its number and date; a conclusion is entered once
  and split into tasks.
- ``Task``: one assigned task with its lead and coordinating units, deadline
  (a date, or days from assignment through ``workdays``), state and result;
  its status (on time, late, overdue) is derived by ``rules.task_status``.
- ``TaskEvent``: the task's history (progress notes, state changes, new
  deadlines); append-only, written by the services.
- ``TaskReminder``: one row per reminder sent, so that each is sent once.
- ``DeadlineRule`` and ``Plan``: plans and decisions the department drafts
  and submits to the province, with a configurable deadline (the 10-day
  rule of Decree 80/2025 for a province's implementation plan).
- ``ViolationStat``: periodic figures of administrative-violation handling.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tuphap.workplans import rules


class SourceKind(models.TextChoices):
    CONCLUSION = "conclusion", _("Leader's conclusion")
    DECISION = "decision", _("Decision")
    PLAN = "plan", _("Plan")
    DIRECTIVE = "directive", _("Directive")
    DOCUMENT = "document", _("Other document")


class TaskState(models.TextChoices):
    NOT_STARTED = rules.State.NOT_STARTED.value, _("not started")
    IN_PROGRESS = rules.State.IN_PROGRESS.value, _("in progress")
    DONE = rules.State.DONE.value, _("done")


class TaskStatus(models.TextChoices):
    NOT_STARTED = rules.Status.NOT_STARTED.value, _("not started")
    IN_PROGRESS = rules.Status.IN_PROGRESS.value, _("in progress")
    DONE_ON_TIME = rules.Status.DONE_ON_TIME.value, _("done on time")
    DONE_LATE = rules.Status.DONE_LATE.value, _("done late")
    OVERDUE = rules.Status.OVERDUE.value, _("overdue")


class DeadlineKind(models.TextChoices):
    NONE = rules.DeadlineKind.NONE.value, _("no deadline")
    DATE = rules.DeadlineKind.DATE.value, _("a date")
    WORKING_DAYS = rules.DeadlineKind.WORKING_DAYS.value, _("working days from assignment")
    CALENDAR_DAYS = rules.DeadlineKind.CALENDAR_DAYS.value, _("calendar days from assignment")


class Recorded(models.Model):
    """When a source, plan or decision was entered, and by whom (None: an import or the demo)."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        abstract = True


class TaskSource(Recorded):
    """Nguồn giao nhiệm vụ: a conclusion, decision, plan or directive."""

    agency = models.ForeignKey(
        "orgs.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="task_sources"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=SourceKind.choices)
    number = models.CharField(_("number"), max_length=60, blank=True)
    issued_on = models.DateField(_("issued on"))
    issuer = models.CharField(_("issuer"), max_length=255, blank=True)
    title = models.CharField(_("title"), max_length=500)

    class Meta:
        verbose_name = _("task source")
        verbose_name_plural = _("task sources")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "kind", "number", "issued_on"],
                condition=~Q(number=""),
                name="workplans_source_number_unique",
            ),
            models.CheckConstraint(condition=Q(kind__in=SourceKind.values), name="workplans_source_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.issued_on:%d/%m/%Y})" if self.number else self.title[:80]


class Task(models.Model):
    """Nhiệm vụ được giao."""

    source = models.ForeignKey(TaskSource, verbose_name=_("source"), on_delete=models.PROTECT, related_name="tasks")
    seq = models.PositiveSmallIntegerField(_("item"))
    content = models.TextField(_("content"))
    lead_unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("lead unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_tasks",
    )
    coordinating_units = models.ManyToManyField(
        "orgs.Unit", verbose_name=_("coordinating units"), blank=True, related_name="coordinated_tasks"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person in charge"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="workplan_tasks",
    )
    assigned_on = models.DateField(_("assigned on"))
    deadline_kind = models.CharField(_("deadline"), max_length=20, choices=DeadlineKind.choices)
    deadline_days = models.PositiveSmallIntegerField(_("days"), null=True, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=TaskState.choices, default=TaskState.NOT_STARTED)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    result_document = models.CharField(_("result document"), max_length=500, blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = [F("due_on").asc(nulls_last=True), "id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "seq"], name="workplans_task_seq_unique"),
            models.CheckConstraint(condition=Q(state__in=TaskState.values), name="workplans_task_state_valid"),
            models.CheckConstraint(
                condition=(
                    Q(deadline_kind=DeadlineKind.NONE, due_on__isnull=True, deadline_days__isnull=True)
                    | Q(deadline_kind=DeadlineKind.DATE, due_on__isnull=False, deadline_days__isnull=True)
                    | Q(
                        deadline_kind__in=[DeadlineKind.WORKING_DAYS, DeadlineKind.CALENDAR_DAYS],
                        due_on__isnull=False,
                        deadline_days__gte=1,
                    )
                ),
                name="workplans_task_deadline_consistent",
            ),
            models.CheckConstraint(
                condition=Q(state=TaskState.DONE, completed_on__isnull=False)
                | (~Q(state=TaskState.DONE) & Q(completed_on__isnull=True)),
                name="workplans_task_done_has_date",
            ),
            models.CheckConstraint(
                condition=Q(due_on__isnull=True) | Q(due_on__gte=F("assigned_on")),
                name="workplans_task_due_after_assigned",
            ),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(completed_on__gte=F("assigned_on")),
                name="workplans_task_completed_after_assigned",
            ),
        ]
        indexes = [
            models.Index(fields=["lead_unit", "state", "due_on"], name="workplans_task_unit_idx"),
            models.Index(fields=["state", "due_on"], name="workplans_task_due_idx"),
            models.Index(fields=["completed_on"], name="workplans_task_completed_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.source_id}.{self.seq}: {self.content[:80]}"

    def status(self, today: dt.date) -> str:
        return rules.task_status(self.state, self.due_on, self.completed_on, today)


EVENT_LABELS = {
    "assign": _("assigned"),
    "start": _("started"),
    "note": _("progress note"),
    "complete": _("marked done"),
    "reopen": _("reopened"),
    "reschedule": _("new deadline"),
    "retime": _("deadline re-timed after a calendar change"),
}


class TaskEvent(models.Model):
    """One entry of a task's history; written by the services, never edited."""

    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="events")
    seq = models.PositiveIntegerField(_("number"))
    action = models.CharField(_("action"), max_length=20)
    at = models.DateTimeField(_("time"), auto_now_add=True)
    on = models.DateField(_("date"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True)
    note = models.TextField(_("note"), blank=True)
    from_state = models.CharField(_("from state"), max_length=20, blank=True)
    to_state = models.CharField(_("to state"), max_length=20, blank=True)
    due_before = models.DateField(_("due before"), null=True, blank=True)
    due_after = models.DateField(_("due after"), null=True, blank=True)

    class Meta:
        verbose_name = _("task event")
        verbose_name_plural = _("task events")
        ordering = ["task", "seq"]
        constraints = [models.UniqueConstraint(fields=["task", "seq"], name="workplans_event_seq_unique")]

    def __str__(self) -> str:
        return f"{self.task_id}#{self.seq} {self.action}"

    def get_action_label(self) -> str:
        return str(EVENT_LABELS.get(self.action, self.action))


class TaskReminder(models.Model):
    """A reminder sent for a task's deadline: once per kind and deadline."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20)  # due_soon, overdue
    due_on = models.DateField()
    recipients = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("task reminder")
        verbose_name_plural = _("task reminders")
        constraints = [models.UniqueConstraint(fields=["task", "kind", "due_on"], name="workplans_reminder_once")]

    def __str__(self) -> str:
        return f"{self.task_id} {self.kind} {self.due_on}"


# --------------------------------------------------------------------------- plans and decisions


class PlanKind(models.TextChoices):
    PLAN = "plan", _("Plan")
    DECISION = "decision", _("Decision")


class PlanField(models.TextChoices):
    VIOLATION_HANDLING = "violation_handling", _("Administrative-violation handling management")
    ENFORCEMENT_MONITORING = "enforcement_monitoring", _("Law-enforcement monitoring")
    LAW_IMPLEMENTATION = "law_implementation", _("Implementation of laws")
    DISSEMINATION = "dissemination", _("Legal dissemination")
    LEGAL_DOCUMENTS = "legal_documents", _("Legal normative documents")
    OTHER = "other", _("Other")


class DeadlineUnit(models.TextChoices):
    CALENDAR_DAYS = "calendar_days", _("calendar days")
    WORKING_DAYS = "working_days", _("working days")


class DeadlineRule(models.Model):
    """A configurable time limit for drafting a plan, with its legal basis.

    E.g. ``implementation_plan``: a province issues its plan to implement a
    law within 10 days of the Prime Minister's plan (Decree 80/2025/NĐ-CP).
    """

    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=255)
    amount = models.PositiveSmallIntegerField(_("amount"))
    unit = models.CharField(_("unit"), max_length=20, choices=DeadlineUnit.choices)
    legal_basis = models.CharField(_("legal basis"), max_length=255)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")
        ordering = ["code", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="workplans_rule_unique"),
            models.CheckConstraint(condition=Q(amount__gte=1), name="workplans_rule_amount_positive"),
            models.CheckConstraint(condition=Q(unit__in=DeadlineUnit.values), name="workplans_rule_unit_valid"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")), name="workplans_rule_valid_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.amount} {self.get_unit_display()}, {self.legal_basis})"


class Plan(Recorded):
    """Kế hoạch / quyết định the department drafts and submits to the province."""

    agency = models.ForeignKey(
        "orgs.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="workplans"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PlanKind.choices)
    field = models.CharField(_("field"), max_length=40, choices=PlanField.choices)
    title = models.CharField(_("title"), max_length=500)
    lead_unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("lead unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="plans"
    )
    basis = models.CharField(_("basis"), max_length=255, blank=True)
    basis_issued_on = models.DateField(_("basis issued on"), null=True, blank=True)
    rule = models.ForeignKey(
        DeadlineRule,
        verbose_name=_("deadline rule"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True, db_index=True)
    submission_number = models.CharField(_("submission number"), max_length=60, blank=True)
    issued_number = models.CharField(_("issued number"), max_length=60, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)

    class Meta:
        verbose_name = _("plan or decision")
        verbose_name_plural = _("plans and decisions")
        ordering = [F("submitted_on").desc(nulls_first=True), "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=PlanKind.values), name="workplans_plan_kind_valid"),
            models.CheckConstraint(condition=Q(field__in=PlanField.values), name="workplans_plan_field_valid"),
            models.CheckConstraint(
                condition=Q(issued_number="", issued_on__isnull=True)
                | (~Q(issued_number="") & Q(issued_on__isnull=False)),
                name="workplans_plan_issued_both",
            ),
            models.CheckConstraint(
                condition=Q(issued_on__isnull=True) | Q(submitted_on__isnull=False),
                name="workplans_plan_issued_after_submitted",
            ),
            models.CheckConstraint(
                condition=Q(rule__isnull=True) | Q(basis_issued_on__isnull=False),
                name="workplans_plan_rule_needs_basis",
            ),
            models.UniqueConstraint(
                fields=["agency", "issued_number"], condition=~Q(issued_number=""), name="workplans_plan_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.title[:120]


# --------------------------------------------------------------------------- statistics


class ViolationStat(models.Model):
    """Figures of administrative-violation handling for a quarter, one reporting body and field."""

    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    reporter = models.CharField(_("reporting body"), max_length=255)
    field = models.CharField(
        _("field"), max_length=40, choices=[(f.value, rules.FIELD_NAMES_VI[f]) for f in rules.Field]
    )
    decisions = models.PositiveIntegerField(_("sanctioning decisions"))
    fines_imposed = models.PositiveBigIntegerField(_("fines imposed (VND)"))
    fines_collected = models.PositiveBigIntegerField(_("fines collected (VND)"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("violation-handling figure")
        verbose_name_plural = _("violation-handling figures")
        ordering = ["-year", "-quarter", "reporter", "field"]
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter", "reporter", "field"], name="workplans_stat_unique"),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="workplans_stat_quarter_valid"),
            models.CheckConstraint(condition=Q(year__gte=2000, year__lte=2100), name="workplans_stat_year_valid"),
            models.CheckConstraint(
                condition=Q(field__in=[f.value for f in rules.Field]), name="workplans_stat_field_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quarter}/{self.year} {self.reporter} {self.field}"
