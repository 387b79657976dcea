"""What a partner system may ask through the API, and what it gets (docs/api.md, decision 0040).

A client acts as a service account with a partner-worker membership of one team
(``api.models.ApiClient``), so every decision about a case or a handover is the same one this
policy point makes for that team's workers (``casework``, ``handovers``): a valid token never
opens more than the team may see. On top, each operation needs a declared scope (after Open
Zaak's ``scopes.py``): the application manager grants a client only what its task needs.

The reads here are the API's own shapes: a page of the team's handovers (one query, logged like
a worklist), the consents a handover's receiver relies on, and the client's own reads from the
log. Missing and forbidden give the same answer (``NotFoundOrForbidden``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from django.db.models import Q

from eenloket.access import capabilities
from eenloket.access.casework import visible_cases
from eenloket.access.disclosure import labels_visible
from eenloket.access.handovers import handover_for
from eenloket.access.release import release
from eenloket.accounts.models import Role
from eenloket.audit import processing
from eenloket.audit.models import AuditEntry
from eenloket.cases.models import CaseStatus, Referral, ReferralEvent
from eenloket.consent.models import Consent, ConsentState
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import NotFoundOrForbidden
from eenloket.handovers.models import Handover, HandoverEvent
from eenloket.handovers.states import State

# The role of a client's service account in its team: a partner worker's, so the client does
# case work for its team and never more (no BSN in the clear, no break-glass, no coordinating).
CLIENT_ROLE = Role.PARTNER_WORKER


@dataclass(frozen=True)
class Scope:
    name: str
    description: str


DIRECTORY_READ = Scope(
    "directory.read", "Read the public directory: organisations, their services and schemes."
)
DIRECT_LINES_READ = Scope(
    "directory.direct_lines.read",
    "Read the professional direct lines of the directory (phone, e-mail, service level). "
    "Granted to organisations that take part in the loket, for their own handovers.",
)
HANDOVERS_READ = Scope(
    "handovers.read",
    "List and read the handovers the client's team sent or received, with what the policy "
    "point releases of the person to its organisation.",
)
HANDOVERS_WRITE = Scope(
    "handovers.write",
    "Answer handovers sent to the client's team: accept, decline with a reason, report "
    "progress, complete with an outcome.",
)
CONSENT_READ = Scope(
    "consent.read",
    "Read, for a handover of the client's team, the consents and statutory bases its "
    "organisation relies on.",
)
CONTACTS_WRITE = Scope(
    "contacts.write",
    "Record a contact with the citizen on the case of a handover of the client's team; the "
    "citizen gets the usual confirmation.",
)
CONTACTS_READ = Scope(
    "contacts.read",
    "Export a contact with the citizen on a case the client's team may see, in the shape of "
    "the Klantinteracties API (klantcontact), when the team may read the contact.",
)
PLAN_READ = Scope("plan.read", "Read the plan of the case of a handover of the client's team.")
PLAN_WRITE = Scope(
    "plan.write",
    "Mark an action of that plan done, cancelled or open again: the actions the client's team "
    "owns, or any when the team is on the case's team.",
)
APPLICATIONS_WRITE = Scope(
    "applications.write",
    "Record that the citizen applied to the client's organisation (on the case of a handover "
    "of its team), and its decision.",
)
WEBHOOKS_MANAGE = Scope(
    "webhooks.manage",
    "Register and remove the endpoints the team's events are pushed to (signed, Standard "
    "Webhooks), and read how their deliveries went.",
)
REFERRALS_WRITE = Scope(
    "referrals.write",
    "Refer a person with a question to the loket, or signal payment arrears "
    "(Wgs art. 3(1)(b) and 5(2)-(3)), and follow what became of it.",
)
LOG_READ = Scope(
    "processing_log.read", "Read the processing-log entries of the client's own reads."
)

SCOPES = {
    scope.name: scope
    for scope in (
        DIRECTORY_READ,
        DIRECT_LINES_READ,
        HANDOVERS_READ,
        HANDOVERS_WRITE,
        CONSENT_READ,
        CONTACTS_WRITE,
        CONTACTS_READ,
        PLAN_READ,
        PLAN_WRITE,
        APPLICATIONS_WRITE,
        LOG_READ,
        WEBHOOKS_MANAGE,
        REFERRALS_WRITE,
    )
}


class ScopeMissing(Exception):
    """The client was not granted the scope the operation needs (403: it exists, it is not
    about an object)."""

    def __init__(self, scope: Scope):
        self.scope = scope
        super().__init__(scope.name)


def require(granted: Iterable[str], scope: Scope) -> None:
    """Raise ScopeMissing unless ``scope`` is among the client's ``granted`` scopes."""
    if scope.name not in set(granted):
        raise ScopeMissing(scope)


