"""What a worker's role lets them do: one declared capability each, with the roles that have it.

Open Zaak declares an API scope per action as a constant with a description, and checks the
one an endpoint needs; this module does the same for roles. A worker acts through one
membership at a time (``Actor.membership``): a capability is decided on that membership, only
while it is current. Views, selectors and services ask ``has(actor, CAPABILITY)`` (or one of
the named functions below); none of them compares roles itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from eenloket.accounts.models import CASEWORK_ROLES, Role
from eenloket.core.actor import Actor


@dataclass(frozen=True)
class Capability:
    """Something a worker may do. ``roles``: the roles that may; ``casework``: the membership
    must also be one that works on cases (which always has a team)."""

    name: str
    description: str
    roles: tuple[str, ...]
    casework: bool = False


CASEWORK = Capability(
    "cases.work",
    "See and work on the cases their team owns or works on, find persons, take questions.",
    tuple(CASEWORK_ROLES),
    casework=True,
)
SEE_BSN = Capability(
    "persons.bsn",
    "See a BSN unmasked, for a person their team helps: they fill in applications together "
    "with the citizen. Partner workers use their own systems' number.",
    (Role.FRONTLINE_WORKER, Role.COORDINATOR),
    casework=True,
)
BREAK_GLASS = Capability(
    "cases.break_glass",
    "Open a case their team has a relation to, for a listed reason, until a second worker "
    "confirms (else it ends after an hour); reviewed by the privacy officer afterwards.",
    (Role.COORDINATOR, Role.FRONTLINE_WORKER),
    casework=True,
)
CONFIRM_BREAK_GLASS = Capability(
    "cases.break_glass.confirm",
    "Confirm a colleague's break-glass within the hour, on a case their team has a relation "
    "to; never their own.",
    (Role.COORDINATOR,),
    casework=True,
)
MERGE_PERSONS = Capability(
    "persons.merge",
    "Merge two registrations of one person, when their team works with both.",
    (Role.COORDINATOR,),
    casework=True,
)
DECIDE_ACCESS_REQUESTS = Capability(
    "cases.access_requests.decide",
    "Decide other teams' requests to work on a case their own team owns.",
    (Role.COORDINATOR,),
    casework=True,
)
QUERY_PROCESSING_LOG = Capability(
    "logs.query",
    "Search the processing log (one filter required) and review break-glass accesses.",
    (Role.PRIVACY_OFFICER,),
)
MAINTAIN_DIRECTORY = Capability(
    "directory.maintain",
    "Change the directory (sociale kaart): organisations, services, schemes, direct lines, "
    "search synonyms, and how a desk takes appointments. System jobs may too.",
    (Role.APPLICATION_MANAGER,),
)
MANAGE_OUTBOX = Capability(
    "outbox.manage",
    "See the messages that could not be delivered (without names, addresses or content) and "
    "the jobs that failed, and put a message back in the queue.",
    (Role.APPLICATION_MANAGER,),
)
SET_UP = Capability(
    "setup.manage",
    "Set up a pilot: organisations and teams, worker accounts and their memberships, direct "
    "lines, desks and their appointments, breakthrough tables and statutory bases (/werk/beheer/).",
    (Role.APPLICATION_MANAGER,),
)

SEE_ALL_FIGURES = Capability(
    "insights.figures.all",
    "See the anonymous figures of every organisation (suppressed below k persons), every "
    "signal and the quarterly report per regulation: the programme behind the 1 Loket.",
    (Role.PROGRAMME_STAFF,),
)
SEE_ORGANISATION_FIGURES = Capability(
    "insights.figures.organisation",
    "See the anonymous figures of their own organisation: the cases it owns and the handovers "
    "it sent or received.",
    (Role.COORDINATOR,),
)
REPORT_SIGNALS = Capability(
    "signals.report",
    "Report where a law, rule, system or organisation blocked help, and read the answers to "
    "their own reports.",
    tuple(CASEWORK_ROLES),
    casework=True,
)
ANSWER_SIGNALS = Capability(
    "signals.answer",
    "Answer the signals routed to their organisation: acknowledge, address, solve, or say "
    "why it will not be changed.",
    (Role.COORDINATOR,),
)
OVERSEE_SIGNALS = Capability(
    "signals.oversee",
    "See every signal, and be told of those for an organisation without coordinators.",
    (Role.PROGRAMME_STAFF,),
)

# Every capability, by the short name templates use (``may.<name>``, see ``granted``).
ALL = {
    "casework": CASEWORK,
    "see_bsn": SEE_BSN,
    "break_glass": BREAK_GLASS,
    "confirm_break_glass": CONFIRM_BREAK_GLASS,
    "merge_persons": MERGE_PERSONS,
    "decide_access_requests": DECIDE_ACCESS_REQUESTS,
    "query_processing_log": QUERY_PROCESSING_LOG,
    "maintain_directory": MAINTAIN_DIRECTORY,
    "manage_outbox": MANAGE_OUTBOX,
    "set_up": SET_UP,
    "see_all_figures": SEE_ALL_FIGURES,
    "see_organisation_figures": SEE_ORGANISATION_FIGURES,
    "report_signals": REPORT_SIGNALS,
    "answer_signals": ANSWER_SIGNALS,
    "oversee_signals": OVERSEE_SIGNALS,
}


def has(actor: Actor, capability: Capability) -> bool:
    """Tell whether the actor's acting membership, now current, has the capability."""
    membership = actor.membership
    if not actor.is_worker or membership is None:
        return False
    if not membership.is_current():
        return False
    if membership.role not in capability.roles:
        return False
    # A case-work capability also needs a membership that works on cases (it has a team).
    return not capability.casework or membership.role in CASEWORK_ROLES


