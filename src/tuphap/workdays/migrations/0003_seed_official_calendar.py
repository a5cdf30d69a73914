"""Seed the province-wide calendar with the official days off and make-up days
of 2015–2030 (the `holidays` package corrected by the government's announced
days, see tuphap.workdays.seed). Years already present are left alone."""

from django.db import migrations


def seed(apps, schema_editor):
    from tuphap.workdays.seed import official_calendar_entries

    CalendarDay = apps.get_model("workdays", "CalendarDay")
    CalendarRevision = apps.get_model("workdays", "CalendarRevision")
    present = set(CalendarDay.objects.filter(agency__isnull=True).values_list("date__year", flat=True).distinct())
    rows = [
        CalendarDay(agency=None, date=e.date, kind=e.kind, reason=e.reason, source=e.source)
        for e in official_calendar_entries(2015, 2030)
        if e.date.year not in present
    ]
    CalendarDay.objects.bulk_create(rows)
    revision, _ = CalendarRevision.objects.get_or_create(agency=None)
    revision.number += 1
    revision.save()


def unseed(apps, schema_editor):
    apps.get_model("workdays", "CalendarDay").objects.filter(agency__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("workdays", "0002_calendar_revision")]
    operations = [migrations.RunPython(seed, unseed)]
