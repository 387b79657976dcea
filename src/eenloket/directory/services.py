"""Writes to the directory: the only way in.

Every function is ``<thing>_<verb>(*, ..., actor)``, runs in one transaction, checks that the
actor may change the directory (an application manager, or a system job such as the reference
loader), validates with the rules in rules.py, saves only changed fields, writes one history
row per changed field (HSDS metadata), and rewrites the search document of what changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from eenloket.access import capabilities
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.directory import history, indexing, purposes, rules
from eenloket.directory.models import (
    Accessibility,
    Address,
    CapacityStatus,
    ChangeRecord,
    ContactPoint,
    LifeEvent,
    LifeEventTask,
    Location,
    Municipality,
    Need,
    Organisation,
    OrganisationIdentifier,
    Phone,
    Schedule,
    Scheme,
    SearchDocument,
    SearchSynonym,
    SearchTerm,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Team,
)
from eenloket.directory.search import normalise, stem
from eenloket.directory.validation import clean_or_raise

CREATE, UPDATE = ChangeRecord.Action.CREATE, ChangeRecord.Action.UPDATE


def _require_maintainer(actor: Actor) -> None:
    if not capabilities.may_maintain_directory(actor):
        raise DomainError(_("Only application managers may change the directory."))


def _by_keys(model, keys: Sequence[str], *, label: str, attribute: str = "key") -> list[Model]:
    found = {
        getattr(row, attribute): row for row in model.objects.filter(**{f"{attribute}__in": keys})
    }
    missing = [key for key in keys if key not in found]
    if missing:
        raise DomainError(
            _("Unknown %(what)s: %(keys)s") % {"what": label, "keys": ", ".join(missing)}
        )
    return [found[key] for key in keys]


def _municipality(code: str | None) -> Municipality | None:
    if not code:
        return None
    return _by_keys(Municipality, [code], label=_("municipality"), attribute="code")[0]


def _apply(instance: Model, values: Mapping[str, Any], *, actor: Actor, created: bool) -> bool:
    """Set plain field values, save the changed ones, and record the history. Return whether
    anything changed."""
    changes = {}
    for name, value in values.items():
        if created:
            setattr(instance, name, value)
            if value not in ("", None, False):
                changes[name] = (None, value)
            continue
        before = getattr(instance, name)
        if before != value:
            changes[name] = (before, value)
            setattr(instance, name, value)
    if created:
        instance.save()
    elif changes:
        instance.updated_at = clock.now()
        instance.save(update_fields=[*changes, "updated_at"])
    if changes:
        history.record(
            resource=instance, action=CREATE if created else UPDATE, changes=changes, actor=actor
        )
    return bool(changes)


def _set_many(instance: Model, name: str, rows: Iterable[Model], *, actor: Actor) -> bool:
    """Replace a many-to-many field and record it as one field change."""
    manager = getattr(instance, name)
    before = sorted(history.as_text(row) for row in manager.all())
    rows = list(rows)
    after = sorted(history.as_text(row) for row in rows)
    if before == after:
        return False
    manager.set(rows)
    history.record(resource=instance, action=UPDATE, changes={name: (before, after)}, actor=actor)
    return True


# --- vocabularies ------------------------------------------------------------------------------


@transaction.atomic
def municipality_create(*, code: str, name: str, actor: Actor) -> Municipality:
    """Add a municipality by its CBS code; adding an existing code updates its name."""
    _require_maintainer(actor)
    cleaned = clean_or_raise(
        {
            "code": rules.Rule("code", required=True, label=_("Municipality")),
            "name": rules.Rule("text", required=True, max_length=200, label=_("Name")),
        },
        {"code": code, "name": name},
    )
    municipality = Municipality.objects.filter(code=cleaned["code"]).first()
    created = municipality is None
    municipality = municipality or Municipality(code=cleaned["code"])
    _apply(municipality, {"name": cleaned["name"]}, actor=actor, created=created)
    return municipality


@transaction.atomic
def life_event_save(*, actor: Actor, **fields) -> LifeEvent:
    """Add a life event, or change the one with the same key."""
    _require_maintainer(actor)
    cleaned = clean_or_raise(rules.LIFE_EVENT, fields)
    life_event = LifeEvent.objects.select_for_update().filter(key=cleaned["key"]).first()
    created = life_event is None
    life_event = life_event or LifeEvent()
    _apply(life_event, cleaned, actor=actor, created=created)
    return life_event


@transaction.atomic
def need_save(*, actor: Actor, **fields) -> Need:
    """Add a need, or change the one with the same key."""
    _require_maintainer(actor)
    cleaned = clean_or_raise(rules.NEED, fields)
    need = Need.objects.select_for_update().filter(key=cleaned["key"]).first()
    created = need is None
    need = need or Need()
    _apply(need, cleaned, actor=actor, created=created)
    return need


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


# --- services and schemes ----------------------------------------------------------------------

RELATIONS = ("life_events", "needs", "areas")


def _check_ages(service: Service, cleaned: Mapping[str, Any]) -> None:
    low = cleaned.get("minimum_age", service.minimum_age)
    high = cleaned.get("maximum_age", service.maximum_age)
    if low is not None and high is not None and low > high:
        raise DomainError(_("The minimum age is above the maximum age."), field="minimum_age")


def _check_service_key(key: str, *, exclude) -> None:
    if key and Service.objects.filter(key=key).exclude(pk=exclude).exists():
        raise DomainError(_("Another service already has this key."), field="key")


def _service_relations(service: Service, relations: Mapping[str, Any], *, actor: Actor) -> bool:
    changed = False
    if "life_events" in relations:
        rows = _by_keys(LifeEvent, relations["life_events"], label=_("life event"))
        changed |= _set_many(service, "life_events", rows, actor=actor)
    if "needs" in relations:
        rows = _by_keys(Need, relations["needs"], label=_("need"))
        changed |= _set_many(service, "needs", rows, actor=actor)
    if "areas" in relations:
        wanted = _by_keys(
            Municipality, relations["areas"], label=_("municipality"), attribute="code"
        )
        before = sorted(
            a.municipality.code
            for a in service.service_areas.select_related("municipality")
            if a.municipality
        )
        after = sorted(m.code for m in wanted)
        if before != after:
            service.service_areas.all().delete()
            ServiceArea.objects.bulk_create(
                [
                    ServiceArea(
                        service=service,
                        municipality=m,
                        name=m.name,
                        extent_type="cbs_municipality",
                        extent=m.code,
                    )
                    for m in wanted
                ]
            )
            history.record(
                resource=service,
                action=UPDATE,
                changes={"service_areas": (before, after)},
                actor=actor,
            )
            changed = True
    return changed


def _split_fields(fields: Mapping[str, Any]) -> tuple[dict, dict, dict]:
    service = {k: v for k, v in fields.items() if k in rules.SERVICE and k not in RELATIONS}
    relations = {k: v for k, v in fields.items() if k in RELATIONS}
    scheme = {k: v for k, v in fields.items() if k in rules.SCHEME}
    unknown = set(fields) - set(service) - set(relations) - set(scheme)
    if unknown:
        raise DomainError(_("Unknown field: %s") % ", ".join(sorted(unknown)))
    return service, relations, scheme


def _check_term(values: Mapping[str, Any]) -> None:
    term, unit = values.get("decision_term"), values.get("decision_term_unit") or ""
    if (term is None) != (unit == ""):
        raise DomainError(
            str(rules.TERM_NEEDS_UNIT),
            field="decision_term",
        )


@transaction.atomic
def service_create(*, organisation: Organisation, name: str, actor: Actor, **fields) -> Service:
    """Add a service (HSDS service) of an organisation."""
    _require_maintainer(actor)
    service_fields, relations, scheme_fields = _split_fields(fields)
    if scheme_fields:
        raise DomainError(_("Use scheme_create for a scheme."))
    cleaned = clean_or_raise(rules.SERVICE, {"name": name, **service_fields, **relations})
    return _service_create(organisation, cleaned, actor=actor)


def _service_create(organisation, cleaned, *, actor, index=True) -> Service:
    relations = {k: cleaned.pop(k) for k in RELATIONS if k in cleaned}
    service = Service(organisation=organisation)
    _check_ages(service, cleaned)
    _check_service_key(cleaned.get("key", ""), exclude=None)
    cleaned.setdefault("status", Service.Status.ACTIVE)
    if not cleaned["status"]:
        cleaned["status"] = Service.Status.ACTIVE
    _apply(service, {"organisation": organisation, **cleaned}, actor=actor, created=True)
    _service_relations(service, relations, actor=actor)
    if index:
        indexing.index_service(service)
    return service


@transaction.atomic
def service_update(*, service: Service, actor: Actor, **changes) -> Service:
    """Change a service's fields (and its life events, needs and areas when given)."""
    _require_maintainer(actor)
    service_fields, relations, scheme_fields = _split_fields(changes)
    if scheme_fields and not hasattr(service, "scheme"):
        raise DomainError(_("This service is not a scheme."))
    cleaned = clean_or_raise(rules.SERVICE, {**service_fields, **relations}, partial=True)
    scheme_cleaned = clean_or_raise(rules.SCHEME, scheme_fields, partial=True)
    service = Service.objects.select_for_update().get(pk=service.pk)
    for name, label in (("name", _("Name")), ("status", _("Status"))):
        if name in cleaned and not cleaned[name]:
            raise DomainError(_("%(field)s is required.") % {"field": label}, field=name)
    _check_ages(service, cleaned)
    _check_service_key(cleaned.get("key", ""), exclude=service.pk)
    relations = {k: cleaned.pop(k) for k in RELATIONS if k in cleaned}
    changed = _apply(service, cleaned, actor=actor, created=False)
    changed |= _service_relations(service, relations, actor=actor)
    if scheme_cleaned:
        scheme = Scheme.objects.select_for_update().get(service=service)
        _check_term(
            {
                "decision_term": scheme_cleaned.get("decision_term", scheme.decision_term),
                "decision_term_unit": scheme_cleaned.get(
                    "decision_term_unit", scheme.decision_term_unit
                ),
            }
        )
        if "gives" in scheme_cleaned and not scheme_cleaned["gives"]:
            raise DomainError(_("%(field)s is required.") % {"field": _("What it gives")})
        changed |= _apply(scheme, scheme_cleaned, actor=actor, created=False)
    if changed:
        indexing.index_service(service)
    return service


