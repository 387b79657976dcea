"""What a team may see of a case's person, and on which basis (docs/privacy.md, decision 0039).

"May this membership (worker x organisation x team x role) see this category or item of this
person, for this case, now?" The boundary is the team's purpose, never its organisation:

- the owning team: the categories its purpose needs (``directory/purposes.py``: its statutory
  task, e.g. the loket's intake takes the whole question in), plus the person's consents to it;
- every other team that works on the case, of the same organisation or not: the person's name,
  plus each category a statutory basis covers for its organisation (for every purpose, or for
  its team's purpose), plus each category or single item the person consented to share with
  that team, or with its whole organisation (older consents); special categories only with the
  explicit yes; the BSN never on consent alone;
- break-glass: a named role, with a reason, for one hour (``break_glass.py``).

The same rule says what a handover's receiving team or a new team member is given
(``disclosure_for_team``).
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

# What a free text (a plan action, a team note) is about, besides a data category: written for
# everyone on the case (an arrangement that says nothing of the person beyond their name).
ABOUT_TEAM = "team"
# A text whose writer did not say what it is about (and every text written before decision
# 0039) may be about anything: the most restrictive reading.
ABOUT_UNSAID = ""


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

    def allows_labelled(self, kind: str, pk, category: str, about: str) -> bool:
        """Whether an item of ``category`` ("case_notes", "documents") labelled with what it
        is about may be seen: the category and the label's (decision 0046), or the item
        shared on its own; an item without a label, or "team", follows its category alone."""
        if f"{kind}:{pk}" in self.items:
            return True
        if about in (ABOUT_UNSAID, ABOUT_TEAM):
            return category in self.bases
        return category in self.bases and about in self.bases

    @property
    def full(self) -> bool:
        return self.relation in ("owner", "break_glass")

    @property
    def withheld(self) -> list[str]:
        return [c for c in SHAREABLE if c not in self.bases]

    @property
    def reads_unlabelled(self) -> bool:
        """Whether a text another team wrote that does not say what it is about may be shown:
        only to a team that is withheld nothing (the loket that took the question in), or by
        break-glass."""
        return self.relation == "break_glass" or not self.withheld

    @property
    def reads_next_step(self) -> bool:
        """Whether the case's next step may be shown: the owning team writes it (it says
        nothing of what it is about), so the owning team, and a team that is withheld nothing
        (decision 0039)."""
        return self.relation == "owner" or self.reads_unlabelled

    def may_read_text(self, about: str, *, written_by, reader, addressed_to=None) -> bool:
        """Whether a free text another team wrote may be shown (decision 0039). Its own team's
        text, and a text addressed to the reader's team (an action it is to do), always; else
        a text for the whole team always; a text about a category when that category may be
        seen; a text that does not say what it is about only when nothing is withheld."""
        if reader is not None and reader in (written_by, addressed_to):
            return True
        if about == ABOUT_TEAM:
            return True
        if about == ABOUT_UNSAID:
            return self.reads_unlabelled
        return self.allows(about)

    def log_bases(self, categories) -> dict:
        """The non-task bases of the given categories, for the processing log."""
        return {c: self.bases[c] for c in categories if self.bases.get(c, "task") != "task"}


def consents_in_force(
    person_id, recipient_id, case_id, on: dt.date, *, team_id=None
) -> QuerySet[Consent]:
    """Consents of the person that are a basis today for ``team_id`` (consents to that team,
    or to its whole organisation ``recipient_id``); without a team, only consents to the whole
    organisation."""
    to_recipient = Q(recipient_team__isnull=True)
    if team_id is not None:
        to_recipient |= Q(recipient_team_id=team_id)
    return (
        release(Consent)
        .filter(
            to_recipient,
            person_id=person_id,
            recipient_id=recipient_id,
            state=ConsentState.GIVEN,
            valid_from__lte=on,
            valid_until__gte=on,
        )
        .filter(Q(case__isnull=True) | Q(case_id=case_id))
    )


def statutory_bases_in_force(
    recipient_id, on: dt.date, *, team_purpose: str | None = None
) -> QuerySet[StatutoryBasis]:
    """Statutory bases that let the recipient organisation see categories on that day: those
    for every purpose, and those for ``team_purpose`` when given."""
    purposes = [""] if team_purpose is None else ["", team_purpose]
    return StatutoryBasis.objects.filter(
        recipient_id=recipient_id, valid_from__lte=on, team_purpose__in=purposes
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))


def _add_consents(bases: dict, items: dict, consents) -> None:
    for consent in consents:
        for category in consent.categories:
            # The BSN needs a law, and a special category an explicit, separate yes.
            if category not in BY_CONSENT:
                continue
            if category in SPECIAL and not consent.explicit_special:
                continue
            bases.setdefault(category, f"consent:{consent.pk}")
        for item in consent.items:
            items.setdefault(str(item), f"consent:{consent.pk}")


def _partner_bases(organisation_id, case: Case, on: dt.date, team=None) -> tuple[dict, dict]:
    """The bases per category, and the single items shared, for a team that does not own the
    case (``team`` None: the organisation as a whole, its consents to all teams only)."""
    bases: dict = {"name": "relation"}
    items: dict = {}
    purpose = team.purpose if team is not None else None
    for basis in statutory_bases_in_force(organisation_id, on, team_purpose=purpose):
        for category in basis.categories:
            if category in SHAREABLE:
                bases.setdefault(category, f"statute:{basis.legal_reference}")
    consents = consents_in_force(
        case.person_id, organisation_id, case.pk, on, team_id=team.pk if team else None
    )
    _add_consents(bases, items, consents)
    return bases, items


def _owner_bases(team, case: Case, on: dt.date) -> tuple[dict, dict]:
    """The owning team's task (its purpose's categories), plus its consents beyond that. The
    intake purpose needs everything, so the loket asks no query."""
    task = [c for c in team.purpose_definition.categories if c in SHAREABLE]
    bases: dict = dict.fromkeys(task, "task")
    items: dict = {}
    if len(bases) < len(SHAREABLE):
        consents = consents_in_force(
            case.person_id, team.organisation_id, case.pk, on, team_id=team.pk
        )
        _add_consents(bases, items, consents)
    bases.setdefault("name", "task")
    return bases, items


def disclosure_for_team(case: Case, team, *, on: dt.date | None = None) -> Disclosure:
    """What the policy point releases of ``case`` to ``team``: the owning team's purpose, or,
    for any other team (the receiver of a handover, a team member), its name plus what a law
    for its purpose or the citizen's consent to it covers (see the module docstring)."""
    on = on or clock.today()
    if team.pk == case.owning_team_id:
        bases, items = _owner_bases(team, case, on)
        return Disclosure("owner", bases, items)
    bases, items = _partner_bases(team.organisation_id, case, on, team)
    return Disclosure("partner", bases, items)


