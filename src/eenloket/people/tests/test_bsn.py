"""The 11-test, the test range, the keyed lookup hash, masking and encryption at rest."""

import random

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.people import bsn
from eenloket.people import services as people
from eenloket.people.models import Person

SYSTEM = Actor.system("test")


@pytest.mark.parametrize("number", ["111222333", "123456782", "999176110", "999990044"])
def test_valid_numbers_pass_the_11_test(number):
    assert bsn.passes_11_test(number)


@pytest.mark.parametrize(
    "number", ["111222334", "123456789", "000000000", "12345678", "1234567820", "12345678a", ""]
)
def test_invalid_numbers_fail_the_11_test(number):
    assert not bsn.passes_11_test(number)


@given(st.integers(min_value=0, max_value=2**32))
def test_generated_test_numbers_are_valid_and_in_the_test_range(seed):
    number = bsn.test_number(random.Random(seed))
    assert bsn.passes_11_test(number)
    assert number.startswith("999")
    assert bsn.is_test_number(number)


@given(st.integers(min_value=0, max_value=2**32), st.integers(0, 8), st.integers(1, 9))
def test_one_wrong_digit_never_passes(seed, position, change):
    number = bsn.test_number(random.Random(seed))
    wrong = (int(number[position]) + change) % 10
    assert not bsn.passes_11_test(number[:position] + str(wrong) + number[position + 1 :])


@given(st.integers(min_value=0, max_value=2**32), st.integers(0, 7))
def test_swapping_neighbouring_digits_never_passes(seed, position):
    number = bsn.test_number(random.Random(seed))
    if number[position] == number[position + 1]:
        return
    swapped = number[:position] + number[position + 1] + number[position] + number[position + 2 :]
    assert not bsn.passes_11_test(swapped)


def test_near_numbers_differ_in_two_digits_and_are_valid():
    near = bsn.near_numbers("999176110")
    assert 200 < len(near) < 350
    assert all(bsn.passes_11_test(n) and bsn.differs_in_digits(n, "999176110") == 2 for n in near)


def test_lookup_hash_depends_on_the_key(settings):
    first = bsn.lookup_hash("999176110")
    settings.EENLOKET_BSN_HASH_KEY = b"another-key-of-thirty-two-bytes!"
    assert bsn.lookup_hash("999176110") != first
    assert "999176110" not in first


def test_mask_shows_only_the_last_three_digits():
    assert bsn.mask("999176110") == "••••••110"
    assert bsn.mask("") == ""


@pytest.mark.django_db
def test_bsn_is_stored_encrypted_and_found_by_hash():
    person = people.person_create(surname="Jansen", bsn="9991 76 110", actor=SYSTEM)
    row = Person.objects.filter(pk=person.pk).values("bsn_encrypted", "bsn_hash").get()
    assert "999176110" not in row["bsn_encrypted"]
    assert row["bsn_hash"] == bsn.lookup_hash("999176110")
    assert bsn.bsn_of(person) == "999176110"
    assert Person.objects.get(bsn_hash=bsn.lookup_hash("999176110")) == person


@pytest.mark.django_db
@pytest.mark.parametrize(("raw", "message"), [("12345", "9 digits"), ("999176111", "11-test")])
def test_a_wrong_bsn_is_refused_with_a_clear_message(raw, message):
    with translation.override("en"), pytest.raises(DomainError) as refused:
        people.person_create(surname="Jansen", bsn=raw, actor=SYSTEM)
    assert refused.value.field == "bsn"
    assert message in str(refused.value.message)


@pytest.mark.django_db
def test_a_bsn_is_registered_once():
    people.person_create(surname="Jansen", bsn="999176110", actor=SYSTEM)
    with pytest.raises(DomainError) as refused:
        people.person_create(surname="Janssen", bsn="999176110", actor=SYSTEM)
    assert refused.value.field == "bsn"


@pytest.mark.django_db
def test_a_person_without_bsn_can_be_registered():
    person = people.person_create(surname="Jansen", actor=SYSTEM)
    assert not person.has_bsn
