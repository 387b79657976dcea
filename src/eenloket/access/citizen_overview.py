"""What the citizen's overview shows of their own questions (#11, docs/portal.md): nothing
internal (no notes, no facts, no other person's data), in plain words. The same shows on the
letter a worker prints for someone offline (cases/overview_letter.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import F

from eenloket.access.citizen_scope import EVERYTHING, CitizenScope
from eenloket.access.release import rows_of
from eenloket.applications.models import Application, ApplicationState
from eenloket.cases import citizen_texts
from eenloket.cases.models import Confirmation
from eenloket.consent.models import Consent
from eenloket.directory.models import Organisation, Team
from eenloket.handovers.models import Handover
from eenloket.handovers.states import State
from eenloket.teamwork.models import Action, ActionState, Member, OwnerKind, TeamNote


@dataclass
class CaseOverview:
    case: object
    title: str = ""
    next_step: str = ""
    your_actions: list = field(default_factory=list)
    waiting_for: list = field(default_factory=list)
    with_others: list = field(default_factory=list)
    timeline: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    # What a representative does not see of the question: items about matters outside their
    # scope (decision 0046), counted, never shown.
    outside_scope: int = 0


# How a handover's state reads to the citizen.
HANDOVER_WORDS = {
    State.SENT: "asked",
    State.ACCEPTED: "working",
    State.IN_PROGRESS: "working",
    State.ON_HOLD: "working",
    State.COMPLETED: "done",
}


def overviews(cases: list, scope: CitizenScope = EVERYTHING) -> list[CaseOverview]:
    """What the citizen's overview shows of each of their own cases (released by
    ``citizen_cases`` or ``citizen_case``, or to a worker printing the letter): the actions the
    citizen or their representative owns, the applications they wait on, the organisations
    working on it and how far, what was sent to the citizen themselves, and the team's notes
    meant for them. Nothing internal. A representative's ``scope`` shows only the items about
    their matters (an action addressed to the representative always); the rest is counted.
    Five queries whatever the number of cases."""
    by_case = {case.pk: CaseOverview(case) for case in cases}

    def add(overview: CaseOverview, rows: list, item, shown: bool) -> None:
        if shown:
            rows.append(item)
        else:
            overview.outside_scope += 1

    for action in rows_of(Action, cases).filter(
        state=ActionState.OPEN,
        owner_kind__in=(OwnerKind.CITIZEN, OwnerKind.REPRESENTATIVE),
    ):
        overview = by_case[action.case_id]
        shown = action.owner_kind == OwnerKind.REPRESENTATIVE or scope.sees(action.about)
        action.citizen_text = citizen_texts.action(action)  # never the team's wording
        add(overview, overview.your_actions, action, shown)
    for application in (
        rows_of(Application, cases)
        .filter(state=ApplicationState.WAITING)
        .select_related("organisation")
    ):
        by_case[application.case_id].waiting_for.append(application)
    for handover in (
        rows_of(Handover, cases)
        .filter(state__in=list(HANDOVER_WORDS))
        .select_related("to_team__organisation")
    ):
        handover.citizen_words = HANDOVER_WORDS[handover.state]
        overview = by_case[handover.case_id]
        add(overview, overview.with_others, handover, scope.sees(handover.about))
    # Only what was sent to the citizen themselves (a representative's copy names them).
    confirmations = (
        rows_of(Confirmation, cases)
        .filter(recipient_id=F("case__person_id"))
        .select_related("contact")
        .order_by("-created_at")
    )
    for confirmation in confirmations:
        # A contact in the reader's language, never the worker's summary.
        confirmation.citizen_text = (
            citizen_texts.contact(confirmation.contact)
            if confirmation.contact is not None
            else confirmation.understood
        )
        by_case[confirmation.case_id].timeline.append(confirmation)
    for note in rows_of(TeamNote, cases).filter(visible_to_citizen=True):
        overview = by_case[note.case_id]
        add(overview, overview.notes, note, scope.sees(note.about))
    for overview in by_case.values():
        # In the language being rendered: the citizen's words, never the worker's note.
        overview.title = citizen_texts.title(overview.case)
        overview.next_step = citizen_texts.next_step(overview.case)
    return list(by_case.values())


def organisations_to_share_with(cases) -> list:
    """The organisations that help with the citizen's open questions (released by
    ``citizen_cases``) besides the team that owns them (a handover went to them, they joined
    the team, or the citizen let them see data before — also when they took that back): those
    the citizen may want to let see their data (again). Three queries."""

    open_cases = [c for c in cases if c.status != "closed"]
    team_ids = set(rows_of(Handover, open_cases).values_list("to_team_id", flat=True)) | set(
        rows_of(Member, open_cases).values_list("team_id", flat=True)
    )
    asked_before = set(rows_of(Consent, open_cases).values_list("recipient_id", flat=True))
    owners = {c.owning_team.organisation_id for c in open_cases}
    helping = Organisation.objects.filter(
        pk__in=Team.objects.filter(pk__in=team_ids).values("organisation_id")
    )
    return list(
        (helping | Organisation.objects.filter(pk__in=asked_before))
        .exclude(pk__in=owners)
        .distinct()
        .order_by("name")
    )


def teams_to_share_with(cases) -> list:
    """The teams that help with the citizen's open questions besides the team that owns each
    (a handover went to them, they joined the team, or the citizen let them see data before):
    those the citizen may give the narrow consent to, a team of the owning organisation too
    (decision 0039). Three queries."""

    open_cases = [c for c in cases if c.status != "closed"]
    team_ids = (
        set(rows_of(Handover, open_cases).values_list("to_team_id", flat=True))
        | set(rows_of(Member, open_cases).values_list("team_id", flat=True))
        | set(
            rows_of(Consent, open_cases)
            .exclude(recipient_team__isnull=True)
            .values_list("recipient_team_id", flat=True)
        )
    )
    owning = {c.owning_team_id for c in open_cases}
    return list(
        Team.objects.filter(pk__in=team_ids - owning)
        .select_related("organisation")
        .order_by("organisation__name", "name")
    )