@transaction.atomic
def scheme_create(
    *, organisation: Organisation, name: str, gives: str, actor: Actor, **fields
) -> Scheme:
    """Add a scheme: a service with what it gives, for whom, how to apply and its decision term."""
    _require_maintainer(actor)
    service_fields, relations, scheme_fields = _split_fields(fields)
    cleaned = clean_or_raise(rules.SERVICE, {"name": name, **service_fields, **relations})
    scheme_cleaned = clean_or_raise(rules.SCHEME, {"gives": gives, **scheme_fields})
    _check_term(scheme_cleaned)
    service = _service_create(organisation, cleaned, actor=actor, index=False)
    scheme = Scheme(service=service)
    _apply(scheme, {"service": service, **scheme_cleaned}, actor=actor, created=True)
    indexing.index_service(service)
    return scheme


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


# --- life events: what usually needs arranging --------------------------------------------------


@transaction.atomic
def life_event_task_save(*, life_event: LifeEvent, actor: Actor, **fields) -> LifeEventTask:
    """Add or change (by position) one thing that usually needs arranging after a life event."""
    _require_maintainer(actor)
    cleaned = clean_or_raise(rules.LIFE_EVENT_TASK, fields)
    cleaned["organisation"] = _by_keys(
        Organisation, [cleaned["organisation"]], label=_("organisation")
    )[0]
    if cleaned.get("scheme"):
        service = _by_keys(Service, [cleaned["scheme"]], label=_("scheme"))[0]
        scheme = Scheme.objects.filter(service=service).first()
        if scheme is None:
            raise DomainError(_("Only schemes can be linked to a life event."))
        cleaned["scheme"] = scheme
    else:
        cleaned["scheme"] = None
    task = LifeEventTask.objects.filter(life_event=life_event, position=cleaned["position"]).first()
    created = task is None
    task = task or LifeEventTask(life_event=life_event)
    _apply(task, {"life_event": life_event, **cleaned}, actor=actor, created=created)
    return task


