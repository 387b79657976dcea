"""What every part of the policy point shares: logging a refusal, reading an id."""

from __future__ import annotations

from uuid import UUID

from eenloket.audit import processing


def refuse(actor, activity, person_id, categories, reason, object_type, object_id) -> None:
    """Log a refused attempt on data that exists (status error, with the reason), so the
    person can see it in "who looked at my data"."""
    processing.record(
        activity=activity,
        actor=actor,
        subject_ids=[person_id],
        categories=categories,
        status=processing.STATUS_ERROR,
        reason=reason,
        object_type=object_type,
        object_id=object_id,
    )


def uuid_or_none(value):
    """The id as a UUID, or None for anything that is not one (a bad id is simply not found)."""
    try:
        return UUID(str(value))
    except ValueError:
        return None
