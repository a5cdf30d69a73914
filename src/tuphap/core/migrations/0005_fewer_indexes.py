"""The action of the audit trail and the status of the outbox: plain indexes instead of the fields' own, which on
PostgreSQL add a pattern (``_like``) index no query uses; dropped by name, found by introspection, so that SQLite
does not copy whole tables as ``AlterField`` would (see dossiers 0017)."""

from django.conf import settings
from django.db import migrations, models

#: (table, column): the indexes on that column alone that Django created for the field (not those named in Meta)
OWN_INDEXES = [("core_auditevent", "action"), ("core_notification", "status")]
KEPT = {
    "dossier_finished",
    "dossier_received",
    "dossier_due",
    "dossier_state",
    "audit_action_idx",
    "notification_status_idx",
}


def drop_own_indexes(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for table, column in OWN_INDEXES:
            for name, info in connection.introspection.get_constraints(cursor, table).items():
                own = info["index"] and not info["unique"] and not info["primary_key"] and info["columns"] == [column]
                if own and name not in KEPT:
                    schema_editor.execute(f"DROP INDEX {schema_editor.quote_name(name)}")


def create_own_indexes(apps, schema_editor):
    for table, column in OWN_INDEXES:
        model = next(m for m in apps.get_models() if m._meta.db_table == table)
        field = next(f for f in model._meta.concrete_fields if f.column == column)
        schema_editor.execute(schema_editor._create_index_sql(model, fields=[field]))


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_periodic_job_runs"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="auditevent",
                    name="action",
                    field=models.CharField(max_length=100, verbose_name="action"),
                ),
                migrations.AlterField(
                    model_name="notification",
                    name="status",
                    field=models.CharField(
                        choices=[("pending", "Pending"), ("sent", "Sent"), ("failed", "Failed")],
                        default="pending",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(drop_own_indexes, create_own_indexes)],
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["action"], name="audit_action_idx"),
        ),
        migrations.AddIndex(
            model_name="notification",
            index=models.Index(fields=["status"], name="notification_status_idx"),
        ),
    ]
