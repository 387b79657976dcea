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
        months = set(
            ChainHead.objects.filter(log=log, dropped_at__isnull=True).values_list(
                "chain_month", flat=True
            )
        )
        if not months:
            continue
        newest = max(months)
        for month in sorted(months):
            if month == newest:
                continue  # the chains in use are never dropped
            keep = retention_months(log, month)
            if add_months(chain.next_month(month), keep) <= today:
                expired.append((log, month, keep))
    return sorted(expired, key=lambda item: (item[0], item[1]))


def drop_month(*, log: str, month: dt.date, retention: int, actor: Actor) -> int:
    """Delete a month of a log (every lane) and record that it did, per lane, in the audit
    chain. Return the count."""
    model = chain.MODELS[log]
    table = model._meta.db_table
    with transaction.atomic():
        chain.lock_lanes(log)
        heads = list(
            ChainHead.objects.select_for_update()
            .filter(log=log, chain_month=month, dropped_at__isnull=True)
            .order_by("lane")
        )
        count = model.objects.filter(chain_month=month).count()
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f'DROP TABLE IF EXISTS "{chain.partition_name(table, month)}"')
            else:
                cursor.execute(f'DELETE FROM "{table}" WHERE chain_month = %s', [month])  # noqa: S608
        for head in heads:
            head.dropped_at = clock.now()
            head.save(update_fields=["dropped_at"])
            lane = {"lane": head.lane} if head.lane else {}  # lane 0 reads as before lanes
            processing.record_change(
                actor=actor,
                action="log.partition_dropped",
                object_type="log_partition",
                object_id=f"{log}:{month:%Y-%m}" + (f":{head.lane}" if head.lane else ""),
                changes={
                    "log": log,
                    "month": f"{month:%Y-%m}",
                    **lane,
                    "head_hash": head.last_hash,
                    "last_position": head.last_position,
                    "entries": head.last_position - chain.lane_base(head.lane),
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
