"""Reads of cases; always given the actor, always through the policy point."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Q

from eenloket.audit import processing
from eenloket.cases.models import (
    Case,
    CaseNote,
    CaseStatus,
    CaseStatusChange,
    Confirmation,
    Contact,
    ContactDocument,
    HoldReason,
)
from eenloket.consent import access
from eenloket.core import clock, crypto
from eenloket.core.actor import Actor
from eenloket.core.errors import NotFoundOrForbidden
from eenloket.people import bsn as bsn_rules
from eenloket.people import services as people_services
from eenloket.people.models import HouseholdMember, Representation

WORKLIST_SIZE = 50


def _urgent_first(cases):
    return cases.select_related("owning_team__organisation").order_by(
        F("next_step_due").asc(nulls_first=True), "opened_at"
    )


def worklist(*, actor: Actor, limit: int = WORKLIST_SIZE) -> list[Case]:
    """Return the actor's team's open and on-hold cases, the most urgent next step first."""

    def shape(cases):
        return _urgent_first(cases.exclude(status=CaseStatus.CLOSED))[:limit]

    return access.read_cases(actor, activity=processing.CASE_WORKLIST, shape=shape)


@dataclass
class Worklists:
    mine: list[Case] = field(default_factory=list)
    attention: list[Case] = field(default_factory=list)
    waiting_on_citizen: list[Case] = field(default_factory=list)
    not_picked_up: list[Case] = field(default_factory=list)


def worklists(*, actor: Actor, limit: int = WORKLIST_SIZE) -> Worklists:
    """Return the four worklists of the actor's team, each most urgent first, in four queries:

    - mine: open or on hold, with the actor as coordinator;
    - attention: open with an overdue next step, or on hold without a dated next step;
    - waiting on the citizen: on hold for that reason;
    - not picked up: open and no coordinator yet.
    """
    if not access.does_casework(actor):
        return Worklists()
    today = clock.today()
    user_id = actor.user.pk

    def mine(cases):
        return _urgent_first(cases.filter(coordinator_id=user_id).exclude(status="closed"))[:limit]

    def attention(cases):
        overdue = Q(status=CaseStatus.OPEN, next_step_due__lt=today)
        undated = Q(status=CaseStatus.ON_HOLD, next_step_due__isnull=True)
        return _urgent_first(cases.filter(overdue | undated))[:limit]

    def waiting(cases):
        return _urgent_first(
            cases.filter(status=CaseStatus.ON_HOLD, hold_reason=HoldReason.WAITING_ON_CITIZEN)
        )[:limit]

    def new(cases):
        return _urgent_first(cases.filter(status=CaseStatus.OPEN, coordinator__isnull=True))[:limit]

    read = access.read_cases
    activity = processing.CASE_WORKLIST
    return Worklists(
        mine=read(actor, activity=activity, shape=mine),
        attention=read(actor, activity=activity, shape=attention),
        waiting_on_citizen=read(actor, activity=activity, shape=waiting),
        not_picked_up=read(actor, activity=activity, shape=new),
    )


@dataclass(frozen=True)
class TimelineItem:
    at: dt.datetime
    kind: str  # contact, note, confirmation, status, opened
    internal: bool
    obj: Any


TIMELINE_KINDS = ("contact", "note", "confirmation", "status")


@dataclass
class CasePage:
    case: Case
    bsn_masked: str
    household: list[HouseholdMember]
    representations: list[Representation]
    timeline: list[TimelineItem]


def case_page(*, actor: Actor, case_id, kinds: tuple[str, ...] = TIMELINE_KINDS) -> CasePage:
    """Return a case with its person's household and representatives (ended ones last, marked)
    and the timeline:
    contacts (with documents), notes (internal ones marked), confirmations and status changes,
    newest first, limited to ``kinds``. A fixed number of queries whatever the case holds."""
    case = access.case_for(actor, case_id)
    household = list(
        HouseholdMember.objects.filter(person_id=case.person_id)
        .select_related("member")
        .order_by("relation", "since")
    )
    representations = list(
        Representation.objects.filter(represented_id=case.person_id)
        .filter(Q(case__isnull=True) | Q(case_id=case.pk))
        .select_related("representative")
        .order_by(F("ended_at").desc(nulls_first=True), "valid_from")
    )
    items: list[TimelineItem] = []
    if "contact" in kinds:
        contacts = (
            Contact.objects.filter(case=case)
            .select_related("representation__representative", "recorded_by", "team")
            .prefetch_related("documents")
        )
        items += [TimelineItem(c.occurred_at, "contact", False, c) for c in contacts]
    if "note" in kinds:
        notes = CaseNote.objects.filter(case=case).select_related("written_by", "team")
        items += [TimelineItem(n.created_at, "note", n.internal, n) for n in notes]
    if "confirmation" in kinds:
        confirmations = Confirmation.objects.filter(case=case).select_related("recipient")
        items += [TimelineItem(c.created_at, "confirmation", False, c) for c in confirmations]
    if "status" in kinds:
        changes = CaseStatusChange.objects.filter(case=case).select_related("changed_by")
        items += [TimelineItem(s.changed_at, "status", False, s) for s in changes]
    items.sort(key=lambda item: item.at, reverse=True)
    bsn = people_services.bsn_of(case.person)
    return CasePage(
        case=case,
        bsn_masked=bsn_rules.mask(bsn),
        household=household,
        representations=representations,
        timeline=items,
    )


def current_representations(case: Case) -> list[Representation]:
    """Return who may act for the case's person today, for this case (the case was released
    by the policy point; this reads only its representatives)."""
    today = clock.today()
    return list(
        Representation.objects.filter(
            represented_id=case.person_id, ended_at__isnull=True, valid_from__lte=today
        )
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .filter(Q(case__isnull=True) | Q(case_id=case.pk))
        .select_related("representative")
    )


def household_link(case: Case, link_id) -> HouseholdMember:
    """Return a household membership of the case's person (the case was released by the policy
    point), or NotFoundOrForbidden for any other id."""
    link = (
        HouseholdMember.objects.filter(pk=link_id, person_id=case.person_id)
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
        Representation.objects.filter(pk=representation_id, represented_id=case.person_id)
        .filter(Q(case__isnull=True) | Q(case_id=case.pk))
        .select_related("representative")
        .first()
    )
    if representation is None:
        raise NotFoundOrForbidden()
    return representation


def document_content(document: ContactDocument) -> bytes:
    """Return the original content of a document the policy point released
    (``access.document_for``): the file on disk holds it encrypted with the field keys."""
    with document.file.open("rb") as stored:
        return crypto.decrypt_bytes(stored.read())
