"""Writes of the guide: the date of a life event, and what the worker did with an item."""

# Services write and lock rows of objects an interface already obtained through the policy
# point, so they use the unguarded ``_base_manager``; the guarded ``objects`` hands out, while a
# request is served, only what the policy point released (docs/decisions/0021 and 0031).

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from eenloket.audit import processing
from eenloket.cases import services as case_services
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.core.states import Lifecycle
from eenloket.directory.models import LifeEventTask
from eenloket.guide import rules
from eenloket.guide.models import GuideItem, ItemState, LifeEventDate
from eenloket.guide.selectors import guide_for
from eenloket.guide.states import ITEM

# An event may lie ahead (turning 18, a birth): the guide then says what is coming.
MAX_AHEAD = dt.timedelta(days=366)


@transaction.atomic
def life_event_date_set(*, case, key: str, occurred_on: dt.date, actor: Actor) -> LifeEventDate:
    """Record when a life event of the case happened; deadlines count from it."""
    if key not in case.life_events:
        raise DomainError(_("This life event is not part of the case."), field="key")
    if occurred_on is None:
        raise DomainError(_("Give the date of the event."), field="occurred_on")
    if occurred_on > clock.today() + MAX_AHEAD:
        raise DomainError(_("The date lies more than a year ahead."), field="occurred_on")
    if occurred_on < clock.today() - dt.timedelta(days=365 * 100):
        raise DomainError(_("This date is too long ago."), field="occurred_on")
    row, _created = LifeEventDate._base_manager.update_or_create(
        case=case, key=key, defaults={"occurred_on": occurred_on}
    )
    processing.record_change(
        actor=actor,
        action="life_event_date_set",
        object_type="case",
        object_id=case.pk,
        changes={"life_event": key, "occurred_on": occurred_on.isoformat()},
    )
    return row


def _task_of_case(case, task_id) -> LifeEventTask:
    keys = [rules.CASE_TO_DIRECTORY.get(k, k) for k in case.life_events]
    task = (
        LifeEventTask.objects.filter(pk=task_id, life_event__key__in=keys)
        .select_related("life_event")
        .first()
    )
    if task is None:
        raise DomainError(_("This item is not part of the guide of this case."), field="task")
    return task


@transaction.atomic
def guide_item_set(*, case, task_id, state: str, expected_version: int, actor: Actor):
    """Tick an item off (arranged, does not apply), open it again, or make it the case's next
    step: then its deadline (or today, when it passed) becomes the next step's due date. The
    move goes through the item's table (``guide/states.py``); asking for the state the item
    is in changes nothing."""

    if state not in ItemState.values:
        raise DomainError(_("Choose what to do with this item."), field="state")
    task = _task_of_case(case, task_id)
    # An item without a row is open: give it one, then move it under its row lock.
    item = LIFECYCLE.locked(GuideItem._base_manager.get_or_create(case=case, task=task)[0])
    if item.state == state:
        return item  # asking for the present state changes nothing
    if state == ItemState.NEXT_STEP:
        entry = next((e for s in guide_for(case) for e in s.entries if e.task.pk == task.pk), None)
        today = clock.today()
        due = today + dt.timedelta(days=7)
        if entry and entry.deadline:
            due = today if entry.deadline.status == "passed" else entry.deadline.due
        case_services.case_update(
            case=case,
            expected_version=expected_version,
            next_step=task.display_title[:500],
            next_step_due=due,
            # The guide's titles are written for citizens too (they read them in the portal).
            next_step_citizen=task.display_title[:500],
            actor=actor,
        )
    return LIFECYCLE.transition(
        item,
        state,
        actor=actor,
        locked=True,
        changes={"decided_by": actor.user if actor.is_worker else None},
    )


def _audit(item: GuideItem, move, actor: Actor, detail) -> None:
    processing.record_change(
        actor=actor,
        action="guide_item_set",
        object_type="case",
        object_id=item.case_id,
        changes={"task": str(item.task_id), "state": move.target},
    )


LIFECYCLE = Lifecycle(
    machine=ITEM,
    model=GuideItem,
    stamps={state: ("decided_at",) for state in ItemState.values},
    audit=_audit,
)
