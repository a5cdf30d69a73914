"""The search index also holds adjacent word pairs (phrases are looked up as
pairs): the FTS5 table gains two columns and every document is indexed again
(on PostgreSQL the vectors gain the pair lexemes in 0005, which reindexes)."""

from django.db import migrations

BATCH = 500


def reindex(apps, schema_editor):
    from tuphap.lawdocs.search import bulk_index, document_fields, sqlite

    connection = schema_editor.connection
    if connection.vendor != "sqlite":  # PostgreSQL: 0005 builds its new index from the documents
        return
    for sql in sqlite.DROP + sqlite.CREATE:
        schema_editor.execute(sql, params=None)
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


class Migration(migrations.Migration):
    dependencies = [("lawdocs", "0003_appraisal_time_limits")]
    operations = [migrations.RunPython(reindex, migrations.RunPython.noop)]
