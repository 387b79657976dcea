"""How questions were handled: first contact, lead times by organisation and line, declines and
their reasons, escalations, questions without a next step, support levels."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from eenloket.core import clock
from eenloket.directory.models import ContactPoint, Organisation, Team
from eenloket.handovers.states import DeclineReason
from eenloket.insights.figures._base import (
    COUNT,
    HOURS,
    LEAD_COLUMNS,
    PERCENT,
    Figure,
    Filters,
    Row,
    _cases,
    _cell,
    _complement,
    _handover_counts,
    _handovers,
    _hours,
    _lead_time_rows,
    _names,
    _percentiles,
    _persons,
    _persons_by,
    _share,
)
from eenloket.insights.models import (
    SupportLevel,
)

# --- the figures ----------------------------------------------------------------------------


def first_contact(filters: Filters, k: int) -> Figure:
    facts = _cases(filters).filter(first_contact_seconds__isnull=False)
    persons = _persons(facts, "organisation_id")
    ranks = _percentiles(facts, "organisation_id", "first_contact_seconds")["first_contact_seconds"]
    names = _names(Organisation, persons)
    rows = [
        Row(
            names.get(key, "?"),
            [
                _cell(count, p, k),
                _cell(_hours(ranks.get(key, (None, None))[0]), p, k),
                _cell(_hours(ranks.get(key, (None, None))[1]), p, k),
            ],
        )
        for key, (p, count) in persons.items()
    ]
    return Figure(
        "first_contact",
        _("Time to first contact"),
        _(
            "From the moment a question is taken in to the first contact a worker recorded with "
            "the citizen, per organisation that owns the case."
        ),
        [_("Cases"), _("Median (hours)"), _("90th percentile (hours)")],
        [COUNT, HOURS, HOURS],
        sorted(rows, key=lambda r: r.label),
        chart_column=1,
    )


def lead_times_by_organisation(filters: Filters, k: int) -> Figure:
    return Figure(
        "lead_times_organisation",
        _("Handover lead times per organisation"),
        _(
            "From sending a handover to its answer (accepted or declined) and to its completion, "
            "per receiving organisation."
        ),
        [_(c) for c in LEAD_COLUMNS],
        [COUNT, HOURS, HOURS, HOURS, HOURS],
        _lead_time_rows(filters, "to_organisation_id", Organisation, k),
        chart_column=1,
    )


def lead_times_by_line(filters: Filters, k: int) -> Figure:
    return Figure(
        "lead_times_line",
        _("Handover lead times per direct line"),
        _("The same, per direct line that received the handover."),
        [_(c) for c in LEAD_COLUMNS],
        [COUNT, HOURS, HOURS, HOURS, HOURS],
        _lead_time_rows(filters, "contact_point_id", ContactPoint, k),
        chart_column=1,
    )


def declines(filters: Filters, k: int) -> Figure:
    counts = {
        key: found
        for key, found in _handover_counts(filters, "to_organisation_id").items()
        if found["replied"][1]
    }
    names = _names(Organisation, counts)
    rows = []
    for key, found in counts.items():
        p, n = found["replied"]
        whole = _cell(n, p, k)
        dp, dn = found["declined"]
        part = _cell(dn, dp, k)
        rows.append(Row(names.get(key, "?"), [whole, part, _share(part, whole)]))
    return Figure(
        "declines",
        _("Declined handovers per organisation"),
        _("Of the handovers an organisation answered, how many it declined."),
        [_("Answered"), _("Declined"), _("Declined (%)")],
        [COUNT, COUNT, PERCENT],
        sorted(rows, key=lambda r: r.label),
        chart_column=2,
    )


def decline_reasons(filters: Filters, k: int) -> Figure:
    facts = _handovers(filters).filter(answer="declined")
    found = _persons(facts, "decline_reason")
    rows = [
        Row(str(label), [_cell(found.get(code, (0, 0))[1], found.get(code, (0, 0))[0], k)])
        for code, label in DeclineReason.choices
    ]
    _complement([r.cells[0] for r in rows], k)
    return Figure(
        "decline_reasons",
        _("Reasons for declining"),
        _("The coded reason the receiving organisation gave."),
        [_("Declined handovers")],
        [COUNT],
        rows,
    )


def escalations(filters: Filters, k: int) -> Figure:
    counts = _handover_counts(filters, "to_organisation_id")
    names = _names(Organisation, counts)
    rows = []
    for key, found in counts.items():
        p, n = found["sent"]
        whole = _cell(n, p, k)
        lp, ln = found["late"]
        part = _cell(ln, lp, k)
        rows.append(Row(names.get(key, "?"), [whole, part, _share(part, whole)]))
    return Figure(
        "escalations",
        _("Escalations"),
        _("Handovers not answered within the direct line's service level, per organisation."),
        [_("Handovers sent"), _("Escalated"), _("Escalated (%)")],
        [COUNT, COUNT, PERCENT],
        sorted(rows, key=lambda r: r.label),
        chart_column=2,
    )


def without_next_step(filters: Filters, k: int) -> Figure:
    """Open cases now, per owning team, and those whose next step is overdue: nobody is acting
    on them. Not limited to the period (it is the situation today)."""
    counts = _persons_by(
        _cases(filters, period=False).filter(status="open"),
        "team_id",
        open=None,
        stalled=Q(next_step_due__lt=clock.today()),
    )
    names = _names(Team, counts)
    rows = []
    for key, found in counts.items():
        p, n = found["open"]
        whole = _cell(n, p, k)
        sp, sn = found["stalled"]
        part = _cell(sn, sp, k)
        rows.append(Row(names.get(key, "?"), [whole, part, _share(part, whole)]))
    return Figure(
        "without_next_step",
        _("Cases without a live next step"),
        _(
            "Open cases today, per owning team, and how many have a next step whose date has "
            "passed."
        ),
        [_("Open cases"), _("Next step overdue"), _("Overdue (%)")],
        [COUNT, COUNT, PERCENT],
        sorted(rows, key=lambda r: r.label),
        chart_column=1,
    )


def support_levels(filters: Filters, k: int) -> Figure:
    facts = _cases(filters)
    start = _persons(facts.exclude(support_start=""), "support_start")
    close = _persons(facts.exclude(support_close=""), "support_close")
    rows = [
        Row(
            str(label),
            [
                _cell(start.get(code, (0, 0))[0], start.get(code, (0, 0))[0], k),
                _cell(close.get(code, (0, 0))[0], close.get(code, (0, 0))[0], k),
            ],
        )
        for code, label in SupportLevel.choices
    ]
    for column in (0, 1):
        _complement([r.cells[column] for r in rows], k)
    return Figure(
        "support_levels",
        _("Support level at the start and at the close"),
        _(
            "Persons by the support level of their first assessment, and of the last one of a "
            "closed case."
        ),
        [_("At the start (persons)"), _("At the close (persons)")],
        [COUNT, COUNT],
        rows,
    )
