"""`eenloket audit`: the actions the other audit tests do not run, bad input, and what SQLite
cannot do (said, not failed)."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from eenloket.audit import register
from eenloket.audit.chain import MODELS
from eenloket.audit.management.commands.audit import insert_only_grants
from eenloket.audit.models import Checkpoint, ProcessingActivityVersion
from eenloket.audit.tests.helpers import make_history, raw

pytestmark = pytest.mark.django_db


def test_verify_refuses_fewer_than_one_worker():
    with pytest.raises(CommandError, match="--workers must be at least 1"):
        call_command("audit", "verify", "--workers", "0")


def test_verify_names_the_break_in_plain_text_and_exits_1(capsys):
    make_history(["a", "b"])
    raw("DELETE FROM audit_processinglogentry WHERE position = %s", [2])

    with pytest.raises(SystemExit) as exit_info:
        call_command("audit", "verify")

    assert exit_info.value.code == 1
    output = capsys.readouterr()
    assert output.err.startswith("BROKEN:") and "processing" in output.err
    assert "intact" not in output.out


def test_checkpoint_signs_the_head_of_every_chain_with_entries(capsys):
    make_history(["a"])  # a processing line and an audit entry: two chains
    before = Checkpoint.objects.count()

    call_command("audit", "checkpoint")

    made = Checkpoint.objects.count() - before
    assert made == 2
    assert capsys.readouterr().out.strip() == "2 checkpoint(s) signed"


def test_register_gives_every_activity_a_version_once(capsys):
    call_command("audit", "register")
    first = capsys.readouterr().out
    versions = ProcessingActivityVersion.objects.count()
    activities = ProcessingActivityVersion.objects.values("activity").distinct().count()

    call_command("audit", "register")

    assert first.endswith("new register version(s)\n")
    assert activities == len(register.ACTIVITIES)
    assert capsys.readouterr().out.strip() == "0 new register version(s)"
    assert ProcessingActivityVersion.objects.count() == versions


def test_partitions_refuses_a_horizon_out_of_range_or_says_sqlite_has_none(capsys):
    if connection.vendor == "postgresql":
        with pytest.raises(CommandError, match="between 0 and 120"):
            call_command("audit", "partitions", "--months", "121")
    else:
        call_command("audit", "partitions")
        assert "SQLite has no partitions" in capsys.readouterr().out


def test_grants_are_for_postgresql_and_a_role_name_is_checked():
    if connection.vendor != "postgresql":
        with pytest.raises(CommandError, match="PostgreSQL only"):
            call_command("audit", "grants", "--role", "eenloket")
    with pytest.raises(CommandError, match="letters, digits and underscores only"):
        insert_only_grants('x"; DROP TABLE audit_auditentry; --')

    statements = insert_only_grants("eenloket_app")

    for model in MODELS.values():
        table = model._meta.db_table
        assert f'REVOKE UPDATE, DELETE, TRUNCATE ON "{table}" FROM "eenloket_app"' in statements
        assert f'GRANT SELECT, INSERT ON "{table}" TO "eenloket_app"' in statements
