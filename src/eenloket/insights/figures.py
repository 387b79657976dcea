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
import functools
import operator
from collections import defaultdict
from contextvars import ContextVar
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
# What the figures of one dashboard share (see ``_shared``); None outside ``dashboard()``.
_SHARED: ContextVar[dict | None] = ContextVar("insights_shared", default=None)


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


def _case_q(filters: Filters, prefix: str = "", *, period=True) -> Q:
    """The cases ``filters`` choose, as a condition on ``prefix`` (``case__`` from a topic or
    a contact: one join, no ``IN (subquery)`` of every case)."""
    found = Q()
    if period:
        start, end = filters.bounds()
        found &= Q(**{f"{prefix}opened_at__gte": start, f"{prefix}opened_at__lt": end})
    for name in ("municipality_id", "organisation_id", "team_id"):
        if getattr(filters, name):
            found &= Q(**{f"{prefix}{name}": getattr(filters, name)})
    return found


def _cases(filters: Filters, *, period=True) -> QuerySet[CaseFact]:
    return CaseFact.objects.filter(_case_q(filters, period=period))


NARROW_DAYS = 92


def _of_cases(filters: Filters, *, period=True) -> Q:
    """A condition for a topic or a contact: that its case is one ``filters`` choose.

    Both ways give the same rows; which is faster depends on how many cases are chosen
    (measured, decision 0044): for a place or a short period the few cases are found first
    (``case_id IN (those cases)``, the topics then by their case's index); for the whole chain
    over a long period a plain join is read in one go."""
    start, end = filters.bounds()
    narrow = (
        filters.municipality_id
        or filters.organisation_id
        or filters.team_id
        or (period and end - start <= dt.timedelta(days=NARROW_DAYS))
    )
    if narrow:
        return Q(case__in=_cases(filters, period=period).values("pk"))
    return _case_q(filters, "case__", period=period)


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


def _column(facts: QuerySet, group: str):
    """The Python value of a raw ``group`` column (SQLite returns a UUID as hex text)."""
    field_ = facts.model._meta.get_field(group.removesuffix("_id"))
    return getattr(field_, "target_field", field_).to_python


def _percentiles(facts: QuerySet, group: str, *values: str) -> dict:
    """Per group and per value column: (median, 90th percentile), nearest-rank, ranked by the
    database with window functions (SQLite and PostgreSQL) in one query however many columns:
    each column is ranked with its empty values last, so rank r of a column is its r-th value.
    Returns {value column: {group: (median, p90)}}."""
    names = [f"v{i}" for i in range(len(values))]
    inner = (
        facts.filter(functools.reduce(operator.or_, (Q(**{f"{v}__isnull": False}) for v in values)))
        .annotate(g=F(group), **{name: F(value) for name, value in zip(names, values, strict=True)})
        .values_list("g", *names)
        .order_by()
    )
    sql, params = inner.query.sql_with_params()
    ranks = ", ".join(
        f"ROW_NUMBER() OVER (PARTITION BY g ORDER BY {v} NULLS LAST) AS r{v},"
        f" COUNT({v}) OVER (PARTITION BY g) AS n{v}"
        for v in names
    )
    wanted = " OR ".join(f"r{v} = (n{v} + 1) / 2 OR r{v} = (9 * n{v} + 9) / 10" for v in names)
    # Django's own SQL of the queryset above, with its parameters: nothing from the user.
    query = (
        f"SELECT g, {', '.join(f'{v}, r{v}, n{v}' for v in names)} FROM ("  # noqa: S608
        f" SELECT g, {', '.join(names)}, {ranks} FROM ({sql}) base"
        f") ranked WHERE {wanted}"
    )
    found: dict = {value: defaultdict(lambda: [None, None]) for value in values}
    to_python = _column(facts, group)
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        for raw, *columns in cursor.fetchall():
            g = to_python(raw)
            for index, value in enumerate(values):
                v, rn, n = columns[3 * index : 3 * index + 3]
                if rn == (n + 1) // 2:
                    found[value][g][0] = v
                if rn == (9 * n + 9) // 10:
                    found[value][g][1] = v
    return {value: {g: tuple(pair) for g, pair in by.items()} for value, by in found.items()}


def _persons(facts: QuerySet, group: str, *, person: str = "person_ref", **condition) -> dict:
    """Per group: distinct persons (and rows) meeting ``condition``."""
    return {
        key: found["all"]
        for key, found in _persons_by(facts.filter(**condition), group, person=person).items()
    }


def _persons_by(
    facts: QuerySet, group: str, *, person: str = "person_ref", **conditions: Q
) -> dict:
    """Per group, in one pass: for each named condition, distinct persons and rows meeting it
    (``all`` when none is named). The database first counts each person's rows per group and
    condition, then counts the persons with at least one: one grouping instead of a
    COUNT(DISTINCT …) per condition, which each needs its own sort of the persons."""
    conditions = conditions or {"all": None}
    names = list(conditions)
    inner = (
        facts.annotate(g=F(group), p=F(person))
        .values("g", "p")
        .annotate(
            **{
                f"n{i}": Count("pk", filter=condition) if condition is not None else Count("pk")
                for i, condition in enumerate(conditions.values())
            }
        )
        .order_by()
    )
    sql, params = inner.query.sql_with_params()
    counts = ", ".join(
        f"COUNT(CASE WHEN n{i} > 0 THEN 1 END), SUM(n{i})" for i in range(len(names))
    )
    # Django's own SQL of the queryset above, with its parameters: nothing from the user.
    query = f"SELECT g, {counts} FROM ({sql}) per_person GROUP BY g"  # noqa: S608
    to_python = _column(facts, group)
    found = {}
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        for raw, *columns in cursor.fetchall():
            found[to_python(raw)] = {
                name: (int(columns[2 * i]), int(columns[2 * i + 1] or 0))
                for i, name in enumerate(names)
            }
    return found


def _shared(key, compute):
    """``compute()`` once per dashboard: figures that read the same grouping share it."""
    memo = _SHARED.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


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


def _handover_counts(filters: Filters, group: str) -> dict:
    """Per receiving organisation (or line), in one pass for every handover figure: sent,
    answered (with a duration), completed, answered at all, declined, escalated."""
    return _shared(
        ("handovers", group, filters),
        lambda: _persons_by(
            _handovers(filters),
            group,
            sent=None,
            answered=Q(answer_seconds__isnull=False),
            completed=Q(complete_seconds__isnull=False),
            replied=Q(answer__gt=""),
            declined=Q(answer="declined"),
            late=Q(escalated=True),
        ),
    )


def _lead_time_rows(filters: Filters, group: str, model, k: int) -> list[Row]:
    counts = _handover_counts(filters, group)
    ranks = _percentiles(_handovers(filters), group, "answer_seconds", "complete_seconds")
    answered, completed = ranks["answer_seconds"], ranks["complete_seconds"]
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
    from eenloket.outcomes.models import NeedOutcomeCode

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
    token = _SHARED.set({})
    try:
        shown = [figure(filters, k) for figure in FIGURES]
    finally:
        _SHARED.reset(token)
    return Dashboard(
        filters=filters,
        k=k,
        figures=shown,
        invented=CaseFact.objects.filter(invented=True).exists(),
    )
