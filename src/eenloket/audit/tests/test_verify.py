"""`eenloket audit verify` passes on intact logs and finds every kind of tampering."""

import datetime as dt
import json
import uuid

import pytest
from django.core.management import call_command

from eenloket.audit import chain
from eenloket.audit.models import (
    AppendOnlyError,
    ChainHead,
    Checkpoint,
    LogName,
    ProcessingLogEntry,
)
from eenloket.audit.tests.helpers import (
    audit_entries,
    make_history,
    processing_lines,
    raw,
    rehash_from,
)
from eenloket.audit.verify import verify
from eenloket.core import clock

pytestmark = pytest.mark.django_db

PEOPLE = ["p-1", "p-2", "p-3"]


@pytest.fixture
def history():
    make_history(PEOPLE)  # 6 processing lines, 6 audit entries
    return processing_lines()


def _break():
    report = verify()
    assert not report.intact
    return report.broken


def test_intact_logs_verify(history):
    report = verify()
    assert report.intact, report.broken
    assert report.entries == 12
    assert report.chains == 2


def test_demo_data_verifies_with_the_command(capsys):
    call_command("demo", no_serve=True)
    capsys.readouterr()
    call_command("audit", "verify")
    assert capsys.readouterr().out.startswith("intact:")


def test_edited_line_is_found(history):
    line = history[2]
    raw(
        "UPDATE audit_processinglogentry SET categories = %s WHERE position = %s",
        [json.dumps(["income"]), line.position],
    )
    broken = _break()
    assert (broken.log, broken.position) == (LogName.PROCESSING, 3)
    assert "content" in broken.reason


def test_deleted_line_is_found(history):
    raw("DELETE FROM audit_processinglogentry WHERE position = %s", [3])
    broken = _break()
    assert (broken.log, broken.position) == (LogName.PROCESSING, 3)
    assert "missing" in broken.reason


def test_deleted_last_line_is_found(history):
    raw("DELETE FROM audit_processinglogentry WHERE position = %s", [len(history)])
    broken = _break()
    assert broken.position == len(history)
    assert "end" in broken.reason


def test_reordered_lines_are_found(history):
    second, third = history[1], history[2]
    for target, source in ((second, third), (third, second)):
        raw(
            "UPDATE audit_processinglogentry SET data_subject_id = %s, operation_id = %s, "
            "prev_hash = %s, entry_hash = %s WHERE position = %s",
            [
                source.data_subject_id,
                source.operation_id,
                source.prev_hash,
                source.entry_hash,
                target.position,
            ],
        )
    broken = _break()
    assert broken.position == 2
    assert "link" in broken.reason


def test_line_appended_behind_the_heads_back_is_found(history):
    from eenloket.audit.models import ProcessingLogEntry

    last = history[-1]
    forged = ProcessingLogEntry(
        **{
            field.attname: getattr(last, field.attname)
            for field in ProcessingLogEntry._meta.concrete_fields
        }
    )
    forged.position, forged.prev_hash = last.position + 1, last.entry_hash
    forged.entry_hash = chain.entry_digest(LogName.PROCESSING, forged)
    ProcessingLogEntry.objects.bulk_create([forged])  # a well-made line, but not via the chain
    broken = _break()
    assert "head" in broken.reason


def test_inserted_line_with_recomputed_hashes_is_caught_by_the_signed_checkpoint(history):
    chain.checkpoint_all()
    month = history[0].chain_month
    # Make room at position 3 and put a forged line there, then recompute every hash after it.
    for line in reversed(history[2:]):
        raw(
            "UPDATE audit_processinglogentry SET position = position + 1 WHERE position = %s",
            [line.position],
        )
    forged = history[2]
    raw(
        "INSERT INTO audit_processinglogentry SELECT chain_month, 3, trace_id, operation_id, "
        "parent_operation_id, 'forged', start_time, end_time, status_code, activity_key, "
        "activity_version_id, data_subject_id, data_subject_type, categories, attributes, "
        "prev_hash, entry_hash FROM audit_processinglogentry WHERE position = %s",
        [forged.position + 1],
    )
    rehash_from(LogName.PROCESSING, month, 3)
    broken = _break()
    assert broken.log == LogName.PROCESSING
    assert "checkpoint" in broken.reason


def test_forged_checkpoint_is_found(history):
    chain.checkpoint_all()
    checkpoint = Checkpoint.objects.filter(log=LogName.PROCESSING).get()
    raw("UPDATE audit_checkpoint SET head_hash = %s WHERE id = %s", ["f" * 64, checkpoint.pk])
    broken = _break()
    assert "signature" in broken.reason


