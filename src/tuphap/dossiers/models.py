"""Procedures (versioned catalogue), dossiers, their events, pauses, code
counters and the national-portal sync outbox (notifications: ``tuphap.core.notifications``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tuphap.dossiers.workflow import State


class LimitUnit(models.TextChoices):
    WORKING_DAYS = "working_days", _("working days")
    CALENDAR_DAYS = "calendar_days", _("calendar days")
    WORKING_HOURS = "working_hours", _("working hours")


class Channel(models.TextChoices):
    DESK = "desk", _("At the one-stop desk")
    ONLINE = "online", _("Online")
    POST = "post", _("By post")


CHANNEL_NATIONAL_CODE = {Channel.DESK: 1, Channel.ONLINE: 2, Channel.POST: 3}


class Procedure(models.Model):
    """Thủ tục hành chính: one version of a procedure in the catalogue."""

    code = models.CharField(_("procedure code"), max_length=40, db_index=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=500)
    field = models.CharField(_("field"), max_length=200)
    agency = models.ForeignKey(
        "orgs.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="procedures"
    )
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("competent unit"), on_delete=models.PROTECT, related_name="procedures"
    )
    time_limit_amount = models.PositiveIntegerField(_("time limit"))
    time_limit_unit = models.CharField(_("time limit unit"), max_length=20, choices=LimitUnit.choices)
    time_limit_note = models.CharField(_("time limit note"), max_length=255, blank=True)
    fee = models.PositiveBigIntegerField(_("fee (VND)"), default=0)
    fee_note = models.CharField(_("fee note"), max_length=255, blank=True)
    components = models.JSONField(_("required components"), default=list, blank=True)
    channels = models.JSONField(_("allowed channels"), default=list, blank=True)
    online_level = models.CharField(_("online service level"), max_length=20, blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    # reductions and exemptions of the fee: [{kind, who, percent|amount, basis}] (procedures.clean_fee_rules)
    fee_rules = models.JSONField(_("fee reductions and exemptions"), default=list, blank=True)
    # the time limits the officer may apply instead of the usual one: [{key, label, amount, unit, condition, basis}]
    time_limit_variants = models.JSONField(_("time limit variants"), default=list, blank=True)
    # for a version that ended because the task moved away: who handles it now (Vietnamese text)
    handed_to = models.CharField(_("handled now by"), max_length=255, blank=True)
    # where the code comes from: "national" (the national procedures database) or "demo" (a demo value)
    code_source = models.CharField(_("source of the code"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")
        ordering = ["field", "name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="procedure_code_version_unique"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="procedure_valid_range",
            ),
            models.CheckConstraint(
                condition=Q(time_limit_unit__in=LimitUnit.values), name="procedure_limit_unit_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class Dossier(models.Model):
    """Hồ sơ: one application for a procedure."""

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    class Rating(models.TextChoices):
        GOOD = "good", _("Good")
        ACCEPTABLE = "acceptable", _("Acceptable")
        POOR = "poor", _("Poor")

    class IdType(models.TextChoices):
        CITIZEN_ID = "cccd", _("Citizen ID card")
        PASSPORT = "passport", _("Passport")
        OTHER = "other", _("Other papers")

    code = models.CharField(_("dossier code"), max_length=40, unique=True)
    # the foreign keys of agency, unit and handler lead a composite index of Meta: no index of their own
    agency = models.ForeignKey(
        "orgs.Agency",
        verbose_name=_("receiving agency"),
        on_delete=models.PROTECT,
        related_name="dossiers",
        db_index=False,
    )
    receiving_point = models.ForeignKey(
        "orgs.ReceivingPoint",
        verbose_name=_("receiving point"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    procedure = models.ForeignKey(
        Procedure, verbose_name=_("procedure"), on_delete=models.PROTECT, related_name="dossiers"
    )
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="dossiers", db_index=False
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handled_dossiers",
        db_index=False,
    )
    applicant_name = models.CharField(_("applicant"), max_length=255)
    applicant_id_type = models.CharField(_("ID type"), max_length=10, choices=IdType.choices, default=IdType.CITIZEN_ID)
    applicant_id_number = models.CharField(_("ID number"), max_length=20, blank=True)
    applicant_phone = models.CharField(_("phone"), max_length=15, blank=True)
    applicant_email = models.EmailField(_("email"), blank=True)
    applicant_address = models.CharField(_("address"), max_length=255, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    state = models.CharField(_("state"), max_length=30, choices=[(s.value, s.value) for s in State])
    received_at = models.DateTimeField(_("received at"))
    due_at = models.DateTimeField(_("appointment"), null=True, blank=True)
    extended_due_at = models.DateTimeField(_("appointment promised in the apology"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    outcome_reason = models.TextField(_("reasons"), blank=True)
    rating = models.CharField(_("rating"), max_length=12, choices=Rating.choices, blank=True)
    online_payment = models.BooleanField(_("paid online"), default=False)
    scanned_components = models.BooleanField(_("components scanned"), default=False)
    electronic_result = models.BooleanField(_("electronic result"), default=False)
    supplement_requests = models.PositiveSmallIntegerField(_("supplement requests"), default=0)
    # facts the service index (Decision 766/QĐ-TTg, reports/service_index.py) needs, recorded when they happen
    synced_to_national_at = models.DateTimeField(_("synchronised to the national portal at"), null=True, blank=True)
    components_required = models.PositiveSmallIntegerField(_("required components"), default=0)
    digitised_components = models.PositiveSmallIntegerField(_("digitised components"), default=0)
    fee_due = models.PositiveBigIntegerField(_("fee at receipt (VND)"), default=0)
    extensions = models.PositiveSmallIntegerField(_("extensions"), default=0)
    #: the apology (form 04) went out later than the law's lead time before the appointment
    late_notice = models.BooleanField(_("apology sent late"), default=False)
    #: a supplement was requested later than the law's window after receipt
    late_supplement_request = models.BooleanField(_("supplement requested late"), default=False)
    paused_at = models.DateTimeField(_("clock paused since"), null=True, blank=True)
    import_key = models.CharField(_("import key"), max_length=64, null=True, blank=True, unique=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-received_at", "-id"]
        indexes = [
            # the inbox and overdue lists of one unit: open dossiers by appointment
            models.Index(fields=["unit", "state", "due_at"], name="dossier_unit_state_due"),
            # the overdue and due-soon lists: open dossiers whose clock runs, by appointment
            models.Index(
                fields=["unit", "due_at"], condition=Q(state__in=["received", "in_process"]), name="dossier_running_due"
            ),
            models.Index(fields=["agency", "received_at"], name="dossier_agency_received"),
            models.Index(fields=["handler", "state"], name="dossier_handler_state"),
            models.Index(fields=["finished_at"], name="dossier_finished"),
            # the reports' reads by instant, whatever the agency: received, due (a running period's dossiers that
            # moved since its stored part's instant, reports.index_selectors.changed_since)
            models.Index(fields=["received_at"], name="dossier_received"),
            models.Index(fields=["due_at"], name="dossier_due"),
            # by state alone (a plain index: the field's own would add a pattern index on PostgreSQL, never used)
            models.Index(fields=["state"], name="dossier_state"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=[s.value for s in State]), name="dossier_state_valid"),
            models.CheckConstraint(condition=Q(extensions__lte=1), name="dossier_at_most_one_extension"),
        ]

    def __str__(self) -> str:
        return self.code


class DossierEvent(models.Model):
    """One line of the control slip (phiếu kiểm soát): never edited."""

    # the key leads the unique (dossier, seq) constraint's index: no index of its own
    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.PROTECT, related_name="events", db_index=False
    )
    seq = models.PositiveIntegerField(_("sequence"))
    action = models.CharField(_("action"), max_length=40)
    from_state = models.CharField(_("from state"), max_length=30, blank=True)
    to_state = models.CharField(_("to state"), max_length=30)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True)
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handed to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("time"))
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    due_before = models.DateTimeField(_("appointment before"), null=True, blank=True)
    due_after = models.DateTimeField(_("appointment after"), null=True, blank=True)
    step_due_at = models.DateTimeField(_("step deadline"), null=True, blank=True)

    class Meta:
        verbose_name = _("dossier event")
        verbose_name_plural = _("dossier events")
        ordering = ["dossier", "seq"]
        constraints = [models.UniqueConstraint(fields=["dossier", "seq"], name="dossier_event_seq_unique")]

    def __str__(self) -> str:
        return f"{self.dossier_id}#{self.seq} {self.action}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise ValueError("dossier events are append-only")
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class DossierPause(models.Model):
    """A stretch during which the clock stood still (supplement or fee awaited)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="pauses")
    kind = models.CharField(max_length=20)  # "supplement" | "fee"
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["started_at"]
        indexes = [  # the pauses starting or ending in a stretch of time (reports.index_selectors.changed_since)
            models.Index(fields=["started_at"], name="pause_started"),
            models.Index(fields=["ended_at"], name="pause_ended"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("started_at")), name="pause_ordered"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.kind} {self.started_at}–{self.ended_at or ''}"


