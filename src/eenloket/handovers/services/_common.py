"""What the handover services share: the team check, the lock order (case, then handover),
the history line, and ``LIFECYCLE``, the state machine's one runner for handovers."""

# Services write and lock rows of objects an interface already obtained through the policy
# point, so they use the unguarded ``_base_manager``; the guarded ``objects`` hands out, while a
# request is served, only what the policy point released (docs/decisions/0021 and 0031).

from __future__ import annotations

from django.utils.translation import gettext as _

from eenloket.audit import processing
from eenloket.cases.models import Case
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.core.states import Lifecycle
from eenloket.handovers.models import Handover, HandoverEvent
from eenloket.handovers.states import MACHINE, RECEIVER, SENDER, STAMPS
from eenloket.insights import capture


def _team(actor: Actor):
    if not actor.is_worker or actor.membership is None or actor.membership.team_id is None:
        raise DomainError(_("Only a worker in a team can do this."))
    return actor.membership.team


def _locked(handover: Handover) -> Handover:
    """Lock the handover's case, then the handover's row, then read it with what it refers to.

    The case first: every write that spans a case and its handovers (sending, every later
    move, closing the case) takes the locks in this one order, so two of them wait for each
    other instead of deadlocking, and closing a case cannot interleave with sending from it.
    Then a separate read on purpose: a locking statement that waited for another transaction
    sees that transaction's change to the locked row, but its joins still show the older
    snapshot (PostgreSQL, read committed); a statement that starts after the lock sees
    everything committed."""
    _lock_case(handover.case_id)
    Handover._base_manager.select_for_update().filter(pk=handover.pk).values_list("pk").get()
    # Everything the move's follow-ups read (the facts, the notices to the sender, the case's
    # coordinator and the citizen), in this one query.
    return Handover._base_manager.select_related(
        "case__person",
        "case__owning_team",
        "case__coordinator",
        "contact_point__team",
        "to_team__organisation",
        "from_team__organisation",
        "from_user",
        "accepted_by",
    ).get(pk=handover.pk)


def _lock_case(case_id) -> str:
    """Lock the case's row; return its state as it is once the lock is held."""
    return (
        Case._base_manager.select_for_update()
        .filter(pk=case_id)
        .values_list("status", flat=True)
        .get()
    )


def _must_be_side(handover: Handover, side: str, actor: Actor) -> None:
    team = _team(actor)
    if side == SENDER and team.pk != handover.from_team_id:
        raise DomainError(_("Only the sending team can do this."))
    if side == RECEIVER and team.pk != handover.to_team_id:
        raise DomainError(_("Only the receiving team can do this."))


def _event(handover, kind, source, target, actor, reason_code="", text="") -> None:
    HandoverEvent.objects.create(
        handover=handover,
        kind=kind,
        source=source,
        target=target,
        by_user=actor.user if actor.is_worker else None,
        by_team=actor.membership.team if actor.is_worker and actor.membership else None,
        reason_code=reason_code,
        text=(text or "").strip(),
    )


def _history(handover: Handover, move, actor: Actor, detail) -> None:
    _event(
        handover,
        "transition",
        move.source,
        move.target,
        actor,
        reason_code=detail.get("reason_code", ""),
        text=detail.get("text", ""),
    )


def _audit(handover: Handover, move, actor: Actor, detail) -> None:
    processing.record_change(
        actor=actor,
        action="handover_transition",
        object_type="case",
        object_id=handover.case_id,
        changes={"handover": str(handover.pk), "from": move.source, "to": move.target},
    )


LIFECYCLE = Lifecycle(
    machine=MACHINE,
    model=Handover,
    lock=_locked,
    stamps=STAMPS,
    history=_history,
    audit=_audit,
    after=capture.handover_changed,
)
