"""The figures of the dashboard: aggregate queries over the anonymous facts, with every cell
that counts fewer than k distinct persons suppressed (docs/insights.md).

Each figure is a table (rows by columns of cells); each cell carries the number of distinct
persons it was computed from. The database groups, counts and ranks; Python only puts the
few grouped rows (one per organisation, line, need…) into tables — never a loop over cases.

Percentiles are nearest-rank: the p-th percentile of n values is the value at rank ⌈p·n⌉ in
ascending order (the median of 4 values is the 2nd). Durations are in hours, one decimal.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext as _

from eenloket.access.insights import FigureScope
from eenloket.cases import vocabulary
from eenloket.cases.models import ContactChannel
from eenloket.core import clock
from eenloket.core.errors import DomainError
from eenloket.directory.models import ContactPoint, Organisation, Team
from eenloket.handovers.states import DeclineReason
from eenloket.insights.checks import min_persons
from eenloket.insights.models import (
    AppointmentFact,
    CaseFact,
    ContactFact,
    HandoverFact,
    SupportLevel,
    TopicFact,
)

TZ = ZoneInfo("Europe/Amsterdam")
DEFAULT_DAYS = 365
HOURS, COUNT, PERCENT = "hours", "count", "percent"


@dataclass(frozen=True)
class Filters:
    """Which facts a figure counts: a period (inclusive dates) and where."""

    start: dt.date | None = None
    end: dt.date | None = None
    municipality_id: object = None
    organisation_id: object = None
    team_id: object = None

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        end = self.end or clock.today()
        start = self.start or end - dt.timedelta(days=DEFAULT_DAYS - 1)
        if start > end:
            raise DomainError(_("The period starts after it ends."), field="start")
        return (
            dt.datetime.combine(start, dt.time.min, tzinfo=TZ),
            dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=TZ),
        )

    def within(self, scope: FigureScope) -> Filters:
        """The filters narrowed to what the actor may see (their own organisation)."""
        if scope.everything:
            return self
        return replace(self, organisation_id=scope.organisation_id)


@dataclass
class Cell:
    value: float | int | None
    persons: int
    suppressed: bool = False

    @property
    def shown(self) -> bool:
        return not self.suppressed and self.value is not None


@dataclass
class Row:
    label: str
    cells: list[Cell]


@dataclass
class Figure:
    key: str
    title: str
    description: str
    columns: list[str]
    units: list[str]
    rows: list[Row] = field(default_factory=list)
    chart_column: int = 0  # the column the bar chart shows

    def values(self, column: int) -> list[tuple[str, Cell]]:
        return [(row.label, row.cells[column]) for row in self.rows]


def _cell(value, persons: int, k: int) -> Cell:
    """A number from ``persons`` distinct persons: suppressed when 1 ≤ persons < k."""
    if 0 < persons < k:
        return Cell(None, persons, suppressed=True)
    return Cell(value, persons)


def _complement(cells: list[Cell], k: int) -> None:
    """Secondary suppression in a breakdown whose total is known: when the suppressed cells
    together count fewer than k persons, they could be found by subtraction, so the smallest
    shown cells are suppressed too until they cannot."""
    suppressed = [c for c in cells if c.suppressed]
    if not suppressed:
        return
    while sum(c.persons for c in suppressed) < k:
        shown = sorted(
            (c for c in cells if not c.suppressed and c.persons > 0), key=lambda c: c.persons
        )
        if not shown:
            return
        shown[0].suppressed, shown[0].value = True, None
        suppressed.append(shown[0])


# --- the base querysets ---------------------------------------------------------------------


def _cases(filters: Filters, *, period=True) -> QuerySet[CaseFact]:
    facts = CaseFact.objects.all()
    if period:
        start, end = filters.bounds()
        facts = facts.filter(opened_at__gte=start, opened_at__lt=end)
    if filters.municipality_id:
        facts = facts.filter(municipality_id=filters.municipality_id)
    if filters.organisation_id:
        facts = facts.filter(organisation_id=filters.organisation_id)
    if filters.team_id:
        facts = facts.filter(team_id=filters.team_id)
    return facts


def _handovers(filters: Filters) -> QuerySet[HandoverFact]:
    start, end = filters.bounds()
    facts = HandoverFact.objects.filter(sent_at__gte=start, sent_at__lt=end)
    if filters.municipality_id:
        facts = facts.filter(municipality_id=filters.municipality_id)
    if filters.organisation_id:
        facts = facts.filter(
            Q(to_organisation_id=filters.organisation_id)
            | Q(from_organisation_id=filters.organisation_id)
        )
    if filters.team_id:
        facts = facts.filter(Q(to_team_id=filters.team_id) | Q(from_team_id=filters.team_id))
    return facts


def _appointments(filters: Filters) -> QuerySet[AppointmentFact]:
    start, end = filters.bounds()
    facts = AppointmentFact.objects.filter(starts_at__gte=start, starts_at__lt=end)
    if filters.municipality_id:
        facts = facts.filter(municipality_id=filters.municipality_id)
    if filters.organisation_id:
        facts = facts.filter(
            Q(organisation_id=filters.organisation_id)
            | Q(case__organisation_id=filters.organisation_id)
        )
    if filters.team_id:
        facts = facts.filter(case__team_id=filters.team_id)
    return facts


# --- helpers that run in the database -------------------------------------------------------


def _percentiles(facts: QuerySet, group: str, value: str) -> dict:
    """Per group: (median, 90th percentile) of ``value``, nearest-rank, ranked by the database
    with window functions (SQLite and PostgreSQL)."""
    inner = (
        facts.filter(**{f"{value}__isnull": False})
        .annotate(g=F(group), v=F(value))
        .values_list("g", "v")
        .order_by()
    )
    sql, params = inner.query.sql_with_params()
    # Django's own SQL of the queryset above, with its parameters: nothing from the user.
    query = (
        "SELECT g, v, rn, n FROM ("  # noqa: S608
        " SELECT g, v, ROW_NUMBER() OVER (PARTITION BY g ORDER BY v) AS rn,"
        " COUNT(*) OVER (PARTITION BY g) AS n"
        f" FROM ({sql}) base"
        ") ranked WHERE rn = (n + 1) / 2 OR rn = (9 * n + 9) / 10"
    )
    found: dict = defaultdict(lambda: [None, None])
    field_ = facts.model._meta.get_field(group.removesuffix("_id"))
    to_python = getattr(field_, "target_field", field_).to_python
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        for raw, v, rn, n in cursor.fetchall():
            g = to_python(raw)  # SQLite returns a UUID as hex text
            if rn == (n + 1) // 2:
                found[g][0] = v
            if rn == (9 * n + 9) // 10:
                found[g][1] = v
    return {g: tuple(pair) for g, pair in found.items()}


def _persons(facts: QuerySet, group: str, **condition) -> dict:
    """Per group: distinct persons (and rows) meeting ``condition``."""
    rows = (
        facts.filter(**condition)
        .values(group)
        .annotate(p=Count("person_ref", distinct=True), n=Count("pk"))
        .order_by()
    )
    return {row[group]: (row["p"], row["n"]) for row in rows}


def _persons_by(facts: QuerySet, group: str, **conditions: Q) -> dict:
    """Per group, in one pass: for each named condition, distinct persons and rows meeting it
    (conditional aggregation, so the table is read once however many counts a figure needs)."""
    aggregates = {}
    for name, condition in conditions.items():
        aggregates[f"{name}_p"] = Count("person_ref", distinct=True, filter=condition)
        aggregates[f"{name}_n"] = Count("pk", filter=condition)
    rows = facts.values(group).annotate(**aggregates).order_by()
    return {
        row[group]: {name: (row[f"{name}_p"], row[f"{name}_n"]) for name in conditions}
        for row in rows
    }


def _hours(seconds) -> float | None:
    return None if seconds is None else round(seconds / 3600, 1)


def _names(model, ids) -> dict:
    ids = [i for i in ids if i is not None]
    if model is ContactPoint:
        return {
            cp.pk: f"{cp.name} ({cp.team.organisation.name})"
            for cp in ContactPoint.objects.filter(pk__in=ids).select_related("team__organisation")
        }
    if model is Team:
        return {
            t.pk: f"{t.name} ({t.organisation.name})"
            for t in Team.objects.filter(pk__in=ids).select_related("organisation")
        }
    return {o.pk: o.name for o in model.objects.filter(pk__in=ids)}


def _lead_time_rows(facts: QuerySet, group: str, model, k: int) -> list[Row]:
    counts = _persons_by(
        facts,
        group,
        sent=Q(pk__isnull=False),
        answered=Q(answer_seconds__isnull=False),
        completed=Q(complete_seconds__isnull=False),
    )
    answered = _percentiles(facts, group, "answer_seconds")
    completed = _percentiles(facts, group, "complete_seconds")
    names = _names(model, counts)
    rows = []
    for key, found in counts.items():
        persons, count = found["sent"]
        a_p, c_p = found["answered"][0], found["completed"][0]
        a_med, a_p90 = answered.get(key, (None, None))
        c_med, c_p90 = completed.get(key, (None, None))
        rows.append(
            Row(
                names.get(key, "?"),
                [
                    _cell(count, persons, k),
                    _cell(_hours(a_med), a_p, k),
                    _cell(_hours(a_p90), a_p, k),
                    _cell(_hours(c_med), c_p, k),
                    _cell(_hours(c_p90), c_p, k),
                ],
            )
        )
    return sorted(rows, key=lambda r: r.label)


LEAD_COLUMNS = [
    "Handovers sent",
    "Answered: median (hours)",
    "Answered: 90th percentile (hours)",
    "Completed: median (hours)",
    "Completed: 90th percentile (hours)",
]


def _share(part: Cell, whole: Cell) -> Cell:
    if not part.shown or not whole.shown or not whole.value:
        return Cell(None, part.persons, suppressed=part.suppressed or whole.suppressed)
    return Cell(round(100 * part.value / whole.value, 1), part.persons)


def _quarter(moment) -> str:
    local = moment.astimezone(TZ) if isinstance(moment, dt.datetime) else moment
    return f"{local.year}-Q{(local.month - 1) // 3 + 1}"


# --- the figures ----------------------------------------------------------------------------


def first_contact(filters: Filters, k: int) -> Figure:
    facts = _cases(filters).filter(first_contact_seconds__isnull=False)
    persons = _persons(facts, "organisation_id")
    ranks = _percentiles(facts, "organisation_id", "first_contact_seconds")
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
        _lead_time_rows(_handovers(filters), "to_organisation_id", Organisation, k),
        chart_column=1,
    )


def lead_times_by_line(filters: Filters, k: int) -> Figure:
    return Figure(
        "lead_times_line",
        _("Handover lead times per direct line"),
        _("The same, per direct line that received the handover."),
        [_(c) for c in LEAD_COLUMNS],
        [COUNT, HOURS, HOURS, HOURS, HOURS],
        _lead_time_rows(_handovers(filters), "contact_point_id", ContactPoint, k),
        chart_column=1,
    )


def declines(filters: Filters, k: int) -> Figure:
    counts = _persons_by(
        _handovers(filters).filter(answer__gt=""),
        "to_organisation_id",
        answered=Q(pk__isnull=False),
        declined=Q(answer="declined"),
    )
    names = _names(Organisation, counts)
    rows = []
    for key, found in counts.items():
        p, n = found["answered"]
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
    counts = _persons_by(
        _handovers(filters),
        "to_organisation_id",
        sent=Q(pk__isnull=False),
        late=Q(escalated=True),
    )
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
        open=Q(pk__isnull=False),
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
    facts = _cases(filters)
    topics = TopicFact.objects.filter(case__in=facts.values("pk"), kind=kind)
    counts = {
        row["key"]: row
        for row in topics.values("key")
        .annotate(
            **{
                f"q{index}": Count(
                    "case__person_ref",
                    distinct=True,
                    filter=Q(case__opened_at__gte=since, case__opened_at__lt=until),
                )
                for index, (_label, since, until) in enumerate(quarters)
            }
        )
        .order_by()
    }
    rows = []
    for key, label in labels.items():
        found = counts.get(key, {})
        cells = [
            _cell(found.get(f"q{i}", 0), found.get(f"q{i}", 0), k) for i in range(len(quarters))
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
        case__in=_cases(filters, period=False).values("pk"),
        occurred_at__gte=start,
        occurred_at__lt=end,
    )
    found = {
        row["channel"]: (row["p"], row["n"])
        for row in facts.values("channel")
        .annotate(p=Count("case__person_ref", distinct=True), n=Count("pk"))
        .order_by()
    }
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
    from eenloket.outcomes.models import NeedOutcomeCode

    facts = TopicFact.objects.filter(
        case__in=_cases(filters).filter(status="closed").values("pk"), kind=TopicFact.NEED
    ).exclude(outcome="")
    found = {
        (row["key"], row["outcome"]): row["p"]
        for row in facts.values("key", "outcome")
        .annotate(p=Count("case__person_ref", distinct=True))
        .order_by()
    }
    rows = []
    for key, label in vocabulary.NEEDS.items():
        cells = [
            _cell(found.get((key, code), 0), found.get((key, code), 0), k)
            for code in NeedOutcomeCode.values
        ]
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
    from eenloket.outcomes.models import VerdictAnswer

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


FIGURES = (
    first_contact,
    lead_times_by_organisation,
    lead_times_by_line,
    declines,
    decline_reasons,
    escalations,
    without_next_step,
    support_levels,
    life_events_over_time,
    needs_over_time,
    channels,
    appointments,
    outcomes_per_need,
    verdicts,
)
BY_KEY = {f.__name__: f for f in FIGURES}


@dataclass
class Dashboard:
    filters: Filters
    k: int
    figures: list[Figure]
    invented: bool  # the facts include invented history (the demo, a benchmark)


def dashboard(scope: FigureScope, filters: Filters, *, k: int | None = None) -> Dashboard:
    """Every figure for ``filters``, narrowed to ``scope`` (from the policy point's
    ``figures_scope``), with cells under k persons suppressed."""
    k = k or min_persons()
    filters = filters.within(scope)
    filters.bounds()  # refuses a period that ends before it starts
    return Dashboard(
        filters=filters,
        k=k,
        figures=[figure(filters, k) for figure in FIGURES],
        invented=CaseFact.objects.filter(invented=True).exists(),
    )
