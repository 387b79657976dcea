"""Export of the directory as HSDS 3.0 JSON or one flat CSV (see the package docstring)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from uuid import UUID, uuid5

from eenloket.core import clock
from eenloket.directory import rules
from eenloket.directory.hsds.fields import (
    CSV_COLUMNS,
    HSDS_VERSION,
    LIFE_EVENTS_TAXONOMY_ID,
    NEEDS_TAXONOMY_ID,
)
from eenloket.directory.models import (
    ChangeRecord,
    ContactPoint,
    LifeEvent,
    Need,
    Organisation,
    Service,
)


def _text(value) -> str:
    return "" if value is None else str(value)


def _metadata(records: Iterable[ChangeRecord]) -> list[dict[str, Any]]:
    return [
        {
            "id": str(r.id),
            "resource_id": str(r.resource_id),
            "resource_type": r.resource_type,
            "last_action_date": r.last_action_date.date().isoformat(),
            "last_action_type": r.last_action_type,
            "field_name": r.field_name,
            "previous_value": r.previous_value,
            "replacement_value": r.replacement_value,
            # A public export names no worker: only whether a person or a job changed it.
            "updated_by": "eenloket job" if r.updated_by.startswith("system:") else "eenloket user",
        }
        for r in records
    ]


def _schedule(s, owner_key: str, owner_id) -> dict[str, Any]:
    return {
        "id": str(s.id),
        owner_key: str(owner_id),
        "freq": s.freq,
        "byday": s.byday,
        "opens_at": s.opens_at.strftime("%H:%M"),
        "closes_at": s.closes_at.strftime("%H:%M"),
        "description": s.description or "Europe/Amsterdam",
    }


def _organisation_json(o: Organisation, history) -> dict[str, Any]:
    identifiers = [
        {
            "id": str(i.id),
            "organization_id": str(o.id),
            "identifier_scheme": i.identifier_scheme,
            "identifier_type": i.identifier_type,
            "identifier": i.identifier,
        }
        for i in o.identifiers.all()
    ]
    if o.oin:
        identifiers.insert(
            0,
            {
                "id": str(o.id),
                "organization_id": str(o.id),
                "identifier_scheme": "NL-OIN",
                "identifier_type": "OIN",
                "identifier": o.oin,
            },
        )
    locations = []
    for loc in o.locations.all():
        item = {
            "id": str(loc.id),
            "organization_id": str(o.id),
            "location_type": loc.location_type,
            "name": loc.name,
            "description": loc.description,
            "addresses": [
                {
                    "id": str(a.id),
                    "location_id": str(loc.id),
                    "address_1": a.address_1,
                    "city": a.city,
                    "state_province": a.state_province,
                    "postal_code": a.postal_code,
                    "country": a.country,
                    "address_type": a.address_type,
                }
                for a in loc.addresses.all()
            ],
            "accessibility": [
                {"id": str(a.id), "location_id": str(loc.id), "description": a.description}
                for a in loc.accessibility.all()
            ],
            "schedules": [_schedule(s, "location_id", loc.id) for s in loc.schedules.all()],
        }
        if loc.url:
            item["url"] = loc.url
        locations.append(item)
    data: dict[str, Any] = {
        "id": str(o.id),
        "name": o.name,
        "alternate_name": o.alternate_name,
        "description": o.description,
        "organization_identifiers": identifiers,
        "phones": [
            {
                "id": str(p.id),
                "organization_id": str(o.id),
                "number": p.number,
                "type": p.type,
                "description": p.description,
            }
            for p in o.phones.all()
        ],
        "locations": locations,
        "metadata": _metadata(history.get(o.id, [])),
        "eenloket_key": o.key,
        "eenloket_kind": o.kind,
        "eenloket_oin": o.oin,
        "eenloket_description_en": o.description_en,
        "eenloket_municipality": o.municipality.code if o.municipality_id else "",
        "eenloket_source_url": o.source_url,
        "eenloket_checked_on": _text(o.checked_on),
    }
    if o.website:
        data["website"] = o.website
    if o.email:
        data["email"] = o.email
    return data


def _service_json(s: Service, history, needs_terms, life_event_terms) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": str(s.id),
        "organization_id": str(s.organisation_id),
        "name": s.name,
        "alternate_name": s.alternate_name,
        "description": s.description,
        "status": s.status,
        "application_process": s.application_process,
        "eligibility_description": s.eligibility_description,
        "fees_description": s.fees_description,
        "last_modified": s.updated_at.isoformat(),
        "service_areas": [
            {
                "id": str(a.id),
                "service_id": str(s.id),
                "name": a.name,
                "extent": a.extent,
                "extent_type": a.extent_type,
            }
            for a in s.service_areas.all()
        ],
        "service_at_locations": [
            {"id": str(sal.id), "service_id": str(s.id), "location_id": str(sal.location_id)}
            for sal in s.at_locations.all()
        ],
        "attributes": [
            *(
                {
                    "id": str(needs_terms[n.key]),
                    "link_id": str(s.id),
                    "link_type": "need",
                    "link_entity": "service",
                    "taxonomy_term_id": str(needs_terms[n.key]),
                    "value": n.key,
                }
                for n in s.needs.all()
            ),
            *(
                {
                    "id": str(life_event_terms[le.key]),
                    "link_id": str(s.id),
                    "link_type": "life_event",
                    "link_entity": "service",
                    "taxonomy_term_id": str(life_event_terms[le.key]),
                    "value": le.key,
                }
                for le in s.life_events.all()
            ),
        ],
        "metadata": _metadata(history.get(s.id, [])),
        "eenloket_key": s.key,
        "eenloket_name_en": s.name_en,
        "eenloket_description_en": s.description_en,
        "eenloket_application_process_en": s.application_process_en,
        "eenloket_eligibility_description_en": s.eligibility_description_en,
        "eenloket_keywords": s.keywords,
        "eenloket_life_events": sorted(le.key for le in s.life_events.all()),
        "eenloket_needs": sorted(n.key for n in s.needs.all()),
        "eenloket_areas": sorted(
            a.municipality.code for a in s.service_areas.all() if a.municipality
        ),
        "eenloket_source_url": s.source_url,
        "eenloket_checked_on": _text(s.checked_on),
    }
    for name in ("url", "email"):
        if getattr(s, name):
            data[name] = getattr(s, name)
    for name in ("minimum_age", "maximum_age"):
        if getattr(s, name) is not None:
            data[name] = getattr(s, name)
    if s.assured_date:
        data["assured_date"] = s.assured_date.isoformat()
    scheme = getattr(s, "scheme", None)
    if scheme is not None:
        for name in rules.SCHEME:
            value = getattr(scheme, name)
            data[f"eenloket_scheme_{name}"] = value if isinstance(value, bool) else _text(value)
    return data


def _term_ids(rows, namespace: UUID) -> dict[str, UUID]:
    return {row.key: uuid5(namespace, row.key) for row in rows}


class _TermIds(dict):
    """A term's id from its key (uuid5), computed when asked: no need to read every term."""

    def __init__(self, namespace: UUID):
        super().__init__()
        self.namespace = namespace

    def __missing__(self, key: str) -> UUID:
        self[key] = uuid5(self.namespace, key)
        return self[key]


