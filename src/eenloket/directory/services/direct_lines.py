"""Writes to direct lines (private contact points between professionals), and their capacity."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from eenloket.access import capabilities
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.directory import indexing, rules
from eenloket.directory.models import (
    CapacityStatus,
    ContactPoint,
    LineVisibility,
    Municipality,
    Need,
    Organisation,
    Scheme,
    Service,
    Team,
)
from eenloket.directory.services._common import _apply, _by_keys, _require_maintainer, _set_many
from eenloket.directory.services.organisations import _schedules_replace
from eenloket.directory.validation import clean_or_raise

# --- direct lines ------------------------------------------------------------------------------


def _contact_point_relations(
    point: ContactPoint, relations: Mapping[str, Any], *, actor: Actor
) -> None:
    if "needs" in relations:
        _set_many(point, "needs", _by_keys(Need, relations["needs"], label=_("need")), actor=actor)
    if "schemes" in relations:
        services = _by_keys(Service, relations["schemes"], label=_("scheme"))
        schemes = list(Scheme.objects.filter(service__in=services))
        if len(schemes) != len(services):
            raise DomainError(_("Only schemes can be linked to a direct line."))
        _set_many(point, "schemes", schemes, actor=actor)
    if "regions" in relations:
        rows = _by_keys(
            Municipality, relations["regions"], label=_("municipality"), attribute="code"
        )
        _set_many(point, "regions", rows, actor=actor)


def _check_capacity(capacity: str, wait: int | None) -> None:
    if capacity == CapacityStatus.WAITING_LIST and wait is None:
        raise DomainError(
            _("With a waiting list, give the expected wait in days."), field="expected_wait_days"
        )


CONTACT_POINT_RELATIONS = ("needs", "schemes", "regions")


@transaction.atomic
def contact_point_create(
    *,
    team: Team,
    name: str,
    service_level_hours: int,
    actor: Actor,
    coordinator=None,
    schedules: Sequence[Mapping[str, Any]] = (),
    **fields,
) -> ContactPoint:
    """Add a team's direct line for professionals. It needs a phone number or an e-mail
    address, and a service level: the working hours within which a handover gets an answer."""
    _require_maintainer(actor)
    cleaned = clean_or_raise(
        rules.CONTACT_POINT, {"name": name, "service_level_hours": service_level_hours, **fields}
    )
    if not cleaned.get("phone") and not cleaned.get("email"):
        raise DomainError(_("A direct line needs a phone number or an e-mail address."))
    cleaned.setdefault("capacity", CapacityStatus.OPEN)
    cleaned["capacity"] = cleaned["capacity"] or CapacityStatus.OPEN
    _check_capacity(cleaned["capacity"], cleaned.get("expected_wait_days"))
    if ContactPoint.objects.filter(team=team, name=cleaned["name"]).exists():
        raise DomainError(_("This team already has a direct line with this name."), field="name")
    relations = {k: cleaned.pop(k) for k in CONTACT_POINT_RELATIONS if k in cleaned}
    point = ContactPoint(team=team)
    _apply(point, {"team": team, "coordinator": coordinator, **cleaned}, actor=actor, created=True)
    _contact_point_relations(point, relations, actor=actor)
    _schedules_replace(owner_field="contact_point", owner=point, schedules=schedules, actor=actor)
    indexing.index_contact_point(point)
    return point


@transaction.atomic
def contact_point_update(
    *,
    contact_point: ContactPoint,
    actor: Actor,
    schedules: Sequence[Mapping[str, Any]] | None = None,
    **changes,
) -> ContactPoint:
    """Change a direct line; only the fields given change."""
    _require_maintainer(actor)
    coordinator_given = "coordinator" in changes
    coordinator = changes.pop("coordinator", None)
    cleaned = clean_or_raise(rules.CONTACT_POINT, changes, partial=True)
    point = ContactPoint.objects.select_for_update().get(pk=contact_point.pk)
    for name, label in (("name", _("Name")), ("capacity", _("Capacity"))):
        if name in cleaned and not cleaned[name]:
            raise DomainError(_("%(field)s is required.") % {"field": label}, field=name)
    phone = cleaned.get("phone", point.phone)
    email = cleaned.get("email", point.email)
    if not phone and not email:
        raise DomainError(_("A direct line needs a phone number or an e-mail address."))
    _check_capacity(
        cleaned.get("capacity", point.capacity),
        cleaned.get("expected_wait_days", point.expected_wait_days),
    )
    relations = {k: cleaned.pop(k) for k in CONTACT_POINT_RELATIONS if k in cleaned}
    if coordinator_given:
        cleaned["coordinator"] = coordinator
    _apply(point, cleaned, actor=actor, created=False)
    _contact_point_relations(point, relations, actor=actor)
    if schedules is not None:
        _schedules_replace(
            owner_field="contact_point", owner=point, schedules=schedules, actor=actor
        )
    indexing.index_contact_point(point)
    return point


@transaction.atomic
def contact_point_set_capacity(
    *,
    contact_point: ContactPoint,
    capacity: str,
    expected_wait_days: int | None = None,
    note: str = "",
    actor: Actor,
) -> ContactPoint:
    """Say whether a direct line takes new handovers: open, a waiting list (with the expected
    wait in days) or temporarily closed. Also allowed for the line's coordinator."""
    if not capabilities.may_set_line_capacity(actor, contact_point):
        raise DomainError(
            _("Only application managers or the line's coordinator may change its capacity.")
        )
    cleaned = clean_or_raise(
        {k: rules.CONTACT_POINT[k] for k in ("capacity", "expected_wait_days", "capacity_note")},
        {"capacity": capacity, "expected_wait_days": expected_wait_days, "capacity_note": note},
    )
    if not cleaned["capacity"]:
        raise DomainError(_("%(field)s is required.") % {"field": _("Capacity")}, field="capacity")
    _check_capacity(cleaned["capacity"], cleaned["expected_wait_days"])
    if cleaned["capacity"] != CapacityStatus.WAITING_LIST:
        cleaned["expected_wait_days"] = None
    point = ContactPoint.objects.select_for_update().get(pk=contact_point.pk)
    _apply(point, cleaned, actor=actor, created=False)
    return point


@transaction.atomic
def contact_point_set_visibility(
    *,
    contact_point: ContactPoint,
    visibility: str,
    organisations: Sequence[Organisation] = (),
    teams: Sequence[Team] = (),
    actor: Actor,
) -> ContactPoint:
    """Say who may see a direct line besides its own organisation (decision 0053): every loket
    worker, or besides its own organisation only the organisations named, or only the teams
    named (naming none keeps the line within its own organisation). The list that does not
    apply is emptied. Existing handovers to the line stay where they are; from now on only
    those who see it can find, open or choose it."""
    _require_maintainer(actor)
    if visibility not in LineVisibility.values:
        raise DomainError(_("Choose who may see the direct line."), field="visibility")
    organisations = list(organisations) if visibility == LineVisibility.ORGANISATIONS else []
    teams = list(teams) if visibility == LineVisibility.TEAMS else []
    point = ContactPoint.objects.select_for_update().get(pk=contact_point.pk)
    _apply(point, {"visibility": visibility}, actor=actor, created=False)
    _set_many(point, "visible_to_organisations", organisations, actor=actor)
    _set_many(point, "visible_to_teams", teams, actor=actor)
    return point
