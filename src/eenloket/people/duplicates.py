"""Duplicate warnings: does a person being registered look like one already known?

Pure functions on plain values, so the same rule is used on the database's candidates and on
the labelled test set (people/tests/duplicate_pairs.py), whose precision and recall are
measured in people/tests/test_duplicates.py and reported in docs/intake.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from eenloket.people import bsn as bsn_rules
from eenloket.people import names


@dataclass(frozen=True)
class NameAndBirth:
    """What the duplicate rule compares: the name, the birth name, the birth date, the BSN."""

    given_names: str = ""
    surname_prefix: str = ""
    surname: str = ""
    birth_surname_prefix: str = ""
    birth_surname: str = ""
    birth_date: dt.date | None = None
    bsn: str = ""

    def surname_keys(self) -> set[str]:
        keys = {names.surname_key(self.surname_prefix, self.surname)}
        if self.birth_surname:
            keys.add(names.surname_key(self.birth_surname_prefix, self.birth_surname))
        return {key for key in keys if key}


def swapped_day_and_month(date: dt.date | None) -> dt.date | None:
    """Return the date with day and month swapped (5 March ↔ 3 May), or None if impossible."""
    if date is None or date.day > 12 or date.day == date.month:
        return None
    try:
        return date.replace(month=date.day, day=date.month)
    except ValueError:
        return None


def _birth_dates_match(first: dt.date | None, second: dt.date | None) -> str | None:
    if first is None or second is None:
        return None
    if first == second:
        return "same_birth_date"
    if swapped_day_and_month(first) == second:
        return "swapped_day_and_month"
    return None


def _given_names_match(first: str, second: str) -> bool:
    a, b = names.given_key(first), names.given_key(second)
    if not a or not b:
        return True  # unknown given names do not argue against a match
    return a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))


def reasons(new: NameAndBirth, known: NameAndBirth) -> list[str]:
    """Return why ``new`` may be ``known`` (empty: no warning).

    A warning needs two independent signs:
    - the same BSN (always a warning), or a valid BSN two digits off with the same surname or
      birth date;
    - or the same surname (either may be a birth name; prefixes, case and diacritics ignored),
      a compatible first given name, and the same birth date or one with day and month swapped.
    Two different BSNs that are not near each other rule a match out: the BRP gave them to two
    people.
    """
    found = []
    if new.bsn and known.bsn:
        if new.bsn == known.bsn:
            return ["same_bsn"]
        distance = bsn_rules.differs_in_digits(new.bsn, known.bsn)
        if distance > 2:
            return []
        if distance == 2:
            found.append("bsn_two_digits_off")
    same_surname = bool(new.surname_keys() & known.surname_keys())
    if same_surname:
        found.append("same_surname")
    birth = _birth_dates_match(new.birth_date, known.birth_date)
    if birth:
        found.append(birth)
    if "bsn_two_digits_off" in found:
        return found if (same_surname or birth) else []
    if same_surname and birth and _given_names_match(new.given_names, known.given_names):
        return found
    return []
