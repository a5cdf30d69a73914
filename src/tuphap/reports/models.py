"""Pre-aggregated counts of dossiers (as Zulip's analytics keeps them).

``DailyCount`` holds one value per (measure, day[, second day], slice), where
the slice is (unit, procedure, handler, channel); reports sum these rows, so
their cost depends on the number of days and slices, not of dossiers.
``DossierFact`` remembers, for each dossier, what the job last counted for it,
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

    def __str__(self) -> str:
        return f"fact {self.dossier_id}"


class DailyCount(models.Model):
    day = models.DateField()
    day2 = models.DateField()  # the due day for two-day measures; equal to ``day`` otherwise
    measure = models.CharField(max_length=20)
    unit_id = models.BigIntegerField()
    procedure_id = models.BigIntegerField()
    handler_id = models.BigIntegerField()
    channel = models.CharField(max_length=10)
    value = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "day", "day2", "unit_id", "procedure_id", "handler_id", "channel"], name="daily_count_key"
            )
        ]
        indexes = [models.Index(fields=["measure", "day"], name="daily_count_measure_day")]

    def __str__(self) -> str:
        return f"{self.measure} {self.day} = {self.value}"


class AggregationState(models.Model):
    """One row: the job's lock and its last run (for operations pages)."""

    last_run_at = models.DateTimeField(null=True, blank=True)
    dossiers_counted = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"aggregation state {self.last_run_at}"
