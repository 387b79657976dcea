"""The listed reasons for break-glass, and the data categories each one opens (#23, decision
0049). A worker picks one and adds their own words; the access never shows more than the
reason needs, and never the BSN (no emergency at a desk needs the number; it needs a law).

A leaf module: the form, the service and the policy point (``access.break_glass``) read it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from eenloket.consent.categories import SHAREABLE


@dataclass(frozen=True)
class Reason:
    code: str
    label: str | Promise
    categories: tuple[str, ...]


# Every reason opens the name (there is no case without it), the contact details (to reach
# the person now), the teams that help (to reach them) and the notes on the question.
_ALWAYS = ("name", "contact", "involvement", "case_notes")

REASONS: tuple[Reason, ...] = (
    Reason(
        "danger",
        _("Danger to life or health"),
        (*_ALWAYS, "household", "health"),
    ),
    Reason(
        "eviction_cutoff",
        _("An eviction or a cut-off of water or energy is about to happen"),
        (*_ALWAYS, "household", "housing", "debts", "income"),
    ),
    Reason(
        "deadline_today",
        _("A deadline for the person ends today"),
        (*_ALWAYS, "income", "debts", "housing", "documents"),
    ),
)

BY_CODE: dict[str, Reason] = {reason.code: reason for reason in REASONS}


def reason_categories(code: str) -> tuple[str, ...]:
    """The categories the reason opens; for an access opened before the list (no code): the
    categories every break-glass opened then (all shareable ones but the BSN)."""
    reason = BY_CODE.get(code)
    if reason is not None:
        return reason.categories
    return tuple(category for category in SHAREABLE if category != "identity")
