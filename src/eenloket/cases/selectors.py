"""Reads of cases; always given the actor, always through the policy point."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Prefetch, Q
from django.utils.translation import gettext as _

from eenloket.access import capabilities, casework
from eenloket.access import persons as persons_access
from eenloket.access.disclosure import Disclosure
from eenloket.access.release import rows_of
from eenloket.audit import processing
from eenloket.cases.models import (
    Case,
    CaseNote,
    CaseStatus,
    CaseStatusChange,
    Confirmation,
    Contact,
    ContactDocument,
    Fact,
    HoldReason,
)
from eenloket.cases.services.facts import FACT_CATEGORIES
from eenloket.core import clock, crypto
from eenloket.core.actor import Actor
from eenloket.core.errors import NotFoundOrForbidden
from eenloket.core.queries import keyset_after
from eenloket.people import bsn as bsn_rules
from eenloket.people.models import HouseholdMember, Representation

WORKLIST_SIZE = 50  # the worker home's list
# Rows per list on the worklists page: each list when all are shown, one list on its own page.
WORKLIST_PREVIEW = 10
WORKLIST_PAGE = 25


# The urgency order of every worklist; the last field is unique, so it also pages (keyset).
URGENT_ORDER = ("next_step_due", "opened_at", "pk")
WORKLIST_KEYS = ("mine", "attention", "waiting", "new")


def _urgent_first(cases):
    return cases.select_related("owning_team__organisation").order_by(
        F("next_step_due").asc(nulls_first=True), "opened_at", "pk"
    )


def worklist(*, actor: Actor, limit: int = WORKLIST_SIZE) -> list[Case]:
    """Return the actor's team's open and on-hold cases, the most urgent next step first."""

    def shape(cases):
        return _urgent_first(cases.exclude(status=CaseStatus.CLOSED))[:limit]

    return casework.read_cases(actor, activity=processing.CASE_WORKLIST, shape=shape)


@dataclass
class Worklists:
    """The lists read; a list that was not read (``only``) is None."""

    mine: list[Case] | None = field(default_factory=list)
    attention: list[Case] | None = field(default_factory=list)
    waiting_on_citizen: list[Case] | None = field(default_factory=list)
    not_picked_up: list[Case] | None = field(default_factory=list)


def worklist_cursor(case: Case) -> tuple:
    """Where the page after ``case`` starts: its values of ``URGENT_ORDER``."""
    return (case.next_step_due, case.opened_at, case.pk)


def worklists(
    *,
    actor: Actor,
    limit: int = WORKLIST_PREVIEW,
    only: str = "",
    after: tuple | None = None,
) -> Worklists:
    """Return the worklists of the actor's team, each most urgent first, one query per list:

    - mine: open or on hold, with the actor as coordinator;
    - attention: open with an overdue next step, or on hold without a dated next step;
    - waiting on the citizen: on hold for that reason;
    - not picked up: open and no coordinator yet.

    At most ``limit`` cases per list: what the screen shows, so no more is read or logged.
    ``only`` (a key of ``WORKLIST_KEYS``) reads just that list; ``after`` (``worklist_cursor``
    of the last case of the page before) starts the page after it (keyset pagination, no
    OFFSET, no COUNT).
    """
    if not capabilities.does_casework(actor):
        return Worklists()
    today = clock.today()
    user_id = actor.user.pk
    filters = {
        "mine": lambda cases: cases.filter(coordinator_id=user_id).exclude(status="closed"),
        "attention": lambda cases: cases.filter(
            Q(status=CaseStatus.OPEN, next_step_due__lt=today)
            | Q(status=CaseStatus.ON_HOLD, next_step_due__isnull=True)
        ),
        "waiting": lambda cases: cases.filter(
            status=CaseStatus.ON_HOLD, hold_reason=HoldReason.WAITING_ON_CITIZEN
        ),
        "new": lambda cases: cases.filter(status=CaseStatus.OPEN, coordinator__isnull=True),
    }

    def read(key: str) -> list[Case] | None:
        if only and key != only:
            return None

        def shape(cases):
            cases = _urgent_first(filters[key](cases))
            if after is not None:
                cases = cases.filter(keyset_after(URGENT_ORDER, after))
            return cases[:limit]

        return casework.read_cases(actor, activity=processing.CASE_WORKLIST, shape=shape)

    return Worklists(
        mine=read("mine"),
        attention=read("attention"),
        waiting_on_citizen=read("waiting"),
        not_picked_up=read("new"),
    )


@dataclass(frozen=True)
class TimelineItem:
    at: dt.datetime
    kind: str  # contact, note, confirmation, status, opened
    internal: bool
    obj: Any


TIMELINE_KINDS = ("contact", "note", "confirmation", "status")


# What the case page can show; the policy point decides per actor which of these it does.
CASE_PAGE_CATEGORIES = (
    "name",
    "contact",
    "identity",
    "household",
    "case_notes",
    "documents",
    *FACT_CATEGORIES,
)


@dataclass
class CasePage:
    case: Case
    disclosure: Disclosure
    bsn_masked: str
    household: list[HouseholdMember]
    representations: list[Representation]
    timeline: list[TimelineItem]
    facts: list[Fact]
    # How many categories hold something the actor does not see ("2 categories not shared").
    withheld: int = 0


def case_page(*, actor: Actor, case_id, kinds: tuple[str, ...] = TIMELINE_KINDS) -> CasePage:
    """Return a case with what the actor may see of it: the person's household and
    representatives (ended ones last, marked), facts, and the timeline (contacts with
    documents, notes with internal ones marked, confirmations, status changes), newest first,
    limited to ``kinds``.

    A partner sees only what the policy point allows its organisation, plus what its own team
    wrote; it learns how many other categories hold something, not what. A fixed number of
    queries whatever the case holds."""
    case = casework.case_for(actor, case_id, shows=CASE_PAGE_CATEGORIES)
    disclosure = case.disclosure
    own_team = actor.membership.team_id
    withheld: set[str] = set()

    def visible(category: str) -> bool:
        return disclosure.allows(category)

    household = []
    if visible("household"):
        household = list(
            rows_of(HouseholdMember, case, via="person")
            .select_related("member")
            .order_by("relation", "since")
        )
    representations = []
    if visible("contact"):
        representations = list(
            rows_of(Representation, case, via="represented")
            .filter(Q(case__isnull=True) | Q(case_id=case.pk))
            .select_related("representative")
            .order_by(F("ended_at").desc(nulls_first=True), "valid_from")
        )
    facts, hidden = _facts_seen(case, disclosure, own_team)
    withheld.update(hidden)
    notes_visible = visible("case_notes")
    items: list[TimelineItem] = []
    if "contact" in kinds:
        contacts = (
            rows_of(Contact, case)
            .select_related("representation__representative", "recorded_by", "team")
            .prefetch_related(
                Prefetch("documents", queryset=rows_of(ContactDocument, case, via="contact__case"))
            )
        )
        for contact in contacts:
            # A contact follows "case_notes" and what it is about (decision 0046).
            if contact.team_id == own_team or (
                notes_visible
                and disclosure.allows_labelled("contact", contact.pk, "case_notes", contact.about)
            ):
                contact.shown_documents = [
                    d
                    for d in contact.documents.all()
                    if disclosure.allows_labelled("document", d.pk, "documents", contact.about)
                ]
                if len(contact.shown_documents) < len(contact.documents.all()):
                    withheld.add("documents")
                items.append(TimelineItem(contact.occurred_at, "contact", False, contact))
            else:
                withheld.add("case_notes")
    if "note" in kinds:
        notes = rows_of(CaseNote, case).select_related("written_by", "team")
        for note in notes:
            if notes_visible or note.team_id == own_team:
                items.append(TimelineItem(note.created_at, "note", note.internal, note))
            else:
                withheld.add("case_notes")
    if "confirmation" in kinds and notes_visible:
        confirmations = rows_of(Confirmation, case).select_related("recipient", "message")
        items += [TimelineItem(c.created_at, "confirmation", False, c) for c in confirmations]
    if "status" in kinds:
        changes = rows_of(CaseStatusChange, case).select_related("changed_by")
        items += [TimelineItem(s.changed_at, "status", False, s) for s in changes]
    items.sort(key=lambda item: item.at, reverse=True)
    bsn_masked = ""
    if visible("identity"):
        bsn_masked = bsn_rules.mask(bsn_rules.bsn_of(case.person))
    person = case.person
    holds = {
        "contact": bool(person.phone or person.email or person.has_letter_address),
        "identity": person.has_bsn,
        "case_notes": True,  # the question in the citizen's own words
    }
    for category, held in holds.items():
        if held and not visible(category):
            withheld.add(category)
    hidden_household = not visible("household")
    if hidden_household and rows_of(HouseholdMember, case, via="person").exists():
        withheld.add("household")
    return CasePage(
        case=case,
        disclosure=disclosure,
        bsn_masked=bsn_masked,
        household=household,
        representations=representations,
        timeline=items,
        facts=facts,
        withheld=len(withheld),
    )


def _facts_seen(case: Case, disclosure, own_team) -> tuple[list[Fact], set[str]]:
    """Return the facts the actor sees (their category or the single fact is shared, or their
    own team recorded it) and the categories of the ones they do not see."""
    seen, hidden = [], set()
    for fact in rows_of(Fact, case).select_related("team"):
        if fact.team_id == own_team or disclosure.allows_item("fact", fact.pk, fact.category):
            seen.append(fact)
        else:
            hidden.add(fact.category)
    return seen, hidden


def consentable_items(case: Case) -> list[tuple[str, str]]:
    """Single items of a case a citizen can share on their own: its facts and documents (the
    case was released to the actor by the policy point)."""
    facts = [
        (f"fact:{fact.pk}", f"{fact.category_label}: {fact.label} — {fact.value}")
        for fact in rows_of(Fact, case)
    ]
    documents = [
        (f"document:{d.pk}", f"{_('document')}: {d.description or d.original_name}")
        for d in rows_of(ContactDocument, case, via="contact__case")
    ]
    return facts + documents


def case_export(*, actor: Actor, case_id, asked: list[str], show_bsn: bool = False) -> dict:
    """Return the case as a dict, limited to what the policy point allows the actor (and to the
    ``asked`` categories when given). Asking a category without a basis is refused and logged:
    NotFoundOrForbidden. The same rules as the case page, so an export never shows more: the
    BSN masked, as on the page; in full only when ``show_bsn`` is asked and the actor's role
    may see it (``persons.bsn_for``, logged as a BSN disclosure; else NotFoundOrForbidden)."""
    wanted = tuple(asked) or CASE_PAGE_CATEGORIES
    case = casework.case_for(actor, case_id, needs=asked, shows=wanted)
    disclosure = case.disclosure

    def include(category):
        return category in wanted and disclosure.allows(category)

    person = case.person
    export: dict = {
        "case": str(case.pk),
        "status": case.status,
        "owning_team": str(case.owning_team),
        "person": {"name": person.full_name, "birth_date": _iso(person.birth_date)},
        "not_shared": sorted(c for c in disclosure.withheld if c in CASE_PAGE_CATEGORIES),
    }
    if include("contact"):
        export["person"] |= {
            "phone": person.phone,
            "email": person.email,
            "address": person.message_contact().get("postal_address", []),
            "preferred_language": person.preferred_language,
        }
    if include("identity") and person.has_bsn:
        if show_bsn:
            export["person"]["bsn"] = persons_access.bsn_for(actor, case.pk)
        else:
            export["person"]["bsn_masked"] = bsn_rules.mask(bsn_rules.bsn_of(person))
    if include("household"):
        export["household"] = [
            {"relation": link.relation, "name": link.member.full_name, "since": _iso(link.since)}
            for link in rows_of(HouseholdMember, case, via="person").select_related("member")
        ]
    if include("case_notes"):
        export["question"] = case.question_verbatim
        if disclosure.reads_next_step:  # the owning team's own texts (decision 0039)
            export["summary"] = case.summary
            export["next_step"] = {"what": case.next_step, "due": _iso(case.next_step_due)}
        export["contacts"] = [
            {"at": c.occurred_at.isoformat(), "channel": c.channel, "summary": c.summary}
            for c in rows_of(Contact, case).order_by("occurred_at")
            if disclosure.allows_labelled("contact", c.pk, "case_notes", c.about)
        ]
    own_team = actor.membership.team_id
    facts, _hidden = _facts_seen(case, disclosure, own_team)
    export["facts"] = [
        {
            "category": f.category,
            "what": f.label,
            "value": f.value,
            "as_of": _iso(f.as_of),
            "source": f.source,
        }
        for f in facts
        if f.category in wanted
    ]
    if "documents" in wanted:
        export["documents"] = [
            {"id": str(d.pk), "what": d.description or d.original_name, "type": d.content_type}
            for d in rows_of(ContactDocument, case, via="contact__case").select_related("contact")
            if disclosure.allows_labelled("document", d.pk, "documents", d.contact.about)
        ]
    return export


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def current_representations(case: Case) -> list[Representation]:
    """Return who may act for the case's person today, for this case (the case was released
    by the policy point; this reads only its representatives). Like the case page, only for a
    worker whose disclosure covers contact details: a partner without that basis is not told
    who acts for the citizen."""
    if not case.disclosure.allows("contact"):
        return []
    today = clock.today()
    return list(
        rows_of(Representation, case, via="represented")
        .filter(ended_at__isnull=True, valid_from__lte=today)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .filter(Q(case__isnull=True) | Q(case_id=case.pk))
        .select_related("representative")
    )


def household_link(case: Case, link_id) -> HouseholdMember:
    """Return a household membership of the case's person (the case was released by the policy
    point), or NotFoundOrForbidden for any other id."""
    link = (
        rows_of(HouseholdMember, case, via="person")
        .filter(pk=link_id)
        .select_related("member")
        .first()
    )
    if link is None:
        raise NotFoundOrForbidden()
    return link


def representation_of(case: Case, representation_id) -> Representation:
    """Return a representation of the case's person, for all their cases or this one (the case
    was released by the policy point), or NotFoundOrForbidden for any other id."""
    representation = (
        rows_of(Representation, case, via="represented")
        .filter(pk=representation_id)
        .filter(Q(case__isnull=True) | Q(case_id=case.pk))
        .select_related("representative")
        .first()
    )
    if representation is None:
        raise NotFoundOrForbidden()
    return representation


def document_content(document: ContactDocument) -> bytes:
    """Return the original content of a document the policy point released
    (``access.documents.document_for``): the file on disk holds it encrypted with the field
    keys."""
    with document.file.open("rb") as stored:
        return crypto.decrypt_bytes(stored.read())


def structured_facts(case: Case, own_team=None) -> list[Fact]:
    """The structured facts (with a key) of a case released to the actor by the policy point
    (``case.disclosure``), for the rules that read them. One query."""
    return [
        fact
        for fact in rows_of(Fact, case).exclude(key="")
        if fact.team_id == own_team or case.disclosure.allows_item("fact", fact.pk, fact.category)
    ]
