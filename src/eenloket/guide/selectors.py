"""Reads of the guide, for a case the policy point released to the actor."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch

from eenloket.access.release import rows_of
from eenloket.cases import vocabulary
from eenloket.core import clock
from eenloket.directory.models import LifeEvent, LifeEventTask
from eenloket.guide import rules
from eenloket.guide.models import GuideItem, ItemState, LifeEventDate
from eenloket.guide.states import ITEM


@dataclass
class GuideEntry:
    task: LifeEventTask
    state: str
    state_label: str
    deadline: rules.Deadline | None
    acts_by_itself: bool
    acts_by_itself_note: str
    actions: frozenset[str] = frozenset()  # the moves its table allows now (guide/states.py)


@dataclass
class GuideSection:
    key: str
    label: str
    life_event: LifeEvent | None
    occurred_on: dt.date | None
    entries: list[GuideEntry] = field(default_factory=list)


def guide_for(case, *, today: dt.date | None = None) -> list[GuideSection]:
    """Return, per life event of the case, what usually needs arranging: organisation, scheme,
    deadline counted from the event's date (when known), whether the organisation acts by
    itself, and what the worker did with it. Four queries whatever the case holds."""
    today = today or clock.today()
    dates = {d.key: d.occurred_on for d in rows_of(LifeEventDate, case)}
    directory_keys = [rules.CASE_TO_DIRECTORY.get(key, key) for key in case.life_events]
    tasks = LifeEventTask.objects.select_related("organisation", "scheme__service").order_by(
        "position"
    )
    events = {
        event.key: event
        for event in LifeEvent.objects.filter(key__in=directory_keys).prefetch_related(
            Prefetch("tasks", queryset=tasks)
        )
    }
    items = {item.task_id: item for item in rows_of(GuideItem, case)}
    sections = []
    for key in case.life_events:
        event = events.get(rules.CASE_TO_DIRECTORY.get(key, key))
        section = GuideSection(
            key=key,
            label=vocabulary.life_event_label(key),
            life_event=event,
            occurred_on=dates.get(key),
        )
        for task in event.tasks.all() if event else []:
            item = items.get(task.pk)
            state = item.state if item else ItemState.OPEN
            due = None
            if task.deadline_days and section.occurred_on:
                due = rules.deadline(section.occurred_on, task.deadline_days, today)
            scheme = task.scheme
            by_itself = task.acts_by_itself or bool(scheme and scheme.acts_by_itself)
            section.entries.append(
                GuideEntry(
                    task=task,
                    state=state,
                    state_label=str(ItemState(state).label),
                    actions=ITEM.actions(state),
                    deadline=due,
                    acts_by_itself=by_itself,
                    acts_by_itself_note=scheme.display_acts_by_itself_note
                    if scheme and by_itself
                    else "",
                )
            )
        sections.append(section)
    return sections
