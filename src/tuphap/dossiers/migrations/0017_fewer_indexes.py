"""Fewer indexes to maintain on every write: a column's own index where a composite index of the model's Meta
leads with the column (the foreign keys of agency, unit and handler; the control slip's dossier), the second
index of ``received_at`` (Meta's ``dossier_received`` stays), and PostgreSQL's pattern (``_like``) indexes of
columns never searched by prefix (state, action, status), replaced by plain indexes.

The indexes are dropped by name, found by introspection (a table renamed since keeps its old index names), so
that SQLite does not copy whole tables as ``AlterField`` would; the fields' state changes apart."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

#: (table, column): the indexes on that column alone that Django created for the field (not those named in Meta)
OWN_INDEXES = [
    ("dossiers_dossier", "agency_id"),
    ("dossiers_dossier", "unit_id"),
    ("dossiers_dossier", "handler_id"),
    ("dossiers_dossier", "state"),
    ("dossiers_dossier", "received_at"),
    ("dossiers_dossierevent", "dossier_id"),
]
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
        ("dossiers", "0016_reports_instant_indexes"),
        ("orgs", "0003_receiving_points"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="dossier",
                    name="agency",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="dossiers",
                        to="orgs.agency",
                        verbose_name="receiving agency",
                    ),
                ),
                migrations.AlterField(
                    model_name="dossier",
                    name="handler",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="handled_dossiers",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="handler",
                    ),
                ),
                migrations.AlterField(
                    model_name="dossier",
                    name="received_at",
                    field=models.DateTimeField(verbose_name="received at"),
                ),
                migrations.AlterField(
                    model_name="dossier",
                    name="state",
                    field=models.CharField(
                        choices=[
                            ("submitted", "submitted"),
                            ("received", "received"),
                            ("refused", "refused"),
                            ("in_process", "in_process"),
                            ("supplement_requested", "supplement_requested"),
                            ("awaiting_payment", "awaiting_payment"),
                            ("withdrawn", "withdrawn"),
                            ("stopped", "stopped"),
                            ("resolved", "resolved"),
                            ("returned", "returned"),
                        ],
                        max_length=30,
                        verbose_name="state",
                    ),
                ),
                migrations.AlterField(
                    model_name="dossier",
                    name="unit",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="dossiers",
                        to="orgs.unit",
                        verbose_name="unit",
                    ),
                ),
                migrations.AlterField(
                    model_name="dossierevent",
                    name="dossier",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="events",
                        to="dossiers.dossier",
                        verbose_name="dossier",
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(drop_own_indexes, create_own_indexes)],
        ),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(fields=["state"], name="dossier_state"),
        ),
    ]
