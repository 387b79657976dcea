"""The duplicate warning on a labelled set: precision and recall, printed and held to a bar."""

import datetime as dt

import pytest

from eenloket.people.duplicates import NameAndBirth, reasons, swapped_day_and_month
from eenloket.people.tests.duplicate_pairs import PAIRS

# The bars: a warning costs a worker a glance and a question to the citizen ("were you here
# before?"), a missed duplicate splits a dossier until someone merges it. So recall matters
# slightly more, but a rule that warns at every namesake is soon ignored: at least 85% of
# warnings must be right (measured 19/21 = 90%), and at least 80% of duplicates must be caught
# (measured 19/23 = 83%; the misses are nicknames, spelling variants and married names without
# a recorded birth name, listed in the set). Raising either bar needs a better rule, not a
# different set.
PRECISION_BAR = 0.85
RECALL_BAR = 0.80


def test_duplicate_rule_reaches_precision_and_recall_on_the_labelled_set(capsys):
    true_pos = false_pos = false_neg = true_neg = 0
    for new, known, same, _why in PAIRS:
        warned = bool(reasons(new, known))
        true_pos += warned and same
        false_pos += warned and not same
        false_neg += (not warned) and same
        true_neg += (not warned) and not same
    precision = true_pos / (true_pos + false_pos)
    recall = true_pos / (true_pos + false_neg)
    with capsys.disabled():
        print(
            f"\nduplicate warnings on {len(PAIRS)} labelled pairs: precision {precision:.2f} "
            f"({true_pos}/{true_pos + false_pos}), recall {recall:.2f} "
            f"({true_pos}/{true_pos + false_neg}), true negatives {true_neg}"
        )
    assert precision >= PRECISION_BAR
    assert recall >= RECALL_BAR


@pytest.mark.parametrize(
    ("new", "known", "same", "why"),
    [pair for pair in PAIRS if not pair[3].startswith(("MISSED", "FALSE"))],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_each_pair_the_rule_is_meant_to_decide(new, known, same, why):
    assert bool(reasons(new, known)) is same, why


def test_the_labelled_set_uses_only_test_range_bsns():
    numbers = [p.bsn for new, known, *_ in PAIRS for p in (new, known) if p.bsn]
    assert numbers and all(number.startswith("999") for number in numbers)


@pytest.mark.parametrize(
    ("date", "swapped"),
    [
        (dt.date(1984, 5, 7), dt.date(1984, 7, 5)),
        (dt.date(1984, 7, 7), None),  # same day and month
        (dt.date(1984, 5, 17), None),  # 17 is no month
        (dt.date(1984, 12, 1), dt.date(1984, 1, 12)),
    ],
)
def test_swapped_day_and_month(date, swapped):
    assert swapped_day_and_month(date) == swapped


def test_reasons_name_why():
    new = NameAndBirth("Sandra", "", "Jansen", birth_date=dt.date(1984, 5, 7))
    known = NameAndBirth("Sandra", "", "Jansen", birth_date=dt.date(1984, 7, 5))
    assert reasons(new, known) == ["same_surname", "swapped_day_and_month"]
