"""What every figure is made of: filters, cells that carry their number of persons (suppressed
below k), the base querysets over the facts, and the aggregates that run in the database."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext as _

from eenloket.access.insights import FigureScope
from eenloket.core import clock
from eenloket.core.errors import DomainError
from eenloket.directory.models import ContactPoint, Team
from eenloket.insights.models import (
    AppointmentFact,
    CaseFact,
    HandoverFact,
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