def test_checkpoint_signed_with_another_key_is_found(history, settings):
    chain.checkpoint_all()
    settings.EENLOKET_LOG_SIGNING_KEY = b"another-key-that-is-32-bytes-lon"
    broken = _break()
    assert "signature" in broken.reason


def test_audit_log_tampering_is_found_too(history):
    entry = audit_entries()[1]
    raw(
        "UPDATE audit_auditentry SET role = %s WHERE position = %s",
        ["privacy_officer", entry.position],
    )
    broken = _break()
    assert (broken.log, broken.position) == (LogName.AUDIT, 2)


def test_verify_command_exits_1_with_the_first_break_as_json(history, capsys):
    raw("DELETE FROM audit_processinglogentry WHERE position = %s", [2])
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit", "verify", "--json")
    assert exit_info.value.code == 1
    result = json.loads(capsys.readouterr().out)
    assert result["intact"] is False
    assert result["broken"]["position"] == 2
    assert result["broken"]["log"] == "processing"
    assert result["broken"]["partition"] == f"{history[0].chain_month:%Y-%m}"


def test_entries_refuse_update_and_delete_in_the_model(history):
    line = history[0]
    line.name = "changed"
    with pytest.raises(AppendOnlyError):
        line.save()
    with pytest.raises(AppendOnlyError):
        line.delete()
    from eenloket.audit.models import ProcessingLogEntry

    with pytest.raises(AppendOnlyError):
        ProcessingLogEntry.objects.filter(position=1).update(name="x")
    with pytest.raises(AppendOnlyError):
        ProcessingLogEntry.objects.all().delete()


def test_database_refuses_update_and_delete_on_postgresql(history, postgres_only):
    from django.db import connection, transaction
    from django.db.utils import DatabaseError

    for sql in (
        "UPDATE audit_processinglogentry SET name = 'x'",
        "DELETE FROM audit_auditentry",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)


def test_each_month_is_a_chain_anchored_to_the_previous_month():
    with clock.frozen(dt.datetime(2026, 10, 30, 12, tzinfo=dt.UTC)):
        make_history(["p-1"], reads_per_person=2)
        clock.advance(dt.timedelta(days=3))  # into November
        make_history(["p-1"], reads_per_person=2)
    heads = list(ChainHead.objects.filter(log=LogName.PROCESSING).order_by("chain_month"))
    assert [h.chain_month for h in heads] == [dt.date(2026, 10, 1), dt.date(2026, 11, 1)]
    assert heads[1].anchor_hash == heads[0].last_hash
    # The month that ended was sealed with a checkpoint.
    assert Checkpoint.objects.filter(log=LogName.PROCESSING, chain_month=heads[0].chain_month)
    assert verify().intact
    # Cutting the link between the months is found.
    ChainHead.objects.filter(pk=heads[1].pk).update(anchor_hash="0" * 64)
    assert "anchored" in _break().reason


def _record(attributes, lines=6):
    """One record of ``lines`` processing-log lines that differ only in their subject."""
    now = clock.now()
    shared = {
        "trace_id": "a" * 32,
        "operation_id": "b" * 16,
        "parent_operation_id": "",
        "name": "case worklist",
        "start_time": now,
        "end_time": now,
        "status_code": "ok",
        "activity_key": "case-worklist",
        "activity_version_id": uuid.uuid4(),
        "data_subject_type": "person",
        "categories": ["name"],
        "attributes": attributes,
    }
    entries = [ProcessingLogEntry(**shared, data_subject_id=f"s-{i}") for i in range(lines)]
    return chain.append(LogName.PROCESSING, entries)


@pytest.mark.parametrize(
    ("column", "tampered"),
    [
        # The same JSON value to PostgreSQL (jsonb: 1 = 1.0), but another text and hash.
        ("attributes", '{"n": 1.0}'),
        ("name", "case worklist "),
        ("start_time", "2020-01-01T00:00:00+00:00"),
    ],
)
def test_a_line_edited_inside_a_record_is_found_at_its_position(column, tampered):
    """verify encodes what a record's lines share once (``verify._Hasher``): a line edited in
    the middle of a record, even to a value the database calls equal, is still found."""
    lines = _record({"n": 1})
    assert verify().intact
    raw(
        f"UPDATE audit_processinglogentry SET {column} = %s WHERE position = %s",
        [tampered, lines[3].position],
    )
    broken = _break()
    assert (broken.position, broken.reason) == (
        lines[3].position,
        "entry content does not match its hash",
    )
