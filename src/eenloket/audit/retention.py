"""Retention: drop whole months of a log once everything in them may go, and record it.

Dropping whole months (partitions on PostgreSQL) keeps every remaining chain verifiable: the
next month's chain is anchored to the dropped month's last hash, which stays in its chain head
and is recorded, at the moment of dropping, in the worker audit log's chain.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction

from eenloket.audit import chain, processing, register
from eenloket.audit.models import ChainHead, LogName, ProcessingActivityVersion
from eenloket.core import clock
from eenloket.core.actor import Actor


def add_months(month: dt.date, months: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def retention_months(log: str, month: dt.date) -> int:
    """Return how long the month must be kept: the longest retention of anything in it."""
    if log == LogName.AUDIT:
        return register.AUDIT_LOG_RETENTION_MONTHS
    version_ids = (
        chain.MODELS[log]
        .objects.filter(chain_month=month)
        .values_list("activity_version_id", flat=True)
        .distinct()
    )
    longest = (
        ProcessingActivityVersion.objects.filter(id__in=list(version_ids))
        .order_by("-retention_months")
        .values_list("retention_months", flat=True)
        .first()
    )
    return longest or 0


def expired_months(today: dt.date | None = None) -> list[tuple[str, dt.date, int]]:
    """Return (log, month, retention) for each closed month whose retention has passed."""
    today = today or clock.today()
    expired = []
    for log in chain.MODELS:
        heads = list(ChainHead.objects.filter(log=log, dropped_at__isnull=True))
        if not heads:
            continue
        newest = max(head.chain_month for head in heads)
        for head in heads:
            if head.chain_month == newest:
                continue  # the chain in use is never dropped
            months = retention_months(log, head.chain_month)
            if add_months(chain.next_month(head.chain_month), months) <= today:
                expired.append((log, head.chain_month, months))
    return sorted(expired, key=lambda item: (item[0], item[1]))


def drop_month(*, log: str, month: dt.date, retention: int, actor: Actor) -> int:
    """Delete a month of a log and record that it did, in the audit chain. Return the count."""
    model = chain.MODELS[log]
    table = model._meta.db_table
    with transaction.atomic():
        chain._lock_logs()
        head = ChainHead.objects.select_for_update().get(log=log, chain_month=month)
        count = model.objects.filter(chain_month=month).count()
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f'DROP TABLE IF EXISTS "{chain.partition_name(table, month)}"')
            else:
                cursor.execute(f'DELETE FROM "{table}" WHERE chain_month = %s', [month])  # noqa: S608
        head.dropped_at = clock.now()
        head.save(update_fields=["dropped_at"])
        processing.record_change(
            actor=actor,
            action="log.partition_dropped",
            object_type="log_partition",
            object_id=f"{log}:{month:%Y-%m}",
            changes={
                "log": log,
                "month": f"{month:%Y-%m}",
                "head_hash": head.last_hash,
                "last_position": head.last_position,
                "entries": count,
                "retention_months": retention,
            },
        )
    chain.forget_partitions()
    return count


def apply_retention(
    *, actor: Actor, today: dt.date | None = None
) -> list[tuple[str, dt.date, int]]:
    """Drop every expired month; return (log, month, entries dropped)."""
    dropped = []
    for log, month, retention in expired_months(today):
        dropped.append(
            (log, month, drop_month(log=log, month=month, retention=retention, actor=actor))
        )
    return dropped
