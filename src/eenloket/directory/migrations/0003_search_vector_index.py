"""On PostgreSQL, a GIN index on the search vector; SQLite searches its own way (no index)."""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS directory_searchdocument_vector_gin "
            "ON directory_searchdocument USING gin (vector)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS directory_searchdocument_vector_gin")


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_hsds_schemes_direct_lines_search")]

    operations = [migrations.RunPython(create_index, drop_index)]
