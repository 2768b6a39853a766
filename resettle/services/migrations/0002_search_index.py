"""PostgreSQL only: a GIN index on the exact expression resettle.services.search builds, so
full-text search uses it. SQLite has no equivalent and searches by substring instead."""

from django.db import migrations

INDEX_SQL = (
    "CREATE INDEX IF NOT EXISTS service_search_document_fts ON services_service USING gin "
    "(to_tsvector('english'::regconfig, COALESCE(search_document, '')))"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INDEX_SQL)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS service_search_document_fts")


class Migration(migrations.Migration):
    dependencies = [("services", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
