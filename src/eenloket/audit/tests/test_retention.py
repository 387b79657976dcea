"""Retention drops whole months after the register's retention; the rest still verifies."""

import datetime as dt

import pytest
from django.core.management import call_command

from eenloket.audit import chain, retention
from eenloket.audit.models import AuditEntry, ChainHead, LogName, ProcessingLogEntry
from eenloket.audit.register import definition
from eenloket.audit.tests.helpers import make_history
from eenloket.audit.verify import verify
from eenloket.core import clock
from eenloket.core.actor import Actor

pytestmark = pytest.mark.django_db

CASE_VIEW_RETENTION = definition("case-view").retention_months  # 24


def _three_months_of_history():
    with clock.frozen(dt.datetime(2024, 1, 15, 10, tzinfo=dt.UTC)):
        make_history(["a", "b"])
        clock.advance(dt.timedelta(days=31))  # February
        make_history(["a"])
        clock.advance(dt.timedelta(days=29))  # March
        make_history(["b"])


def test_nothing_is_dropped_before_the_retention_has_passed():
    _three_months_of_history()
    # January's lines may go from 1 February + 24 months = 1 February 2026.
    assert retention.expired_months(dt.date(2026, 1, 31)) == []
    assert retention.expired_months(dt.date(2026, 2, 1)) == [
        (LogName.PROCESSING, dt.date(2024, 1, 1), CASE_VIEW_RETENTION)
    ]


def test_dropping_a_month_keeps_the_remaining_chains_verifiable_and_records_it():
    _three_months_of_history()
    january = dt.date(2024, 1, 1)
    kept = ProcessingLogEntry.objects.exclude(chain_month=january).count()
    dropped = retention.apply_retention(actor=Actor.system("retention"), today=dt.date(2026, 2, 1))
    assert dropped == [(LogName.PROCESSING, january, 4)]
    assert not ProcessingLogEntry.objects.filter(chain_month=january).exists()
    assert ProcessingLogEntry.objects.count() == kept
    record = AuditEntry.objects.get(action="log.partition_dropped")
    head = ChainHead.objects.get(log=LogName.PROCESSING, chain_month=january)
    assert record.changes["head_hash"] == head.last_hash and record.changes["entries"] == 4
    assert verify().intact, verify().broken


def test_a_month_deleted_without_the_record_is_found():
    _three_months_of_history()
    retention.apply_retention(actor=Actor.system("retention"), today=dt.date(2026, 2, 1))
    # Someone fakes a drop of February by marking its head, without the audit record.
    ChainHead.objects.filter(log=LogName.PROCESSING, chain_month=dt.date(2024, 2, 1)).update(
        dropped_at=clock.now()
    )
    broken = verify().broken
    assert broken is not None and "not recorded" in broken.reason


def test_the_chain_in_use_is_never_dropped():
    with clock.frozen(dt.datetime(2024, 1, 15, 10, tzinfo=dt.UTC)):
        make_history(["a"])
    assert retention.expired_months(dt.date(2030, 1, 1)) == []


def test_retention_command_dry_run_changes_nothing(capsys):
    _three_months_of_history()
    with clock.frozen(dt.datetime(2026, 3, 2, tzinfo=dt.UTC)):
        call_command("audit", "retention", "--dry-run")
    assert "would drop processing 2024-01" in capsys.readouterr().out
    assert ProcessingLogEntry.objects.filter(chain_month=dt.date(2024, 1, 1)).exists()


def test_partitions_exist_per_month_on_postgresql(postgres_only):
    from django.db import connection

    _three_months_of_history()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = %s ORDER BY 1",
            ["audit_processinglogentry"],
        )
        names = [row[0] for row in cursor.fetchall()]
    assert names == [
        chain.partition_name("audit_processinglogentry", dt.date(2024, month, 1))
        for month in (1, 2, 3)
    ]
    retention.apply_retention(actor=Actor.system("retention"), today=dt.date(2026, 2, 1))
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", ["audit_processinglogentry_202401"])
        assert cursor.fetchone()[0] is None  # the month's partition is gone as a whole
