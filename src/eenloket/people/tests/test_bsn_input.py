"""BSN input as people type it: spaces and dots allowed, every failure explained correctly,
never an error (issue #26: an 8-digit number valid with a leading zero gave a server error on
the intake; "abcdefghi" was told it "has 9 digits"; full-width digits "failed the 11-test")."""

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from eenloket.core.errors import DomainError
from eenloket.people import bsn as bsn_rules
from eenloket.people.bsn import check_bsn


def full_width(digits: str) -> str:
    """The same number in full-width digits (as some phone keyboards type them)."""
    return digits.translate(str.maketrans("0123456789", "".join(map(chr, range(0xFF10, 0xFF1A)))))


VALID = "999176110"


@pytest.mark.parametrize(
    "raw",
    [
        "999176110",
        "9991 76 110",
        "999.176.110",
        "999-176-110",
        " 999176110 ",
        full_width("999176110"),
    ],
)
def test_a_valid_bsn_is_accepted_however_it_is_written(raw):
    assert check_bsn(raw) == VALID


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("abcdefghi", "only digits"),
        ("99917611O", "only digits"),  # a letter O for a zero
        ("<script>", "only digits"),
        ("999176110'; DROP TABLE", "only digits"),
        ("12345672", "Type the 0 as well"),  # 012345672 passes the 11-test
        ("12345678", "this has 8."),  # 012345678 does not: no hint about a 0
        ("12345", "this has 5."),
        ("9991761100", "this has 10."),
        ("999176111", "11-test"),
        (full_width("999176111"), "11-test"),  # full-width digits are read as digits
        ("000000000", "11-test"),
    ],
)
def test_each_wrong_bsn_gets_the_right_explanation(raw, says):
    with translation.override("en"), pytest.raises(DomainError) as refused:
        check_bsn(raw)
    assert refused.value.field == "bsn"
    assert says in str(refused.value.message)


def test_abcdefghi_is_not_told_it_has_nine_digits():
    with translation.override("en"), pytest.raises(DomainError) as refused:
        check_bsn("abcdefghi")
    assert "9 digits" not in str(refused.value.message)


@given(st.text(max_size=40))
def test_any_text_is_a_bsn_or_a_named_refusal_never_a_crash(raw):
    try:
        number = check_bsn(raw)
    except DomainError as refused:
        assert refused.field == "bsn"
        assert str(refused.message)
    else:
        assert number == "" or bsn_rules.passes_11_test(number)


@given(st.text(max_size=12))
def test_near_numbers_of_anything_is_a_list_never_an_error(raw):
    near = bsn_rules.near_numbers(raw)
    assert isinstance(near, list)
    if not bsn_rules.is_nine_digits(raw):
        assert near == []


def test_near_numbers_of_a_valid_bsn_differ_in_two_digits():
    near = bsn_rules.near_numbers(VALID)
    assert near and all(bsn_rules.differs_in_digits(VALID, n) == 2 for n in near)