class CodeCounter(models.Model):
    """The last sequence number of dossier codes per agency and receipt day."""

    agency = models.ForeignKey("orgs.Agency", on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "day"], name="code_counter_unique")]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.day} {self.last}"


class DossierReminder(models.Model):
    """A deadline warning sent for a dossier (``dossiers.reminders``): once per
    kind (due soon, overdue) and appointment, as ``workplans.TaskReminder``."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Due soon")
        OVERDUE = "overdue", _("Overdue")

    dossier = models.ForeignKey(Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    due_at = models.DateTimeField(_("appointment"))
    recipients = models.JSONField(_("recipients"), default=list)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("dossier reminder")
        verbose_name_plural = _("dossier reminders")
        constraints = [models.UniqueConstraint(fields=["dossier", "kind", "due_at"], name="dossier_reminder_once")]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.kind} {self.due_at:%Y-%m-%d %H:%M}"


class SyncRecord(models.Model):
    """A state change queued for the national public-service portal."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="sync_records")
    event = models.OneToOneField(DossierEvent, on_delete=models.PROTECT, related_name="sync_record")
    status_code = models.PositiveSmallIntegerField()
    payload = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    exported_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.dossier_id} → {self.status_code}"


class ChangedDossier(models.Model):
    """A dossier changed since the report aggregates last counted it.

    Written in the same transaction as every dossier event, consumed (and
    deleted) by ``tuphap.reports``' aggregation job: unlike a cursor over event
    ids, a queue cannot skip a transaction that commits late."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.dossier_id}"


class DossierAttachment(models.Model):
    """A file of a dossier: a scanned component or the electronic result (issue 5)."""

    class Kind(models.TextChoices):
        COMPONENT = "component", _("Scanned component")
        RESULT = "result", _("Electronic result")

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.PROTECT, related_name="attachments"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to="dossiers/%Y/%m/", max_length=255)
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("dossier attachment")
        verbose_name_plural = _("dossier attachments")
        ordering = ["dossier", "uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["component", "result"]), name="dossier_attachment_kind_valid")
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.name}"


class HistoryLoad(models.Model):
    """A load of past dossiers still running (the demo's history, a large
    import), kept by whoever loads them: while one is unfinished, every report
    says its figures are incomplete (``reports.selectors.history_loading``),
    and how far the load has come."""

    key = models.CharField(max_length=40, unique=True)
    label = models.CharField(max_length=200)  # Vietnamese, as the report prints it
    first_day = models.DateField()
    last_day = models.DateField()
    done_through = models.DateField(null=True, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.key} {self.done_through or '-'} / {self.last_day}"


class Feedback(models.Model):
    """Phản ánh, kiến nghị: a citizen's feedback or complaint about a dossier or
    the service (``dossiers/feedback.py``), answered by a due date in working days."""

    class Kind(models.TextChoices):
        REFLECTION = "reflection", _("Feedback")
        RECOMMENDATION = "recommendation", _("Recommendation")

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), null=True, blank=True, on_delete=models.PROTECT, related_name="feedback"
    )
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    content = models.TextField(_("content"))
    sender_name = models.CharField(_("sender"), max_length=255)
    sender_contact = models.CharField(_("sender's phone or email"), max_length=255, blank=True)
    received_at = models.DateTimeField(_("received at"), db_index=True)
    due_at = models.DateTimeField(_("answer due"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    sender_satisfied = models.BooleanField(_("sender satisfied with the answer"), null=True, blank=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["reflection", "recommendation"]), name="feedback_kind_valid"),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | Q(answered_at__gte=models.F("received_at")),
                name="feedback_answered_after_received",
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class OnlineApplication(models.Model):
    """An application made online by a citizen (issue 18, ``dossiers.online``): a draft while the
    citizen works on it (``dossier`` empty), then the link between the dossier and its citizen,
    with how the result is delivered. Files of a submitted application are the dossier's attachments."""

    class Delivery(models.TextChoices):
        DESK = "desk", _("At the one-stop desk")
        POST = "post", _("By public post")
        ELECTRONIC = "electronic", _("Electronically")

    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("citizen"), on_delete=models.PROTECT, related_name="applications"
    )
    procedure_code = models.CharField(_("procedure code"), max_length=40)
    delivery = models.CharField(_("delivery of the result"), max_length=12, choices=Delivery.choices, blank=True)
    phone = models.CharField(_("phone"), max_length=15, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    #: component id -> attachment id, once submitted
    components = models.JSONField(_("components"), default=dict, blank=True)
    dossier = models.OneToOneField(
        Dossier, verbose_name=_("dossier"), null=True, blank=True, on_delete=models.PROTECT, related_name="online"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("online application")
        verbose_name_plural = _("online applications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["citizen", "submitted_at"], name="online_citizen_submitted")]
        constraints = [
            models.UniqueConstraint(
                fields=["citizen", "procedure_code"], condition=Q(dossier__isnull=True), name="online_one_draft"
            ),
            models.CheckConstraint(
                condition=Q(delivery__in=["", "desk", "post", "electronic"]), name="online_delivery_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.citizen_id} {self.procedure_code} {self.dossier_id or 'draft'}"


# the payments and the electronic results live in their packages; registered with this app
from tuphap.dossiers.online.models import OnlineDraftFile  # noqa: E402, F401
from tuphap.dossiers.payments.models import Payment  # noqa: E402, F401
from tuphap.dossiers.results.models import ElectronicResult  # noqa: E402, F401
