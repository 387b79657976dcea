"""Make log history and tamper with it the way an attacker with database access would."""

import contextlib

from django.db import connection

from eenloket.audit import chain, processing
from eenloket.audit.models import AuditEntry, ProcessingLogEntry
from eenloket.core.actor import Actor

TABLES = ("audit_processinglogentry", "audit_auditentry", "audit_checkpoint")


def make_history(person_ids, reads_per_person=2):
    actor = Actor.system("test")
    for _ in range(reads_per_person):
        for person_id in person_ids:
            processing.record(
                activity=processing.CASE_VIEW,
                actor=actor,
                subject_ids=[person_id],
                categories=["contact"],
                status=processing.STATUS_OK,
            )


@contextlib.contextmanager
def triggers_off():
    """On PostgreSQL, switch off the append-only triggers, as the tables' owner could."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f'ALTER TABLE "{table}" DISABLE TRIGGER USER')
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for table in TABLES:
                cursor.execute(f'ALTER TABLE "{table}" ENABLE TRIGGER USER')


def raw(sql, params=()):
    with triggers_off(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def processing_lines():
    return list(ProcessingLogEntry.objects.order_by("chain_month", "position"))


def audit_entries():
    return list(AuditEntry.objects.order_by("chain_month", "position"))


def rehash_from(log, month, position):
    """Recompute hashes from ``position`` to the end, as a careful attacker would, and move the
    chain head along (only a signed checkpoint can catch this)."""
    from eenloket.audit.models import ChainHead

    model = chain.MODELS[log]
    entries = list(model.objects.filter(chain_month=month).order_by("position"))
    prev = None
    for entry in entries:
        if entry.position >= position:
            entry.prev_hash = prev if prev is not None else entry.prev_hash
            entry.entry_hash = chain.entry_digest(log, entry)
            raw(
                f'UPDATE "{model._meta.db_table}" SET prev_hash = %s, entry_hash = %s '
                "WHERE chain_month = %s AND position = %s",
                [entry.prev_hash, entry.entry_hash, month, entry.position],
            )
        prev = entry.entry_hash
    ChainHead.objects.filter(log=log, chain_month=month).update(
        last_hash=prev, last_position=entries[-1].position
    )