def may_see_direct_lines(actor: Actor, granted: Iterable[str]) -> bool:
    """Tell whether a client sees direct lines: granted the scope, and acting through a
    current membership of a team that does case work (its organisation takes part)."""
    return DIRECT_LINES_READ.name in set(granted) and capabilities.does_casework(actor)


INCOMING, OUTGOING = "incoming", "outgoing"
Direction = Literal["incoming", "outgoing"]
PAGE_MAX = 100


def handovers_page(
    actor: Actor,
    *,
    direction: str = INCOMING,
    states: Iterable[str] = (),
    after=None,
    limit: int = 50,
) -> list[Handover]:
    """A page of the handovers the actor's team received (``incoming``) or sent, newest first
    (the ids are time-ordered; ``after`` is the last id of the previous page), of cases the team
    may still see. One query whatever the page size; the names shown are logged like a
    worklist. A team that does no case work has none."""
    team_id = capabilities.casework_team_id(actor)
    if team_id is None:
        return []
    side = Q(to_team_id=team_id) if direction == INCOMING else Q(from_team_id=team_id)
    rows = (
        release(Handover)
        .filter(side, case__in=visible_cases(actor))
        .exclude(state__in=(State.DRAFT, State.ENTERED_IN_ERROR))
    )
    states = [s for s in states if s]
    if states:
        rows = rows.filter(state__in=states)
    if after is not None:
        rows = rows.filter(pk__lt=after)
    page = list(
        rows.select_related(
            "case__person", "contact_point", "to_team__organisation", "from_team__organisation"
        ).order_by("-pk")[: max(1, min(limit, PAGE_MAX))]
    )
    if page:
        processing.record(
            activity=processing.CASE_WORKLIST,
            actor=actor,
            subject_ids=[h.case.person_id for h in page],
            categories=("name",),
            status=processing.STATUS_OK,
            object_type="api_handover_list",
        )
    return page


def handover_labels(actor: Actor, handovers: list[Handover]) -> dict:
    """What each handover of a page is about, as the actor's team may see it (None: a category
    it may not see of that person; ``disclosure.labels_visible``)."""
    return labels_visible(actor, handovers) if handovers else {}


def consents_for_handover(actor: Actor, handover_id) -> tuple[Handover, list[Consent]]:
    """The handover (decided and logged by ``handover_for``) and the person's consents to the
    actor's organisation that concern its case (given, withdrawn or expired, so a withdrawal is
    seen). The read of the consents is logged."""
    handover = handover_for(actor, handover_id)
    membership = actor.membership
    if membership is None:
        raise NotFoundOrForbidden()
    case = handover.case
    consents = list(
        release(Consent)
        .filter(person_id=case.person_id, recipient_id=membership.organisation_id)
        # A consent to one team of the organisation is that team's (decision 0039).
        .filter(Q(recipient_team__isnull=True) | Q(recipient_team_id=membership.team_id))
        .filter(Q(case__isnull=True) | Q(case_id=case.pk))
        .order_by("-created_at")
    )
    processing.record(
        activity=processing.CASE_VIEW,
        actor=actor,
        subject_ids=[case.person_id],
        categories=("name", "involvement"),
        status=processing.STATUS_OK,
        object_type="api_handover_consents",
        object_id=handover.pk,
    )
    return handover, consents


