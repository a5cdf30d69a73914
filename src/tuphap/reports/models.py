"""Pre-aggregated counts of dossiers (as Zulip's analytics keeps them).

``DailyCount`` holds one value per (measure, grain, day[, second day], slice),
where the slice is (unit, procedure, handler, channel, receiving point) and the
grain a day, a month or a year; reports sum these rows, so their cost depends on the number
of slices (and of years), not of dossiers or of days. ``DossierFact`` and
``DossierSpan`` remember, for each dossier, what the job last counted for it,
so that a change is applied as a difference (old contribution out, new in).
"""

from __future__ import annotations

from django.db import models


class DossierFact(models.Model):
    dossier = models.OneToOneField("dossiers.Dossier", on_delete=models.CASCADE, primary_key=True, related_name="+")
    unit_id = models.BigIntegerField()
    procedure_id = models.BigIntegerField()
    handler_id = models.BigIntegerField(default=0)  # 0: none
    channel = models.CharField(max_length=10)
    received_at = models.DateTimeField(db_index=True)
    due_at = models.DateTimeField(db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True, db_index=True)
    finish_class = models.CharField(max_length=10, blank=True)  # early | on_time | late | "" (open)
    online = models.BooleanField(default=False)
    online_payment = models.BooleanField(default=False)
    digitised = models.BooleanField(default=False)
    rating = models.CharField(max_length=12, blank=True)
    processing_seconds = models.BigIntegerField(default=0)
    # the instant from which the dossier counts as late (its appointment), or None:
    # finished on time, or its clock stopped (paused) before the appointment
    overdue_from = models.DateTimeField(null=True, blank=True, db_index=True)
    supplement_requests = models.PositiveSmallIntegerField(default=0)
    point_id = models.BigIntegerField(default=0)  # the receiving point (0: none recorded)

    def __str__(self) -> str:
        return f"fact {self.dossier_id}"


class DossierSpan(models.Model):
    """An interval (start_at, end_at] during which a dossier counts in a running
    measure: ``open`` (received, not finished), ``overdue``, ``waiting`` (for a
    supplement asked for once: left out of Decision 766) or ``late766`` (late by
    Decision 766 while in progress). A dossier counts at instant T when
    start_at < T <= end_at (no end: still counting). Reports read the spans
    only for the day of T; earlier days come from ``DailyCount``."""

    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.CASCADE, related_name="+")
    measure = models.CharField(max_length=10)
    start_at = models.DateTimeField(db_index=True)
    end_at = models.DateTimeField(null=True, blank=True, db_index=True)
    unit_id = models.BigIntegerField()
    procedure_id = models.BigIntegerField()
    handler_id = models.BigIntegerField(default=0)
    channel = models.CharField(max_length=10)
    point_id = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.measure} ({self.start_at}, {self.end_at}]"


#: what one daily count is of: its unique key, and the conflict target of the counting job's upsert
DAILY_COUNT_KEY = ("measure", "grain", "day", "day2", "unit_id", "procedure_id", "handler_id", "channel", "point_id")


class DailyCount(models.Model):
    """Counts by day, and the same summed by month and by year (``grain`` d, m,
    y; ``day`` is then the month's or the year's first day), so that any range
    of days reads whole years, whole months and at most two stretches of
    days: a handful of rows per slice, however long the range or the history.

    Running measures (open, overdue, waiting, late766) are kept as deltas: +1
    on the day a span starts, -1 on the day it ends; their count at the start
    of a day is the sum of everything before it."""

    grain = models.CharField(max_length=1, default="d")
    day = models.DateField()
    day2 = models.DateField()  # the due day for two-day measures (at every grain); equal to ``day`` otherwise
    measure = models.CharField(max_length=20)
    unit_id = models.BigIntegerField()
    procedure_id = models.BigIntegerField()
    handler_id = models.BigIntegerField()
    channel = models.CharField(max_length=10)
    point_id = models.BigIntegerField(default=0)  # the receiving point (0: none recorded)
    value = models.BigIntegerField(default=0)

    KEY = DAILY_COUNT_KEY

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=list(DAILY_COUNT_KEY),
                name="daily_count_grain_point_key",
            )
        ]
        indexes = [models.Index(fields=["measure", "grain", "day"], name="daily_count_measure_grain_day")]

    def __str__(self) -> str:
        return f"{self.measure} {self.day} = {self.value}"


class AggregationState(models.Model):
    """One row: the job's lock and its last run (for operations pages)."""

    last_run_at = models.DateTimeField(null=True, blank=True)
    dossiers_counted = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"aggregation state {self.last_run_at}"