# --- search: synonyms and the index ------------------------------------------------------------


@transaction.atomic
def synonym_save(*, term: str, expansions: str, note: str = "", actor: Actor) -> SearchSynonym:
    """Let a word or phrase also find other words ("bijstand" → "participatiewet
    levensonderhoud"). The phrase is kept normalised: lower case, no accents."""
    _require_maintainer(actor)
    cleaned = clean_or_raise(rules.SYNONYM, {"term": term, "expansions": expansions, "note": note})
    cleaned["term"] = normalise(cleaned["term"])
    if not cleaned["term"]:
        raise DomainError(
            _("A synonym needs a word or phrase with letters or digits."), field="term"
        )
    if not normalise(cleaned["expansions"]):
        raise DomainError(_("Give the words to search for as well."), field="expansions")
    cleaned["stemmed"] = " ".join(stem(w) for w in cleaned["term"].split())
    synonym = SearchSynonym.objects.filter(term=cleaned["term"]).first()
    created = synonym is None
    synonym = synonym or SearchSynonym()
    _apply(synonym, cleaned, actor=actor, created=created)
    return synonym


@transaction.atomic
def synonym_delete(*, synonym: SearchSynonym, actor: Actor) -> None:
    """Remove a synonym (the history keeps what it was)."""
    _require_maintainer(actor)
    history.record_delete(resource=synonym, fields=["term", "expansions"], actor=actor)
    synonym.delete()


@transaction.atomic
def search_reindex(*, actor: Actor) -> int:
    """Rebuild the whole search index; return the number of documents."""
    _require_maintainer(actor)
    SearchDocument.objects.all().delete()
    SearchTerm.objects.all().delete()
    for organisation in Organisation.objects.all():
        indexing.index_organisation(organisation)
    for service in Service.objects.all():
        indexing.index_service(service)
    for point in ContactPoint.objects.all():
        indexing.index_contact_point(point)
    return SearchDocument.objects.count()
