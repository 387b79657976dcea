"""What a membership may see of a case's person, and on which basis (docs/privacy.md).

"May this membership (worker x organisation x team x role) see this category or item of this
person, for this case, now?" What a worker sees of a case their team owns or works on:

- the owning organisation's teams: everything, on the desk's statutory task (the register);
- a partner organisation's team: the person's name, plus each category a statutory basis for
  that organisation covers, plus each category or single item the person consented to share
  with it (given, current, explicit for special categories); the BSN never on consent alone;
- break-glass: a named role, with a reason, for one hour (``break_glass.py``).

The same rule says what a handover's receiver or a new team member is given
(``disclosure_for_organisation``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from eenloket.access.release import release
from eenloket.cases.models import Case
from eenloket.consent.categories import BY_CONSENT, SHAREABLE, SPECIAL
from eenloket.consent.models import Consent, ConsentState, StatutoryBasis
from eenloket.core import clock
from eenloket.core.actor import Actor

# What a list of cases (a worklist) shows of each person: their name.
LIST_CATEGORIES = ("name",)


@dataclass(frozen=True)
class Disclosure:
    """What the actor may see of one case's person, and on which basis per category.

    ``bases`` maps a category to "task" (the owning organisation's statutory task),
    "relation" (the name, to a team that works on the case), "statute:<law>", "consent:<id>"
    or "break_glass"; ``items`` maps a single item ("fact:<id>", "document:<id>") to the consent
    that shares it. ``withheld`` lists the categories the actor does not see.
    """

    relation: str  # owner, partner, break_glass
    bases: dict
    items: dict = field(default_factory=dict)

    def allows(self, category: str) -> bool:
        return category in self.bases

    def allows_item(self, kind: str, pk, category: str) -> bool:
        return category in self.bases or f"{kind}:{pk}" in self.items

    @property
    def full(self) -> bool:
        return self.relation in ("owner", "break_glass")

    @property
    def withheld(self) -> list[str]:
        return [c for c in SHAREABLE if c not in self.bases]

    def log_bases(self, categories) -> dict:
        """The non-task bases of the given categories, for the processing log."""
        return {c: self.bases[c] for c in categories if self.bases.get(c, "task") != "task"}


def consents_in_force(person_id, recipient_id, case_id, on: dt.date) -> QuerySet[Consent]:
    """Consents of the person to the recipient organisation that are a basis today."""
    return (
        release(Consent)
        .filter(
            person_id=person_id,
            recipient_id=recipient_id,
            state=ConsentState.GIVEN,
            valid_from__lte=on,
            valid_until__gte=on,
        )
        .filter(Q(case__isnull=True) | Q(case_id=case_id))
    )


def statutory_bases_in_force(recipient_id, on: dt.date) -> QuerySet[StatutoryBasis]:
    """Statutory bases that let the recipient organisation see categories on that day."""
    return StatutoryBasis.objects.filter(recipient_id=recipient_id, valid_from__lte=on).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=on)
    )


def _partner_bases(organisation_id, case: Case, on: dt.date) -> tuple[dict, dict]:
    """The bases per category, and the single items shared, for a partner organisation."""
    bases: dict = {"name": "relation"}
    items: dict = {}
    for basis in statutory_bases_in_force(organisation_id, on):
        for category in basis.categories:
            if category in SHAREABLE:
                bases.setdefault(category, f"statute:{basis.legal_reference}")
    for consent in consents_in_force(case.person_id, organisation_id, case.pk, on):
        for category in consent.categories:
            # The BSN needs a law, and a special category an explicit, separate yes.
            if category not in BY_CONSENT:
                continue
            if category in SPECIAL and not consent.explicit_special:
                continue
            bases.setdefault(category, f"consent:{consent.pk}")
        for item in consent.items:
            items.setdefault(str(item), f"consent:{consent.pk}")
    return bases, items


def disclosure_for(actor: Actor, case: Case, *, on: dt.date | None = None) -> Disclosure:
    """Decide what the actor may see of a case they have a relation with (see the module
    docstring). Up to three queries for a partner, none for the owning organisation."""
    on = on or clock.today()
    membership = actor.membership
    owner_organisation = case.owning_team.organisation_id
    if membership.team_id == case.owning_team_id or membership.organisation_id == (
        owner_organisation
    ):
        return Disclosure("owner", dict.fromkeys(SHAREABLE, "task"))
    bases, items = _partner_bases(membership.organisation_id, case, on)
    return Disclosure("partner", bases, items)


def disclosure_for_organisation(case: Case, organisation_id, *, on: dt.date | None = None):
    """What the policy point would release of ``case`` to another organisation (the receiver of
    a handover, a team member): its name, plus what a law or the citizen's consent covers. The
    owning organisation gets everything for its task."""
    if organisation_id == case.owning_team.organisation_id:
        return Disclosure("owner", dict.fromkeys(SHAREABLE, "task"))
    bases, items = _partner_bases(organisation_id, case, on or clock.today())
    return Disclosure("partner", bases, items)


def may_check_entitlements(case: Case) -> bool:
    """Tell whether the entitlement check may run on a case released to the actor: only for the
    owning loket. A signal ("may get rent allowance") says something about income and housing,
    which a partner organisation may not have been given."""
    disclosure = getattr(case, "disclosure", None)
    return disclosure is not None and disclosure.relation == "owner"


def case_notes_visible(actor: Actor, cases: list[Case]) -> set:
    """Return the ids of the listed cases whose notes the actor may see: those of their own
    organisation, and a partner's where a statute or a consent covers "case_notes"."""
    organisation_id = actor.membership.organisation_id
    own = {c.pk for c in cases if c.owning_team.organisation_id == organisation_id}
    partner = [c for c in cases if c.pk not in own]
    if not partner:
        return own
    today = clock.today()
    if any(
        "case_notes" in basis.categories
        for basis in statutory_bases_in_force(organisation_id, today)
    ):
        return {c.pk for c in cases}
    consents = (
        release(Consent)
        .filter(
            person_id__in={c.person_id for c in partner},
            recipient_id=organisation_id,
            state=ConsentState.GIVEN,
            valid_from__lte=today,
            valid_until__gte=today,
        )
        .values_list("person_id", "case_id", "categories")
    )
    covered = [(person, case) for person, case, cats in consents if "case_notes" in cats]
    return own | {
        c.pk for c in partner if any(p == c.person_id and k in (None, c.pk) for p, k in covered)
    }