def _public_services():
    return Service.objects.select_related("scheme", "organisation__municipality").prefetch_related(
        "needs",
        "life_events",
        "service_areas__municipality",
        "at_locations",
        "organisation__identifiers",
        "organisation__phones",
        "organisation__locations__addresses",
        "organisation__locations__accessibility",
        "organisation__locations__schedules",
    )


def _nested_services(services: list[Service]) -> list[dict[str, Any]]:
    """HSDS services, each with its organization nested (the API's shape; no direct lines)."""
    ids = {s.id for s in services} | {s.organisation_id for s in services}
    history: dict[UUID, list[ChangeRecord]] = {}
    for record in ChangeRecord.objects.filter(resource_id__in=ids):
        history.setdefault(record.resource_id, []).append(record)
    needs_terms = _TermIds(NEEDS_TAXONOMY_ID)
    life_event_terms = _TermIds(LIFE_EVENTS_TAXONOMY_ID)
    return [
        {
            **_service_json(s, history, needs_terms, life_event_terms),
            "organization": _organisation_json(s.organisation, history),
        }
        for s in services
    ]


def service_page(*, page: int, per_page: int, search: str = "") -> tuple[int, list[dict]]:
    """One page of services for the HSDS API (``/services``): (total_items, services).

    Public facts only: a service, its organisation's public phones and locations; the
    professional direct lines (``ContactPoint``) are never part of it."""
    rows = Service.objects.all()
    if search:
        rows = rows.filter(name__icontains=search)
    total = rows.count()
    start = (page - 1) * per_page
    if not total or start >= total:
        return total, []
    ordered = _public_services().filter(pk__in=rows.values("pk")).order_by("name", "id")
    services = list(ordered[start : start + per_page])
    return total, _nested_services(services)


def service_detail(service_id: UUID) -> dict[str, Any] | None:
    """One fully nested HSDS service (``/services/{id}``), or None."""
    services = list(_public_services().filter(pk=service_id))
    return _nested_services(services)[0] if services else None


