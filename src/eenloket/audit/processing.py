"""The processing log's entry point ("logboek dataverwerkingen").

Every read of personal data is reported here by the policy point. This first version writes
one structured line per data subject to the ``eenloket.processing`` logger; the processing-log
issue (#3) replaces the body with the append-only, hash-chained log and keeps the signature.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable

from eenloket.core.actor import Actor

logger = logging.getLogger("eenloket.processing")

STATUS_OK = "ok"
STATUS_ERROR = "error"

# Processing activities; the register of processing activities (#3) gives each a purpose,
# legal basis, controller and retention.
CASE_WORKLIST = "case.worklist"
CASE_VIEW = "case.view"


def record(
    *,
    activity: str,
    actor: Actor,
    subject_ids: Iterable[object],
    categories: Iterable[str],
    status: str,
    reason: str = "",
) -> None:
    """Record one processing of personal data: one line per data subject."""
    categories = sorted(set(categories))
    for subject_id in sorted({str(s) for s in subject_ids}):
        logger.info(
            json.dumps(
                {
                    "activity": activity,
                    "subject": subject_id,
                    "categories": categories,
                    "status": status,
                    "reason": reason,
                    "actor": actor.describe(),
                },
                sort_keys=True,
            )
        )