def granted(actor: Actor) -> dict[str, bool]:
    """Every capability's short name with whether the actor has it (for menus and buttons;
    the view or service still checks the capability itself)."""
    return {name: has(actor, capability) for name, capability in ALL.items()}


def casework_team_id(actor: Actor):
    """Return the team the actor does case work for, or None when they do no case work."""
    if not has(actor, CASEWORK):
        return None
    return actor.membership.team_id


def does_casework(actor: Actor) -> bool:
    """Tell whether the actor acts through a membership that works on cases."""
    return has(actor, CASEWORK)


def coordinator_team_id(actor: Actor):
    """Return the team the actor coordinates (and decides access requests for), or None."""
    if not has(actor, DECIDE_ACCESS_REQUESTS):
        return None
    return actor.membership.team_id


def may_see_bsn(actor: Actor) -> bool:
    """Tell whether the actor's role may see a BSN unmasked (for persons their team helps)."""
    return has(actor, SEE_BSN)


def may_break_glass(actor: Actor) -> bool:
    """Tell whether the actor's role may open a case by break-glass."""
    return has(actor, BREAK_GLASS)


def may_confirm_break_glass(actor: Actor) -> bool:
    """Tell whether the actor's role may confirm a colleague's break-glass (decision 0049)."""
    return has(actor, CONFIRM_BREAK_GLASS)


def may_query_processing_log(actor: Actor) -> bool:
    """Tell whether the actor may search the processing log: a current privacy officer."""
    return has(actor, QUERY_PROCESSING_LOG)


def may_decide_access_requests(actor: Actor) -> bool:
    """Tell whether the actor decides access requests for cases their team owns."""
    return has(actor, DECIDE_ACCESS_REQUESTS)


def may_maintain_directory(actor: Actor) -> bool:
    """Tell whether the actor may change the directory: application managers, and system jobs
    (the shipped reference content, the demo data)."""
    if actor.kind == "system":
        return True
    return has(actor, MAINTAIN_DIRECTORY)


def may_set_line_capacity(actor: Actor, contact_point) -> bool:
    """Tell whether the actor may say whether a direct line takes new handovers: those who
    maintain the directory, and the line's own coordinator."""
    if may_maintain_directory(actor):
        return True
    return actor.user is not None and actor.user.pk == contact_point.coordinator_id


def may_manage_outbox(actor: Actor) -> bool:
    """Tell whether the actor may see what could not be delivered and put it back."""
    return has(actor, MANAGE_OUTBOX)


def may_set_up(actor: Actor) -> bool:
    """Tell whether the actor may use the set-up screens (a current application manager), or is
    a system job loading a pilot's set-up from a file."""
    if actor.kind == "system":
        return True
    return has(actor, SET_UP)


# Who may take over a leaving worker's work (setup.selectors.colleagues, decision 0048): a
# worker whose role works on cases; the coordinator of the leaver's team is suggested first.
TAKES_OVER_WORK = tuple(CASEWORK_ROLES)


def suggested_to_take_over(membership) -> bool:
    """Tell whether a colleague's membership makes them the first suggestion to take over a
    leaving worker's work (the coordinator role; the team is the caller's check)."""
    return membership.role == Role.COORDINATOR