def _direct_line_json(p: ContactPoint) -> dict[str, Any]:
    return {
        "id": str(p.id),
        "organization_id": str(p.team.organisation_id),
        "team": p.team.name,
        "name": p.name,
        "description": p.description,
        "phone": p.phone,
        "email": p.email,
        "topics": p.topics,
        "needs": sorted(n.key for n in p.needs.all()),
        "regions": sorted(m.code for m in p.regions.all()),
        "service_level_hours": p.service_level_hours,
        "capacity": p.capacity,
        "expected_wait_days": p.expected_wait_days,
        "schedules": [_schedule(s, "eenloket_direct_line_id", p.id) for s in p.schedules.all()],
    }


def export_data(*, include_direct_lines: bool = False) -> dict[str, Any]:
    """Return the directory as an HSDS 3.0 document (direct lines only when asked for)."""
    history: dict[UUID, list[ChangeRecord]] = {}
    for record in ChangeRecord.objects.filter(resource_type__in=["organisation", "service"]):
        history.setdefault(record.resource_id, []).append(record)
    needs = list(Need.objects.all())
    life_events = list(LifeEvent.objects.all())
    needs_terms = _term_ids(needs, NEEDS_TAXONOMY_ID)
    life_event_terms = _term_ids(life_events, LIFE_EVENTS_TAXONOMY_ID)
    organisations = Organisation.objects.select_related("municipality").prefetch_related(
        "identifiers",
        "phones",
        "locations__addresses",
        "locations__accessibility",
        "locations__schedules",
    )
    service_rows = Service.objects.select_related("scheme").prefetch_related(
        "needs", "life_events", "service_areas__municipality", "at_locations"
    )
    document: dict[str, Any] = {
        "hsds_version": HSDS_VERSION,
        "generator": "eenloket",
        "exported_at": clock.now().isoformat(),
        "organizations": [_organisation_json(o, history) for o in organisations],
        "services": [
            _service_json(s, history, needs_terms, life_event_terms) for s in service_rows
        ],
        "taxonomies": [
            {
                "id": str(NEEDS_TAXONOMY_ID),
                "name": "eenloket needs",
                "description": "What a person needs help with (eenloket vocabulary).",
            },
            {
                "id": str(LIFE_EVENTS_TAXONOMY_ID),
                "name": "eenloket life events",
                "description": "Life events of the Dutch government's life-event approach.",
            },
        ],
        "taxonomy_terms": [
            *(
                {
                    "id": str(needs_terms[n.key]),
                    "code": n.key,
                    "name": n.name,
                    "description": n.name_en,
                    "taxonomy_id": str(NEEDS_TAXONOMY_ID),
                    "language": "nl",
                }
                for n in needs
            ),
            *(
                {
                    "id": str(life_event_terms[le.key]),
                    "code": le.key,
                    "name": le.name,
                    "description": le.description or le.name_en,
                    "taxonomy_id": str(LIFE_EVENTS_TAXONOMY_ID),
                    "language": "nl",
                }
                for le in life_events
            ),
        ],
    }
    if include_direct_lines:
        points = ContactPoint.objects.select_related("team").prefetch_related(
            "needs", "regions", "schedules"
        )
        document["eenloket_direct_lines"] = [_direct_line_json(p) for p in points]
    return document


def _csv_value(value) -> str:
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return _text(value)


def export_csv(*, include_direct_lines: bool = False) -> str:
    document = export_data(include_direct_lines=include_direct_lines)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for o in document["organizations"]:
        writer.writerow({"record_type": "organization", **{k: _csv_value(v) for k, v in o.items()}})
    for s in document["services"]:
        writer.writerow({"record_type": "service", **{k: _csv_value(v) for k, v in s.items()}})
    for p in document.get("eenloket_direct_lines", []):
        writer.writerow(
            {
                "record_type": "direct_line",
                "id": p["id"],
                "organization_id": p["organization_id"],
                "name": p["name"],
                "description": p["description"],
                "email": p["email"],
                "eenloket_team": p["team"],
                "eenloket_phone": p["phone"],
                "eenloket_topics": p["topics"],
                "eenloket_service_level_hours": p["service_level_hours"],
                "eenloket_capacity": p["capacity"],
                "eenloket_expected_wait_days": _text(p["expected_wait_days"]),
                "eenloket_needs": ",".join(p["needs"]),
            }
        )
    return out.getvalue()


def export_file(path: str | Path, *, format: str, include_direct_lines: bool = False) -> int:
    """Write the export to ``path``; return the number of records written."""
    if format == "csv":
        text = export_csv(include_direct_lines=include_direct_lines)
        count = text.count("\n") - 1
    else:
        document = export_data(include_direct_lines=include_direct_lines)
        text = json.dumps(document, ensure_ascii=False, indent=1)
        count = len(document["organizations"]) + len(document["services"])
        count += len(document.get("eenloket_direct_lines", []))
    Path(path).write_text(text, encoding="utf-8")
    return count
