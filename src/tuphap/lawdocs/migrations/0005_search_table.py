"""PostgreSQL's search index moves to a narrow table of its own, ``lawdocs_search``
(``search/postgres.py`` says why), and every document is indexed again there;
the vector column on the documents' table goes. SQLite keeps its FTS5 table and
leaves the new one empty."""

import django.db.models.deletion
from django.db import migrations, models

BATCH = 500


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    from tuphap.lawdocs.search import bulk_index, document_fields, postgres

    for sql in postgres.CREATE:
        schema_editor.execute(sql, params=None)
    schema_editor.execute("DROP INDEX IF EXISTS lawdoc_search_gin", params=None)
    schema_editor.execute("ALTER TABLE lawdocs_legaldocument DROP COLUMN IF EXISTS search_vector", params=None)
    LegalDocument = apps.get_model("lawdocs", "LegalDocument")
    rows = []
    for pk, number, title, text in (
        LegalDocument.objects.using(connection.alias)
        .order_by("pk")
        .values_list("pk", "number", "title", "text")
        .iterator()
    ):
        rows.append((pk, *document_fields(number, title, text)))
        if len(rows) >= BATCH:
            bulk_index(rows, using=connection.alias)
            rows = []
    bulk_index(rows, using=connection.alias)
    schema_editor.execute("ANALYZE lawdocs_search", params=None)


def backwards(apps, schema_editor):
    """The column of 0002 comes back empty: run 0005 again (or reindex) to search."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "ALTER TABLE lawdocs_legaldocument ADD COLUMN IF NOT EXISTS search_vector tsvector", params=None
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS lawdoc_search_gin ON lawdocs_legaldocument USING gin (search_vector)", params=None
    )


class Migration(migrations.Migration):
    dependencies = [("lawdocs", "0004_search_pairs")]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "document",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="lawdocs.legaldocument",
                    ),
                ),
                ("issued_on", models.DateField()),
                ("bucket", models.IntegerField()),
            ],
            options={
                "verbose_name": "search index entry",
                "verbose_name_plural": "search index entries",
                "db_table": "lawdocs_search",
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
