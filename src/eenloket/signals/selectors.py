"""Reads of signals, each given the actor: what they reported, what is routed to their
organisation, everything (programme staff), and the quarterly report per regulation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q

from eenloket.access import insights as insights_access
from eenloket.core.actor import Actor
from eenloket.core.errors import NotFoundOrForbidden
from eenloket.signals import regulations
from eenloket.signals.models import Effect, Signal, SignalReport, State
from eenloket.signals.states import OPEN


def my_reports(actor: Actor) -> list[SignalReport]:
    """The signals the actor reported, newest first, with their state and answer. One query."""
    if not actor.is_worker:
        return []
    return list(
        SignalReport.objects.filter(reported_by=actor.user)
        .select_related("signal__organisation")
        .order_by("-created_at")
    )


def inbox(actor: Actor) -> list[Signal]:
    """The signals routed to the organisation the actor answers for; open ones first."""
    organisation_id = insights_access.signal_inbox_organisation_id(actor)
    if organisation_id is None:
        return []
    return sorted(
        Signal.objects.filter(organisation_id=organisation_id).select_related("organisation"),
        key=lambda s: (s.state not in OPEN, -(s.last_reported_at or s.created_at).timestamp()),
    )


def all_signals(actor: Actor, *, state: str = "", regulation: str = "") -> list[Signal]:
    """Every signal (programme staff), most reported first."""
    if not insights_access.may_see_all_signals(actor):
        return []
    signals = Signal.objects.select_related("organisation").order_by(
        "-report_count", "-last_reported_at"
    )
    if state:
        signals = signals.filter(state=state)
    if regulation:
        signals = signals.filter(regulation=regulation)
    return list(signals)


def signal_for(actor: Actor, signal_id) -> Signal:
    """One signal, when the actor sees it: programme staff, the organisation concerned, or a
    reporter of it. Missing and forbidden give the same answer."""
    signal = Signal.objects.select_related("organisation").filter(pk=signal_id).first()
    if signal is None or not actor.is_worker:
        raise NotFoundOrForbidden()
    if insights_access.may_see_all_signals(actor):
        return signal
    if insights_access.signal_inbox_organisation_id(actor) == signal.organisation_id:
        return signal
    if signal.reports.filter(reported_by=actor.user).exists():
        return signal
    raise NotFoundOrForbidden()


def open_signals_like(*, organisation, regulation: str, kind: str) -> list[Signal]:
    """Open signals a new report might belong to (offered in the form)."""
    return list(
        Signal.objects.filter(
            organisation=organisation, regulation=regulation, kind=kind, state__in=OPEN
        ).order_by("-report_count")[:20]
    )


def quarter_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of the quarter ``day`` falls in."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = dt.date(day.year, first_month, 1)
    end = (
        dt.date(day.year + 1, 1, 1) if first_month == 10 else dt.date(day.year, first_month + 3, 1)
    ) - dt.timedelta(days=1)
    return start, end


@dataclass
class RegulationRow:
    code: str
    name: str
    reports: int = 0
    signals: int = 0
    effects: dict[str, int] = field(default_factory=dict)
    states: dict[str, int] = field(default_factory=dict)


def quarterly_report(actor: Actor, *, start: dt.date, end: dt.date) -> list[RegulationRow]:
    """Per regulation: how often it was reported in the quarter, with which effect on citizens,
    and where its signals stand now. Aggregate queries only; programme staff."""
    if not insights_access.may_see_all_signals(actor):
        raise NotFoundOrForbidden()
    in_quarter = Q(created_at__date__gte=start, created_at__date__lte=end)
    reports = SignalReport.objects.filter(in_quarter)
    rows: dict[str, RegulationRow] = {}

    def row(code):
        if code not in rows:
            rows[code] = RegulationRow(code=code, name=regulations.label(code))
        return rows[code]

    for item in reports.values("signal__regulation", "effect").annotate(n=Count("pk")):
        r = row(item["signal__regulation"])
        r.reports += item["n"]
        r.effects[item["effect"]] = r.effects.get(item["effect"], 0) + item["n"]
    touched = Signal.objects.filter(reports__in=reports).distinct()
    for item in (
        Signal.objects.filter(pk__in=touched.values("pk"))
        .values("regulation", "state")
        .annotate(n=Count("pk"))
    ):
        r = row(item["regulation"])
        r.signals += item["n"]
        r.states[item["state"]] = item["n"]
    return sorted(rows.values(), key=lambda r: (-r.reports, r.name))


EFFECTS = list(Effect)
STATES = list(State)
