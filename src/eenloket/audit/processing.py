"""Record processing of personal data (Logboek Dataverwerkingen) and what workers do.

``record`` is called by the policy point for every decision, allowed or refused: one processing
log line per data subject, plus one worker audit entry linked by operation id. Inside an
operation (every request is one, see middleware.py; jobs use ``trace.operation()``) the lines
wait in memory and are written when the operation ends, outside its transactions, so a refused
attempt survives a rollback. ``record_change`` writes a worker audit entry for a change in the
caller's transaction, so it exists exactly when the change does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models.base import ModelState

from eenloket.audit import chain, register, trace
from eenloket.audit.models import AuditEntry, LogName, ProcessingLogEntry
from eenloket.audit.pseudonyms import SUBJECT_TYPE_PERSON, person_pseudonym
from eenloket.core import clock
from eenloket.core.actor import Actor

STATUS_OK = "ok"
STATUS_ERROR = "error"
STATUS_UNKNOWN = "unknown"
STATUSES = (STATUS_UNKNOWN, STATUS_OK, STATUS_ERROR)

CASE_WORKLIST = register.CASE_WORKLIST
CASE_VIEW = register.CASE_VIEW
LOG_SUBJECT_VIEW = register.LOG_SUBJECT_VIEW
LOG_PRIVACY_QUERY = register.LOG_PRIVACY_QUERY


def activity_uri(version_id) -> str:
    return f"urn:uuid:{version_id}"


def _audit_entry(*, actor: Actor, op_ids: tuple[str, str], action: str, **fields) -> AuditEntry:
    facts = actor.describe()
    if facts.get("acting"):
        # eHerkenning: which employee of the company acted (the broker's pseudonym).
        fields["changes"] = {**(fields.get("changes") or {}), "acting": facts["acting"]}
    entry = AuditEntry(
        logged_at=clock.now(),
        trace_id=op_ids[0],
        operation_id=op_ids[1],
        actor_kind=facts["kind"],
        user_id=facts["user_id"] or "",
        system_name=facts["system"] or "",
        membership_id=facts["membership_id"] or "",
        organisation_id=facts["organisation_id"] or "",
        team_id=facts["team_id"] or "",
        role=facts["role"] or "",
        via=facts["via"] or "",
        action=action,
        **fields,
    )
    if facts.get("representation_id") and not entry.on_behalf_of:
        # A representative's read: which representation let them, never their name.
        entry.on_behalf_of = f"representation:{facts['representation_id']}"
    return entry


def _with_subject(template: ProcessingLogEntry, pseudonym: str) -> ProcessingLogEntry:
    """Copy the operation's line for one data subject: a list page logs 200 of them, and a
    model's ``__init__`` per line cost more than writing it (docs/performance.md)."""
    line = ProcessingLogEntry.__new__(ProcessingLogEntry)
    line.__dict__.update(template.__dict__)
    line._state = ModelState()
    line.data_subject_id = pseudonym
    return line


def record(
    *,
    activity: str,
    actor: Actor,
    subject_ids: Iterable[object],
    categories: Iterable[str],
    status: str,
    reason: str = "",
    object_type: str = "",
    object_id: object = "",
    started_at: dt.datetime | None = None,
    on_behalf_of: str = "",
    purpose: str = "",
    bases: dict | None = None,
) -> str:
    """Record one processing of personal data; return its operation id.

    One log line per distinct data subject (as a keyed pseudonym), all sharing the operation id,
    and one worker audit entry with that operation id naming the actor and their membership.
    A refused attempt has status ``error`` and its reason in the attributes. A purpose the
    worker stated (a person search) is kept in the attributes and the audit entry, and so are
    the bases per category when a partner sees data on a statute or the citizen's consent.
    """
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r}")
    subjects = sorted({str(s) for s in subject_ids})
    categories = sorted(set(categories))
    register.definition(activity)  # an activity missing from the register fails here, loudly
    now = clock.now()
    op = trace.current()
    trace_id = op.trace_id if op else trace.new_trace_id()
    operation_id = trace.new_operation_id()
    attributes = {"eenloket.refusal_reason": reason} if reason else {}
    if purpose:
        attributes["eenloket.stated_purpose"] = purpose
    if bases:
        # Per category, what made the processing lawful when it differs from the register's
        # basis for the activity: "consent:<id>", "statute:<law and article>", "break_glass".
        attributes["eenloket.bases"] = dict(sorted(bases.items()))
    template = ProcessingLogEntry(
        trace_id=trace_id,
        operation_id=operation_id,
        parent_operation_id=op.operation_id if op else "",
        name=activity,
        start_time=started_at or now,
        end_time=now,
        status_code=status,
        activity_key=activity,
        # the register version in force is filled in when the line is written
        data_subject_type=SUBJECT_TYPE_PERSON,
        categories=categories,
        attributes=attributes,
    )
    lines = [_with_subject(template, person_pseudonym(subject)) for subject in subjects]
    audit = _audit_entry(
        actor=actor,
        op_ids=(trace_id, operation_id),
        action=f"{'refused' if status == STATUS_ERROR else 'read'}:{activity}",
        object_type=object_type,
        object_id=str(object_id or ""),
        on_behalf_of=on_behalf_of,
        changes={"categories": categories, "subjects": len(subjects)}
        | ({"reason": reason} if reason else {})
        | ({"purpose": purpose} if purpose else {}),
    )
    if op is not None:
        op.pending.append((lines, audit))
    else:
        _write([(lines, audit)])
    return operation_id


def record_change(
    *,
    actor: Actor,
    action: str,
    object_type: str,
    object_id: object,
    changes: dict,
    on_behalf_of: str = "",
) -> AuditEntry:
    """Write a worker audit entry for a change, in the caller's transaction (old/new values)."""
    op = trace.current()
    entry = _audit_entry(
        actor=actor,
        op_ids=(op.trace_id if op else trace.new_trace_id(), trace.new_operation_id()),
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        changes=changes,
        on_behalf_of=on_behalf_of,
    )
    chain.append(LogName.AUDIT, [entry])
    return entry


def _write(pending: list) -> None:
    from eenloket.audit.services import activity_version_id

    lines = [line for batch, _audit in pending for line in batch]
    audits = [audit for _batch, audit in pending]
    shared: dict[tuple[str, int], tuple] = {}  # the lines of one record() share their values
    with transaction.atomic(savepoint=False):
        for line in lines:
            key = (line.activity_key, id(line.attributes))
            if key not in shared:
                version = activity_version_id(line.activity_key)
                attributes = {"dpl.core.processing_activity_id": activity_uri(version)}
                shared[key] = (version, attributes | line.attributes)
            line.activity_version_id, line.attributes = shared[key]
        chain.append(LogName.PROCESSING, lines)
        chain.append(LogName.AUDIT, audits)


def flush(op: trace.Operation) -> None:
    """Write the operation's waiting lines (called when the operation ends)."""
    pending, op.pending = op.pending, []
    _write(pending)
