"""The work on the seeded cases, for the reference size: handovers and timeline entries.

``eenloket seed --handovers-per-case H --timeline-per-case T`` (or ``--reference``) walks the
seed's cases in primary-key order, a batch of ``BATCH`` cases per transaction, and gives each
case about H handovers to other seed teams' direct lines (with their history and the receiving
team's access, in states across the whole lifecycle) and about T timeline entries in all (what
the case page's timeline shows, ``cases.selectors.TIMELINE_KINDS``: contacts, notes,
confirmations, status changes; the person step already made one contact and its confirmation).
Every time lies between the case's opening and the project clock's now.

Rows are made valid by construction, as in ``seeding``: the handover states' timestamps follow
the table constraints, a closed case has only closed handovers, a handover waiting for an answer
is within its service level, the status changes end in the case's status. Only one batch is in
memory. Resume: each batch is one transaction and every case it touches gets a note written
by a seed worker, so a second run takes only the cases without one.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef

from eenloket.accounts.models import Membership, Role, User
from eenloket.cases.models import (
    Case,
    CaseNote,
    CaseStatus,
    CaseStatusChange,
    CaseTeam,
    Contact,
    ContactChannel,
    Direction,
    HoldReason,
    Verification,
)
from eenloket.core import bulk, clock
from eenloket.directory.models import ContactPoint, Team
from eenloket.handovers.models import Handover, HandoverEvent, Urgency, Warmth
from eenloket.handovers.states import FINAL, State

BATCH = 1000  # cases per transaction
NOTES = (
    "Teruggebeld, brief van de Belastingdienst samen doorgenomen.",
    "Klant komt volgende week langs met de papieren.",
    "Afgestemd met de schuldhulpverlening over de volgende stap.",
    "Aanvraag bijzondere bijstand klaargezet.",
    "Geen gehoor, morgen opnieuw proberen.",
)
SUMMARIES = (
    "Vervolggesprek over de aanvraag.",
    "Telefonisch de stand van zaken doorgegeven.",
    "Samen het formulier ingevuld.",
)
# A handover's path through the lifecycle (handovers/states.py), by how far it got.
PATHS = {
    State.DRAFT: (),
    State.SENT: (State.SENT,),
    State.ACCEPTED: (State.SENT, State.ACCEPTED),
    State.IN_PROGRESS: (State.SENT, State.ACCEPTED, State.IN_PROGRESS),
    State.ON_HOLD: (State.SENT, State.ACCEPTED, State.IN_PROGRESS, State.ON_HOLD),
    State.COMPLETED: (State.SENT, State.ACCEPTED, State.IN_PROGRESS, State.COMPLETED),
    State.FAILED: (State.SENT, State.ACCEPTED, State.IN_PROGRESS, State.FAILED),
    State.DECLINED: (State.SENT, State.DECLINED),
    State.CANCELLED: (State.SENT, State.CANCELLED),
    State.ENTERED_IN_ERROR: (State.ENTERED_IN_ERROR,),
}
# How often each state ends a handover, for an open case and for a closed one.
OPEN_CASE_STATES = (
    (State.DRAFT, 3), (State.SENT, 12), (State.ACCEPTED, 12), (State.IN_PROGRESS, 30),
    (State.ON_HOLD, 8), (State.COMPLETED, 20), (State.DECLINED, 10), (State.CANCELLED, 3),
    (State.FAILED, 2),
)  # fmt: skip
CLOSED_CASE_STATES = (
    (State.COMPLETED, 60), (State.DECLINED, 15), (State.FAILED, 10), (State.CANCELLED, 10),
    (State.ENTERED_IN_ERROR, 5),
)  # fmt: skip
REASONS = {
    State.DECLINED: "not_our_task",
    State.FAILED: "no_contact",
    State.CANCELLED: "no_longer_needed",
    State.ON_HOLD: "waiting",
    State.COMPLETED: "done",
}


@dataclass
class WorkResult:
    cases: int = 0
    handovers: int = 0
    handover_events: int = 0
    timeline: int = 0  # new timeline entries (contacts, notes, status changes)
    resumed: int = 0  # cases that had their work already (a resumed run)


@dataclass
class _World:
    teams: list[Team]
    users: dict  # team id -> the team's seed worker
    lines: dict  # team id -> the team's direct line


def _world(teams: list[Team]) -> _World:
    """A seed worker and a direct line per seed team (made once, found again on resume)."""
    users, lines = {}, {}
    for team in teams:
        user, _made = User.objects.get_or_create(
            username=f"seed-{team.pk}", defaults={"display_name": f"Medewerker {team.name}"}
        )
        Membership.objects.get_or_create(
            user=user,
            organisation_id=team.organisation_id,
            team=team,
            role=Role.FRONTLINE_WORKER,
            defaults={"valid_from": dt.date(2000, 1, 1)},
        )
        line, _made = ContactPoint.objects.get_or_create(
            team=team,
            name=f"Seed lijn {team.name}",
            defaults={"phone": "030 000 00 00", "service_level_hours": 16},
        )
        users[team.pk], lines[team.pk] = user, line
    return _World(teams, users, lines)


def seed_work(
    *,
    teams: list[Team],
    handovers_per_case: float = 2,
    timeline_per_case: float = 10,
    seed: int = 1,
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> WorkResult:
    """Give every case of ``teams`` its handovers and timeline (see the module docstring)."""
    world = _world(teams)
    users = [u.pk for u in world.users.values()]
    # A case is done when a seed worker wrote a note on it (every batch writes one per case, in
    # the batch's transaction). Not "after the highest case done": a later, larger seed adds
    # cases whose random ids fall between the done ones.
    done_note = CaseNote._base_manager.filter(case_id=OuterRef("pk"), written_by_id__in=users)
    cases = Case._base_manager.filter(owning_team__in=teams).order_by("pk")
    total = cases.count()
    result = WorkResult(resumed=cases.filter(Exists(done_note)).count())
    done, last = result.resumed, None
    todo = cases.exclude(Exists(done_note))
    fields = ("pk", "status", "opened_at", "closed_at", "owning_team_id")
    while True:
        page = todo if last is None else todo.filter(pk__gt=last)
        batch = list(page.values_list(*fields)[:BATCH])
        if not batch:
            break
        last = batch[-1][0]
        rng = random.Random(f"{seed}:work:{last}")  # noqa: S311 - reproducible test data
        with transaction.atomic():
            _work_batch(rng, batch, world, handovers_per_case, timeline_per_case, result)
        result.cases += len(batch)
        done += len(batch)
        progress(done, total)
    return result


def _between(rng: random.Random, start: dt.datetime, end: dt.datetime) -> dt.datetime:
    return start + (end - start) * rng.random() if end > start else start


def _count(rng: random.Random, mean: float) -> int:
    """A whole number around ``mean`` (uniform over 0 to twice the mean), the mean kept exactly."""
    if mean <= 0:
        return 0
    return int(rng.uniform(0, 2 * mean) + 0.5)


def _work_batch(rng, batch, world: _World, per_case_h, per_case_t, result: WorkResult) -> None:
    now = clock.now()
    handovers, events, links, contacts, notes, changes = [], [], [], [], [], []
    for case_id, status, opened, closed, team_id in batch:
        end = closed or now
        count = min(_count(rng, per_case_h), len(world.teams) - 1)
        picks = rng.sample(world.teams, k=count + 1) if count else []
        for to_team in [t for t in picks if t.pk != team_id][:count]:
            handover, its_events = _handover(rng, case_id, status, opened, end, now, team_id)
            handover.to_team_id, handover.contact_point_id = to_team.pk, world.lines[to_team.pk].pk
            handover.from_user_id = world.users[team_id].pk
            if handover.accepted_at:
                handover.accepted_by_id = world.users[to_team.pk].pk
            for event in its_events:
                event.handover_id = handover.pk
                event.by_team_id = team_id if event.target in _SENDER_MOVES else to_team.pk
            handovers.append(handover)
            events += its_events
            if handover.sent_at:  # sending gives the receiving team access; closing ends it
                links.append(
                    CaseTeam(
                        id=_uuid(rng),
                        case_id=case_id,
                        team_id=to_team.pk,
                        since=handover.sent_at,
                        ended_at=handover.closed_at,
                        created_at=handover.sent_at,
                        updated_at=handover.closed_at or handover.sent_at,
                    )
                )
        # The person step made one contact and its confirmation: two entries already.
        extra = _count(rng, max(per_case_t - 2, 0))
        moves = _status_path(status, min(extra // 5, extra))
        for (source, target), at in zip(
            moves, sorted(_between(rng, opened, end) for _ in moves), strict=True
        ):
            changes.append(
                CaseStatusChange(
                    id=_uuid(rng),
                    case_id=case_id,
                    from_status=source,
                    to_status=target,
                    reason=rng.choice(HoldReason.values) if target == CaseStatus.ON_HOLD else "",
                    changed_at=at,
                    changed_by_id=world.users[team_id].pk,
                    created_at=at,
                    updated_at=at,
                )
            )
        rest = extra - len(moves)
        note_count = max(1, rest // 2)  # at least one: it marks the case as done (resume)
        for index in range(max(rest - note_count, 0)):
            at = _between(rng, opened, end)
            contacts.append(
                Contact(
                    id=_uuid(rng),
                    case_id=case_id,
                    channel=rng.choice(ContactChannel.values),
                    direction=Direction.OUTGOING if index % 2 else Direction.INCOMING,
                    verification=Verification.CALLBACK,
                    summary=rng.choice(SUMMARIES),
                    occurred_at=at,
                    recorded_by_id=world.users[team_id].pk,
                    team_id=team_id,
                    created_at=at,
                    updated_at=at,
                )
            )
        for _ in range(note_count):
            at = _between(rng, opened, end)
            notes.append(
                CaseNote(
                    id=_uuid(rng),
                    case_id=case_id,
                    text=rng.choice(NOTES),
                    internal=rng.random() < 0.7,
                    written_by_id=world.users[team_id].pk,
                    team_id=team_id,
                    created_at=at,
                    updated_at=at,
                )
            )
    for model, rows in (
        (Handover, handovers),
        (HandoverEvent, events),
        (CaseTeam, links),
        (Contact, contacts),
        (CaseNote, notes),
        (CaseStatusChange, changes),
    ):
        bulk.insert(model, rows)
    result.handovers += len(handovers)
    result.handover_events += len(events)
    result.timeline += len(contacts) + len(notes) + len(changes)


_SENDER_MOVES = (State.SENT, State.CANCELLED, State.ENTERED_IN_ERROR)


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _pick(rng: random.Random, weighted) -> State:
    states, weights = zip(*weighted, strict=True)
    return rng.choices(states, weights)[0]


def _handover(rng, case_id, status, opened, end, now, team_id):
    """An unsaved handover of ``case_id`` (receiver filled in by the caller) and its history."""
    state = _pick(rng, CLOSED_CASE_STATES if status == CaseStatus.CLOSED else OPEN_CASE_STATES)
    path = PATHS[state]
    created = _between(rng, opened, end)
    handover = Handover(
        id=_uuid(rng),
        case_id=case_id,
        from_team_id=team_id,
        question="Kunt u deze inwoner helpen met de aanvraag?",
        why_this_organisation="Uw team gaat over deze regeling.",
        asked="Neem contact op met de inwoner en plan een gesprek.",
        urgency=Urgency.URGENT if rng.random() < 0.1 else Urgency.NORMAL,
        warmth=rng.choice(Warmth.values),
        shared={"name": "relation"},
        state=state,
        created_at=created,
    )
    # Times along the path, each after the one before, none after the case's end (or now).
    stamps, at = [], created
    for _ in path:
        at = _between(rng, at, min(end, at + dt.timedelta(days=20)))
        stamps.append(at)
    if state == State.SENT:
        # Waiting for an answer: sent within its service level, so nothing is overdue.
        stamps = [max(created, now - dt.timedelta(hours=rng.randrange(1, 40)))]
    events = []
    source = State.DRAFT
    for target, stamp in zip(path, stamps, strict=True):
        if target == State.SENT:
            handover.sent_at = stamp
            handover.due_at = stamp + dt.timedelta(days=3)
        elif target == State.ACCEPTED:
            handover.accepted_at = stamp
        if target in FINAL:
            handover.closed_at = stamp
            handover.reason_code = REASONS.get(target, "")
        events.append(
            HandoverEvent(
                id=_uuid(rng),
                kind="transition",
                source=source,
                target=target,
                reason_code=REASONS.get(target, "") if target != State.SENT else "",
                created_at=stamp,
                updated_at=stamp,
            )
        )
        source = target
    handover.updated_at = stamps[-1] if stamps else created
    return handover, events


def _status_path(final: str, count: int) -> list[tuple[str, str]]:
    """``count`` or one more status changes from open that end in ``final`` (each a real
    change: open ↔ on hold, and a closed case's last to closed); none for an open case at 0."""
    if count == 0 and final == CaseStatus.OPEN:
        return []
    count = max(count, 1)
    # After k alternations from open the case is open (k even) or on hold (k odd); the last
    # move must come from a status other than ``final``.
    before_last = count - 1
    wrong_parity = {CaseStatus.OPEN: 0, CaseStatus.ON_HOLD: 1}.get(final)
    if before_last % 2 == wrong_parity:
        before_last += 1
    moves, current = [], CaseStatus.OPEN
    for _ in range(before_last):
        target = CaseStatus.ON_HOLD if current == CaseStatus.OPEN else CaseStatus.OPEN
        moves.append((current, target))
        current = target
    moves.append((current, final))
    return moves
