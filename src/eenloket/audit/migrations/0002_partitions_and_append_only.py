"""On PostgreSQL: make both logs partitioned by month, and refuse UPDATE and DELETE on the logs
and checkpoints with a trigger (retention drops whole partitions, which no row trigger stops).

SQLite has neither partitions nor this trigger; there the models refuse changes, and the hash
chains with signed checkpoints detect any change made around them (docs/audit.md).
"""

from django.db import migrations

LOG_TABLES = ("audit_processinglogentry", "audit_auditentry")
APPEND_ONLY_TABLES = (*LOG_TABLES, "audit_checkpoint")


def partition_logs(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name in ("ProcessingLogEntry", "AuditEntry"):
        model = apps.get_model("audit", model_name)
        table = model._meta.db_table
        # The table is empty here (created by 0001): rebuild it as a partitioned table with the
        # same columns, primary key (which holds the partition key) and indexes.
        schema_editor.execute(f'DROP TABLE "{table}"')
        sql, params = schema_editor.table_sql(model)
        schema_editor.execute(f'{sql} PARTITION BY RANGE ("chain_month")', params or None)
        for statement in schema_editor._model_indexes_sql(model):
            schema_editor.execute(statement)


def add_append_only_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        """
        CREATE OR REPLACE FUNCTION eenloket_append_only() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION 'table % is append-only: % refused', TG_TABLE_NAME, TG_OP
                USING ERRCODE = 'insufficient_privilege';
        END
        $$ LANGUAGE plpgsql
        """,
        None,  # no parameters: the % signs are PL/pgSQL's, not placeholders
    )
    for table in APPEND_ONLY_TABLES:
        schema_editor.execute(
            f'CREATE TRIGGER "{table}_append_only" BEFORE UPDATE OR DELETE ON "{table}" '
            "FOR EACH ROW EXECUTE FUNCTION eenloket_append_only()"
        )


def remove_append_only_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in APPEND_ONLY_TABLES:
        schema_editor.execute(f'DROP TRIGGER IF EXISTS "{table}_append_only" ON "{table}"')
    schema_editor.execute("DROP FUNCTION IF EXISTS eenloket_append_only()")


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.RunPython(partition_logs, migrations.RunPython.noop),
        migrations.RunPython(add_append_only_triggers, remove_append_only_triggers),
    ]
