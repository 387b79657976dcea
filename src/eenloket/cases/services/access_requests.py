"""Writes for access requests: a team asks to work on a case another team owns; a coordinator
of the owning team grants or declines; the requester may withdraw."""

# Services write and lock rows of objects an interface already obtained through the policy
# point, so they use the unguarded ``_base_manager``; the guarded ``objects`` hands out, while a
# request is served, only what the policy point released (docs/decisions/0021 and 0031).

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from eenloket.access import capabilities
from eenloket.accounts.models import Membership
from eenloket.audit import processing
from eenloket.cases.models import AccessRequest, AccessRequestState, Case, CaseStatus, CaseTeam
from eenloket.cases.services._common import _check_text
from eenloket.cases.services.case import case_add_team
from eenloket.cases.states import ACCESS_REQUEST
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError, NotFoundOrForbidden
from eenloket.core.states import Lifecycle
from eenloket.notifications import about
from eenloket.notifications import services as notifications

MIN_REASON_LENGTH = 10


def _current_casework_membership(actor: Actor) -> Membership:
    if not capabilities.does_casework(actor):
        raise NotFoundOrForbidden()
    return actor.membership


def _coordinators(team_id) -> list:
    today = clock.today()
    memberships = (
        Membership.objects.filter(
            team_id=team_id,
            role__in=capabilities.DECIDE_ACCESS_REQUESTS.roles,
            valid_from__lte=today,
        )
        .exclude(valid_until__lt=today)
        .select_related("user")
    )
    return list({m.user_id: m.user for m in memberships if m.user.is_active}.values())


def _link(request: AccessRequest) -> str:
    return about.about(about.ACCESS_REQUEST, request.pk)


@transaction.atomic
def access_request_create(*, case: Case, reason: str, actor: Actor) -> AccessRequest:
    """Ask, for the actor's team, to work on ``case`` (owned by another team), saying why.

    The reason has at least 10 characters; the case is not closed; the team does not work on it
    already; one open request per case and team. The owning team's coordinators are notified
    without personal data ("a colleague of <team> asks to work on a case"). Audited.
    """
    membership = _current_casework_membership(actor)
    _check_text(reason=reason)
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise DomainError(
            _("Say why your team needs to work on this case (at least 10 characters)."),
            field="reason",
        )
    case = Case._base_manager.select_for_update().get(pk=case.pk)
    if case.status == CaseStatus.CLOSED:
        raise DomainError(_("This case is closed: start a new intake instead."), field="case")
    team_id = membership.team_id
    works_on = CaseTeam._base_manager.filter(
        case_id=case.pk, team_id=team_id, ended_at__isnull=True
    ).exists()
    if case.owning_team_id == team_id or works_on:
        raise DomainError(_("Your team already works on this case."), field="case")
    already = AccessRequest._base_manager.filter(
        case_id=case.pk, requesting_team_id=team_id, state=AccessRequestState.REQUESTED
    ).exists()
    if already:
        raise DomainError(
            _("Your team already asked access to this case; wait for the answer."),
            field="case",
        )
    request = AccessRequest.objects.create(
        case=case, requesting_team_id=team_id, requested_by=actor.user, reason=reason
    )
    processing.record_change(
        actor=actor,
        action="access_request_create",
        object_type="case",
        object_id=case.pk,
        changes={"access_request": str(request.pk), "team": str(team_id), "reason": reason},
    )
    text = _("A colleague of %(team)s asks to work on a case of your team.") % {
        "team": membership.team.name
    }
    for coordinator in _coordinators(case.owning_team_id):
        notifications.worker_notify(
            user=coordinator, kind="access_request", text=text, link=_link(request)
        )
    return request


def _is_owning_coordinator(actor: Actor, request: AccessRequest) -> bool:
    team_id = capabilities.coordinator_team_id(actor)
    return team_id is not None and team_id == request.case.owning_team_id


def _audit(request: AccessRequest, move, actor: Actor, detail) -> None:
    """The audit entry of an answer or a withdrawal, in the words written before."""
    changes = {"access_request": str(request.pk)}
    if move.action != "withdraw":
        changes |= {"state": request.state, "note": request.decision_note}
    processing.record_change(
        actor=actor,
        action="access_request_withdraw" if move.action == "withdraw" else "access_request_decide",
        object_type="case",
        object_id=request.case_id,
        changes=changes,
    )


LIFECYCLE = Lifecycle(
    machine=ACCESS_REQUEST,
    model=AccessRequest,
    stamps={state: ("decided_at",) for state in ACCESS_REQUEST.final},
    audit=_audit,
)


@transaction.atomic
def access_request_decide(
    *, request: AccessRequest, grant: bool, note: str = "", actor: Actor
) -> AccessRequest:
    """Grant or decline an open access request. Only a current coordinator of the team that
    owns the case decides (anyone else: NotFoundOrForbidden). Granting links the requesting
    team to the case (``CaseTeam``), so its workers see it; declining needs a note, which the
    requester reads. The requester is notified either way. Audited.
    """
    _check_text(note=note)
    note = (note or "").strip()
    request = (
        AccessRequest._base_manager.select_for_update()
        .select_related("case__owning_team", "requesting_team")
        .get(pk=request.pk)
    )
    if not _is_owning_coordinator(actor, request):
        raise NotFoundOrForbidden()
    if ACCESS_REQUEST.move(request.state, "grant") is None:
        raise DomainError(
            _("This request was already answered: %(state)s.")
            % {"state": request.get_state_display().lower()},
            field="grant",
        )
    if not grant and not note:
        raise DomainError(
            _("Say why you decline, so your colleague knows what to do instead."), field="note"
        )
    request = LIFECYCLE.transition(
        request,
        "grant" if grant else "decline",
        actor=actor,
        locked=True,
        changes={"decided_by": actor.user, "decision_note": note},
    )
    if grant:
        case_add_team(case=request.case, team=request.requesting_team, actor=actor)
    owning = request.case.owning_team.name
    if grant:
        text = _("%(team)s gave your team access to the case you asked for.") % {"team": owning}
    else:
        text = _("%(team)s declined your request to work on a case: %(note)s") % {
            "team": owning,
            "note": note,
        }
    notifications.worker_notify(
        user=request.requested_by,
        kind="access_request",
        text=text[:500],
        link=about.about(about.ACCESS_REQUESTS),
    )
    return request


@transaction.atomic
def access_request_withdraw(*, request: AccessRequest, actor: Actor) -> AccessRequest:
    """Withdraw an open request; only the worker who asked may. Asking the same again is a
    no-op. Audited."""
    request = AccessRequest._base_manager.select_for_update().get(pk=request.pk)
    if not actor.is_worker or request.requested_by_id != actor.user.pk:
        raise NotFoundOrForbidden()
    if request.state == AccessRequestState.WITHDRAWN:
        return request
    if ACCESS_REQUEST.move(request.state, "withdraw") is None:
        raise DomainError(_("This request was already answered."), field="state")
    request = LIFECYCLE.transition(
        request, "withdraw", actor=actor, locked=True, changes={"decided_by": actor.user}
    )
    return request
    if request.state != AccessRequestState.REQUESTED:
        raise DomainError(_("This request was already answered."), field="state")
    request.state = AccessRequestState.WITHDRAWN
    request.decided_by = actor.user
    request.decided_at = clock.now()
    request.updated_at = request.decided_at
    request.save(update_fields=["state", "decided_by", "decided_at", "updated_at"])
    processing.record_change(
        actor=actor,
        action="access_request_withdraw",
        object_type="case",
        object_id=request.case_id,
        changes={"access_request": str(request.pk)},
    )
    return request
