"""Data categories: what can be shared, each explained in plain words.

Health and justice are special categories (AVG art. 9 and 10): consent for them is explicit
and separate. The BSN (``identity``) is never shared on consent alone: processing a BSN needs a
statutory basis (Wet algemene bepalingen burgerservicenummer art. 10), so only a statutory basis
can cover it. ``processing_log`` is what the log itself is about; it is not shared.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Category:
    key: str
    label: Promise
    explanation: Promise
    special: bool = False
    # Whether a citizen can consent to sharing it (the BSN needs a law instead).
    by_consent: bool = True
    shareable: bool = True


_ALL = (
    Category(
        "name",
        _("name and date of birth"),
        _("Your name and date of birth, so an organisation knows who it is helping."),
    ),
    Category(
        "contact",
        _("contact details"),
        _("Your address, phone number and e-mail address, and who may speak for you."),
    ),
    Category(
        "identity",
        _("identity and citizen service number (BSN)"),
        _("Your citizen service number (BSN). Only shared where a law allows it."),
        by_consent=False,
    ),
    Category(
        "household",
        _("household"),
        _("Who lives with you: partner, children and others, and since when."),
    ),
    Category(
        "income",
        _("income and benefits"),
        _("What you earn and which benefits or allowances you receive."),
    ),
    Category("debts", _("debts"), _("Who you owe money to and how much.")),
    Category("housing", _("housing"), _("Where you live, your rent and your landlord.")),
    Category(
        "health",
        _("health and care"),
        _("Your health, illness or disability, and the care you receive."),
        special=True,
    ),
    Category(
        "justice",
        _("justice"),
        _("Fines, a criminal record or time in detention."),
        special=True,
    ),
    Category(
        "case_notes",
        _("notes on the question"),
        _("What you told us, our conversations with you and the notes we made."),
    ),
    Category("documents", _("documents"), _("Letters and papers you gave us, such as a scan.")),
    Category(
        "involvement",
        _("which teams help the person"),
        _("Which teams and organisations help you with your questions."),
        by_consent=False,
        shareable=False,
    ),
    Category(
        "processing_log",
        _("who used your data"),
        _("The record of who looked at your data."),
        by_consent=False,
        shareable=False,
    ),
)

CATEGORIES: dict[str, Category] = {category.key: category for category in _ALL}
SHAREABLE = tuple(c.key for c in _ALL if c.shareable)
SPECIAL = frozenset(c.key for c in _ALL if c.special)
BY_CONSENT = tuple(c.key for c in _ALL if c.by_consent and c.shareable)


def category_label(key: str) -> str:
    category = CATEGORIES.get(key)
    return str(category.label) if category else key
