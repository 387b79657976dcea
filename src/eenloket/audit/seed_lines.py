"""Many processing-log lines for measuring ``audit verify`` (``eenloket seed --log-lines N``).

Lines look like a worklist's: one record of 50 subjects (keyed pseudonyms) per operation, spread
over the lanes the way concurrent writers fill them, hashed into each lane's chain exactly as
``chain.append`` does, and sent with COPY on PostgreSQL (``bulk_create`` elsewhere). Each
batch is one transaction that also moves the lanes' heads, so a stopped run leaves intact
chains and a second run adds to them. For load tests only: the subjects are invented.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.db.models.base import ModelState

from eenloket.audit import chain, register
from eenloket.audit.models import LogName, ProcessingLogEntry
from eenloket.audit.pseudonyms import SUBJECT_TYPE_PERSON, person_pseudonym
from eenloket.audit.services import activity_version_id
from eenloket.core import bulk, clock

PER_RECORD = 50
BATCH = 20_000


def seed_lines(
    *,
    count: int,
    lanes: int = 16,
    seed: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Append about ``count`` lines (whole records of 50) over ``lanes`` lanes; return them."""
    rng = random.Random(seed)  # noqa: S311 - invented data, no secret
    log = LogName.PROCESSING
    version = activity_version_id(register.CASE_WORKLIST)
    attributes = {"dpl.core.processing_activity_id": f"urn:uuid:{version}"}
    made = 0
    while made < count:
        size = min(BATCH, count - made)
        with transaction.atomic():
            chain.lock_lanes(log)
            heads = [chain._current_head(log, lane) for lane in range(lanes)]
            chain.ensure_partition(log, heads[0].chain_month)
            done_before = [head.last_position - chain.lane_base(head.lane) for head in heads]
            entries = []
            for start in range(0, size, PER_RECORD):
                head = heads[(made + start) // PER_RECORD % lanes]
                entries.extend(_record(rng, head, version, attributes, PER_RECORD))
            bulk.insert(ProcessingLogEntry, entries)
            for head in heads:
                # A signed checkpoint per lane every so many lines, as appends make them.
                head.entries_since_checkpoint += (
                    head.last_position - chain.lane_base(head.lane) - done_before[head.lane]
                )
                if head.entries_since_checkpoint >= settings.EENLOKET_LOG_CHECKPOINT_EVERY:
                    chain._sign_head(head)
                    head.entries_since_checkpoint = 0
                head.save(update_fields=["last_position", "last_hash", "entries_since_checkpoint"])
        made += len(entries)
        if progress:
            progress(made, count)
    return made


def _record(rng, head, version, attributes, size) -> list[ProcessingLogEntry]:
    """One list read of ``size`` people, numbered and hashed onto ``head`` (moved along)."""
    now = clock.now()
    template = ProcessingLogEntry(
        trace_id=f"{rng.getrandbits(128):032x}",
        operation_id=f"{rng.getrandbits(64):016x}",
        parent_operation_id=f"{rng.getrandbits(64):016x}",
        name=register.CASE_WORKLIST,
        start_time=now,
        end_time=now,
        status_code="ok",
        activity_key=register.CASE_WORKLIST,
        activity_version_id=version,
        data_subject_type=SUBJECT_TYPE_PERSON,
        categories=["name"],
        attributes=attributes,
    )
    lines = []
    for _ in range(size):
        line = ProcessingLogEntry.__new__(ProcessingLogEntry)
        line.__dict__.update(template.__dict__)
        line._state = ModelState()
        line.data_subject_id = person_pseudonym(uuid.UUID(int=rng.getrandbits(128)))
        lines.append(line)
    prepared = chain._prepare(LogName.PROCESSING, ProcessingLogEntry, lines)
    for line, content in zip(lines, prepared, strict=True):
        line.chain_month = head.chain_month
        line.position = head.last_position + 1
        line.prev_hash = head.last_hash
        line.entry_hash = chain._chain_digest(content, line)
        head.last_position = line.position
        head.last_hash = line.entry_hash
    return lines


def lines_present() -> int:
    """How many processing-log lines there are (a resumed seed counts them towards its total)."""
    return ProcessingLogEntry.objects.count()
