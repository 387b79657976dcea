"""The policy point: the only way to obtain a person's data or a case, and where each read
is logged.

For now it decides on membership and case relation: a worker sees a case that their acting
membership's team owns or works on; nobody browses. The consent issue (#7) adds legal basis,
consent per category and break-glass. Missing and forbidden give the same answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from uuid import UUID

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from eenloket.accounts.models import CASEWORK_ROLES, Role
from eenloket.audit import processing, register
from eenloket.audit import selectors as audit_selectors
from eenloket.cases.models import Case, CaseTeam, ContactDocument
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError, NotFoundOrForbidden
from eenloket.people import bsn as bsn_rules
from eenloket.people import duplicates, names
from eenloket.people import services as people_services
from eenloket.people.models import Person

# The data categories a case page shows; the consent issue refines this per recipient.
CASE_CATEGORIES = ("contact", "case_notes")


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
    works_on = CaseTeam.objects.filter(team_id=team_id).values("case_id")
    return Case.objects.filter(Q(owning_team_id=team_id) | Q(pk__in=works_on))


def read_cases(
    actor: Actor,
    *,
    activity: str,
    shape: Callable[[QuerySet[Case]], QuerySet[Case]] = lambda cases: cases,
) -> list[Case]:
    """Return the visible cases, filtered, ordered and sliced by ``shape``, and log the read.

    One processing-log line per person shown.
    """
    cases = list(shape(visible_cases(actor).select_related("person")))
    if cases:
        processing.record(
            activity=activity,
            actor=actor,
            subject_ids=[case.person_id for case in cases],
            categories=("contact",),
            status=processing.STATUS_OK,
            object_type="case_list",
        )
    return cases


def case_for(
    actor: Actor,
    case_id: UUID | str,
    *,
    activity: str = processing.CASE_VIEW,
    categories: Iterable[str] = CASE_CATEGORIES,
) -> Case:
    """Return the case when the actor may see it, logging the read of ``categories``; else
    NotFoundOrForbidden.

    A refused attempt on a case that exists is logged too (status error, with the reason),
    so the citizen can see it.
    """
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
    except Case.DoesNotExist:
        refused = Case.objects.filter(pk=case_id).values_list("person_id", flat=True).first()
        if refused is not None:
            processing.record(
                activity=activity,
                actor=actor,
                subject_ids=[refused],
                categories=categories,
                status=processing.STATUS_ERROR,
                reason="no_relation_to_case",
                object_type="case",
                object_id=case_id,
            )
        raise NotFoundOrForbidden() from None
    processing.record(
        activity=activity,
        actor=actor,
        subject_ids=[case.person_id],
        categories=categories,
        status=processing.STATUS_OK,
        object_type="case",
        object_id=case.pk,
    )
    return case


def document_for(actor: Actor, case_id, document_id) -> tuple[Case, ContactDocument]:
    """Return a case and one of its documents (a scan the citizen brought) when the actor may
    see the case, logging a read of the category "documents"; else NotFoundOrForbidden (a
    document of another case gives the same answer as a missing one)."""
    case = case_for(actor, case_id, activity=register.CASE_DOCUMENT_VIEW, categories=("documents",))
    try:
        document_id = UUID(str(document_id))
    except ValueError:
        raise NotFoundOrForbidden() from None
    document = ContactDocument.objects.filter(pk=document_id, contact__case_id=case.pk).first()
    if document is None:
        raise NotFoundOrForbidden()
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
    case = case_for(actor, case_id, activity=register.PERSON_BSN_VIEW)
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
