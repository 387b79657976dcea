"""The policy point: the only way to obtain a person's data or a case, and where each read,
allowed or refused, is logged.

"May this membership (worker x organisation x team x role) see this category or item of this
person, for this case, now?" A worker sees a case that their acting membership's team owns or
works on (nobody browses). What they see of it:

- the owning organisation's teams: everything, on the desk's statutory task (the register);
- a partner organisation's team: the person's name, plus each category a statutory basis for
  that organisation covers, plus each category or single item the person consented to share
  with it (given, current, explicit for special categories); the BSN never on consent alone;
- break-glass: a named role, with a reason, for one hour, reviewed by the privacy officer.

Missing and forbidden give the same answer. See docs/privacy.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from uuid import UUID

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _

from eenloket.accounts.models import CASEWORK_ROLES, Role
from eenloket.audit import processing, register
from eenloket.audit import selectors as audit_selectors
from eenloket.audit.selectors import OUTSIDE_REPRESENTATION
from eenloket.cases.models import (
    AccessRequest,
    AccessRequestState,
    Case,
    CaseStatus,
    CaseTeam,
    ContactDocument,
)
from eenloket.consent.categories import BY_CONSENT, SHAREABLE, SPECIAL
from eenloket.consent.models import BreakGlassAccess, Consent, ConsentState, StatutoryBasis
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError, NotFoundOrForbidden
from eenloket.documents.models import Document
from eenloket.notifications.models import PortalMessage
from eenloket.people import bsn as bsn_rules
from eenloket.people import duplicates, names
from eenloket.people import services as people_services
from eenloket.people.models import Matter, Person, Representation

# What a list of cases (a worklist) shows of each person: their name.
LIST_CATEGORIES = ("name",)
# Roles that may open a case by break-glass, and for how long.
BREAK_GLASS_ROLES = (Role.COORDINATOR, Role.FRONTLINE_WORKER)
BREAK_GLASS_DURATION = dt.timedelta(hours=1)


def _casework_team_id(actor: Actor):
    """Return the team the actor does case work for, or None when they do no case work."""
    membership = actor.membership
    if not actor.is_worker or membership is None:
        return None
    if not membership.is_current():
        return None
    if membership.role not in CASEWORK_ROLES:
        return None
    return membership.team_id


def does_casework(actor: Actor) -> bool:
    """Tell whether the actor acts through a membership that works on cases."""
    return _casework_team_id(actor) is not None


def visible_cases(actor: Actor) -> QuerySet[Case]:
    """Return, as a filter, the cases the actor may see: owned by or worked on by their team.

    This does not log: use it to compose queries and count. Showing cases goes through
    ``read_cases`` or ``case_for``, which log.
    """
    team_id = _casework_team_id(actor)
    if team_id is None:
        return Case.objects.none()
    # An IN over the (small) set of linked cases, not a correlated EXISTS per case: the planners
    # of both databases then use the owning-team index instead of scanning every case
    # (worklist 494 → 43 ms on SQLite, 428 → 77 ms on PostgreSQL with 200,000 cases).
    works_on = CaseTeam.objects.filter(team_id=team_id, ended_at__isnull=True).values("case_id")
    return Case.objects.filter(Q(owning_team_id=team_id) | Q(pk__in=works_on))


def read_cases(
    actor: Actor,
    *,
    activity: str,
    shape: Callable[[QuerySet[Case]], QuerySet[Case]] = lambda cases: cases,
) -> list[Case]:
    """Return the visible cases, filtered, ordered and sliced by ``shape``, and log the read.

    Each case gets ``notes_visible``: whether the actor may see its question and next step
    (category "case_notes"); a partner organisation sees those only on a basis. One
    processing-log line per person shown; two more queries when partner cases are listed.
    """
    cases = list(shape(visible_cases(actor).select_related("person")))
    if not cases:
        return cases
    with_notes = _case_notes_visible(actor, cases)
    for case in cases:
        case.notes_visible = case.pk in with_notes
    processing.record(
        activity=activity,
        actor=actor,
        subject_ids=[case.person_id for case in cases],
        categories=("name", "case_notes") if with_notes else LIST_CATEGORIES,
        status=processing.STATUS_OK,
        object_type="case_list",
    )
    return cases


def _case_notes_visible(actor: Actor, cases: list[Case]) -> set:
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
    consents = Consent.objects.filter(
        person_id__in={c.person_id for c in partner},
        recipient_id=organisation_id,
        state=ConsentState.GIVEN,
        valid_from__lte=today,
        valid_until__gte=today,
    ).values_list("person_id", "case_id", "categories")
    covered = [(person, case) for person, case, cats in consents if "case_notes" in cats]
    return own | {
        c.pk for c in partner if any(p == c.person_id and k in (None, c.pk) for p, k in covered)
    }


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
    return Consent.objects.filter(
        person_id=person_id,
        recipient_id=recipient_id,
        state=ConsentState.GIVEN,
        valid_from__lte=on,
        valid_until__gte=on,
    ).filter(Q(case__isnull=True) | Q(case_id=case_id))


def statutory_bases_in_force(recipient_id, on: dt.date) -> QuerySet[StatutoryBasis]:
    return StatutoryBasis.objects.filter(recipient_id=recipient_id, valid_from__lte=on).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=on)
    )


def _partner_bases(organisation_id, case: Case, on: dt.date) -> tuple[dict, dict]:
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


def _active_break_glass(actor: Actor, case_id) -> BreakGlassAccess | None:
    if not actor.is_worker or actor.membership is None:
        return None
    return (
        BreakGlassAccess.objects.filter(
            user=actor.user,
            membership=actor.membership,
            case_id=case_id,
            expires_at__gt=clock.now(),
        )
        .order_by("-expires_at")
        .first()
    )


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


def _refuse(actor, activity, person_id, categories, reason, object_type, object_id) -> None:
    processing.record(
        activity=activity,
        actor=actor,
        subject_ids=[person_id],
        categories=categories,
        status=processing.STATUS_ERROR,
        reason=reason,
        object_type=object_type,
        object_id=object_id,
    )


def case_for(
    actor: Actor,
    case_id: UUID | str,
    *,
    activity: str = processing.CASE_VIEW,
    needs: Iterable[str] = (),
    shows: Iterable[str] | None = None,
    log: bool = True,
) -> Case:
    """Return the case when the actor may see it, logging the read; else NotFoundOrForbidden.

    The case carries its ``disclosure``. ``needs`` names categories the caller will show or
    use (a form with the person's contact details needs "contact"): without a basis for each,
    the attempt is refused and logged. ``shows`` names what the caller shows, for the log
    (default: the name, and the needed categories); ``log=False`` leaves the log line of a
    successful read to the caller, who shows a single item. A refused attempt on a case that
    exists is logged too (status error, with the reason), so the citizen can see it.
    """
    needs = tuple(needs)
    try:
        case_id = UUID(str(case_id))
    except ValueError:
        raise NotFoundOrForbidden() from None
    try:
        case = (
            visible_cases(actor)
            .select_related("person", "owning_team__organisation")
            .get(pk=case_id)
        )
        disclosure = disclosure_for(actor, case)
    except Case.DoesNotExist:
        case = None
    if case is None or not disclosure.full:
        glass = _active_break_glass(actor, case_id)
        if glass is not None:
            case = Case._base_manager.select_related("person", "owning_team__organisation").get(
                pk=case_id
            )
            disclosure = Disclosure("break_glass", dict.fromkeys(SHAREABLE, "break_glass"))
    if case is None:
        refused = Case.objects.filter(pk=case_id).values_list("person_id", flat=True).first()
        if refused is not None:
            _refuse(
                actor, activity, refused, ("name", *needs), "no_relation_to_case", "case", case_id
            )
        raise NotFoundOrForbidden() from None
    missing = [category for category in needs if not disclosure.allows(category)]
    if missing:
        _refuse(actor, activity, case.person_id, missing, "no_basis_for_category", "case", case.pk)
        raise NotFoundOrForbidden() from None
    case.disclosure = disclosure
    if not log:  # the caller logs what it shows itself (a single item)
        return case
    shown = sorted({"name", *needs, *(shows or ())} & set(disclosure.bases))
    processing.record(
        activity=activity,
        actor=actor,
        subject_ids=[case.person_id],
        categories=shown,
        status=processing.STATUS_OK,
        object_type="case",
        object_id=case.pk,
        bases=disclosure.log_bases(shown),
    )
    return case


def document_for(actor: Actor, case_id, document_id) -> tuple[Case, ContactDocument]:
    """Return a case and one of its documents (a scan the citizen brought) when the actor may
    see it (the category "documents", or this document shared on its own), logging the read;
    else NotFoundOrForbidden (a document of another case gives the same answer as a missing
    one; a document without a basis is a logged refusal)."""
    case = case_for(actor, case_id, activity=register.CASE_DOCUMENT_VIEW, log=False)
    try:
        document_id = UUID(str(document_id))
    except ValueError:
        raise NotFoundOrForbidden() from None
    document = ContactDocument.objects.filter(pk=document_id, contact__case_id=case.pk).first()
    if document is None:
        raise NotFoundOrForbidden()
    disclosure = case.disclosure
    if not disclosure.allows_item("document", document.pk, "documents"):
        _refuse(
            actor,
            register.CASE_DOCUMENT_VIEW,
            case.person_id,
            ["documents"],
            "no_basis_for_category",
            "document",
            document.pk,
        )
        raise NotFoundOrForbidden()
    basis = disclosure.bases.get("documents") or disclosure.items.get(f"document:{document.pk}")
    processing.record(
        activity=register.CASE_DOCUMENT_VIEW,
        actor=actor,
        subject_ids=[case.person_id],
        categories=["documents"],
        status=processing.STATUS_OK,
        object_type="document",
        object_id=document.pk,
        bases={} if basis == "task" else {"documents": basis},
    )
    return case, document


def uploaded_document_for(actor: Actor, case_id, document_id):
    """Return a case and a document added to it (``documents.Document``: from the portal or a
    worker) when the actor may see it: the category "documents", or this document shared on
    its own. Logged like ``document_for``; else NotFoundOrForbidden (another case's document
    gives the same answer as a missing one)."""
    case = case_for(actor, case_id, activity=register.CASE_DOCUMENT_VIEW, log=False)
    document = Document.objects.filter(pk=_uuid_or_none(document_id), case_id=case.pk).first()
    if document is None:
        raise NotFoundOrForbidden()
    if not case.disclosure.allows_item("document", document.pk, "documents"):
        _refuse(
            actor,
            register.CASE_DOCUMENT_VIEW,
            case.person_id,
            ["documents"],
            "no_basis_for_category",
            "document",
            document.pk,
        )
        raise NotFoundOrForbidden()
    basis = case.disclosure.bases.get("documents") or case.disclosure.items.get(
        f"document:{document.pk}"
    )
    processing.record(
        activity=register.CASE_DOCUMENT_VIEW,
        actor=actor,
        subject_ids=[case.person_id],
        categories=["documents"],
        status=processing.STATUS_OK,
        object_type="document",
        object_id=document.pk,
        bases={} if basis == "task" else {"documents": basis},
    )
    return case, document


def may_query_processing_log(actor: Actor) -> bool:
    """Tell whether the actor may search the processing log: a current privacy officer."""
    membership = actor.membership
    if not actor.is_worker or membership is None or not membership.is_current():
        return False
    return membership.role == Role.PRIVACY_OFFICER


def processing_log_for(actor: Actor, **filters) -> list:
    """Return processing log lines for oversight (one filter required), and log the search.

    Raise NotFoundOrForbidden for anyone but a privacy officer.
    """
    if not may_query_processing_log(actor):
        raise NotFoundOrForbidden()
    lines = list(audit_selectors.log_lines(**filters))
    person_id = filters.get("subject_person_id")
    processing.record(
        activity=processing.LOG_PRIVACY_QUERY,
        actor=actor,
        subject_ids=[person_id] if person_id else [],
        categories=("processing_log",),
        status=processing.STATUS_OK,
        object_type="processing_log",
        object_id=filters.get("trace_id") or filters.get("activity") or "",
    )
    return lines


def who_looked_for(actor: Actor, case_id) -> tuple[Case, list]:
    """Return the case and every access to its person's data in plain words, for showing to
    that person (a worker with them at the desk). Needs access to the case; logged."""
    case = case_for(actor, case_id)
    accesses = audit_selectors.who_looked(person_id=case.person_id)
    processing.record(
        activity=processing.LOG_SUBJECT_VIEW,
        actor=actor,
        subject_ids=[case.person_id],
        categories=("processing_log",),
        status=processing.STATUS_OK,
        object_type="case",
        object_id=case.pk,
    )
    return case, accesses


# ------------------------------------------------------------------ finding persons (#6)

# Roles that may see a BSN unmasked, for a person their team works with: they fill in
# applications together with the citizen. Partner workers use their own systems' number.
BSN_ROLES = (Role.FRONTLINE_WORKER, Role.COORDINATOR)
MIN_PURPOSE_LENGTH = 10


@dataclass
class PersonFound:
    """A person a search found. ``person`` is released only when the actor's team works with
    them (``case_ids`` then lists their cases the team sees); otherwise the worker learns only
    that someone matching is registered, and may start an intake or ask access."""

    person_id: UUID
    works_with: bool
    person: Person | None = None
    case_ids: list = field(default_factory=list)
    reasons: list = field(default_factory=list)


def _works_with(actor: Actor, person_ids: Iterable) -> dict:
    """Return {person_id: [case ids the actor's team sees]} for the given persons."""
    found: dict = {}
    rows = visible_cases(actor).filter(person_id__in=list(person_ids)).order_by("-opened_at")
    for person_id, case_id in rows.values_list("person_id", "pk"):
        found.setdefault(person_id, []).append(case_id)
    return found


def find_persons(
    actor: Actor,
    *,
    purpose: str,
    bsn: str = "",
    surname: str = "",
    surname_prefix: str = "",
    birth_date: dt.date | None = None,
    kvk_number: str = "",
) -> list[PersonFound]:
    """Find persons by exactly one of: a BSN; a surname with date of birth; a KVK number.

    Nobody browses: a name alone, a partial BSN or a missing purpose is refused. The search
    and its stated purpose are logged (one line per person found; an audit entry also when
    nothing is found). Only a worker doing case work may search. Merged persons are not found.
    """
    if not does_casework(actor):
        raise NotFoundOrForbidden()
    purpose = purpose.strip()
    if len(purpose) < MIN_PURPOSE_LENGTH:
        raise DomainError(
            _("Say why you are looking for this person (at least 10 characters)."),
            field="purpose",
        )
    given = [bool(bsn.strip()), bool(surname.strip() or birth_date), bool(kvk_number.strip())]
    if sum(given) != 1:
        raise DomainError(
            _("Search by BSN, or by surname and date of birth, or by KVK number: one of these.")
        )
    persons = Person.objects.filter(merged_into__isnull=True)
    if bsn.strip():
        number = people_services.check_bsn(bsn)
        persons = persons.filter(bsn_hash=bsn_rules.lookup_hash(number))
    elif kvk_number.strip():
        if not people_services.KVK_PATTERN.match(kvk_number.strip()):
            raise DomainError(_("A KVK number has exactly 8 digits."), field="kvk_number")
        persons = persons.filter(kvk_number=kvk_number.strip())
    else:
        if not surname.strip() or birth_date is None:
            raise DomainError(_("Give both the surname and the date of birth."), field="surname")
        key = names.surname_key(surname_prefix, surname)
        persons = persons.filter(Q(surname_key=key) | Q(birth_surname_key=key)).filter(
            birth_date=birth_date
        )
    matches = list(persons[:20])
    related = _works_with(actor, [p.pk for p in matches])
    processing.record(
        activity=register.PERSON_FIND,
        actor=actor,
        subject_ids=[p.pk for p in matches],
        categories=("identity",),
        status=processing.STATUS_OK,
        object_type="person_search",
        object_id="bsn" if bsn.strip() else "kvk" if kvk_number.strip() else "name_birth_date",
        purpose=purpose,
    )
    return [
        PersonFound(
            person_id=p.pk,
            works_with=p.pk in related,
            person=p if p.pk in related else None,
            case_ids=related.get(p.pk, []),
        )
        for p in matches
    ]


def duplicate_warnings(actor: Actor, draft: duplicates.NameAndBirth) -> list[PersonFound]:
    """Return persons who may be the one being registered (people/duplicates.py), each with
    the reasons; details only for persons the actor's team works with. Logged."""
    if not does_casework(actor):
        raise NotFoundOrForbidden()
    keys = draft.surname_keys()
    dates = [d for d in (draft.birth_date, duplicates.swapped_day_and_month(draft.birth_date)) if d]
    condition = Q(pk__in=[])
    if keys and dates:
        condition |= (Q(surname_key__in=keys) | Q(birth_surname_key__in=keys)) & Q(
            birth_date__in=dates
        )
    if draft.bsn:
        hashes = [bsn_rules.lookup_hash(n) for n in [draft.bsn, *bsn_rules.near_numbers(draft.bsn)]]
        condition |= Q(bsn_hash__in=hashes)
    candidates = list(Person.objects.filter(condition, merged_into__isnull=True)[:50])
    found = []
    for candidate in candidates:
        known = duplicates.NameAndBirth(
            given_names=candidate.given_names,
            surname_prefix=candidate.surname_prefix,
            surname=candidate.surname,
            birth_surname_prefix=candidate.birth_surname_prefix,
            birth_surname=candidate.birth_surname,
            birth_date=candidate.birth_date,
            bsn=people_services.bsn_of(candidate),
        )
        why = duplicates.reasons(draft, known)
        if why:
            found.append((candidate, why))
    related = _works_with(actor, [c.pk for c, _why in found])
    processing.record(
        activity=register.PERSON_DUPLICATE_CHECK,
        actor=actor,
        subject_ids=[c.pk for c, _why in found],
        categories=("identity",),
        status=processing.STATUS_OK,
        object_type="person_registration",
    )
    return [
        PersonFound(
            person_id=c.pk,
            works_with=c.pk in related,
            person=c if c.pk in related else None,
            case_ids=related.get(c.pk, []),
            reasons=why,
        )
        for c, why in found
    ]


def person_to_link(actor: Actor, person_id, *, just_found: Iterable[str]) -> Person:
    """Return a person the actor just found (by search or duplicate warning) to open a case
    for them: no wrong door, any desk may take a question. Else NotFoundOrForbidden."""
    if not does_casework(actor) or str(person_id) not in {str(i) for i in just_found}:
        raise NotFoundOrForbidden()
    person = Person.objects.filter(pk=person_id, merged_into__isnull=True).first()
    if person is None:
        raise NotFoundOrForbidden()
    return person


def may_see_bsn(actor: Actor) -> bool:
    """Tell whether the actor's role may see a BSN unmasked (for persons their team helps)."""
    return does_casework(actor) and actor.membership.role in BSN_ROLES


def bsn_for(actor: Actor, case_id) -> str:
    """Return the BSN of the case's person in the clear, logging it, when the actor's role may
    see it and their team sees the case; else NotFoundOrForbidden (logged when refused)."""
    case = case_for(actor, case_id, activity=register.PERSON_BSN_VIEW, needs=("identity",))
    if not may_see_bsn(actor):
        processing.record(
            activity=register.PERSON_BSN_VIEW,
            actor=actor,
            subject_ids=[case.person_id],
            categories=("identity",),
            status=processing.STATUS_ERROR,
            reason="role_may_not_see_bsn",
            object_type="case",
            object_id=case.pk,
        )
        raise NotFoundOrForbidden()
    return people_services.bsn_of(case.person)


def persons_for_merge(actor: Actor, keep_id, duplicate_id) -> tuple[Person, Person]:
    """Return both persons for a merge: only a coordinator whose team works with both."""
    if not does_casework(actor) or actor.membership.role != Role.COORDINATOR:
        raise NotFoundOrForbidden()
    related = _works_with(actor, [keep_id, duplicate_id])
    if len(related) != 2 or str(keep_id) == str(duplicate_id):
        raise NotFoundOrForbidden()
    persons = {p.pk: p for p in Person.objects.filter(pk__in=[keep_id, duplicate_id])}
    processing.record(
        activity=register.PERSON_DUPLICATE_CHECK,
        actor=actor,
        subject_ids=list(persons),
        categories=("identity",),
        status=processing.STATUS_OK,
        object_type="person_merge",
    )
    return persons[UUID(str(keep_id))], persons[UUID(str(duplicate_id))]


# ------------------------------------------------------------------ consent (#7)


def case_for_consent(actor: Actor, case_id) -> Case:
    """Return a case whose consents the actor may manage with the citizen: the owning
    organisation's teams (or break-glass). A partner gets NotFoundOrForbidden (logged)."""
    case = case_for(actor, case_id, needs=("contact",))
    if not case.disclosure.full:
        _refuse(
            actor, processing.CASE_VIEW, case.person_id, ["contact"], "not_owner", "case", case.pk
        )
        raise NotFoundOrForbidden()
    return case


# ------------------------------------------------------------------ asking access (#6)


@dataclass(frozen=True)
class CaseToAsk:
    """A case the actor's team may ask to work on: its id and who owns it, nothing of the
    dossier. ``asked``: the team already has an open request for it."""

    case_id: UUID
    owning_team: str
    organisation: str
    asked: bool


def _cases_to_ask(actor: Actor, person_id, just_found: Iterable[str]) -> QuerySet[Case]:
    if not does_casework(actor) or str(person_id) not in {str(i) for i in just_found}:
        raise NotFoundOrForbidden()
    return (
        Case.objects.filter(person_id=person_id, person__merged_into__isnull=True)
        .exclude(status=CaseStatus.CLOSED)
        .exclude(pk__in=visible_cases(actor).values("pk"))
    )


def cases_to_ask_access_for(
    actor: Actor, person_id, *, just_found: Iterable[str]
) -> list[CaseToAsk]:
    """Return the open cases of a person the actor just found (by search) that their team does
    not see, as case ids with the owning team's name only, so the worker can ask that team's
    coordinator for access. Else NotFoundOrForbidden. Logged (category "involvement")."""
    rows = list(
        _cases_to_ask(actor, person_id, just_found)
        .order_by("opened_at")
        .values_list("pk", "owning_team__name", "owning_team__organisation__name")
    )
    asked = set(
        AccessRequest.objects.filter(
            case_id__in=[pk for pk, _team, _org in rows],
            requesting_team_id=_casework_team_id(actor),
            state=AccessRequestState.REQUESTED,
        ).values_list("case_id", flat=True)
    )
    processing.record(
        activity=register.CASE_ACCESS_ASK,
        actor=actor,
        subject_ids=[person_id],
        categories=("involvement",),
        status=processing.STATUS_OK,
        object_type="person_cases",
    )
    return [CaseToAsk(pk, team, org, pk in asked) for pk, team, org in rows]


def case_for_access_request(actor: Actor, person_id, case_id, *, just_found) -> Case:
    """Return one of ``cases_to_ask_access_for`` as a case object, only to hand it to
    ``cases.services.access_request_create``: never show it. Else NotFoundOrForbidden."""
    case = _cases_to_ask(actor, person_id, just_found).filter(pk=case_id).first()
    if case is None:
        raise NotFoundOrForbidden()
    return case


def consents_of(case: Case) -> list[Consent]:
    """The consents of a case's person (the case was released by ``case_for_consent``)."""
    return list(
        Consent.objects.filter(person_id=case.person_id)
        .select_related("recipient", "representation__representative", "receipt_message")
        .order_by("-created_at")
    )


def statutory_bases_for_case(case: Case) -> list[StatutoryBasis]:
    """The statutory bases of the organisations that work on the case now."""
    organisations = CaseTeam.objects.filter(case=case, ended_at__isnull=True).values(
        "team__organisation_id"
    )
    today = clock.today()
    return list(
        StatutoryBasis.objects.filter(recipient_id__in=organisations, valid_from__lte=today)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .select_related("recipient")
    )


def may_break_glass(actor: Actor) -> bool:
    return does_casework(actor) and actor.membership.role in BREAK_GLASS_ROLES


def break_glass_reviews(actor: Actor) -> list[BreakGlassAccess]:
    """The break-glass accesses for the privacy officer to review, oldest unreviewed first."""
    if not may_query_processing_log(actor):
        raise NotFoundOrForbidden()
    return list(
        BreakGlassAccess.objects.select_related(
            "user", "membership__organisation", "membership__team", "reviewed_by"
        ).order_by(F("reviewed_at").asc(nulls_first=True), "opened_at")[:200]
    )


def break_glass_for_review(actor: Actor, access_id) -> BreakGlassAccess:
    if not may_query_processing_log(actor):
        raise NotFoundOrForbidden()
    try:
        return BreakGlassAccess.objects.get(pk=UUID(str(access_id)))
    except (ValueError, BreakGlassAccess.DoesNotExist):
        raise NotFoundOrForbidden() from None


def _coordinator_team_id(actor: Actor):
    team_id = _casework_team_id(actor)
    if team_id is None or actor.membership.role != Role.COORDINATOR:
        return None
    return team_id


def access_requests_to_decide(actor: Actor) -> list[AccessRequest]:
    """Return the open access requests for cases the actor's team owns, oldest first, when the
    actor is its coordinator (else none), in one query. Logged: one line per person."""
    team_id = _coordinator_team_id(actor)
    if team_id is None:
        return []
    requests = list(
        AccessRequest.objects.filter(
            state=AccessRequestState.REQUESTED, case__owning_team_id=team_id
        )
        .select_related("case__person", "requesting_team__organisation", "requested_by")
        .order_by("created_at")[:100]
    )
    if requests:
        processing.record(
            activity=register.CASE_ACCESS_DECIDE,
            actor=actor,
            subject_ids=[r.case.person_id for r in requests],
            categories=("contact",),
            status=processing.STATUS_OK,
            object_type="access_request_list",
        )
    return requests


def access_request_for_decision(actor: Actor, request_id) -> AccessRequest:
    """Return an access request for a case the actor's team owns, when the actor is its
    coordinator; else NotFoundOrForbidden (refusals of existing requests are logged)."""
    try:
        request_id = UUID(str(request_id))
    except ValueError:
        raise NotFoundOrForbidden() from None
    team_id = _coordinator_team_id(actor)
    request = (
        AccessRequest.objects.filter(pk=request_id)
        .select_related("case__person", "requesting_team__organisation", "requested_by")
        .first()
    )
    if request is None:
        raise NotFoundOrForbidden()
    allowed = team_id is not None and request.case.owning_team_id == team_id
    processing.record(
        activity=register.CASE_ACCESS_DECIDE,
        actor=actor,
        subject_ids=[request.case.person_id],
        categories=("contact",),
        status=processing.STATUS_OK if allowed else processing.STATUS_ERROR,
        reason="" if allowed else "not_coordinator_of_owning_team",
        object_type="access_request",
        object_id=request.pk,
    )
    if not allowed:
        raise NotFoundOrForbidden()
    return request


def access_requests_of_team(actor: Actor) -> list[AccessRequest]:
    """Return the access requests the actor's team made, newest first: the owning team, the
    state and the note, no dossier content (the case is visible once granted). One query."""
    team_id = _casework_team_id(actor)
    if team_id is None:
        return []
    return list(
        AccessRequest.objects.filter(requesting_team_id=team_id)
        .select_related("case__owning_team__organisation", "requested_by", "decided_by")
        .order_by("-created_at")[:100]
    )


def own_access_request(actor: Actor, request_id) -> AccessRequest:
    """Return an access request the actor made (to withdraw it); else NotFoundOrForbidden."""
    if not does_casework(actor):
        raise NotFoundOrForbidden()
    request = AccessRequest.objects.filter(pk=request_id, requested_by_id=actor.user.pk).first()
    if request is None:
        raise NotFoundOrForbidden()
    return request


# --- the citizen's own overview (#11) ------------------------------------------------------

# eIDAS levels; DigiD "midden" (app or sms check) is "substantieel".
ASSURANCE = {"basis": 0, "substantieel": 1, "hoog": 2}
DOSSIER_ASSURANCE = "substantieel"


class LoginTooWeak(DomainError):
    """Dossier content needs a login at assurance level "substantieel" or higher."""


class NotForRepresentative(DomainError):
    """A representative asked for something outside their representation: a page about the
    whole person (how we reach them, who used their data) when they act for some matters or
    one case only, or anything at all once the representation has ended."""

    def __init__(self, message: str, *, ended: bool = False):
        super().__init__(message)
        self.ended = ended


def _citizen_may_read(actor: Actor, *, whole_person: bool = False) -> Representation | None:
    """Check a citizen's login; for a representative, return the representation after
    checking it is theirs, for this person and current (on every read: it may end any day).
    ``whole_person`` pages need a representation for all matters, not for one case."""
    if not actor.is_citizen:
        raise NotFoundOrForbidden()
    if ASSURANCE.get(actor.assurance, -1) < ASSURANCE[DOSSIER_ASSURANCE]:
        raise LoginTooWeak(
            _(
                "To see your questions, log in with the DigiD app or with an sms check "
                "(level substantial)."
            )
        )
    if not actor.is_representative:
        return None
    representation = Representation.objects.filter(
        pk=actor.representation_id,
        representative_id=actor.representative_id,
        represented_id=actor.person_id,
    ).first()
    if representation is None or not representation.is_current():
        raise NotForRepresentative(
            _("You can no longer act for this person: the period has ended or was stopped."),
            ended=True,
        )
    if whole_person and (representation.case_id or Matter.ALL not in representation.matters):
        raise NotForRepresentative(
            _(
                "You act for this person only in some matters. This page is about all of "
                "their matters, so only they can open it."
            )
        )
    return representation


def _citizen_read_logged(actor: Actor, categories, object_type: str, object_id="") -> None:
    """Log a read of the citizen's own dossier in Mijn overzicht (register "portal-overview"):
    by the citizen, or by their representative (the actor names the representation)."""
    processing.record(
        activity=register.PORTAL_OVERVIEW,
        actor=actor,
        subject_ids=[actor.person_id],
        categories=categories,
        status=processing.STATUS_OK,
        object_type=object_type,
        object_id=object_id,
    )


def _covered(representation: Representation | None, case: Case) -> bool:
    return representation is None or representation.covers(case)


def citizen_cases(actor: Actor) -> list[Case]:
    """The citizen's own cases (never a household member's or anyone else's), newest first,
    with what the overview shows of them; the read is logged. One query for the cases."""
    representation = _citizen_may_read(actor)
    own = [
        case
        for case in Case.objects.filter(person_id=actor.person_id)
        .select_related("person", "owning_team__organisation", "coordinator")
        .order_by("-opened_at")
        if _covered(representation, case)
    ]
    if own:
        _citizen_read_logged(actor, ("name", "case_notes"), "portal_overview")
    return own


def citizen_case(actor: Actor, case_id) -> Case:
    """One of the citizen's own cases; anyone else's is "not found" (the same answer as for a
    case that does not exist), and the attempt is logged as refused."""
    representation = _citizen_may_read(actor)
    case = (
        Case.objects.filter(pk=_uuid_or_none(case_id))
        .select_related("person", "owning_team__organisation", "coordinator")
        .first()
    )
    own = case is not None and str(case.person_id) == str(actor.person_id)
    if not own or not _covered(representation, case):
        if case is not None:
            _refuse(
                actor,
                register.PORTAL_OVERVIEW,
                case.person_id,
                ("name",),
                OUTSIDE_REPRESENTATION if own else "not the citizen's own case",
                "case",
                case.pk,
            )
        raise NotFoundOrForbidden()
    _citizen_read_logged(actor, ("name", "case_notes"), "case", object_id=case.pk)
    return case


def citizen_messages(actor: Actor) -> list:
    """The messages in the citizen's own Mijn overzicht (addressed to them), newest first;
    the read is logged. One query."""
    representation = _citizen_may_read(actor)
    found = list(
        _in_scope(
            PortalMessage.objects.filter(recipient_ref=str(actor.person_id)), representation
        ).order_by("-created_at")
    )
    _citizen_read_logged(actor, ("name", "case_notes"), "portal_messages")
    return found


def citizen_message(actor: Actor, message_id):
    """One message addressed to the citizen; anyone else's is "not found" (the same answer as
    for a message that does not exist), and the attempt is logged as refused."""
    representation = _citizen_may_read(actor)
    message = PortalMessage.objects.filter(pk=_uuid_or_none(message_id)).first()
    own = message is not None and message.recipient_ref == str(actor.person_id)
    if not own or (
        representation is not None and message.case_ref not in _case_refs_in_scope(representation)
    ):
        if message is not None and _uuid_or_none(message.recipient_ref) is not None:
            _refuse(
                actor,
                register.PORTAL_OVERVIEW,
                message.recipient_ref,
                ("name",),
                OUTSIDE_REPRESENTATION if own else "not the citizen's own message",
                "portal_message",
                message.pk,
            )
        raise NotFoundOrForbidden()
    _citizen_read_logged(actor, ("name", "case_notes"), "portal_message", object_id=message.pk)
    return message


def citizen_unread_messages(actor: Actor) -> int:
    """How many messages in the citizen's own Mijn overzicht are not read yet. One query."""
    representation = _citizen_may_read(actor)
    return _in_scope(
        PortalMessage.objects.filter(recipient_ref=str(actor.person_id), read_at__isnull=True),
        representation,
    ).count()


def _case_refs_in_scope(representation: Representation) -> set[str]:
    """The ids (as stored in a message's ``case_ref``) of the represented person's cases the
    representation covers."""
    return {
        str(case.pk)
        for case in Case.objects.filter(person_id=representation.represented_id)
        if representation.covers(case)
    }


def _in_scope(messages: QuerySet, representation: Representation | None) -> QuerySet:
    """A representative sees the messages about the questions they act on, nothing else (not
    the messages without a question, which are about the whole person)."""
    if representation is None:
        return messages
    return messages.filter(case_ref__in=_case_refs_in_scope(representation))


def _uuid_or_none(value):
    try:
        return UUID(str(value))
    except ValueError:
        return None


def demo_login_people() -> list[Person]:
    """The invented people a visitor may log in as, in demo mode only (names only)."""
    from django.conf import settings

    if settings.EENLOKET_MODE != "demo":
        return []
    return list(
        Person.objects.filter(Q(cases__isnull=False) | Q(represents__isnull=False))
        .distinct()
        .order_by("given_names")
    )


def citizen_consents(actor: Actor) -> list[Consent]:
    """The citizen's own consents, every state, newest first, with the organisation and the
    question; a representative sees those on the questions they act on. Logged."""
    representation = _citizen_may_read(actor)
    consents = [
        consent
        for consent in Consent.objects.filter(person_id=actor.person_id)
        .select_related("recipient", "case")
        .order_by("-created_at")
        if representation is None
        or (consent.case is not None and representation.covers(consent.case))
    ]
    _citizen_read_logged(actor, ("name",), "consents")
    return consents


def citizen_consent(actor: Actor, consent_id) -> Consent:
    """One of the citizen's own consents (to answer or withdraw it); anyone else's, or one on
    a question outside a representative's scope, is "not found"."""
    representation = _citizen_may_read(actor)
    consent = (
        Consent.objects.filter(pk=_uuid_or_none(consent_id), person_id=actor.person_id)
        .select_related("recipient", "case")
        .first()
    )
    if consent is None or (
        representation is not None
        and (consent.case is None or not representation.covers(consent.case))
    ):
        raise NotFoundOrForbidden()
    _citizen_read_logged(actor, ("name",), "consent", object_id=consent.pk)
    return consent


def who_looked_for_citizen(actor: Actor) -> list:
    """Every access to the citizen's own data, in plain words (AVG art. 15). Logged."""
    _citizen_may_read(actor, whole_person=True)
    accesses = audit_selectors.who_looked(person_id=actor.person_id)
    processing.record(
        activity=processing.LOG_SUBJECT_VIEW,
        actor=actor,
        subject_ids=[actor.person_id],
        categories=("processing_log",),
        status=processing.STATUS_OK,
        object_type="person",
        object_id=actor.person_id,
    )
    return accesses


def citizen_person(actor: Actor) -> Person:
    """The logged-in citizen's own details (to change how we reach them). Logged."""
    _citizen_may_read(actor, whole_person=True)
    person = Person.objects.get(pk=actor.person_id)
    processing.record(
        activity=register.PORTAL_OVERVIEW,
        actor=actor,
        subject_ids=[person.pk],
        categories=("contact",),
        status=processing.STATUS_OK,
        object_type="person",
        object_id=person.pk,
    )
    return person


def citizen_representations(actor: Actor) -> list[Representation]:
    """The people the logged-in person may act for today (as a representative), with the
    represented person's name; the read of those names is logged."""
    if not actor.is_citizen or actor.is_representative:
        return []
    if ASSURANCE.get(actor.assurance, -1) < ASSURANCE[DOSSIER_ASSURANCE]:
        return []
    current = [
        r
        for r in Representation.objects.filter(
            representative_id=actor.person_id, ended_at__isnull=True
        ).select_related("represented", "case")
        if r.is_current()
    ]
    if current:
        processing.record(
            activity=register.PORTAL_OVERVIEW,
            actor=actor,
            subject_ids=[r.represented_id for r in current],
            categories=("name",),
            status=processing.STATUS_OK,
            object_type="representations",
        )
    return current


def citizen_representation(actor: Actor, representation_id) -> Representation:
    """A current representation of the logged-in person, to act under; any other is "not
    found"."""
    for representation in citizen_representations(actor):
        if str(representation.pk) == str(representation_id):
            return representation
    raise NotFoundOrForbidden()


def citizen_acting_representation(actor: Actor) -> Representation | None:
    """The representation a representative acts under (checked as on every read), or None
    for a person acting for themselves: a decision they record names it."""
    return _citizen_may_read(actor)


# Appointments at a desk and call-back requests (#11, docs/appointments.md). The appointment
# models are imported here, not at the top, to keep this block self-contained.


def citizen_appointments(actor: Actor) -> list:
    """The citizen's own coming appointments (booked, not yet ended), soonest first, with the
    desk and its address. Logged when there are any."""
    from eenloket.appointments.models import Appointment, AppointmentState

    representation = _citizen_may_read(actor)
    rows = [
        row
        for row in Appointment.objects.filter(
            person_id=actor.person_id, state=AppointmentState.BOOKED, ends_at__gte=clock.now()
        )
        .select_related("location", "case")
        .prefetch_related("location__addresses")
        .order_by("starts_at")
        # A representative sees the appointments about questions in their scope.
        if representation is None or (row.case is not None and representation.covers(row.case))
    ]
    if rows:
        _citizen_read_logged(actor, ("name",), "appointments")
    return rows


def citizen_appointment(actor: Actor, appointment_id):
    """One of the citizen's own appointments (to cancel it); anyone else's is "not found", the
    same answer as for one that does not exist, and the attempt is logged as refused."""
    from eenloket.appointments.models import Appointment

    representation = _citizen_may_read(actor)
    appointment = (
        Appointment.objects.filter(pk=_uuid_or_none(appointment_id))
        .select_related("location", "case")
        .first()
    )
    own = appointment is not None and str(appointment.person_id) == str(actor.person_id)
    if not own or (
        representation is not None
        and (appointment.case is None or not representation.covers(appointment.case))
    ):
        if appointment is not None:
            _refuse(
                actor,
                register.PORTAL_OVERVIEW,
                appointment.person_id,
                ("name",),
                OUTSIDE_REPRESENTATION if own else "not the citizen's own appointment",
                "appointment",
                appointment.pk,
            )
        raise NotFoundOrForbidden()
    _citizen_read_logged(actor, ("name",), "appointment", object_id=appointment.pk)
    return appointment


def desk_appointments(actor: Actor, location_id, day: dt.date) -> list:
    """Who comes to a desk on a local day: the booked appointments with the person's name and
    their question, for a case worker of the organisation whose desk it is. Anyone else gets
    "not found". One processing-log line per person shown (the team's worklist)."""
    import zoneinfo

    from eenloket.appointments.models import Appointment, AppointmentState
    from eenloket.directory.models import Location

    team_id = _casework_team_id(actor)
    location = Location.objects.filter(pk=_uuid_or_none(location_id)).first()
    if team_id is None or location is None:
        raise NotFoundOrForbidden()
    if location.organisation_id != actor.membership.organisation_id:
        raise NotFoundOrForbidden()
    tz = zoneinfo.ZoneInfo("Europe/Amsterdam")
    begin = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
    rows = list(
        Appointment.objects.filter(
            location=location,
            state=AppointmentState.BOOKED,
            starts_at__gte=begin,
            starts_at__lt=begin + dt.timedelta(days=1),
        )
        .select_related("person", "case")
        .order_by("starts_at", "seat")
    )
    visible = set(
        visible_cases(actor)
        .filter(pk__in=[r.case_id for r in rows if r.case_id])
        .values_list("pk", flat=True)
    )
    for row in rows:
        row.case_visible = row.case_id in visible
    if rows:
        processing.record(
            activity=register.CASE_WORKLIST,
            actor=actor,
            subject_ids=[row.person_id for row in rows],
            categories=LIST_CATEGORIES,
            status=processing.STATUS_OK,
            object_type="appointment_list",
        )
    return rows


def _login_found(person: Person, *, assurance: str, acting: str, login: str) -> Person:
    processing.record(
        activity=register.PORTAL_LOGIN,
        actor=Actor.citizen(person.pk, assurance=assurance, acting=acting),
        subject_ids=[person.pk],
        categories=("identity",),
        status=processing.STATUS_OK,
        object_type="login",
        object_id=login,
    )
    return person


def citizen_person_by_bsn(*, bsn: str, assurance: str) -> Person | None:
    """The person a DigiD login names, found by the keyed hash of the BSN (never the number
    itself); None when we do not know them (nobody is created). Merged persons are not found.
    A login found is logged as the citizen's own."""
    if not bsn_rules.passes_11_test(bsn):
        return None
    person = Person.objects.filter(
        merged_into__isnull=True, bsn_hash=bsn_rules.lookup_hash(bsn)
    ).first()
    if person is None:
        return None
    return _login_found(person, assurance=assurance, acting="", login="digid")


def citizen_person_by_kvk(*, kvk_number: str, acting: str, assurance: str) -> Person | None:
    """The person an eHerkenning login names by the company's KVK number, with ``acting`` the
    broker's pseudonym of the employee; None when no one, or more than one person, has that
    number (we do not guess). Logged as the citizen's own login, naming the pseudonym."""
    if not people_services.KVK_PATTERN.match(kvk_number):
        return None
    found = list(Person.objects.filter(merged_into__isnull=True, kvk_number=kvk_number)[:2])
    if len(found) != 1:
        return None
    return _login_found(found[0], assurance=assurance, acting=acting, login="eherkenning")
