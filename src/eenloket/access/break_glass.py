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

Four eyes (decision 0049): the worker picks a listed reason, which says which categories open
(``consent/break_glass_reasons.py``); a second person — a coordinator whose team has a relation
to the case, never the worker who opened it — confirms within the hour, or the access ends at
the hour. ``active_break_glass`` checks that at every read, so it ends on the minute even when
the job that records the end (``consent.break_glass.break_glass_end_unconfirmed``) runs late.
"""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from django.db.models import F, Q

from eenloket.access._common import refuse, uuid_or_none
from eenloket.access.capabilities import (
    may_break_glass,
    may_confirm_break_glass,
    may_query_processing_log,
)
from eenloket.access.release import release
from eenloket.cases.models import Case, CaseStatus, CaseTeam
from eenloket.consent.break_glass_reasons import reason_categories
from eenloket.consent.models import BreakGlassAccess, Consent, ConsentState
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import NotFoundOrForbidden
from eenloket.handovers.models import Handover
from eenloket.teamwork.models import Breakthrough, BreakthroughState, Invitation

# How long a confirmed break-glass access lasts (a working day: a deadline that ends today),
# and the time a second worker has to confirm it, else it ends then (decision 0049).
BREAK_GLASS_DURATION = dt.timedelta(hours=8)
CONFIRM_WITHIN = dt.timedelta(hours=1)

# The live states of a handover: the sending and the receiving team both have a relation.
LIVE_HANDOVER_STATES = ("sent", "accepted", "in_progress", "on_hold")

# The refusal reason in the processing log for a worker whose team has no relation.
NO_RELATION = "break_glass_no_relation"
ROLE_MAY_NOT = "role_may_not_break_glass"
ROLE_MAY_NOT_CONFIRM = "role_may_not_confirm_break_glass"
SAME_WORKER = "break_glass_same_worker"


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


def break_glass_bases(partner_bases: dict, case: Case, reason_code: str = "") -> dict:
    """Return the bases a break-glass access shows: what the worker's organisation is given
    anyway (a law, a consent), plus each category the listed reason opens that the person did
    not refuse (the name always: without it there is no case to help with). Never the BSN."""
    refused = refused_categories(case)
    # A law or a consent stays the basis it is; the name comes with the break-glass itself.
    bases = {c: basis for c, basis in partner_bases.items() if basis != "relation"}
    for category in reason_categories(reason_code):
        if category == "identity":
            continue
        if category == "name" or category not in refused:
            bases.setdefault(category, "break_glass")
    return bases


def live_accesses(now: dt.datetime | None = None):
    """The break-glass accesses that are open at ``now``: before their end, not ended, and
    confirmed or still within the hour to confirm. The rule is checked here, at read time, so
    an access ends on the minute even when the job that records the end is late."""
    now = now or clock.now()
    return (
        release(BreakGlassAccess)
        .filter(expires_at__gt=now, ended_at__isnull=True)
        .filter(
            Q(confirmed_at__isnull=False)
            | Q(confirm_before__isnull=True)
            | Q(confirm_before__gt=now)
        )
    )


def active_break_glass(actor: Actor, case_id) -> BreakGlassAccess | None:
    """The actor's break-glass access to the case through this membership, while it lasts."""
    if not actor.is_worker or actor.membership is None:
        return None
    return (
        live_accesses()
        .filter(user=actor.user, membership=actor.membership, case_id=case_id)
        .order_by("-expires_at")
        .first()
    )


def break_glass_for_confirmation(actor: Actor, access_id) -> BreakGlassAccess:
    """A break-glass access for a second worker to confirm: a coordinator whose team has a
    relation to the case, and not the worker who opened it. Anyone else, and an id that does
    not exist, gets NotFoundOrForbidden; a refused attempt is logged (the citizen sees it)."""
    access_id = uuid_or_none(access_id)
    access = (
        release(BreakGlassAccess)
        .select_related("case", "user", "membership__organisation", "membership__team")
        .filter(pk=access_id)
        .first()
        if access_id
        else None
    )
    if access is None:
        raise NotFoundOrForbidden()
    case = access.case
    if not may_confirm_break_glass(actor):
        reason = ROLE_MAY_NOT_CONFIRM
    elif actor.user is None or actor.user.pk == access.user_id:
        reason = SAME_WORKER
    elif break_glass_relation(actor, case) is None:
        reason = NO_RELATION
    else:
        return access
    if actor.is_worker:
        refuse(actor, "case-view", case.person_id, ("name",), reason, "case", case.pk)
    raise NotFoundOrForbidden()


def break_glass_reviews(actor: Actor) -> list[BreakGlassAccess]:
    """The break-glass accesses for the privacy officer to review, oldest unreviewed first."""
    if not may_query_processing_log(actor):
        raise NotFoundOrForbidden()
    return list(
        release(BreakGlassAccess)
        .select_related(
            "user", "membership__organisation", "membership__team", "reviewed_by", "confirmed_by"
        )
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
