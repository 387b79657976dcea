"""What a representative sees *inside* a question their representation covers: per data
category (issue #20, decision 0046).

``Representation.covers`` says which questions a representative may open: a question with a
need in one of their matters. A question is often about more than one matter ("my rent is
behind and the debts pile up"): a representative for housing then opened the whole question,
the debt checklist included, while the same person's debt-only question stayed closed to them.
Within a question the rule is now per category, the same rule as decision 0039 for teams:

- each matter reaches the data categories of ``CATEGORIES_OF_MATTER`` ("housing" → housing);
- an item that says what it is about (a plan action, a note meant for the citizen, a handover,
  the checklist of a life event) shows when its category is in reach, an item "for everyone"
  (``ABOUT_TEAM``) always, an item that does not say only to a representative for all matters;
- the person themselves, a representative for all matters and a representation for that one
  question see the whole question (``CitizenScope.everything``).
"""

from __future__ import annotations

from dataclasses import dataclass

from eenloket.access.disclosure import ABOUT_TEAM, ABOUT_UNSAID
from eenloket.people.models import Matter, Representation

# The data categories (consent/categories.py) a representation for a matter reaches.
CATEGORIES_OF_MATTER: dict[str, frozenset[str]] = {
    Matter.FINANCIAL: frozenset({"income", "debts"}),
    Matter.HOUSING: frozenset({"housing"}),
    Matter.CARE: frozenset({"health"}),
    Matter.WORK: frozenset({"income"}),
    Matter.ADMINISTRATION: frozenset({"documents"}),
}

# The categories the checklist of a life event (guide/, "What usually changes") is about: it
# shows to a representative who reaches one of them. A life event not listed is about
# everything (only the person and a representative for all matters see it).
CATEGORIES_OF_LIFE_EVENT: dict[str, frozenset[str]] = {
    "job_loss": frozenset({"income"}),
    "debts": frozenset({"debts"}),
    "business_in_trouble": frozenset({"income", "debts"}),
    "illness": frozenset({"health"}),
    "moving_house": frozenset({"housing"}),
    "homelessness": frozenset({"housing"}),
    "turning_18": frozenset({"income"}),
    "leaving_detention": frozenset({"justice"}),
}


@dataclass(frozen=True)
class CitizenScope:
    """The categories a citizen-side reader reaches within a question they may open; None:
    every category (the person, all matters, a representation for that one question)."""

    categories: frozenset[str] | None = None

    @property
    def everything(self) -> bool:
        return self.categories is None

    def sees(self, about: str) -> bool:
        """Whether an item about ``about`` shows (the module docstring)."""
        if self.categories is None or about == ABOUT_TEAM:
            return True
        if about == ABOUT_UNSAID:
            return False
        return about in self.categories

    def sees_life_event(self, key: str) -> bool:
        if self.categories is None:
            return True
        return bool(CATEGORIES_OF_LIFE_EVENT.get(key, frozenset()) & self.categories)


EVERYTHING = CitizenScope()


def scope_of(representation: Representation | None) -> CitizenScope:
    """The scope of a representation within the questions it covers (None: the person)."""
    if representation is None or representation.case_id or Matter.ALL in representation.matters:
        return EVERYTHING
    reached: set[str] = set()
    for matter in representation.matters:
        reached |= CATEGORIES_OF_MATTER.get(matter, frozenset())
    return CitizenScope(frozenset(reached))
