"""Writes to organisations, their identifiers and teams, their locations (with opening hours)
and phone numbers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.directory import history, indexing, purposes, rules
from eenloket.directory.models import (
    Accessibility,
    Address,
    Location,
    Organisation,
    OrganisationIdentifier,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    Team,
)
from eenloket.directory.services._common import (
    UPDATE,
    _apply,
    _by_keys,
    _municipality,
    _require_maintainer,
)
from eenloket.directory.validation import clean_or_raise

# --- organisations -----------------------------------------------------------------------------


def _organisation_values(cleaned: dict[str, Any]) -> dict[str, Any]:
    values = dict(cleaned)
    if "municipality" in values:
        values["municipality"] = _municipality(values["municipality"])
    return values


@transaction.atomic
def organisation_create(
    *, name: str, kind: str, oin: str = "", actor: Actor, **fields
) -> Organisation:
    """Add an organisation. The OIN, when given, is 20 digits and unique; so is the key."""
    _require_maintainer(actor)
    cleaned = clean_or_raise(rules.ORGANISATION, {"name": name, "kind": kind, "oin": oin, **fields})
    if Organisation.objects.filter(name=cleaned["name"]).exists():
        raise DomainError(_("An organisation with this name already exists."), field="name")
    _check_organisation_unique(cleaned, exclude=None)
    organisation = Organisation()
    _apply(organisation, _organisation_values(cleaned), actor=actor, created=True)
    indexing.index_organisation(organisation)
    return organisation


def _check_organisation_unique(cleaned, *, exclude) -> None:
    others = Organisation.objects.exclude(pk=exclude) if exclude else Organisation.objects.all()
    if cleaned.get("oin") and others.filter(oin=cleaned["oin"]).exists():
        raise DomainError(_("Another organisation already has this OIN."), field="oin")
    if cleaned.get("key") and others.filter(key=cleaned["key"]).exists():
        raise DomainError(_("Another organisation already has this key."), field="key")
    if cleaned.get("name") and exclude and others.filter(name=cleaned["name"]).exists():
        raise DomainError(_("An organisation with this name already exists."), field="name")


@transaction.atomic
def organisation_update(*, organisation: Organisation, actor: Actor, **changes) -> Organisation:
    """Change an organisation's fields; only the fields given change."""
    _require_maintainer(actor)
    cleaned = clean_or_raise(rules.ORGANISATION, changes, partial=True)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    _check_organisation_unique(cleaned, exclude=organisation.pk)
    if _apply(organisation, _organisation_values(cleaned), actor=actor, created=False):
        indexing.index_organisation(organisation)
        for service in organisation.services.all():
            indexing.index_service(service)
    return organisation


@transaction.atomic
def organisation_identifier_set(
    *,
    organisation: Organisation,
    identifier_type: str,
    identifier: str,
    actor: Actor,
    identifier_scheme: str = "",
) -> OrganisationIdentifier:
    """Give an organisation an identifier (KVK, RSIN…); one per type, unique per register."""
    _require_maintainer(actor)
    cleaned = clean_or_raise(
        rules.IDENTIFIER,
        {
            "identifier_type": identifier_type,
            "identifier": identifier,
            "identifier_scheme": identifier_scheme,
        },
    )
    if cleaned["identifier_type"] == OrganisationIdentifier.Type.KVK and not (
        cleaned["identifier"].isdigit() and len(cleaned["identifier"]) == 8
    ):
        raise DomainError(_("A KVK number has exactly 8 digits."), field="identifier")
    taken = OrganisationIdentifier.objects.filter(
        identifier_type=cleaned["identifier_type"], identifier=cleaned["identifier"]
    ).exclude(organisation=organisation)
    if taken.exists():
        raise DomainError(_("Another organisation already has this identifier."))
    row = OrganisationIdentifier.objects.filter(
        organisation=organisation, identifier_type=cleaned["identifier_type"]
    ).first()
    created = row is None
    row = row or OrganisationIdentifier(organisation=organisation)
    _apply(row, cleaned, actor=actor, created=created)
    return row


@transaction.atomic
def team_create(
    *, organisation: Organisation, name: str, purpose: str = purposes.INTAKE, actor: Actor
) -> Team:
    """Add a team to an organisation, working for ``purpose`` (directory/purposes.py): the task
    that bounds what the team sees of a case (decision 0039)."""
    _require_maintainer(actor)
    name = name.strip()
    if not name:
        raise DomainError(_("A team needs a name."), field="name")
    if purpose not in purposes.PURPOSES:
        raise DomainError(_("Choose the team's purpose."), field="purpose")
    if Team.objects.filter(organisation=organisation, name=name).exists():
        raise DomainError(_("This organisation already has a team with this name."), field="name")
    team = Team(organisation=organisation)
    _apply(team, {"name": name, "purpose": purpose}, actor=actor, created=True)
    return team


