"""The full-text index: an FTS5 table on SQLite; on PostgreSQL the ``unaccent``
extension, the ``tuphap_vi`` text search configuration and a ``tsvector``
column with a GIN index. Nothing for other databases."""

from django.db import migrations


def create(apps, schema_editor):
    from tuphap.lawdocs.search import postgres, sqlite

    vendor = schema_editor.connection.vendor
    statements = {"sqlite": sqlite.CREATE, "postgresql": postgres.CREATE}.get(vendor, [])
    for sql in statements:
        schema_editor.execute(sql, params=None)


def drop(apps, schema_editor):
    from tuphap.lawdocs.search import postgres, sqlite

    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": sqlite.DROP, "postgresql": postgres.DROP}.get(vendor, []):
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("lawdocs", "0001_registry_drafting_review")]
    operations = [migrations.RunPython(create, drop)]