def own_reads(actor: Actor, *, after: tuple | None = None, limit: int = 50) -> list[AuditEntry]:
    """The actor's own reads and refused attempts from the log, newest first (a page: ``after``
    is the (month, position) of the last entry of the previous page). They name no person:
    each says what was read, of which object, when, on which trace. Reading them is logged."""
    if not actor.is_worker or actor.user is None:
        raise NotFoundOrForbidden()
    rows = release(AuditEntry).filter(
        Q(action__startswith="read:") | Q(action__startswith="refused:"),
        user_id=str(actor.user.pk),
    )
    if after is not None:
        month, position = after
        rows = rows.filter(Q(chain_month__lt=month) | Q(chain_month=month, position__lt=position))
    page = list(rows.order_by("-chain_month", "-position")[: max(1, min(limit, PAGE_MAX))])
    processing.record(
        activity=processing.LOG_SUBJECT_VIEW,
        actor=actor,
        subject_ids=[],
        categories=("processing_log",),
        status=processing.STATUS_OK,
        object_type="api_own_reads",
    )
    return page


def is_receiver(actor: Actor, handover: Handover) -> bool:
    """Tell whether the actor's team received the handover (only the receiver answers it)."""
    team_id = capabilities.casework_team_id(actor)
    return team_id is not None and handover.to_team_id == team_id


def is_sender(actor: Actor, handover: Handover) -> bool:
    """Tell whether the actor's team sent the handover (only the sender re-routes it)."""
    team_id = capabilities.casework_team_id(actor)
    return team_id is not None and handover.from_team_id == team_id


def decides(actor: Actor, application) -> bool:
    """Tell whether the actor's organisation is the one the citizen applied to (only it records
    the decision through the API)."""
    return actor.membership is not None and (
        application.organisation_id == actor.membership.organisation_id
    )


def handover_events(actor: Actor, *, after=None, limit: int = 100) -> list[HandoverEvent]:
    """The feed of what happened to the handovers the actor's team sent or received, oldest
    first after ``after`` (the id of the last event seen; ids are time-ordered), so a partner
    that was down for a day misses nothing. Also after the team's access to the case ended (a
    cancellation must reach the receiver): the feed carries no personal data, only which
    handover moved to which state. One query; the persons concerned are logged."""
    team_id = capabilities.casework_team_id(actor)
    if team_id is None:
        return []
    rows = (
        release(HandoverEvent)
        .filter(Q(handover__to_team_id=team_id) | Q(handover__from_team_id=team_id))
        .filter(kind__in=("transition", "escalated"))
        .exclude(target=State.DRAFT)
    )
    if after is not None:
        rows = rows.filter(pk__gt=after)
    events = list(
        rows.select_related(
            "handover__case", "handover__to_team", "by_team__organisation"
        ).order_by("pk")[: max(1, min(limit, PAGE_MAX))]
    )
    if events:
        processing.record(
            activity=processing.CASE_WORKLIST,
            actor=actor,
            subject_ids=[e.handover.case.person_id for e in events],
            categories=("involvement",),
            status=processing.STATUS_OK,
            object_type="api_handover_events",
        )
    return events


def referral_for_sender(actor: Actor, referral_id) -> Referral:
    """A referral the actor's team sent, to follow what became of it: its state and when the
    receiving team plans the next step, nothing of the case. Logged; another team's is
    "not found"."""
    team_id = capabilities.casework_team_id(actor)
    referral = (
        release(Referral)
        .filter(pk=referral_id, from_team_id=team_id)
        .select_related("to_team__organisation", "from_team__organisation", "case")
        .first()
        if team_id is not None
        else None
    )
    if referral is None:
        raise NotFoundOrForbidden()
    processing.record(
        activity=processing.CASE_VIEW,
        actor=actor,
        subject_ids=[referral.person_id],
        categories=("involvement",),
        status=processing.STATUS_OK,
        object_type="api_referral",
        object_id=referral.pk,
    )
    return referral


def referral_queue(actor: Actor, *, limit: int = 50) -> list[Referral]:
    """The actor's team's open offers of help (arrears signals), the most urgent first. One
    query; the names shown are logged like a worklist."""
    team_id = capabilities.casework_team_id(actor)
    if team_id is None:
        return []
    rows = list(
        release(Referral)
        .filter(to_team_id=team_id, state=Referral.State.OUTREACH)
        .select_related("person")
        .order_by("next_step_due", "created_at")[: max(1, min(limit, PAGE_MAX))]
    )
    if rows:
        processing.record(
            activity=processing.CASE_WORKLIST,
            actor=actor,
            subject_ids=[r.person_id for r in rows],
            categories=("name", "debts"),
            status=processing.STATUS_OK,
            object_type="referral_queue",
        )
    return rows


