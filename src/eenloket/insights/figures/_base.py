"""What every figure is made of: filters, cells that carry their number of persons (suppressed
below k), the base querysets over the facts, and the aggregates that run in the database."""

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
from django.utils.translation import gettext_noop

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
    return CaseFact.objects.filter(_case_q(filters, period=period))


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
    facts: QuerySet, group: str, *, person: str = "person_ref", **conditions: Q | None
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


LEAD_COLUMNS = [  # translated where used; marked here so they reach the catalogue
    gettext_noop("Handovers sent"),
    gettext_noop("Answered: median (hours)"),
    gettext_noop("Answered: 90th percentile (hours)"),
    gettext_noop("Completed: median (hours)"),
    gettext_noop("Completed: 90th percentile (hours)"),
]


def _share(part: Cell, whole: Cell) -> Cell:
    if not part.shown or not whole.shown or not whole.value:
        return Cell(None, part.persons, suppressed=part.suppressed or whole.suppressed)
    return Cell(round(100 * part.value / whole.value, 1), part.persons)


def _quarter(moment) -> str:
    local = moment.astimezone(TZ) if isinstance(moment, dt.datetime) else moment
    return f"{local.year}-Q{(local.month - 1) // 3 + 1}"


_SHARED: ContextVar[dict | None] = ContextVar("insights_shared", default=None)


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


def _column(facts: QuerySet, group: str):
    """The Python value of a raw ``group`` column (SQLite returns a UUID as hex text)."""
    field_ = facts.model._meta.get_field(group.removesuffix("_id"))
    return getattr(field_, "target_field", field_).to_python


def _shared(key, compute):
    """``compute()`` once per dashboard: figures that read the same grouping share it."""
    memo = _SHARED.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


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
