"""Break-glass: a named role opens a case beyond what their team is normally given, with a
reason, for one hour; the privacy officer reviews every one afterwards (docs/privacy.md,
docs/decisions/0042). Opening one is a service (``consent.services.break_glass_open``); here:
who may open one (a team with a relation to the case), what it shows (never what the citizen
withdrew or refused, never the BSN), whether one is active, and the reviews.

Who may (#23): only a worker whose team already has a live relation to the case. Anyone else
gets the same "not found" as for a case that does not exist, and the attempt on a case that
exists is logged as refused, so the citizen sees it. The relations, one per line in
``break_glass_relation``:

- the team owns the case;
- the team works on it now (a current ``CaseTeam``; an ended part gives nothing, as elsewhere);
- a handover of the case to or from the team is under way (sent, accepted, in progress, on
  hold): the receiving team may need to act before it has accepted;
- the team is invited to the case's team and has not answered yet;
- the worker sits at a breakthrough table the case is put to (waiting for a decision);
- the person came to the team's own desk: the team owns another open case of the person.

A worker of an organisation that has nothing to do with the person (the Belastingdienst
coordinator who knew a case's address) has none of these.
"""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from django.db.models import F, Q

from eenloket.access._common import refuse, uuid_or_none
from eenloket.access.capabilities import may_break_glass, may_query_processing_log
from eenloket.access.release import release
from eenloket.cases.models import Case, CaseStatus, CaseTeam
from eenloket.consent.categories import SHAREABLE
from eenloket.consent.models import BreakGlassAccess, Consent, ConsentState
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import NotFoundOrForbidden
from eenloket.handovers.models import Handover
from eenloket.teamwork.models import Breakthrough, BreakthroughState, Invitation

# How long a break-glass access lasts (the roles that may open one: capabilities.BREAK_GLASS).
BREAK_GLASS_DURATION = dt.timedelta(hours=1)

# What break-glass may add to what the worker's organisation is given anyway. Never the BSN:
# processing it needs a law (Wabb art. 10), and no emergency at a desk needs the number.
BREAK_GLASS_CATEGORIES = tuple(c for c in SHAREABLE if c != "identity")

# The live states of a handover: the sending and the receiving team both have a relation.
LIVE_HANDOVER_STATES = ("sent", "accepted", "in_progress", "on_hold")

# The refusal reason in the processing log for a worker whose team has no relation.
NO_RELATION = "break_glass_no_relation"
ROLE_MAY_NOT = "role_may_not_break_glass"


def break_glass_relation(actor: Actor, case: Case) -> str | None:
    """Return how the actor's team relates to the case (the first that holds), or None.

    One condition per relation (see the module docstring); at most six small queries."""

    team_id = actor.membership.team_id if actor.membership is not None else None
    if team_id is None:
        return None
    if case.owning_team_id == team_id:
        return "owning_team"
    if release(CaseTeam).filter(case=case, team_id=team_id, ended_at__isnull=True).exists():
        return "works_on_case"
    if (
        release(Handover)
        .filter(case=case, state__in=LIVE_HANDOVER_STATES)
        .filter(Q(from_team_id=team_id) | Q(to_team_id=team_id))
        .exists()
    ):
        return "handover"
    if release(Invitation).filter(case=case, team_id=team_id, state="invited").exists():
        return "invited"
    if (
        release(Breakthrough)
        .filter(case=case, table__members=actor.user, state=BreakthroughState.SUBMITTED)
        .exists()
    ):
        return "breakthrough_table"
    if (
        release(Case)
        .filter(person_id=case.person_id, owning_team_id=team_id)
        .exclude(status=CaseStatus.CLOSED)
        .exists()
    ):
        return "came_to_our_desk"
    return None


