"""Handovers a worker sees (#9, docs/handovers.md). Of a case they have: every handover for the
owning team; for a partner (another team of the owning organisation too, decision 0039), only
those its own team sent or received. One handover:
for a worker of the sending or the receiving team whose team may see the case. The team's
inbox (handovers in and out, questions to its direct lines), logged like a worklist."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from eenloket.access.casework import case_for, visible_cases
from eenloket.access.disclosure import ABOUT_TEAM, ABOUT_UNSAID
from eenloket.access.release import release
from eenloket.audit import processing
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import NotFoundOrForbidden
from eenloket.handovers.models import ColleagueQuestion, Handover, HandoverEvent, WarmCall
from eenloket.handovers.states import OPEN, State

INBOX_SIZE = 100


def handover_team_id(actor: Actor):
    """The team the actor sends and receives handovers for: the team of the membership they
    act through (a worker without one has no handovers)."""
    return actor.membership.team_id if actor.is_worker and actor.membership else None


def of_case(case, actor: Actor) -> list[Handover]:
    """The handovers of a case the actor already has through the policy point: all of them for
    the owning team, a partner only those its own team sent or received. One query."""
    handovers = release(Handover).filter(case=case)
    if case.disclosure.relation != "owner":
        team_id = actor.membership.team_id
        handovers = handovers.filter(Q(from_team_id=team_id) | Q(to_team_id=team_id))
    rows = list(
        handovers.exclude(state=State.ENTERED_IN_ERROR)
        .select_related("contact_point", "to_team__organisation", "from_team")
        .order_by("-created_at")
    )
    # Its messages follow what they are about, like notes (decisions 0039 and 0046): the
    # sending and the receiving team read them, another team when it may see that.
    reader = handover_team_id(actor)
    for handover in rows:
        handover.messages_hidden = not case.disclosure.may_read_text(
            handover.about,
            written_by=handover.from_team_id,
            reader=reader,
            addressed_to=handover.to_team_id,
        )
    return rows


def handover_for(actor: Actor, handover_id) -> Handover:
    """One handover, for a worker of the sending or the receiving team whose team may see the
    case (the policy point decides and logs the read). Anyone else: not found."""
    handover = (
        release(Handover)
        .filter(pk=handover_id)
        .select_related(
            "contact_point__team__organisation",
            "to_team__organisation",
            "from_team__organisation",
            "from_user",
            "accepted_by",
            "suggested_contact_point",
            "rerouted_from",
        )
        .first()
    )
    team_id = handover_team_id(actor)
    if handover is None or team_id not in (handover.from_team_id, handover.to_team_id):
        raise NotFoundOrForbidden()
    handover.case = case_for(actor, handover.case_id)
    return handover


def events_of(handover: Handover) -> list[HandoverEvent]:
    """The history of a handover released by ``handover_for``, oldest first."""
    return list(
        release(HandoverEvent).filter(handover=handover.pk).select_related("by_user", "by_team")
    )


def calls_of(handover: Handover) -> list[WarmCall]:
    """The calls with the receiver recorded on a handover released by ``handover_for``."""
    return list(release(WarmCall).filter(handover=handover.pk))


@dataclass
class Inbox:
    incoming: list[Handover]  # to the actor's team, open
    returned: list[Handover]  # sent by the actor's team, declined or failed, not re-routed
    waiting: list[Handover]  # sent by the actor's team, no answer yet (overdue ones first)
    questions: list[ColleagueQuestion]  # to the team's direct lines, unanswered


def inbox(actor: Actor) -> Inbox:
    """The team's handovers in and out. Four queries whatever their number; the names shown
    are logged like a worklist."""
    team_id = handover_team_id(actor)
    if team_id is None:
        return Inbox([], [], [], [])
    related = ("case__person", "contact_point", "to_team__organisation", "from_team")
    incoming = list(
        release(Handover)
        .filter(to_team_id=team_id, state__in=OPEN)
        .select_related(*related)
        .order_by("due_at")[:INBOX_SIZE]
    )
    returned = list(
        release(Handover)
        .filter(
            from_team_id=team_id,
            state__in=(State.DECLINED, State.FAILED),
            rerouted_to__isnull=True,
            case__status__in=("open", "on_hold"),
        )
        .select_related(*related)
        .order_by("-closed_at")[:INBOX_SIZE]
    )
    waiting = list(
        release(Handover)
        .filter(from_team_id=team_id, state=State.SENT)
        .select_related(*related)
        .order_by("due_at")[:INBOX_SIZE]
    )
    questions = list(
        release(ColleagueQuestion)
        .filter(contact_point__team_id=team_id, answered_at__isnull=True)
        .select_related("contact_point", "asked_by")
        .order_by("created_at")[:INBOX_SIZE]
    )
    shown = incoming + returned + waiting
    if shown:
        processing.record(
            activity=processing.CASE_WORKLIST,
            actor=actor,
            subject_ids=list({h.case.person_id for h in shown}),
            categories=("name",),
            status=processing.STATUS_OK,
            object_type="handover_inbox",
        )
    return Inbox(incoming, returned, waiting, questions)


NEWS_DAYS = 14
ANSWERED = (State.ACCEPTED, State.IN_PROGRESS, State.ON_HOLD, State.COMPLETED)


def sender_news(actor: Actor, limit: int = 20) -> list[Handover]:
    """What came of the handovers the actor's team sent (the loop closes, decision 0039): those
    the receiver accepted, put on hold or completed in the last two weeks, those waiting past
    their answer term (escalated) and those accepted that stalled. Returned ones are the
    inbox's. One query; the names shown are logged like a worklist."""
    team_id = handover_team_id(actor)
    if team_id is None:
        return []
    since = clock.now() - dt.timedelta(days=NEWS_DAYS)
    news = list(
        release(Handover)
        .filter(from_team_id=team_id)
        .filter(
            Q(state__in=ANSWERED, accepted_at__gte=since)
            | Q(state=State.COMPLETED, closed_at__gte=since)
            | Q(state=State.SENT, escalated_at__isnull=False)
            | Q(state=State.ACCEPTED, stall_reminded_at__isnull=False)  # stalled (0046)
        )
        .select_related("case__person", "contact_point", "to_team__organisation")
        .order_by("-sent_at")[:limit]
    )
    if news:
        processing.record(
            activity=processing.CASE_WORKLIST,
            actor=actor,
            subject_ids=list({h.case.person_id for h in news}),
            categories=("name",),
            status=processing.STATUS_OK,
            object_type="handover_news",
        )
    return news