@transaction.atomic
def team_update(*, team: Team, name: str, actor: Actor) -> Team:
    """Rename a team; the name stays unique within its organisation."""
    _require_maintainer(actor)
    name = name.strip()
    if not name:
        raise DomainError(_("A team needs a name."), field="name")
    team = Team.objects.select_for_update().get(pk=team.pk)
    others = Team.objects.filter(organisation_id=team.organisation_id, name=name)
    if others.exclude(pk=team.pk).exists():
        raise DomainError(_("This organisation already has a team with this name."), field="name")
    if _apply(team, {"name": name}, actor=actor, created=False):
        for point in team.contact_points.all():
            indexing.index_contact_point(point)
    return team


# --- locations, phones and opening hours -------------------------------------------------------


def _schedules_replace(
    *, owner_field: str, owner: Model, schedules: Sequence[Mapping], actor: Actor
) -> bool:
    cleaned_rows = []
    for row in schedules:
        cleaned = clean_or_raise(rules.SCHEDULE, row)
        if cleaned["opens_at"] >= cleaned["closes_at"]:
            raise DomainError(_("Opening time must be before closing time."), field="closes_at")
        cleaned_rows.append(cleaned)
    existing = Schedule.objects.filter(**{owner_field: owner})
    before = sorted(f"{s.byday} {s.opens_at:%H:%M}-{s.closes_at:%H:%M}" for s in existing)
    after = sorted(
        f"{r['byday']} {r['opens_at']:%H:%M}-{r['closes_at']:%H:%M}" for r in cleaned_rows
    )
    if before == after:
        return False
    existing.delete()
    Schedule.objects.bulk_create([Schedule(**{owner_field: owner}, **r) for r in cleaned_rows])
    history.record(
        resource=owner, action=UPDATE, changes={"schedules": (before, after)}, actor=actor
    )
    return True


@transaction.atomic
def location_save(
    *,
    organisation: Organisation,
    actor: Actor,
    address: Mapping[str, Any] | None = None,
    accessibility: Sequence[Mapping[str, str]] | None = None,
    schedules: Sequence[Mapping[str, Any]] | None = None,
    services: Sequence[str] | None = None,
    **fields,
) -> Location:
    """Add or change an organisation's location (found by name): a walk-in desk with its
    address, opening hours and accessibility, a postal address, or a website.

    A physical or postal location needs an address; a virtual one a web address.
    """
    _require_maintainer(actor)
    cleaned = clean_or_raise(rules.LOCATION, fields)
    if cleaned["location_type"] == Location.Type.VIRTUAL and not cleaned.get("url"):
        raise DomainError(_("An online location needs a web address."), field="url")
    if cleaned["location_type"] != Location.Type.VIRTUAL and address is None:
        raise DomainError(_("A desk or postal location needs an address."), field="address")
    address_cleaned = clean_or_raise(rules.ADDRESS, address) if address is not None else None
    cleaned["municipality"] = _municipality(cleaned.get("municipality"))
    location = Location.objects.filter(organisation=organisation, name=cleaned["name"]).first()
    created = location is None
    location = location or Location(organisation=organisation)
    _apply(location, {"organisation": organisation, **cleaned}, actor=actor, created=created)
    if address_cleaned is not None:
        address_cleaned.setdefault("address_type", cleaned["location_type"])
        address_cleaned["address_type"] = (
            address_cleaned["address_type"] or cleaned["location_type"]
        )
        row = location.addresses.first()
        _apply(
            row or Address(location=location),
            {"location": location, **address_cleaned},
            actor=actor,
            created=row is None,
        )
    if accessibility is not None:
        before = sorted(a.description for a in location.accessibility.all())
        after = sorted(a["description"].strip() for a in accessibility)
        if before != after:
            location.accessibility.all().delete()
            Accessibility.objects.bulk_create(
                [
                    Accessibility(
                        location=location,
                        description=a["description"].strip(),
                        description_en=a.get("description_en", "").strip(),
                    )
                    for a in accessibility
                    if a.get("description", "").strip()
                ]
            )
            history.record(
                resource=location,
                action=UPDATE,
                changes={"accessibility": (before, after)},
                actor=actor,
            )
    if schedules is not None:
        _schedules_replace(owner_field="location", owner=location, schedules=schedules, actor=actor)
    if services is not None:
        wanted = _by_keys(Service, list(services), label=_("service"))
        for service in wanted:
            ServiceAtLocation.objects.get_or_create(service=service, location=location)
    return location


@transaction.atomic
def phone_save(*, organisation: Organisation, number: str, actor: Actor, **fields) -> Phone:
    """Add a public phone number of an organisation, or change the one with the same number."""
    _require_maintainer(actor)
    cleaned = clean_or_raise(rules.PHONE, {"number": number, **fields})
    phone = Phone.objects.filter(organisation=organisation, number=cleaned["number"]).first()
    created = phone is None
    phone = phone or Phone(organisation=organisation)
    _apply(phone, {"organisation": organisation, **cleaned}, actor=actor, created=created)
    return phone