def disclosure_for(actor: Actor, case: Case, *, on: dt.date | None = None) -> Disclosure:
    """Decide what the actor's team may see of a case it has a relation with (see the module
    docstring). Up to three queries for a partner, none for a loket that owns the case."""
    team = actor.membership.team
    if team.pk == case.owning_team_id:
        team = case.owning_team  # loaded with the case
    return disclosure_for_team(case, team, on=on)


def disclosure_for_organisation(case: Case, organisation_id, *, on: dt.date | None = None):
    """What the policy point would release of ``case`` to an organisation as a whole (no team,
    so no team's purpose): its name, plus what a law for every purpose or a consent to the
    whole organisation covers. Never more than any of its teams gets, the owner's included
    only through its own team (``disclosure_for_team``)."""
    bases, items = _partner_bases(organisation_id, case, on or clock.today())
    return Disclosure("partner", bases, items)


# What a receiving team needs to act on a handover: a way to reach the citizen, and the question.
REACH_NEEDS = ("contact", "case_notes")


@dataclass(frozen=True)
class Reach:
    """What a team will see of a case (``disclosure``), and which of ``REACH_NEEDS`` it will
    not get; ``unreachable``: it will see no way to reach the citizen."""

    disclosure: Disclosure
    missing: tuple[str, ...]

    @property
    def unreachable(self) -> bool:
        return "contact" in self.missing

    @property
    def sees(self) -> list[str]:
        return [c for c in SHAREABLE if self.disclosure.allows(c)]


