"""What people came with and what came of it: life events and needs over time, channels,
appointments, the outcome per need and the citizens' verdicts."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext as _

from eenloket.cases import vocabulary
from eenloket.cases.models import ContactChannel
from eenloket.insights.figures._base import (
    COUNT,
    PERCENT,
    TZ,
    Cell,
    Figure,
    Filters,
    Row,
    _appointments,
    _cases,
    _cell,
    _complement,
    _of_cases,
    _persons,
    _persons_by,
    _quarter,
)
from eenloket.insights.models import (
    AppointmentFact,
    ContactFact,
    TopicFact,
)
from eenloket.outcomes.models import NeedOutcomeCode, VerdictAnswer


def _quarter_bounds(filters: Filters) -> list[tuple[str, dt.datetime, dt.datetime]]:
    """The quarters the period touches, each cut to the period: (label, from, until)."""
    start, end = filters.bounds()
    found, moment = [], start
    while moment < end:
        local = moment.astimezone(TZ)
        first_month = 3 * ((local.month - 1) // 3) + 1
        next_start = (
            dt.datetime(local.year + 1, 1, 1, tzinfo=TZ)
            if first_month == 10
            else dt.datetime(local.year, first_month + 3, 1, tzinfo=TZ)
        )
        found.append((_quarter(local), moment, min(next_start, end)))
        moment = next_start
    return found


def _topics_over_time(filters: Filters, k: int, kind: str, labels: dict) -> tuple[list, list]:
    """Persons per topic and quarter, in one pass: a conditional count per quarter (plain
    comparisons, which both databases do fast, unlike truncating every timestamp)."""
    quarters = _quarter_bounds(filters)
    topics = TopicFact.objects.filter(_of_cases(filters), kind=kind)
    counts = _persons_by(
        topics,
        "key",
        person="case__person_ref",
        **{
            f"q{index}": Q(case__opened_at__gte=since, case__opened_at__lt=until)
            for index, (_label, since, until) in enumerate(quarters)
        },
    )
    rows = []
    for key, label in labels.items():
        found = counts.get(key, {})
        cells = [
            _cell(found.get(f"q{i}", (0, 0))[0], found.get(f"q{i}", (0, 0))[0], k)
            for i in range(len(quarters))
        ]
        if any(c.persons for c in cells):
            rows.append(Row(str(label), cells))
    return [label for label, _since, _until in quarters], rows


def life_events_over_time(filters: Filters, k: int) -> Figure:
    quarters, rows = _topics_over_time(filters, k, TopicFact.LIFE_EVENT, vocabulary.LIFE_EVENTS)
    return Figure(
        "life_events",
        _("Life events over time"),
        _("Persons whose new case was about this life event, per quarter."),
        quarters,
        [COUNT] * len(quarters),
        rows,
        chart_column=len(quarters) - 1,
    )


def needs_over_time(filters: Filters, k: int) -> Figure:
    quarters, rows = _topics_over_time(filters, k, TopicFact.NEED, vocabulary.NEEDS)
    return Figure(
        "needs",
        _("Needs over time"),
        _("Persons whose new case asked for help with this, per quarter."),
        quarters,
        [COUNT] * len(quarters),
        rows,
        chart_column=len(quarters) - 1,
    )


def channels(filters: Filters, k: int) -> Figure:
    start, end = filters.bounds()
    facts = ContactFact.objects.filter(
        _of_cases(filters, period=False), occurred_at__gte=start, occurred_at__lt=end
    )
    found = _persons(facts, "channel", person="case__person_ref")
    rows = []
    for code, label in ContactChannel.choices:
        p, n = found.get(code, (0, 0))
        rows.append(Row(str(label), [_cell(p, p, k), _cell(n, p, k)]))
    return Figure(
        "channels",
        _("Channels used"),
        _("Contacts with citizens in the period, by channel."),
        [_("Persons"), _("Contacts")],
        [COUNT, COUNT],
        rows,
    )


def appointments(filters: Filters, k: int) -> Figure:
    found = _persons(_appointments(filters), "state")
    labels = {
        AppointmentFact.KEPT: _("Came"),
        AppointmentFact.MISSED: _("Did not come"),
        AppointmentFact.CANCELLED: _("Called off"),
        AppointmentFact.BOOKED: _("Not yet written down"),
    }
    rows = [
        Row(str(label), [_cell(found.get(code, (0, 0))[1], found.get(code, (0, 0))[0], k)])
        for code, label in labels.items()
    ]
    _complement([r.cells[0] for r in rows], k)
    return Figure(
        "appointments",
        _("Appointments kept and missed"),
        _("Appointments at a desk in the period, by what happened."),
        [_("Appointments")],
        [COUNT],
        rows,
    )


def outcomes_per_need(filters: Filters, k: int) -> Figure:

    facts = TopicFact.objects.filter(
        _of_cases(filters), case__status="closed", kind=TopicFact.NEED
    ).exclude(outcome="")
    by_need = _persons_by(
        facts,
        "key",
        person="case__person_ref",
        **{f"o{i}": Q(outcome=code) for i, code in enumerate(NeedOutcomeCode.values)},
    )
    rows = []
    for key, label in vocabulary.NEEDS.items():
        found = by_need.get(key, {})
        persons = [found.get(f"o{i}", (0, 0))[0] for i in range(len(NeedOutcomeCode.values))]
        cells = [_cell(p, p, k) for p in persons]
        if any(c.persons for c in cells):
            _complement(cells, k)
            rows.append(Row(str(label), cells))
    return Figure(
        "outcomes_per_need",
        _("Outcome per need"),
        _("What came of each need of the cases closed, as the worker recorded it (persons)."),
        [str(label) for _code, label in NeedOutcomeCode.choices],
        [COUNT] * len(NeedOutcomeCode.values),
        rows,
    )


def verdicts(filters: Filters, k: int) -> Figure:

    found = _persons(_cases(filters).exclude(verdict=""), "verdict")
    total_p = sum(p for p, _n in found.values())
    rows = []
    for code, label in VerdictAnswer.choices:
        p = found.get(code, (0, 0))[0]
        rows.append(
            Row(
                str(label),
                [_cell(p, p, k), _cell(round(100 * p / total_p, 1) if total_p else None, p, k)],
            )
        )
    _complement([r.cells[0] for r in rows], k)
    for row in rows:  # a share is shown only with its count
        if row.cells[0].suppressed:
            row.cells[1] = Cell(None, row.cells[1].persons, suppressed=True)
    return Figure(
        "verdicts",
        _("Were citizens helped? Their own answer"),
        _("The answer citizens gave when their case closed (persons)."),
        [_("Persons"), _("Share (%)")],
        [COUNT, PERCENT],
        rows,
    )
