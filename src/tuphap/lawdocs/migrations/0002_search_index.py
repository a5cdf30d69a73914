"""The full-text index: an FTS5 table on SQLite; on PostgreSQL the ``unaccent``
extension, the ``tuphap_vi`` text search configuration and a ``tsvector``
column with a GIN index. Nothing for other databases."""

from django.db import migrations

# PostgreSQL as this migration made it (0005 moved the vector to its own table);
# frozen here so that later changes of search/postgres.py do not change history.
PG_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'tuphap_vi') THEN
        CREATE TEXT SEARCH CONFIGURATION tuphap_vi (COPY = simple);
        ALTER TEXT SEARCH CONFIGURATION tuphap_vi
          ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
      END IF;
    END $$""",
    "ALTER TABLE lawdocs_legaldocument ADD COLUMN IF NOT EXISTS search_vector tsvector",
    "CREATE INDEX IF NOT EXISTS lawdoc_search_gin ON lawdocs_legaldocument USING gin (search_vector)",
]
PG_DROP = [
    "DROP INDEX IF EXISTS lawdoc_search_gin",
    "ALTER TABLE lawdocs_legaldocument DROP COLUMN IF EXISTS search_vector",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS tuphap_vi",
]


def create(apps, schema_editor):
    from tuphap.lawdocs.search import sqlite

    vendor = schema_editor.connection.vendor
    statements = {"sqlite": sqlite.CREATE, "postgresql": PG_CREATE}.get(vendor, [])
    for sql in statements:
        schema_editor.execute(sql, params=None)


def drop(apps, schema_editor):
    from tuphap.lawdocs.search import sqlite

    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": sqlite.DROP, "postgresql": PG_DROP}.get(vendor, []):
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("lawdocs", "0001_registry_drafting_review")]
    operations = [migrations.RunPython(create, drop)]
