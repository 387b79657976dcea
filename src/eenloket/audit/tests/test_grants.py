"""On PostgreSQL the application's log writer can run as an insert-only role."""

import pytest
from django.db import DatabaseError, connection, transaction

from eenloket.audit.management.commands.audit import insert_only_grants
from eenloket.audit.tests.helpers import make_history

pytestmark = pytest.mark.django_db

ROLE = "eenloket_test_logwriter"


@pytest.fixture
def insert_only_role(postgres_only):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user"
        )
        if not cursor.fetchone()[0]:
            pytest.skip("the database user may not create roles (CI grants CREATEROLE)")
        cursor.execute(f"SELECT 1 FROM pg_roles WHERE rolname = '{ROLE}'")
        if not cursor.fetchone():
            cursor.execute(f'CREATE ROLE "{ROLE}" NOLOGIN')
        cursor.execute(f'GRANT "{ROLE}" TO current_user')
        for statement in insert_only_grants(ROLE):
            cursor.execute(statement)
    return ROLE


def test_insert_only_role_can_append_and_read_but_not_change_or_delete(insert_only_role):
    make_history(["a"])  # creates this month's partition as the owner
    with connection.cursor() as cursor:
        cursor.execute(f'SET ROLE "{insert_only_role}"')
        try:
            cursor.execute("SELECT count(*) FROM audit_processinglogentry")
            assert cursor.fetchone()[0] == 2
            cursor.execute(
                "INSERT INTO audit_processinglogentry SELECT chain_month, position + 100, "
                "trace_id, operation_id, parent_operation_id, name, start_time, end_time, "
                "status_code, activity_key, activity_version_id, data_subject_id, "
                "data_subject_type, categories, attributes, prev_hash, entry_hash "
                "FROM audit_processinglogentry WHERE position = 1"
            )
            for sql in (
                "UPDATE audit_processinglogentry SET name = 'x'",
                "DELETE FROM audit_auditentry",
                "TRUNCATE audit_processinglogentry",
            ):
                with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
                    cursor.execute(sql)
        finally:
            cursor.execute("RESET ROLE")


def test_grants_refuse_a_role_name_that_is_not_an_identifier():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        insert_only_grants('x"; DROP TABLE audit_auditentry; --')
