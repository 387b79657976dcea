"""Writes for the case team, the plan, the team conversation and the breakthrough table."""

# Services write and lock rows of objects an interface already obtained through the policy
# point, so they use the unguarded ``_base_manager``; the guarded ``objects`` hands out, while a
# request is served, only what the policy point released (docs/decisions/0021 and 0031).

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from eenloket.access.disclosure import ABOUT_TEAM, ABOUT_UNSAID
from eenloket.accounts.selectors import team_coordinators
from eenloket.audit import processing
from eenloket.calendars import desk_days
from eenloket.cases import citizen_texts
from eenloket.cases import services as cases
from eenloket.cases.models import CaseStatus
from eenloket.cases.services.contacts import tell_citizen
from eenloket.consent.categories import SHAREABLE
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.core.states import Lifecycle
from eenloket.handovers.models import Handover
from eenloket.handovers.states import OPEN
from eenloket.notifications import about
from eenloket.notifications.services import worker_notify
from eenloket.teamwork.models import (
    Action,
    ActionState,
    Breakthrough,
    BreakthroughState,
    Invitation,
    InvitationState,
    Member,
    OwnerKind,
    TeamNote,
)
from eenloket.teamwork.states import ACTION, BREAKTHROUGH, INVITATION


def _worker(actor: Actor):
    if not actor.is_worker or actor.membership is None or actor.membership.team_id is None:
        raise DomainError(_("Only a worker in a team can do this."))
    return actor.membership


def is_coordinator(case, actor: Actor) -> bool:
    return actor.is_worker and case.coordinator_id == actor.user.pk


def on_team(case, actor: Actor) -> bool:
    """The owning team, or a current member of the case's team."""
    membership = _worker(actor)
    return membership.team_id == case.owning_team_id or (
        Member._base_manager.filter(case=case, user=actor.user, left_at__isnull=True).exists()
    )


def _must_coordinate(case, actor: Actor) -> None:
    membership = _worker(actor)
    if not (is_coordinator(case, actor) or membership.team_id == case.owning_team_id):
        raise DomainError(_("Only the case's coordinator or owning team can do this."))


def _check_about(about: str) -> None:
    if about not in (ABOUT_UNSAID, ABOUT_TEAM) and about not in SHAREABLE:
        raise DomainError(_("Say what this is about."), field="about")


def _must_be_on_team(case, actor: Actor) -> None:
    if not on_team(case, actor):
        raise DomainError(_("Only members of the case's team can do this."))


def _audit(actor, what, case, **changes) -> None:
    processing.record_change(
        actor=actor, action=what, object_type="case", object_id=case.pk, changes=changes
    )


def _audit_move(what):
    """The audit entry of a move, on the case, in the words each service wrote before."""

    def audit(obj, move, actor, detail) -> None:
        case = obj.case
        if what == "team_invitation_answer":
            changes = {"invitation": str(obj.pk), "accept": move.action == "accept"}
        elif what == "plan_action_state":
            changes = {"action": str(obj.pk), "state": move.target}
        else:
            changes = dict(detail)
        _audit(actor, what, case, **changes)

    return audit


ACTION_LIFE = Lifecycle(
    machine=ACTION,
    model=Action,
    stamps={ActionState.DONE: ("done_at",)},
    clears={ActionState.OPEN: {"done_at": None}, ActionState.CANCELLED: {"done_at": None}},
    audit=_audit_move("plan_action_state"),
)
INVITATION_LIFE = Lifecycle(
    machine=INVITATION,
    model=Invitation,
    stamps={state: ("decided_at",) for state in INVITATION.final},
    audit=_audit_move("team_invitation_answer"),
)
BREAKTHROUGH_LIFE = Lifecycle(
    machine=BREAKTHROUGH,
    model=Breakthrough,
    stamps={BreakthroughState.DECIDED: ("decided_at",)},
    audit=_audit_move("breakthrough_decide"),
)


def _notify(user, case, text) -> None:

    if user is not None:
        worker_notify(
            user=user,
            kind="team",
            text=text,
            link=about.about(about.CASE, case.pk),
        )


