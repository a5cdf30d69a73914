"""The working calendar as data: days off and make-up working days.

A row with no agency applies to the whole province (the default calendar); a
row with an agency applies to that agency only and overrides the province's
row for the same date. Office hours per agency live in ``OfficeHoursRule``.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DayKind(models.TextChoices):
    DAY_OFF = "day_off", _("Day off")
    MAKEUP_DAY = "makeup_day", _("Make-up working day")


class CalendarDay(models.Model):
    agency = models.ForeignKey(
        "orgs.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="calendar_days",
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=DayKind.choices)
    reason = models.CharField(_("reason"), max_length=255)
    source = models.CharField(_("legal source"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("special day")
        verbose_name_plural = _("special days")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["date"], condition=Q(agency__isnull=True), name="calendar_day_unique_province"
            ),
            models.UniqueConstraint(
                fields=["agency", "date"], condition=Q(agency__isnull=False), name="calendar_day_unique_agency"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.get_kind_display()}: {self.reason}"


class OfficeHoursRule(models.Model):
    """Office hours of one agency (default 07:00–11:30 and 13:30–17:00)."""

    agency = models.OneToOneField(
        "orgs.Agency", verbose_name=_("agency"), on_delete=models.CASCADE, related_name="office_hours"
    )
    morning_start = models.TimeField(_("morning start"))
    morning_end = models.TimeField(_("morning end"))
    afternoon_start = models.TimeField(_("afternoon start"))
    afternoon_end = models.TimeField(_("afternoon end"))

    class Meta:
        verbose_name = _("office hours")
        verbose_name_plural = _("office hours")
        constraints = [
            models.CheckConstraint(
                condition=Q(morning_start__lt=models.F("morning_end"))
                & Q(morning_end__lte=models.F("afternoon_start"))
                & Q(afternoon_start__lt=models.F("afternoon_end")),
                name="office_hours_ordered",
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.agency}: {self.morning_start:%H:%M}–{self.morning_end:%H:%M}, "
            f"{self.afternoon_start:%H:%M}–{self.afternoon_end:%H:%M}"
        )


class CalendarRevision(models.Model):
    """A counter bumped by every calendar change, so that processes rebuild their
    office clocks (``selectors.office_clock``) exactly when the data changed."""

    agency = models.OneToOneField(
        "orgs.Agency", verbose_name=_("agency"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    number = models.PositiveBigIntegerField(_("revision"), default=0)
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("calendar revision")
        verbose_name_plural = _("calendar revisions")

    def __str__(self) -> str:
        return f"{self.agency or '—'} #{self.number}"


class YearStatus(models.TextChoices):
    OFFICIAL = "official", _("Official")
    ESTIMATED = "estimated", _("Estimated")


class CalendarYear(models.Model):
    """Where a year of the calendar comes from: the government's announced
    schedule (official, with the document) or an estimate derived from the
    ``holidays`` package. A year without a row is estimated."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    status = models.CharField(_("status"), max_length=10, choices=YearStatus.choices)
    source = models.CharField(_("source"), max_length=255, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")
        ordering = ["year"]
        constraints = [
            models.CheckConstraint(condition=Q(year__gte=1945) & Q(year__lte=2100), name="calendar_year_range"),
            models.CheckConstraint(
                condition=Q(status__in=["official", "estimated"]), name="calendar_year_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.get_status_display()}"
