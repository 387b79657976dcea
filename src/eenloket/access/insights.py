"""Who may see the figures and the signals (#24, docs/insights.md, docs/signals.md).

The figures are anonymous aggregates (suppressed below k persons), so this is not about
personal data but about purpose: each role sees what it steers on. The roles are declared as
capabilities (``capabilities.py``): programme staff see every figure, every signal and the
quarterly report; a coordinator the figures of their own organisation and the signals routed
to it, which they answer; every worker who does case work reports signals and reads the answers
to their own.
"""

from __future__ import annotations

from dataclasses import dataclass

from eenloket.access.capabilities import (
    ANSWER_SIGNALS,
    OVERSEE_SIGNALS,
    REPORT_SIGNALS,
    SEE_ALL_FIGURES,
    SEE_ORGANISATION_FIGURES,
    has,
)
from eenloket.accounts.models import Membership
from eenloket.core import clock
from eenloket.core.actor import Actor


@dataclass(frozen=True)
class FigureScope:
    """What part of the figures an actor sees: everything, or one organisation's."""

    organisation_id: object = None  # None: every organisation

    @property
    def everything(self) -> bool:
        return self.organisation_id is None


def figures_scope(actor: Actor) -> FigureScope | None:
    """Return the part of the figures the actor may see, or None when they may see none."""
    if has(actor, SEE_ALL_FIGURES):
        return FigureScope()
    if has(actor, SEE_ORGANISATION_FIGURES):
        return FigureScope(organisation_id=actor.membership.organisation_id)
    return None


def may_report_signal(actor: Actor) -> bool:
    """Tell whether the actor may report a signal: a worker who does case work, in a team."""
    return has(actor, REPORT_SIGNALS)


def may_answer_signal(actor: Actor, signal) -> bool:
    """Tell whether the actor answers this signal: a coordinator of the organisation it is
    routed to, acting through that organisation."""
    if not has(actor, ANSWER_SIGNALS):
        return False
    return actor.membership.organisation_id == signal.organisation_id


def signal_inbox_organisation_id(actor: Actor):
    """Return the organisation whose signals the actor answers, or None."""
    if not has(actor, ANSWER_SIGNALS):
        return None
    return actor.membership.organisation_id


def may_see_all_signals(actor: Actor) -> bool:
    """Tell whether the actor sees every signal and the quarterly report: programme staff."""
    return has(actor, OVERSEE_SIGNALS)


def signal_recipients(organisation) -> list:
    """The workers a new signal for ``organisation`` is routed to: those who answer for it
    (its coordinators), else those who oversee signals (the programme staff)."""

    today = clock.today()

    def current(capability, **where):
        return [
            m.user
            for m in Membership.objects.filter(role__in=capability.roles, **where).select_related(
                "user"
            )
            if m.is_current(today)
        ]

    return current(ANSWER_SIGNALS, organisation=organisation) or current(OVERSEE_SIGNALS)
