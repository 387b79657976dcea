"""Writes for persons, households, representations and channel preferences."""

from eenloket.people.services.persons import (
    NEWS_ALSO_CHANNELS,
    PERSON_FIELDS,
    POSTAL_CODE_PATTERN,
    person_create,
    person_merge,
    person_update,
)
from eenloket.people.services.relations import (
    household_member_add,
    household_member_end,
    representation_create,
    representation_end,
)

__all__ = [
    "NEWS_ALSO_CHANNELS",
    "PERSON_FIELDS",
    "POSTAL_CODE_PATTERN",
    "household_member_add",
    "household_member_end",
    "person_create",
    "person_merge",
    "person_update",
    "representation_create",
    "representation_end",
]
