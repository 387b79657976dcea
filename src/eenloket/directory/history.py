"""Field-level change history: what the services write beside every change (HSDS metadata)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models

from eenloket.audit import processing
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.directory.models import ChangeRecord


def as_text(value: Any) -> str:
    """Show a value the way the history keeps it: plain text, lists joined by commas."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return ",".join(sorted(as_text(v) for v in value))
    if isinstance(value, models.Model):
        return str(getattr(value, "key", "") or getattr(value, "code", "") or value.pk)
    return str(value)


def who(actor: Actor) -> str:
    if actor.kind == "system":
        return f"system:{actor.system_name}"
    if actor.user is not None:
        return f"user:{actor.user.username}"
    return actor.kind


def record(
    *,
    resource: models.Model,
    action: str,
    changes: Mapping[str, tuple[Any, Any]],
    actor: Actor,
) -> list[ChangeRecord]:
    """Append one history row per changed field of ``resource``."""
    now = clock.now()
    rows = [
        ChangeRecord(
            resource_type=resource._meta.model_name,
            resource_id=resource.pk,
            field_name=name,
            previous_value=as_text(before),
            replacement_value=as_text(after),
            last_action_type=action,
            last_action_date=now,
            updated_by=who(actor),
        )
        for name, (before, after) in changes.items()
    ]
    if actor.kind == "worker":
        # A worker's change is also in the worker audit log, in the same transaction; system
        # jobs (the shipped reference content, an import) keep the field history only.
        processing.record_change(
            actor=actor,
            action=f"directory_{action.lower()}",
            object_type=resource._meta.model_name,
            object_id=resource.pk,
            changes={
                name: [as_text(before), as_text(after)] for name, (before, after) in changes.items()
            },
        )
    return ChangeRecord.objects.bulk_create(rows)


def record_delete(*, resource: models.Model, fields: Iterable[str], actor: Actor) -> None:
    record(
        resource=resource,
        action=ChangeRecord.Action.DELETE,
        changes={name: (getattr(resource, name), None) for name in fields},
        actor=actor,
    )
