"""Pseudonyms for data subjects in the processing log: never a BSN, never a plain id.

A keyed hash (HMAC-SHA256) of the person's id with EENLOKET_PSEUDONYM_KEY, a key kept outside
the database: whoever holds only the database cannot link log lines to persons.
"""

import hashlib
import hmac

from django.conf import settings

SUBJECT_TYPE_PERSON = "eenloket:person-pseudonym"


def person_pseudonym(person_id) -> str:
    return hmac.new(
        bytes(settings.EENLOKET_PSEUDONYM_KEY), f"person:{person_id}".encode(), hashlib.sha256
    ).hexdigest()
