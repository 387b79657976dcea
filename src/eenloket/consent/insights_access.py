"""Who may see the figures and the signals (#24, docs/insights.md, docs/signals.md).

Part of the policy point, in a module of its own so it moves to ``access/`` as it is. The
figures are anonymous aggregates (suppressed below k persons), so this is not about personal
data but about purpose: each role sees what it steers on.

- programme and policy staff: the figures of every organisation, every signal, the quarterly
  report;
- a team coordinator: the figures of their own organisation (its cases, and the handovers it
  sent or received), the signals routed to it, which they answer;
- every worker who does case work reports signals and sees the answers to their own.

Nobody else sees figures. The decision rests on the acting membership only, while current.
"""

from __future__ import annotations

from dataclasses import dataclass

from eenloket.accounts.models import CASEWORK_ROLES, Role
from eenloket.core.actor import Actor

# Named roles of this rule.
FIGURES_ALL_ROLES = (Role.PROGRAMME_STAFF,)
FIGURES_OWN_ORGANISATION_ROLES = (Role.COORDINATOR,)
SIGNAL_REPORT_ROLES = tuple(CASEWORK_ROLES)
SIGNAL_ANSWER_ROLES = (Role.COORDINATOR,)
SIGNAL_OVERVIEW_ROLES = (Role.PROGRAMME_STAFF,)


@dataclass(frozen=True)
class FigureScope:
    """What part of the figures an actor sees: everything, or one organisation's."""

    organisation_id: object = None  # None: every organisation

    @property
    def everything(self) -> bool:
        return self.organisation_id is None


def _current_role(actor: Actor) -> str | None:
    membership = actor.membership
    if not actor.is_worker or membership is None:
        return None
    if not membership.is_current():
        return None
    return membership.role


def figures_scope(actor: Actor) -> FigureScope | None:
    """Return the part of the figures the actor may see, or None when they may see none."""
    role = _current_role(actor)
    if role in FIGURES_ALL_ROLES:
        return FigureScope()
    if role in FIGURES_OWN_ORGANISATION_ROLES:
        return FigureScope(organisation_id=actor.membership.organisation_id)
    return None


def may_report_signal(actor: Actor) -> bool:
    """Tell whether the actor may report a signal: a worker who does case work, in a team."""
    role = _current_role(actor)
    return role in SIGNAL_REPORT_ROLES and actor.membership.team_id is not None


def may_answer_signal(actor: Actor, signal) -> bool:
    """Tell whether the actor answers this signal: a coordinator of the organisation it is
    routed to, acting through that organisation."""
    role = _current_role(actor)
    if role not in SIGNAL_ANSWER_ROLES:
        return False
    return actor.membership.organisation_id == signal.organisation_id


def signal_inbox_organisation_id(actor: Actor):
    """Return the organisation whose signals the actor answers, or None."""
    if _current_role(actor) not in SIGNAL_ANSWER_ROLES:
        return None
    return actor.membership.organisation_id


def may_see_all_signals(actor: Actor) -> bool:
    """Tell whether the actor sees every signal and the quarterly report: programme staff."""
    return _current_role(actor) in SIGNAL_OVERVIEW_ROLES
