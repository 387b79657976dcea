"""A worker leaves: the handovers they hold go to a colleague (decision 0048)."""

# Services write rows the set-up screen chose; they use the unguarded ``_base_manager``
# (docs/decisions/0021 and 0031).

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from eenloket.accounts.models import User
from eenloket.audit import processing
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.handovers.models import Handover
from eenloket.handovers.states import OPEN, State

# Who holds a handover, per state: the named receiver and whoever accepted an open one; the
# sender of a draft (once sent, the sending side is the case's coordinator and team).
HELD = {"to_user": OPEN, "accepted_by": OPEN, "from_user": (State.DRAFT,)}


# The side of the handover each way of holding it is on: the receiving or the sending team.
SIDE = {"to_user": "to_team", "accepted_by": "to_team", "from_user": "from_team"}


def held_by(user: User, team=None) -> Q:
    """The handovers ``user`` holds (see ``HELD``); with ``team``, only those held for that
    team (a worker leaving one team keeps what they hold for another)."""
    query = Q(pk__in=[])
    for field, states in HELD.items():
        condition = Q(**{field: user, "state__in": states})
        if team is not None:
            condition &= Q(**{SIDE[field]: team})
        query |= condition
    return query


@transaction.atomic
def handovers_hand_over(*, from_user: User, to_user: User, actor: Actor, team=None) -> int:
    """Give every handover ``from_user`` holds (for ``team``, when given) to ``to_user``, each
    with an audit entry; return how many handovers changed."""
    handovers = list(
        Handover._base_manager.select_for_update().filter(held_by(from_user, team)).order_by("pk")
    )
    for handover in handovers:
        changed = [
            field
            for field, states in HELD.items()
            if getattr(handover, f"{field}_id") == from_user.pk
            and handover.state in states
            and (team is None or getattr(handover, f"{SIDE[field]}_id") == team.pk)
        ]
        for field in changed:
            setattr(handover, field, to_user)
        handover.updated_at = clock.now()
        handover.save(update_fields=[*changed, "updated_at"])
        processing.record_change(
            actor=actor, action="handover_hand_over", object_type="case",
            object_id=handover.case_id,
            changes={"handover": str(handover.pk), "fields": changed,
                     "to": [str(from_user.pk), str(to_user.pk)]},
        )  # fmt: skip
    return len(handovers)


def held_count(user: User, team=None) -> int:
    """How many handovers ``user`` holds (for ``team``, when given): what a leaving worker
    hands over."""
    return Handover._base_manager.filter(held_by(user, team)).count()
