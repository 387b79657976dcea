"""Property-based tests: encryption and keyed lookup of the BSN, and the duplicate rule."""

import datetime as dt
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eenloket.core import crypto
from eenloket.people import bsn
from eenloket.people.duplicates import NameAndBirth, reasons

test_numbers = st.integers(min_value=0, max_value=2**32).map(
    lambda seed: bsn.test_number(random.Random(seed))
)
letters = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéëïöüç", min_size=2, max_size=12)
dates = st.dates(min_value=dt.date(1920, 1, 1), max_value=dt.date(2020, 12, 31))
prefixes = st.sampled_from(["", "van", "de", "van der", "van den", "ter", "'t"])


@given(test_numbers)
def test_encryption_round_trips_and_never_shows_the_number(number):
    token = crypto.encrypt(number)
    assert number not in token
    assert crypto.decrypt(token) == number


@given(test_numbers, test_numbers)
def test_lookup_hash_is_deterministic_and_tells_numbers_apart(first, second):
    assert bsn.lookup_hash(first) == bsn.lookup_hash(first)
    assert (bsn.lookup_hash(first) == bsn.lookup_hash(second)) == (first == second)


def _person(given_name, prefix, surname, birth, number=""):
    return NameAndBirth(given_name, prefix, surname, birth_date=birth, bsn=number)


@given(letters, prefixes, letters, dates)
def test_a_person_is_a_duplicate_of_themselves(given_name, prefix, surname, birth):
    person = _person(given_name, prefix, surname, birth)
    assert reasons(person, person)


@given(letters, prefixes, letters, dates)
def test_prefix_case_and_diacritics_do_not_hide_a_duplicate(given_name, prefix, surname, birth):
    written = _person(given_name, prefix, surname, birth)
    retyped = _person(
        given_name.upper(),
        "",
        f"{prefix} {surname}".strip().upper().replace("É", "E").replace("Ë", "E"),
        birth,
    )
    assert reasons(written, retyped)


@given(
    st.tuples(letters, prefixes, letters, dates, test_numbers | st.just("")),
    st.tuples(letters, prefixes, letters, dates, test_numbers | st.just("")),
)
def test_the_rule_is_symmetric(first, second):
    a, b = _person(*first), _person(*second)
    assert bool(reasons(a, b)) == bool(reasons(b, a))


@pytest.mark.parametrize("day", range(1, 13))
def test_swapped_day_and_month_is_caught_for_every_ambiguous_day(day):
    birth = dt.date(1984, 5, day)
    if day == 5:
        return
    swapped = dt.date(1984, day, 5)
    assert "swapped_day_and_month" in reasons(
        _person("Sandra", "", "Jansen", birth), _person("Sandra", "", "Jansen", swapped)
    )