class IndexCountFields(models.Model):
    """The service index's counts (``service_index.IndexCounts``), one column each."""

    received = models.BigIntegerField(default=0)
    synced = models.BigIntegerField(default=0)
    handled = models.BigIntegerField(default=0)
    on_time = models.BigIntegerField(default=0)
    finished = models.BigIntegerField(default=0)
    online_complete = models.BigIntegerField(default=0)
    fee_carrying = models.BigIntegerField(default=0)
    paid_online = models.BigIntegerField(default=0)
    digitised = models.BigIntegerField(default=0)
    dossier_satisfied = models.BigIntegerField(default=0)
    feedback = models.BigIntegerField(default=0)
    feedback_due = models.BigIntegerField(default=0)
    feedback_on_time = models.BigIntegerField(default=0)
    feedback_satisfied = models.BigIntegerField(default=0)

    class Meta:
        abstract = True


class IndexCount(IndexCountFields):
    """The service index's counts (``service_index.IndexCounts``) of one period that is over, for one unit
    (``unit_id`` 0: the whole department), under one version of the rules: the roll-up the reports read
    instead of classifying the period's dossiers again (``index_rollup``). A period's counts are not the
    sum of its months' (what counts depends on the period's end), so each period has its own row.
    Rows are deleted when a change could alter them: a recounted dossier whose life (receipt to finish)
    overlaps the period, feedback received before its end (``IndexStale``)."""

    start = models.DateField()
    end = models.DateField()
    unit_id = models.BigIntegerField(default=0)
    rules = models.CharField(max_length=20)
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["start", "end", "unit_id", "rules"], name="index_count_period_key")
        ]

    def __str__(self) -> str:
        return f"index counts {self.start}..{self.end} unit {self.unit_id}"


class IndexRunning(IndexCountFields):
    """The stored part of a period not over yet (the running quarter or month), for one unit (0: the
    department), as of ``cut``'s midnight (a local day): the counts of its dossiers received before then,
    those finished before then (final: they no longer move with the clock) and the open ones as they
    counted at that instant, each open one's contribution kept apart (``IndexRunningOpen``). The reads
    reclassify live only the open dossiers that changed since (``IndexMoved``, the queue) or whose
    receipt, appointment, finish or supplement pause falls between that midnight and now, taking their
    stored contribution out, and the feedback (its columns stay 0 here). Kept by ``index_rollup`` (the
    job moves ``cut`` to the current day); deleted when a recounted dossier finished (as the job last
    counted it, or now) from the period's start to before ``cut``, and by any feedback queued for the
    unit or the department (``IndexStale``)."""

    start = models.DateField()
    end = models.DateField()
    unit_id = models.BigIntegerField(default=0)
    rules = models.CharField(max_length=20)
    cut = models.DateField()
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["start", "end", "unit_id", "rules"], name="index_running_period_key")
        ]

    def __str__(self) -> str:
        return f"index running {self.start}..{self.end} unit {self.unit_id} as of {self.cut}"


class IndexRunningOpen(models.Model):
    """What one dossier open at the stored part's instant (``IndexRunning.cut``'s midnight) counted in it:
    one bit per ``IndexCounts`` field, in their order (a dossier counts 0 or 1 in each)."""

    running = models.ForeignKey(IndexRunning, on_delete=models.CASCADE, related_name="+")
    dossier_id = models.BigIntegerField()
    bits = models.IntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["running", "dossier_id"], name="index_running_open_key")]
        indexes = [models.Index(fields=["dossier_id"], name="index_running_open_dossier")]  # the job's look-up

    def __str__(self) -> str:
        return f"{self.running_id} dossier {self.dossier_id}: {self.bits:b}"


class IndexMoved(models.Model):
    """A dossier recounted by the aggregates' job, with when its change was queued: the changes since a
    stored running part's instant, after the queue (``ChangedDossier``) is emptied. Only the dossiers that
    may count differently in a stored part (open at the oldest part's midnight or finished since, or stored
    as open there: ``aggregates._record_moved``), so a history import adds none. Kept from the oldest
    ``IndexRunning.cut`` on (``index_rollup.fill`` deletes the older ones)."""

    dossier_id = models.BigIntegerField()
    at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"dossier {self.dossier_id} changed {self.at}"


class IndexStale(models.Model):
    """Feedback received, answered or reacted to at ``at`` (its receipt), not yet applied to ``IndexCount``:
    written in the feedback's transaction (the signal ``dossiers.feedback.feedback_changed``), consumed by
    the periodic job; while it waits, the reads compute the periods it touches."""

    at = models.DateTimeField()
    unit_id = models.BigIntegerField(null=True, blank=True)  # None: feedback about the service in general

    def __str__(self) -> str:
        return f"index stale from {self.at}"
