"""The citizen service number (BSN): the 11-test, the keyed lookup hash, masking, and the
test range the BRP uses for test persons.

A BSN is stored twice, never in the clear: encrypted with the field keys (core/crypto.py) so an
entitled worker can read it, and as an HMAC-SHA256 with EENLOKET_BSN_HASH_KEY so a person can be
found by it without decrypting every row. The hash key lives outside the database: a copy of the
database alone cannot be searched for a known BSN.
"""

from __future__ import annotations

import hashlib
import hmac
import random
import re
import unicodedata

from django.conf import settings
from django.utils.translation import gettext as _

from eenloket.core import crypto
from eenloket.core.errors import DomainError

# The BRP's test persons (RvIG "testdataset persoonslijsten") have BSNs starting with 999.
TEST_RANGE_PREFIX = "999"
WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


SEPARATORS = frozenset(" .-\t\u00a0\u202f")


def normalise(raw: str) -> str:
    """Return ``raw`` without spaces, dots or dashes (as people write a BSN), with any decimal
    digit of another script (full-width digits, Arabic-Indic digits) written as 0-9.

    What is left is not necessarily digits: ``check_bsn`` (below) says what is
    wrong with it.
    """
    out = []
    for ch in raw:
        if ch in SEPARATORS:
            continue
        digit = unicodedata.decimal(ch, None)
        out.append(str(digit) if digit is not None else ch)
    return "".join(out)


def is_nine_digits(bsn: str) -> bool:
    """Tell whether ``bsn`` is exactly nine of the digits 0-9."""
    return len(bsn) == 9 and bsn.isascii() and bsn.isdigit()


def passes_11_test(bsn: str) -> bool:
    """Tell whether ``bsn`` is 9 digits whose weighted sum (9..2, -1) is divisible by 11.

    All zeros passes the arithmetic but is never issued, so it fails here.
    """
    if not is_nine_digits(bsn) or bsn == "000000000":
        return False
    total = sum(int(digit) * weight for digit, weight in zip(bsn, WEIGHTS, strict=True))
    return total % 11 == 0


def is_test_number(bsn: str) -> bool:
    """Tell whether ``bsn`` lies in the BRP's test range (and passes the 11-test)."""
    return bsn.startswith(TEST_RANGE_PREFIX) and passes_11_test(bsn)


def check_digit(first_eight: str) -> int | None:
    """Return the last digit that makes ``first_eight`` pass the 11-test, or None if none does."""
    partial = sum(
        int(digit) * weight for digit, weight in zip(first_eight, WEIGHTS[:8], strict=True)
    )
    last = partial % 11  # partial - last must be divisible by 11
    return last if last <= 9 else None


def test_number(rng: random.Random) -> str:
    """Return a random BSN from the test range that passes the 11-test (for demo and seed)."""
    while True:
        first_eight = TEST_RANGE_PREFIX + f"{rng.randrange(100_000):05d}"
        last = check_digit(first_eight)
        if last is not None:
            return f"{first_eight}{last}"


def lookup_hash(bsn: str) -> str:
    """Return the keyed hash by which a person with this BSN is found."""
    return hmac.new(settings.EENLOKET_BSN_HASH_KEY, bsn.encode(), hashlib.sha256).hexdigest()


def mask(bsn: str) -> str:
    """Return the BSN with all but its last three digits hidden: ``••••••123``."""
    if not bsn:
        return ""
    return "•" * (len(bsn) - 3) + bsn[-3:]


def near_numbers(bsn: str) -> list[str]:
    """Return every valid BSN that differs from ``bsn`` in exactly two digits.

    A BSN "one digit off" cannot be stored: the 11-test catches every single wrong digit and
    every swap of two neighbouring digits (the weights differ by a number 11 does not divide),
    so a second person with such a number was never registered. What does slip through is a
    number with two digits wrong (one typo, "corrected" in the wrong place, or two digits far
    apart swapped), so the duplicate warning looks for those. About 265 candidates per number.
    Anything but nine digits has no near numbers (an empty list, never an error).
    """
    if not is_nine_digits(bsn):
        return []
    found = []
    for first in range(9):
        for second in range(first + 1, 9):
            for a in "0123456789":
                if a == bsn[first]:
                    continue
                for b in "0123456789":
                    if b == bsn[second]:
                        continue
                    candidate = bsn[:first] + a + bsn[first + 1 : second] + b + bsn[second + 1 :]
                    if passes_11_test(candidate):
                        found.append(candidate)
    return found


def differs_in_digits(first: str, second: str) -> int:
    """Return in how many positions two numbers of the same length differ."""
    return sum(1 for a, b in zip(first, second, strict=True) if a != b)


KVK_PATTERN = re.compile(r"^[0-9]{8}\Z")


def check_bsn(raw: str) -> str:
    """Return the BSN in ``raw`` as 9 digits, or raise a DomainError saying what is wrong.

    Spaces, dots and dashes are allowed (``1234.56.782``), and digits of another script are
    read as 0-9. The error names what is wrong: other characters, the number of digits (with a
    hint when a leading 0 was left out), or the 11-test. An 8-digit number is never padded
    with a 0 by itself: one in eleven wrongly typed 8-digit numbers would pass that way.
    """
    number = normalise(raw or "")
    if not number:
        return ""
    if not (number.isascii() and number.isdigit()):
        raise DomainError(
            _(
                "A BSN has only digits; remove the letters and other signs "
                "(spaces and dots may stay)."
            ),
            field="bsn",
        )
    if len(number) == 8 and passes_11_test("0" + number):
        raise DomainError(
            _(
                "A BSN has 9 digits; this has 8. "
                "Does the number start with a 0? Type the 0 as well."
            ),
            field="bsn",
        )
    if len(number) != 9:
        raise DomainError(
            _("A BSN has 9 digits; this has %(count)s.") % {"count": len(number)}, field="bsn"
        )
    if not passes_11_test(number):
        raise DomainError(
            _("This is not a valid BSN (it fails the 11-test): check each digit."), field="bsn"
        )
    return number


def bsn_of(person) -> str:
    """Return the person's BSN in the clear, or "". Only for callers the policy point allowed
    (``access.persons.bsn_for``): it is not logged here."""
    return crypto.decrypt(person.bsn_encrypted) if person.bsn_encrypted else ""