# What the sender of a referral learns (decision 0047, addendum "events to the sender") -----
HANDLED = "handled"
TAKEN_UP = "taken_up"
CLOSED = "closed"


def consented_outcomes(referrals: list[Referral]) -> set:
    """The ids of the answered arrears signals whose person lets the sender's organisation (or
    its team) know about their debts today: a given, current consent covering ``debts`` (on the
    case the answer opened, or on none). Only then does an arrears reporter (a landlord, an
    energy company) learn whether help was accepted, declined or the person was not reached;
    the Wgs gives the creditor no right to it. One query for the lot."""
    if not referrals:
        return set()
    today = clock.today()
    to_sender = Q()
    for team_id, organisation_id in {
        (r.from_team_id, r.from_team.organisation_id) for r in referrals
    }:
        to_sender |= Q(recipient_id=organisation_id) & (
            Q(recipient_team__isnull=True) | Q(recipient_team_id=team_id)
        )
    consents = (
        release(Consent)
        .filter(to_sender, person_id__in={r.person_id for r in referrals})
        .filter(state=ConsentState.GIVEN, valid_from__lte=today, valid_until__gte=today)
        .only("person_id", "case_id", "recipient_id", "recipient_team_id", "categories")
    )
    found = set()
    for c in consents:
        if "debts" not in (c.categories or ()):
            continue
        for r in referrals:
            same_person = (
                r.person_id == c.person_id and c.recipient_id == r.from_team.organisation_id
            )
            fits_team = c.recipient_team_id in (None, r.from_team_id)
            if same_person and fits_team and c.case_id in (None, r.case_id):
                found.add(r.pk)
    return found


def released_referral_state(referral: Referral) -> str:
    """The state of a referral as its sender may know it. A question: on the case, taken up by
    a worker, or closed (never why). An arrears signal: the offer of help still to be made, or
    ``handled``; the person's answer only with their consent (``consented_outcomes``)."""
    if referral.kind == Referral.Kind.QUESTION:
        case = referral.case
        if case is not None and case.status == CaseStatus.CLOSED:
            return CLOSED
        if case is not None and case.coordinator_id is not None:
            return TAKEN_UP
        return Referral.State.ON_CASE
    if referral.state == Referral.State.OUTREACH:
        return Referral.State.OUTREACH
    return referral.state if consented_outcomes([referral]) else HANDLED


def referral_events(actor: Actor, *, after=None, limit: int = 100) -> list[tuple]:
    """The feed of what happened to the referrals the actor's team sent, oldest first after
    ``after`` (time-ordered ids): ``(event, state)`` with the state as the sender may know it
    (an answered arrears signal is ``handled`` unless the person consented). No personal data
    in them; the persons concerned are logged, with ``debts`` when an outcome was released."""
    team_id = capabilities.casework_team_id(actor)
    if team_id is None:
        return []
    rows = release(ReferralEvent).filter(referral__from_team_id=team_id)
    if after is not None:
        rows = rows.filter(pk__gt=after)
    events = list(
        rows.select_related("referral__from_team", "by_team__organisation").order_by("pk")[
            : max(1, min(limit, PAGE_MAX))
        ]
    )
    answered = [e.referral for e in events if e.kind == ReferralEvent.Kind.ANSWERED]
    consented = consented_outcomes(answered)
    found = []
    for event in events:
        state = event.kind
        if event.kind == ReferralEvent.Kind.ANSWERED:
            referral = event.referral
            state = referral.state if referral.pk in consented else HANDLED
        found.append((event, state))
    if found:
        outcomes = any(state in Referral.State.values for _, state in found)
        processing.record(
            activity=processing.CASE_WORKLIST,
            actor=actor,
            subject_ids=[e.referral.person_id for e in events],
            categories=("involvement", "debts") if outcomes else ("involvement",),
            status=processing.STATUS_OK,
            object_type="api_referral_events",
        )
    return found