# --- the team ------------------------------------------------------------------------------


@transaction.atomic
def member_invite(*, case, team, role_on_case: str, actor: Actor, user=None) -> Invitation:
    """Invite a worker (or any worker of ``team``) to join the case's team."""
    _must_coordinate(case, actor)
    if not role_on_case.strip():
        raise DomainError(_("Say what their role on the case is."), field="role_on_case")
    if user is not None and not user.memberships.filter(team=team).exists():
        raise DomainError(_("This worker is not in that team."), field="user")
    if Invitation._base_manager.filter(
        case=case, team=team, user=user, state=InvitationState.INVITED
    ).exists():
        raise DomainError(_("This invitation is already waiting for an answer."), field="team")
    invitation = Invitation.objects.create(
        case=case,
        team=team,
        user=user,
        role_on_case=role_on_case.strip()[:120],
        invited_by=actor.user,
    )
    _audit(actor, "team_invite", case, invitation=str(invitation.pk), team=str(team.pk))
    recipients = [user] if user else [m.user for m in team.memberships.select_related("user")]
    for recipient in recipients:
        _notify(recipient, case, _("You are invited to join a case's team."))
    return invitation


@transaction.atomic
def invitation_answer(*, invitation: Invitation, accept: bool, actor: Actor) -> Invitation:
    membership = _worker(actor)
    invitation = INVITATION_LIFE.locked(invitation)
    INVITATION.check(invitation.state, "accept" if accept else "decline")
    if membership.team_id != invitation.team_id or (
        invitation.user_id and invitation.user_id != actor.user.pk
    ):
        raise DomainError(_("This invitation is not for you."))
    invitation = INVITATION_LIFE.transition(
        invitation, "accept" if accept else "decline", actor=actor, locked=True
    )
    case = invitation.case
    if accept:
        cases.case_add_team(case=case, team=invitation.team, actor=actor)
        Member._base_manager.get_or_create(
            case=case,
            user=actor.user,
            left_at=None,
            defaults={"team": invitation.team, "role_on_case": invitation.role_on_case},
        )
    _notify(
        invitation.invited_by,
        case,
        (_("%(name)s joined the case's team.") if accept else _("%(name)s declined to join."))
        % {"name": actor.user.display_name or actor.user.username},
    )
    return invitation


@transaction.atomic
def member_leave(*, member: Member, actor: Actor) -> Member:
    """Leave the team (or, for the coordinator, take someone off it): their team's access ends
    when no other member of that team is left and no handover to it is open."""

    case = member.case
    if member.user_id != actor.user.pk:
        _must_coordinate(case, actor)
    if member.left_at is not None:
        return member
    member.left_at = clock.now()
    member.save(update_fields=["left_at"])
    others = Member._base_manager.filter(case=case, team=member.team, left_at__isnull=True).exists()
    open_handover = Handover._base_manager.filter(case=case, to_team=member.team, state__in=OPEN)
    if not others and not open_handover.exists() and member.team_id != case.owning_team_id:
        cases.case_end_team(case=case, team=member.team, reason="left the team", actor=actor)
    _audit(actor, "team_leave", case, member=str(member.pk))
    return member


# --- the plan ------------------------------------------------------------------------------