def questions_of_case(case, actor: Actor) -> list[ColleagueQuestion]:
    """Questions to colleagues asked on the case: for the owning organisation (a partner sees
    none; they carry no personal data, but they are the owner's working notes). One query."""
    if case.disclosure.relation != "owner":
        return []
    return list(
        release(ColleagueQuestion)
        .filter(case=case)
        .select_related("contact_point", "asked_by", "answered_by")
        .order_by("-created_at")
    )


def handover_to_answer(actor: Actor, handover_id) -> Handover:
    """A handover sent to the actor's team, of a case the team may still see, for an answer
    that shows nothing of the person (accept, decline, progress, complete, fail: what comes
    back is the handover's state). One query, and no read in the processing log: nothing of
    the person is read, and the move itself is audited by the service. For any other handover
    it is ``handover_for`` that decides (and logs), so a refusal reads the same as before."""
    team_id = handover_team_id(actor)
    found = (
        release(Handover)
        .filter(pk=handover_id, to_team_id=team_id, case__in=visible_cases(actor))
        .first()
        if team_id is not None
        else None
    )
    return found if found is not None else handover_for(actor, handover_id)


def label_of(actor: Actor, handover: Handover) -> str | None:
    """What a handover released by ``handover_for`` is about, as the actor's team may see it
    (decision 0046): the label when its team sent it, says "team" or nothing, or when the
    case's disclosure to the team allows that category; else None (``labels_visible`` does
    the same for a page)."""
    about = handover.about
    if about in (ABOUT_UNSAID, ABOUT_TEAM) or handover.from_team_id == handover_team_id(actor):
        return about
    return about if handover.case.disclosure.allows(about) else None