def case_for_break_glass(actor: Actor, case_id) -> tuple[Case, str]:
    """Return the case and the actor's relation to it when the actor may open it by break-glass;
    else NotFoundOrForbidden, the same for a case that does not exist. A refused attempt on a
    case that exists is logged (``break_glass_no_relation``, ``role_may_not_break_glass``)."""
    case_id = uuid_or_none(case_id)
    case = release(Case).filter(pk=case_id).first() if case_id else None
    if case is None:
        raise NotFoundOrForbidden()
    if not may_break_glass(actor):
        refuse(actor, "case-view", case.person_id, ("name",), ROLE_MAY_NOT, "case", case.pk)
        raise NotFoundOrForbidden()
    relation = break_glass_relation(actor, case)
    if relation is None:
        refuse(actor, "case-view", case.person_id, ("name",), NO_RELATION, "case", case.pk)
        raise NotFoundOrForbidden()
    return case, relation


def refused_categories(case: Case) -> set[str]:
    """Return the categories the person said no to: withdrawn or declined, for any organisation,
    and not given again since (for this case or in general). Break-glass never opens them: a
    withdrawal stays a withdrawal, even in an emergency. One query."""
    decisions = (
        release(Consent)
        .filter(person_id=case.person_id)
        .filter(Q(case__isnull=True) | Q(case_id=case.pk))
        .filter(state__in=(ConsentState.GIVEN, ConsentState.WITHDRAWN, ConsentState.DECLINED))
        .values_list("state", "categories", "decided_at", "ended_at", "created_at")
    )
    events = []
    for state, categories, decided_at, ended_at, created_at in decisions:
        decided = decided_at or created_at
        if state == ConsentState.WITHDRAWN:
            events.append((decided, True, categories))  # it was given once
            events.append((ended_at or decided, False, categories))
        else:
            events.append((decided, state == ConsentState.GIVEN, categories))
    refused: set[str] = set()
    for _at, given, categories in sorted(events, key=lambda event: event[0]):
        if given:
            refused -= set(categories)
        else:
            refused |= set(categories)
    return refused


def break_glass_bases(partner_bases: dict, case: Case) -> dict:
    """Return the bases a break-glass access shows: what the worker's organisation is given
    anyway (a law, a consent), plus each break-glass category the person did not refuse (the
    name always: without it there is no case to help with)."""
    refused = refused_categories(case)
    # A law or a consent stays the basis it is; the name comes with the break-glass itself.
    bases = {c: basis for c, basis in partner_bases.items() if basis != "relation"}
    for category in BREAK_GLASS_CATEGORIES:
        if category == "name" or category not in refused:
            bases.setdefault(category, "break_glass")
    return bases


def active_break_glass(actor: Actor, case_id) -> BreakGlassAccess | None:
    """The actor's break-glass access to the case through this membership, while it lasts."""
    if not actor.is_worker or actor.membership is None:
        return None
    return (
        release(BreakGlassAccess)
        .filter(
            user=actor.user,
            membership=actor.membership,
            case_id=case_id,
            expires_at__gt=clock.now(),
        )
        .order_by("-expires_at")
        .first()
    )


def break_glass_reviews(actor: Actor) -> list[BreakGlassAccess]:
    """The break-glass accesses for the privacy officer to review, oldest unreviewed first."""
    if not may_query_processing_log(actor):
        raise NotFoundOrForbidden()
    return list(
        release(BreakGlassAccess)
        .select_related("user", "membership__organisation", "membership__team", "reviewed_by")
        .order_by(F("reviewed_at").asc(nulls_first=True), "opened_at")[:200]
    )


def break_glass_for_review(actor: Actor, access_id) -> BreakGlassAccess:
    """One break-glass access, for the privacy officer to review; else NotFoundOrForbidden."""
    if not may_query_processing_log(actor):
        raise NotFoundOrForbidden()
    try:
        return release(BreakGlassAccess).get(pk=UUID(str(access_id)))
    except (ValueError, BreakGlassAccess.DoesNotExist):
        raise NotFoundOrForbidden() from None