@transaction.atomic
def action_add(
    *,
    case,
    what: str,
    owner_kind: str,
    due_on: dt.date,
    actor: Actor,
    owner_user=None,
    owner_team=None,
    agreed_with_citizen: bool = False,
    breakthrough: Breakthrough | None = None,
    about: str = ABOUT_UNSAID,
    what_citizen: str = "",
    what_citizen_key: str = "",
) -> Action:
    """Add an action to the plan. ``what`` is the team's wording; an action of the citizen or
    their representative also needs what the citizen reads: a translated text chosen by key
    (``what_citizen_key``, cases/citizen_texts.py) or one written for them (``what_citizen``:
    plain words, "u", in their language). ``about`` says what the text is about (a data
    category, "team" for everyone on the case; not said: only teams that see everything read
    it, besides the writer's and the team that is to do it, decision 0039)."""
    if breakthrough is None:
        _must_be_on_team(case, actor)
    _check_about(about)
    if not what.strip():
        raise DomainError(_("Say what must be done."), field="what")
    if owner_kind not in OwnerKind.values:
        raise DomainError(_("Say who does it."), field="owner_kind")
    if what_citizen_key and what_citizen_key not in citizen_texts.ACTION_TEXTS:
        raise DomainError(_("Choose one of the texts for the citizen."), field="what_citizen_key")
    if len(what_citizen.strip()) > 300:
        raise DomainError(
            _("The text for the citizen is too long: at most 300 characters."),
            field="what_citizen",
        )
    for_citizen = owner_kind in (OwnerKind.CITIZEN, OwnerKind.REPRESENTATIVE)
    if for_citizen and not (what_citizen_key or what_citizen.strip()):
        raise DomainError(
            _(
                "Choose or write what the citizen reads: plain words, “u”, in their language. "
                "Your wording above is for the team."
            ),
            field="what_citizen",
        )
    if owner_kind == OwnerKind.WORKER and owner_user is None:
        raise DomainError(_("Choose the worker who does it."), field="owner_user")
    if owner_kind == OwnerKind.ORGANISATION and owner_team is None:
        raise DomainError(_("Choose the team that does it."), field="owner_team")
    if due_on is None:
        raise DomainError(_("Say by when."), field="due_on")
    action = Action.objects.create(
        case=case,
        what=what.strip()[:300],
        what_citizen_key=what_citizen_key if for_citizen else "",
        what_citizen=what_citizen.strip() if for_citizen else "",
        owner_kind=owner_kind,
        owner_user=owner_user if owner_kind == OwnerKind.WORKER else None,
        owner_team=owner_team if owner_kind == OwnerKind.ORGANISATION else None,
        due_on=due_on,
        agreed_with_citizen=agreed_with_citizen,
        created_by=actor.user,
        breakthrough=breakthrough,
        about=about,
        written_by_team=actor.membership.team if actor.membership else None,
    )
    _audit(actor, "plan_action_add", case, action=str(action.pk), due_on=str(due_on))
    return action


@transaction.atomic
def action_set_state(*, action: Action, state: str, actor: Actor) -> Action:
    """Mark an action of the plan done or cancelled, or open it again (``state`` is the state
    wanted or the table's action: "done", "cancel", "reopen"); the table in
    teamwork/states.py says from where. Asking for its present state changes nothing. Members
    of the case's team may, and the team the action is for (a partner organisation's system
    reports its own action done through the API, #21)."""
    if not (action.owner_team_id and action.owner_team_id == _worker(actor).team_id):
        _must_be_on_team(action.case, actor)
    if not ACTION.target_of(state):
        raise DomainError(_("Unknown state."))
    return ACTION_LIFE.transition(action, state, actor=actor)


def actions_remind() -> int:
    """Once an action is overdue: tell its owner (the worker, else the coordinators of the
    owning team, or the citizen through the outbox) and the case's coordinator. Returns the
    number of overdue actions handled."""
    handled = 0
    overdue = Action._base_manager.filter(
        # Counted on the business-day calendar (decision 0046).
        state=ActionState.OPEN,
        due_on__lt=desk_days.overdue_before(clock.today()),
        overdue_notified_at__isnull=True,
    ).select_related("case__coordinator", "case__person", "owner_user", "owner_team")
    for action in overdue[:2000]:
        if not Action._base_manager.filter(pk=action.pk, overdue_notified_at__isnull=True).update(
            overdue_notified_at=clock.now()
        ):
            continue
        text = _("An action of the plan is overdue: %(what)s (due %(date)s).") % {
            "what": action.what,
            "date": action.due_on.strftime("%d-%m-%Y"),
        }
        owners = []
        if action.owner_kind == OwnerKind.WORKER:
            owners = [action.owner_user]
        elif action.owner_kind == OwnerKind.ORGANISATION:
            owners = team_coordinators(action.owner_team)
        else:
            _remind_citizen(action)
        for user in {u.pk: u for u in [*owners, action.case.coordinator] if u}.values():
            _notify(user, action.case, text)
        handled += 1
    return handled


