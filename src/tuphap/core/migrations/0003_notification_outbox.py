"""The notification outbox, moved here from ``dossiers`` with its rows.

The table ``dossiers_notification`` (made by the dossiers' migrations, and
turned into a reference by name by ``dossiers/0007_notification_moves_to_core``,
which runs first) becomes this app's model, then is renamed to
``core_notification``. An installation without the dossiers app gets the
table made here.
"""

from django.db import migrations, models


def create_table_if_missing(apps, schema_editor):  # type: ignore[no-untyped-def]
    model = apps.get_model("core", "Notification")
    if model._meta.db_table not in schema_editor.connection.introspection.table_names():
        schema_editor.create_model(model)


def drop_table_made_here(apps, schema_editor):  # type: ignore[no-untyped-def]
    # unapplying gives the table back to the dossiers' migrations when they are there
    from django.apps import apps as global_apps

    if not global_apps.is_installed("tuphap.dossiers"):
        schema_editor.delete_model(apps.get_model("core", "Notification"))


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_idempotency_keys"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Notification",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "object_type",
                            models.CharField(blank=True, default="", max_length=100, verbose_name="object type"),
                        ),
                        (
                            "object_id",
                            models.CharField(blank=True, default="", max_length=64, verbose_name="object id"),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[("email", "Email"), ("sms", "SMS")], max_length=10, verbose_name="kind"
                            ),
                        ),
                        ("to", models.CharField(max_length=255, verbose_name="recipient")),
                        ("subject", models.CharField(blank=True, max_length=255, verbose_name="subject")),
                        ("body", models.TextField(verbose_name="body")),
                        (
                            "status",
                            models.CharField(
                                choices=[("pending", "Pending"), ("sent", "Sent"), ("failed", "Failed")],
                                db_index=True,
                                default="pending",
                                max_length=10,
                                verbose_name="status",
                            ),
                        ),
                        ("attempts", models.PositiveSmallIntegerField(default=0, verbose_name="attempts")),
                        ("last_error", models.TextField(blank=True, verbose_name="last error")),
                        (
                            "next_attempt_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="next attempt at"),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                        ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="sent at")),
                    ],
                    options={
                        "verbose_name": "notification",
                        "verbose_name_plural": "notifications",
                        "ordering": ["id"],
                        "db_table": "dossiers_notification",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(create_table_if_missing, drop_table_made_here, elidable=False),
        migrations.AlterModelTable(name="notification", table=None),
        migrations.AddIndex(
            model_name="notification",
            index=models.Index(fields=["object_type", "object_id"], name="notification_object_idx"),
        ),
    ]
