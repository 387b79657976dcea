"""Keyed pseudonyms for the anonymous facts: HMAC-SHA256 with EENLOKET_PSEUDONYM_KEY (a key kept
outside the database), with a prefix per kind so a case's and a person's never coincide.

Whoever holds only the database cannot turn a reference back into an id; once the case is
deleted, not even eenloket can (docs/insights.md).
"""

import hashlib
import hmac

from django.conf import settings


def ref(kind: str, object_id) -> str:
    """Return the pseudonym of ``object_id`` of ``kind`` (case, handover, appointment)."""
    return hmac.new(
        bytes(settings.EENLOKET_PSEUDONYM_KEY),
        f"insights:{kind}:{object_id}".encode(),
        hashlib.sha256,
    ).hexdigest()


def person_ref(person_id) -> int:
    """Return the person's pseudonym as a 64-bit number: figures count distinct persons, and a
    database counts numbers much faster than text. Two of a million persons share one with a
    chance of about 1 in 30 million; a figure would then count one person too few."""
    digest = hmac.new(
        bytes(settings.EENLOKET_PSEUDONYM_KEY),
        f"insights:person:{person_id}".encode(),
        hashlib.sha256,
    ).digest()
    return int.from_bytes(digest[:8], "big", signed=True)
