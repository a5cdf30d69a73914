"""The receiving point becomes a dimension of the aggregates' slices, at every grain (day, month,
year), so that a report by receiving point reads the roll-ups (a handful of rows per slice) instead
of every dossier received before the period's end. The aggregates are dropped and every dossier is
queued again: the next refresh counts everything with its receiving point."""

from django.db import migrations, models


def recount_everything(apps, schema_editor):
    DailyCount = apps.get_model("reports", "DailyCount")
    DossierFact = apps.get_model("reports", "DossierFact")
    DossierSpan = apps.get_model("reports", "DossierSpan")
    ChangedDossier = apps.get_model("dossiers", "ChangedDossier")
    Dossier = apps.get_model("dossiers", "Dossier")
    for model in (DailyCount, DossierSpan, DossierFact, ChangedDossier):
        model.objects.all().delete()
    queue, dossiers = ChangedDossier._meta.db_table, Dossier._meta.db_table
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {queue} (dossier_id, created_at) SELECT id, CURRENT_TIMESTAMP FROM {dossiers} ORDER BY id"  # noqa: S608 - model tables
        )


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_history_load_moved_to_dossiers"),
        ("dossiers", "0014_payments"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="dailycount", name="daily_count_grain_key"),
        migrations.AddField(model_name="dailycount", name="point_id", field=models.BigIntegerField(default=0)),
        migrations.AddField(model_name="dossierfact", name="point_id", field=models.BigIntegerField(default=0)),
        migrations.AddField(model_name="dossierspan", name="point_id", field=models.BigIntegerField(default=0)),
        migrations.AddConstraint(
            model_name="dailycount",
            constraint=models.UniqueConstraint(
                fields=(
                    "measure",
                    "grain",
                    "day",
                    "day2",
                    "unit_id",
                    "procedure_id",
                    "handler_id",
                    "channel",
                    "point_id",
                ),
                name="daily_count_grain_point_key",
            ),
        ),
        migrations.RunPython(recount_everything, migrations.RunPython.noop),
    ]