def _remind_citizen(action: Action) -> None:

    tell_citizen(
        person=action.case.person,
        purpose="plan_reminder",
        what=_("We agreed that you would do this: %(what)s")
        % {"what": citizen_texts.action(action, citizen_texts.language_of(action.case.person))},
        next_step=_("It was due on %(date)s. Can it still be done? Call us if you need help.")
        % {"date": action.due_on.strftime("%d-%m-%Y")},
        reach=str(action.case.owning_team),
        case=action.case,
        actor=Actor.system("plan-reminders"),
    )


# --- the conversation ----------------------------------------------------------------------


@transaction.atomic
def team_note_add(
    *, case, text: str, actor: Actor, visible_to_citizen=False, about: str = ABOUT_UNSAID
) -> TeamNote:
    """Write to the case's team. ``about`` says what the note is about, as for an action: the
    other teams read it only when they may see that (decision 0039)."""
    _must_be_on_team(case, actor)
    if not text.strip():
        raise DomainError(_("Write the message."), field="text")
    _check_about(about)
    note = TeamNote.objects.create(
        case=case,
        author=actor.user,
        team=actor.membership.team,
        text=text.strip()[:2000],
        visible_to_citizen=visible_to_citizen,
        about=about,
    )
    _audit(actor, "team_note_add", case, note=str(note.pk), citizen=visible_to_citizen)
    return note


def _held(user, team=None):
    """A worker's open plan actions and places on open cases' teams; with ``team``, only the
    places they hold for that team and the actions on those cases or the team's own cases."""
    on = Member._base_manager.filter(user=user, left_at=None).exclude(
        case__status=CaseStatus.CLOSED
    )
    actions = Action._base_manager.filter(owner_user=user, state=ActionState.OPEN)
    if team is not None:
        on = on.filter(team=team)
        actions = actions.filter(Q(case__owning_team=team) | Q(case__in=on.values("case")))
    return actions, on


def work_held(user, team=None) -> tuple[int, int]:
    """A leaving worker's open plan actions and places on open cases' teams (counts)."""
    actions, on = _held(user, team)
    return actions.count(), on.count()


@transaction.atomic
def work_hand_over(*, from_user, to_user, team, actor: Actor, only_team: bool = False) -> int:
    """A worker leaves (decision 0048): their open plan actions go to ``to_user``, and on the
    open cases' teams ``to_user`` (of ``team``) takes their place. ``only_team``: the worker
    leaves ``team`` only, so only what they hold for it moves. Return the actions moved."""
    held_actions, held_places = _held(from_user, team if only_team else None)
    actions = list(held_actions.select_for_update().order_by("pk"))
    for action in actions:
        action.owner_user, action.updated_at = to_user, clock.now()
        action.save(update_fields=["owner_user", "updated_at"])
        _audit(actor, "plan_action_hand_over", action.case, action=str(action.pk),
               owner=[str(from_user.pk), str(to_user.pk)])  # fmt: skip
    for member in list(held_places.select_related("case")):
        member.left_at = clock.now()
        member.save(update_fields=["left_at"])
        if not Member._base_manager.filter(case=member.case, user=to_user, left_at=None).exists():
            Member._base_manager.create(
                case=member.case, user=to_user, team=team, role_on_case=member.role_on_case
            )
        _audit(actor, "case_team_hand_over", member.case, to=[str(from_user.pk), str(to_user.pk)])
    return len(actions)


# The breakthrough table's writes live in their own module; callers keep using
# ``teamwork.services.breakthrough_submit`` and the rest.
from eenloket.teamwork.services.breakthrough import (  # noqa: E402, F401
    breakthrough_decide,
    breakthrough_submit,
    table_create,
    table_set_members,
)
