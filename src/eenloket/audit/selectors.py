"""Reads of the logs: for the privacy officer (by subject, trace or activity: one is required,
as the standard's read extension says) and, in plain words, for the citizen."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from eenloket.audit.models import (
    ProcessingLogEntry,
)
from eenloket.audit.pseudonyms import person_pseudonym
from eenloket.core.errors import DomainError

MAX_ROWS = 500
# The refusal reason the policy point gives when a representative reaches past their scope
# (another matter, another case, after the period): the represented person is told it was
# their representative; any other refusal reads as "someone else".
OUTSIDE_REPRESENTATION = "outside the representation's scope"


def log_lines(
    *,
    subject_person_id=None,
    trace_id: str = "",
    activity: str = "",
    limit: int = MAX_ROWS,
    lines: QuerySet[ProcessingLogEntry] | None = None,
) -> QuerySet[ProcessingLogEntry]:
    """Return processing log lines filtered by data subject, trace and/or activity.

    At least one filter is required (raise DomainError otherwise): the log is never browsed.
    ``lines``: the lines to search, as the policy point hands them out while a request is
    served (access/logs.py); by default every line (jobs, commands).
    """
    if not (subject_person_id or trace_id or activity):
        raise DomainError(
            _("Choose a data subject, a trace or a processing activity: the log is not browsed.")
        )
    lines = ProcessingLogEntry.objects.all() if lines is None else lines
    if subject_person_id:
        lines = lines.filter(data_subject_id=person_pseudonym(subject_person_id))
    if trace_id:
        lines = lines.filter(trace_id=trace_id.strip().lower())
    if activity:
        lines = lines.filter(activity_key=activity)
    return lines.order_by("-start_time", "-chain_month", "-position")[:limit]


def as_standard_record(line: ProcessingLogEntry) -> dict:
    """Return a line in the shape of the Logboek Dataverwerkingen standard."""
    return {
        "trace_id": line.trace_id,
        "operation_id": line.operation_id,
        "parent_operation_id": line.parent_operation_id or None,
        "name": line.name,
        "start_time": line.start_time.isoformat(),
        "end_time": line.end_time.isoformat(),
        "status_code": line.status_code,
        "attributes": {
            **line.attributes,
            "dpl.core.data_subject_id": line.data_subject_id,
            "dpl.core.data_subject_id_type": line.data_subject_type,
        },
    }
