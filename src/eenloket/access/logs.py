"""Reading the logs: the privacy officer's search of the processing log, and "who looked at my
data" for the person themselves (AVG art. 15) — at the desk with a worker, or in Mijn
overzicht. Each read of the log is itself logged."""

from __future__ import annotations

from eenloket.access.capabilities import may_query_processing_log
from eenloket.access.casework import case_for
from eenloket.access.citizens import citizen_may_read
from eenloket.access.release import release
from eenloket.access.who_looked import who_looked
from eenloket.audit import processing
from eenloket.audit import selectors as audit_selectors
from eenloket.audit.models import AuditEntry, ProcessingLogEntry
from eenloket.cases.models import Case
from eenloket.core.actor import Actor
from eenloket.core.errors import NotFoundOrForbidden


def processing_log_for(actor: Actor, **filters) -> list:
    """Return processing log lines for oversight (one filter required), and log the search.

    Raise NotFoundOrForbidden for anyone but a privacy officer.
    """
    if not may_query_processing_log(actor):
        raise NotFoundOrForbidden()
    lines = list(audit_selectors.log_lines(lines=release(ProcessingLogEntry), **filters))
    person_id = filters.get("subject_person_id")
    processing.record(
        activity=processing.LOG_PRIVACY_QUERY,
        actor=actor,
        subject_ids=[person_id] if person_id else [],
        categories=("processing_log",),
        status=processing.STATUS_OK,
        object_type="processing_log",
        object_id=filters.get("trace_id") or filters.get("activity") or "",
    )
    return lines


def who_looked_for(actor: Actor, case_id) -> tuple[Case, list]:
    """Return the case and every access to its person's data in plain words, for showing to
    that person (a worker with them at the desk). Needs access to the case; logged."""
    case = case_for(actor, case_id)
    accesses = _who_looked(case.person_id)
    processing.record(
        activity=processing.LOG_SUBJECT_VIEW,
        actor=actor,
        subject_ids=[case.person_id],
        categories=("processing_log",),
        status=processing.STATUS_OK,
        object_type="case",
        object_id=case.pk,
    )
    return case, accesses


def who_looked_for_citizen(actor: Actor) -> list:
    """Every access to the citizen's own data, in plain words (AVG art. 15). Logged."""
    citizen_may_read(actor, whole_person=True)
    accesses = _who_looked(actor.person_id)
    processing.record(
        activity=processing.LOG_SUBJECT_VIEW,
        actor=actor,
        subject_ids=[actor.person_id],
        categories=("processing_log",),
        status=processing.STATUS_OK,
        object_type="person",
        object_id=actor.person_id,
    )
    return accesses


def _who_looked(person_id) -> list:
    return who_looked(
        person_id=person_id, lines=release(ProcessingLogEntry), audits=release(AuditEntry)
    )
