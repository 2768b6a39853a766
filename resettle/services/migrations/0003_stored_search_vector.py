"""PostgreSQL only: keep each service's tsvector in a generated column with a GIN index, so a
search reads it instead of running to_tsvector on every candidate row (most of the time of a
filtered search at 100,000 services). Replaces the expression index from 0002. The model does
not declare the column; resettle.services.search reaches it. SQLite searches by substring."""

from django.db import migrations

from resettle.services.search import SEARCH_CONFIG

ADD = [
    "ALTER TABLE services_service ADD COLUMN IF NOT EXISTS search_vector tsvector "
    f"GENERATED ALWAYS AS (to_tsvector('{SEARCH_CONFIG}'::regconfig, "
    "COALESCE(search_document, ''))) STORED",
    "CREATE INDEX IF NOT EXISTS service_search_vector ON services_service "
    "USING gin (search_vector)",
    "DROP INDEX IF EXISTS service_search_document_fts",
]
REMOVE = [
    "CREATE INDEX IF NOT EXISTS service_search_document_fts ON services_service USING gin "
    f"(to_tsvector('{SEARCH_CONFIG}'::regconfig, COALESCE(search_document, '')))",
    "DROP INDEX IF EXISTS service_search_vector",
    "ALTER TABLE services_service DROP COLUMN IF EXISTS search_vector",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in ADD:
            schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in REMOVE:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("services", "0002_search_index")]
    operations = [migrations.RunPython(forwards, backwards)]
