"""Finding persons and their BSN (#6): nobody browses. A search names exactly one of a BSN, a
surname with date of birth, or a KVK number, and a purpose; it is logged with that purpose. A
person's details are released only when the actor's team works with them; otherwise the worker
learns only that someone matching is registered. The BSN in the clear only for the roles that
may see it (``capabilities.SEE_BSN``), logged."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from uuid import UUID

from django.db.models import Q
from django.utils.translation import gettext as _

from eenloket.access import capabilities
from eenloket.access.capabilities import does_casework, may_see_bsn
from eenloket.access.casework import case_for, visible_cases
from eenloket.access.release import release
from eenloket.audit import processing, register
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError, NotFoundOrForbidden
from eenloket.people import bsn as bsn_rules
from eenloket.people import duplicates, names
from eenloket.people.models import Person

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
    persons = release(Person).filter(merged_into__isnull=True)
    if bsn.strip():
        number = bsn_rules.check_bsn(bsn)
        persons = persons.filter(bsn_hash=bsn_rules.lookup_hash(number))
    elif kvk_number.strip():
        if not bsn_rules.KVK_PATTERN.match(kvk_number.strip()):
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
    candidates = list(release(Person).filter(condition, merged_into__isnull=True)[:50])
    found = []
    for candidate in candidates:
        known = duplicates.NameAndBirth(
            given_names=candidate.given_names,
            surname_prefix=candidate.surname_prefix,
            surname=candidate.surname,
            birth_surname_prefix=candidate.birth_surname_prefix,
            birth_surname=candidate.birth_surname,
            birth_date=candidate.birth_date,
            bsn=bsn_rules.bsn_of(candidate),
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
    person = release(Person).filter(pk=person_id, merged_into__isnull=True).first()
    if person is None:
        raise NotFoundOrForbidden()
    return person


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
    return bsn_rules.bsn_of(case.person)


def persons_for_merge(actor: Actor, keep_id, duplicate_id) -> tuple[Person, Person]:
    """Return both persons for a merge: only a coordinator whose team works with both."""
    if not capabilities.has(actor, capabilities.MERGE_PERSONS):
        raise NotFoundOrForbidden()
    related = _works_with(actor, [keep_id, duplicate_id])
    if len(related) != 2 or str(keep_id) == str(duplicate_id):
        raise NotFoundOrForbidden()
    persons = {p.pk: p for p in release(Person).filter(pk__in=[keep_id, duplicate_id])}
    processing.record(
        activity=register.PERSON_DUPLICATE_CHECK,
        actor=actor,
        subject_ids=list(persons),
        categories=("identity",),
        status=processing.STATUS_OK,
        object_type="person_merge",
    )
    return persons[UUID(str(keep_id))], persons[UUID(str(duplicate_id))]