def reach_of_team(case: Case, team, *, on: dt.date | None = None) -> Reach:
    """What ``team`` would see of ``case`` if a handover went to it now, and what it needs and
    would not get (shown before sending and on the receiver's accept screen, decision 0039)."""
    disclosure = disclosure_for_team(case, team, on=on)
    return Reach(disclosure, tuple(c for c in REACH_NEEDS if not disclosure.allows(c)))


def may_check_entitlements(case: Case) -> bool:
    """Tell whether the entitlement check may run on a case released to the actor: only for the
    owning loket. A signal ("may get rent allowance") says something about income and housing,
    which a partner organisation may not have been given."""
    disclosure = getattr(case, "disclosure", None)
    return disclosure is not None and disclosure.relation == "owner"


def case_notes_visible(actor: Actor, cases: list[Case]) -> set:
    """Return the ids of the listed cases whose notes the actor's team may see: those it owns
    when its purpose needs "case_notes", and others where a statute for its purpose or a
    consent to it (or its organisation) covers "case_notes". At most two queries."""
    team = actor.membership.team
    organisation_id = team.organisation_id
    owns_notes = "case_notes" in team.purpose_definition.categories
    own = {c.pk for c in cases if c.owning_team_id == team.pk}
    seen = own if owns_notes else set()
    others = [c for c in cases if c.pk not in seen]
    if not others:
        return seen
    today = clock.today()
    if any(
        "case_notes" in basis.categories
        for basis in statutory_bases_in_force(organisation_id, today, team_purpose=team.purpose)
    ):
        return {c.pk for c in cases}
    consents = (
        release(Consent)
        .filter(
            Q(recipient_team__isnull=True) | Q(recipient_team_id=team.pk),
            person_id__in={c.person_id for c in others},
            recipient_id=organisation_id,
            state=ConsentState.GIVEN,
            valid_from__lte=today,
            valid_until__gte=today,
        )
        .values_list("person_id", "case_id", "categories")
    )
    covered = [(person, case) for person, case, cats in consents if "case_notes" in cats]
    return seen | {
        c.pk for c in others if any(p == c.person_id and k in (None, c.pk) for p, k in covered)
    }


def labels_visible(actor: Actor, handovers: list) -> dict:
    """What each listed handover is about (decision 0046), as the actor's team may see it: the
    label when the team sent it, when it says "team" or nothing, or when the team may see that
    category of the case (its task, a statute for its purpose, or the person's consent to it or
    its organisation: ``disclosure_for_team``'s rules); else None. For a page: at most two
    queries. The handovers' cases must be loaded."""
    team = actor.membership.team
    labels: dict = {}
    pending = []
    for handover in handovers:
        if handover.about in (ABOUT_UNSAID, ABOUT_TEAM) or handover.from_team_id == team.pk:
            labels[handover.pk] = handover.about
        else:
            pending.append(handover)
    if not pending:
        return labels
    today = clock.today()
    statute = {
        category
        for basis in statutory_bases_in_force(
            team.organisation_id, today, team_purpose=team.purpose
        )
        for category in basis.categories
        if category in SHAREABLE
    }
    task = {c for c in team.purpose_definition.categories if c in SHAREABLE}
    consents = list(
        release(Consent).filter(
            Q(recipient_team__isnull=True) | Q(recipient_team_id=team.pk),
            person_id__in={h.case.person_id for h in pending},
            recipient_id=team.organisation_id,
            state=ConsentState.GIVEN,
            valid_from__lte=today,
            valid_until__gte=today,
        )
    )
    for handover in pending:
        case = handover.case
        bases: dict = dict.fromkeys(task if case.owning_team_id == team.pk else statute, "")
        _add_consents(
            bases,
            {},
            [c for c in consents if c.person_id == case.person_id and c.case_id in (None, case.pk)],
        )
        labels[handover.pk] = handover.about if handover.about in bases else None
    return labels
