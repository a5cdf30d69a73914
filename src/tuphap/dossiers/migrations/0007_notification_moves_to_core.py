"""The notification outbox moves to ``core`` (``core.Notification``), rows kept.

Here, while the model is still the dossiers' one: the foreign key to the
dossier becomes a reference by name (``object_type`` "dossiers.dossier",
``object_id``), copied row by row, so that the core model points at no
domain app; then the model leaves this app's state, without touching the
table. ``core/0003_notification_outbox`` takes the table over (and renames
it), and runs after this migration (``run_before``) so that core's
migrations never name a domain app.
"""

from django.db import migrations, models
from django.db.models.functions import Cast


def dossier_to_reference(apps, schema_editor):  # type: ignore[no-untyped-def]
    Notification = apps.get_model("dossiers", "Notification")
    Notification.objects.filter(dossier__isnull=False).update(
        object_type="dossiers.dossier", object_id=Cast("dossier_id", models.CharField(max_length=64))
    )


def reference_to_dossier(apps, schema_editor):  # type: ignore[no-untyped-def]
    Notification = apps.get_model("dossiers", "Notification")
    Notification.objects.filter(object_type="dossiers.dossier").update(
        dossier_id=Cast("object_id", models.BigIntegerField())
    )


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0006_history_load"),
    ]
    run_before = [
        ("core", "0003_notification_outbox"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="object_type",
            field=models.CharField(blank=True, default="", max_length=100),
        ),
        migrations.AddField(
            model_name="notification",
            name="object_id",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.RunPython(dossier_to_reference, reference_to_dossier, elidable=False),
        migrations.RemoveField(model_name="notification", name="dossier"),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Notification")],
            database_operations=[],
        ),
    ]
