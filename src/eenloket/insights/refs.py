"""Keyed pseudonyms for the anonymous facts: HMAC-SHA256 with EENLOKET_PSEUDONYM_KEY (a key kept
outside the database), with a prefix per kind so a case's and a person's never coincide.

Whoever holds only the database cannot turn a reference back into an id; once the case is
deleted, not even eenloket can (docs/insights.md).
"""

import hashlib
import hmac

from django.conf import settings


def ref(kind: str, object_id) -> str:
    """Return the pseudonym of ``object_id`` of ``kind`` (case, person, handover, appointment)."""
    return hmac.new(
        bytes(settings.EENLOKET_PSEUDONYM_KEY),
        f"insights:{kind}:{object_id}".encode(),
        hashlib.sha256,
    ).hexdigest()
