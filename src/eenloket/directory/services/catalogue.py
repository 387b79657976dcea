"""Writes to what organisations offer: services (HSDS 3.0) and the schemes behind them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.directory import history, indexing, rules
from eenloket.directory.models import (
    LifeEvent,
    Municipality,
    Need,
    Organisation,
    Scheme,
    Service,
    ServiceArea,
)
from eenloket.directory.services._common import (
    UPDATE,
    _apply,
    _by_keys,
    _require_maintainer,
    _set_many,
)
from eenloket.directory.validation import clean_or_raise

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
