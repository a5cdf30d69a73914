"""``HistoryLoad`` belongs to whoever loads the history (the dossiers app): its rows are
copied to ``dossiers.HistoryLoad`` (new ids: no row refers to them), then the table here goes."""

from django.db import migrations

FIELDS = ("key", "label", "first_day", "last_day", "done_through", "started_at", "finished_at")


def copy_rows(apps, schema_editor):
    old = apps.get_model("reports", "HistoryLoad")
    new = apps.get_model("dossiers", "HistoryLoad")
    for row in old.objects.order_by("pk").values(*FIELDS):
        if new.objects.filter(key=row["key"]).exists():
            continue
        made = new.objects.create(**row)
        new.objects.filter(pk=made.pk).update(started_at=row["started_at"])  # auto_now_add set it to now


def copy_back(apps, schema_editor):
    old = apps.get_model("reports", "HistoryLoad")
    new = apps.get_model("dossiers", "HistoryLoad")
    for row in new.objects.order_by("pk").values(*FIELDS):
        made = old.objects.create(**row)
        old.objects.filter(pk=made.pk).update(started_at=row["started_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_running_spans_766"),
        ("dossiers", "0006_history_load"),
    ]

    operations = [
        migrations.RunPython(copy_rows, copy_back),
        migrations.DeleteModel(name="HistoryLoad"),
    ]
