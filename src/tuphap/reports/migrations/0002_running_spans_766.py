"""Counts by day, month and year; running measures as spans (open, overdue,
waiting for a supplement, late by Decision 766); the notice of history still
loading. The old aggregates are dropped and every dossier is queued again, so
the next refresh counts everything under the new rules."""

import django.db.models.deletion
from django.db import migrations, models


def recount_everything(apps, schema_editor):
    DailyCount = apps.get_model("reports", "DailyCount")
    DossierFact = apps.get_model("reports", "DossierFact")
    ChangedDossier = apps.get_model("dossiers", "ChangedDossier")
    Dossier = apps.get_model("dossiers", "Dossier")
    DailyCount.objects.all().delete()
    DossierFact.objects.all().delete()
    ChangedDossier.objects.all().delete()
    queue, dossiers = ChangedDossier._meta.db_table, Dossier._meta.db_table
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {queue} (dossier_id, created_at) SELECT id, CURRENT_TIMESTAMP FROM {dossiers} ORDER BY id"  # noqa: S608 - model tables
        )


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0005_supplement_requested_again"),
        ("reports", "0001_aggregates"),
    ]

    operations = [
        migrations.CreateModel(
            name="DossierSpan",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("measure", models.CharField(max_length=10)),
                ("start_at", models.DateTimeField(db_index=True)),
                ("end_at", models.DateTimeField(blank=True, db_index=True, null=True)),
                ("unit_id", models.BigIntegerField()),
                ("procedure_id", models.BigIntegerField()),
                ("handler_id", models.BigIntegerField(default=0)),
                ("channel", models.CharField(max_length=10)),
            ],
        ),
        migrations.CreateModel(
            name="HistoryLoad",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.CharField(max_length=40, unique=True)),
                ("label", models.CharField(max_length=200)),
                ("first_day", models.DateField()),
                ("last_day", models.DateField()),
                ("done_through", models.DateField(blank=True, null=True)),
                ("started_at", models.DateTimeField(auto_now_add=True)),
                ("finished_at", models.DateTimeField(blank=True, null=True)),
            ],
        ),
        migrations.RemoveConstraint(
            model_name="dailycount",
            name="daily_count_key",
        ),
        migrations.RemoveIndex(
            model_name="dailycount",
            name="daily_count_measure_day",
        ),
        migrations.AddField(
            model_name="dailycount",
            name="grain",
            field=models.CharField(default="d", max_length=1),
        ),
        migrations.AddField(
            model_name="dossierfact",
            name="overdue_from",
            field=models.DateTimeField(blank=True, db_index=True, null=True),
        ),
        migrations.AddField(
            model_name="dossierfact",
            name="supplement_requests",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddIndex(
            model_name="dailycount",
            index=models.Index(fields=["measure", "grain", "day"], name="daily_count_measure_grain_day"),
        ),
        migrations.AddConstraint(
            model_name="dailycount",
            constraint=models.UniqueConstraint(
                fields=("measure", "grain", "day", "day2", "unit_id", "procedure_id", "handler_id", "channel"),
                name="daily_count_grain_key",
            ),
        ),
        migrations.AddField(
            model_name="dossierspan",
            name="dossier",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="dossiers.dossier"
            ),
        ),
        migrations.RunPython(recount_everything, recount_everything),
    ]
