"""Import and export of the directory as Open Referral HSDS 3.0 (JSON) and as one flat CSV.

JSON: ``{"hsds_version": "3.0", "organizations": [...], "services": [...], ...}``, where each
organization and service is an HSDS 3.0 object (validated against the standard's schemas in
the tests). What HSDS has no field for travels in properties starting with ``eenloket_``
(a scheme's decision term, life events, needs, the source of a fact).

CSV: one file, one row per record, a ``record_type`` column (organization, service or
direct_line) and the HSDS field names as columns (docs/directory.md lists them).

An import reads and checks the whole file first and reports every bad record with its line
and the reason; only a file without any error is applied, in one transaction, through the
services. Direct lines leave only with ``include_direct_lines`` and are never imported.
"""

from __future__ import annotations

import bisect
import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from uuid import UUID, uuid5

from django.db import transaction
from django.utils.translation import gettext as _

from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.directory import rules, services
from eenloket.directory.models import (
    ChangeRecord,
    ContactPoint,
    LifeEvent,
    Municipality,
    Need,
    Organisation,
    Service,
)
from eenloket.directory.validation import clean

HSDS_VERSION = "3.0"
NEEDS_TAXONOMY_ID = UUID("0190f5a0-0000-7000-8000-00000000e001")
LIFE_EVENTS_TAXONOMY_ID = UUID("0190f5a0-0000-7000-8000-00000000e002")

# HSDS field (or eenloket_ extension) → our field, per record type.
ORGANISATION_FIELDS = {
    "name": "name",
    "alternate_name": "alternate_name",
    "description": "description",
    "website": "website",
    "email": "email",
    "eenloket_key": "key",
    "eenloket_kind": "kind",
    "eenloket_oin": "oin",
    "eenloket_description_en": "description_en",
    "eenloket_municipality": "municipality",
    "eenloket_source_url": "source_url",
    "eenloket_checked_on": "checked_on",
}
SERVICE_FIELDS = {
    "name": "name",
    "alternate_name": "alternate_name",
    "description": "description",
    "url": "url",
    "email": "email",
    "status": "status",
    "application_process": "application_process",
    "eligibility_description": "eligibility_description",
    "minimum_age": "minimum_age",
    "maximum_age": "maximum_age",
    "fees_description": "fees_description",
    "assured_date": "assured_date",
    "eenloket_key": "key",
    "eenloket_name_en": "name_en",
    "eenloket_description_en": "description_en",
    "eenloket_application_process_en": "application_process_en",
    "eenloket_eligibility_description_en": "eligibility_description_en",
    "eenloket_keywords": "keywords",
    "eenloket_life_events": "life_events",
    "eenloket_needs": "needs",
    "eenloket_areas": "areas",
    "eenloket_source_url": "source_url",
    "eenloket_checked_on": "checked_on",
}
SCHEME_FIELDS = {f"eenloket_scheme_{name}": name for name in rules.SCHEME}
# Fields HSDS defines that we accept and ignore on import (exports do not write them).
IGNORED = {
    "id",
    "organization_id",
    "organization_identifiers",
    "phones",
    "locations",
    "contacts",
    "metadata",
    "attributes",
    "schedules",
    "service_areas",
    "service_at_locations",
    "organization",
    "languages",
    "funding",
    "programs",
    "program",
    "program_id",
    "cost_options",
    "required_documents",
    "last_modified",
    "record_type",
    "eenloket_scheme",
}
CSV_COLUMNS = [
    "record_type",
    "id",
    "organization_id",
    *dict.fromkeys([*ORGANISATION_FIELDS, *SERVICE_FIELDS, *SCHEME_FIELDS]),
    "eenloket_team",
    "eenloket_phone",
    "eenloket_topics",
    "eenloket_service_level_hours",
    "eenloket_capacity",
    "eenloket_expected_wait_days",
]


# ---------------------------------------------------------------------------------------------
# Export


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
            "updated_by": r.updated_by,
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


# ---------------------------------------------------------------------------------------------
# Import


@dataclass
class Problem:
    line: int
    record: str
    reason: str

    def __str__(self):
        return _("line %(line)s (%(record)s): %(reason)s") % {
            "line": self.line,
            "record": self.record,
            "reason": self.reason,
        }


class ImportRefused(Exception):
    """The file has errors; nothing was changed."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(self.report())

    def report(self) -> str:
        head = _("Nothing was imported: the file has %(count)s error(s).") % {
            "count": len(self.problems)
        }
        return "\n".join([head, *(f"  {p}" for p in self.problems)])


@dataclass
class Record:
    kind: str  # organization, service
    line: int
    ref: str  # the id in the file
    organisation_ref: str
    values: dict[str, Any]
    scheme: dict[str, Any] = field(default_factory=dict)
    label: str = ""


@dataclass
class ImportResult:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def describe(self) -> str:
        parts = [f"{n} {kind} created" for kind, n in self.created.items()]
        parts += [f"{n} {kind} updated" for kind, n in self.updated.items()]
        return "Imported: " + (", ".join(parts) if parts else "nothing changed") + "."


def _line_index(text: str):
    newlines = [i for i, ch in enumerate(text) if ch == "\n"]
    return lambda position: bisect.bisect_right(newlines, position - 1) + 1


def _skip(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t\r\n":
        i += 1
    return i


def _element_lines(text: str) -> dict[str, list[int]]:
    """Return, for each top-level array, the line on which each element starts.

    Call only on text that is valid JSON with an object at the top.
    """
    decoder = json.JSONDecoder()
    line_of = _line_index(text)
    result: dict[str, list[int]] = {}
    i = _skip(text, 0) + 1
    while True:
        i = _skip(text, i)
        if text[i] == "}":
            return result
        key, i = decoder.raw_decode(text, i)
        i = _skip(text, _skip(text, i) + 1)  # past the colon
        if text[i] == "[":
            lines = []
            i += 1
            while True:
                i = _skip(text, i)
                if text[i] == "]":
                    i += 1
                    break
                lines.append(line_of(i))
                _value, i = decoder.raw_decode(text, i)
                i = _skip(text, i)
                if text[i] == ",":
                    i += 1
            result[key] = lines
        else:
            _value, i = decoder.raw_decode(text, i)
        i = _skip(text, i)
        if text[i] == ",":
            i += 1


def _records_from_json(text: str, problems: list[Problem]) -> list[Record]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        problems.append(
            Problem(error.lineno, _("file"), _("this is not valid JSON: %s") % error.msg)
        )
        return []
    if not isinstance(document, dict):
        problems.append(Problem(1, _("file"), _("the file must hold one JSON object")))
        return []
    lines = _element_lines(text)
    if "eenloket_direct_lines" in document:
        problems.append(
            Problem(
                lines.get("eenloket_direct_lines", [1])[0]
                if lines.get("eenloket_direct_lines")
                else 1,
                "eenloket_direct_lines",
                _("direct lines are not imported from files; remove them from the file"),
            )
        )
    if not isinstance(document.get("organizations", []), list) or not isinstance(
        document.get("services", []), list
    ):
        problems.append(Problem(1, _("file"), _("organizations and services must be lists")))
        return []
    if not document.get("organizations") and not document.get("services"):
        problems.append(Problem(1, _("file"), _("the file has no organizations or services")))
    records = []
    for kind, key in (("organization", "organizations"), ("service", "services")):
        for position, item in enumerate(document.get(key, [])):
            line = lines.get(key, [])[position] if position < len(lines.get(key, [])) else 1
            if not isinstance(item, dict):
                problems.append(Problem(line, f"{key}[{position}]", _("this must be an object")))
                continue
            flat = dict(item)
            nested = flat.pop("eenloket_scheme", None)
            if isinstance(nested, dict):
                flat.update({f"eenloket_scheme_{k}": v for k, v in nested.items()})
            records.append(_record(kind, line, f"{key}[{position}]", flat, problems))
    return [r for r in records if r is not None]


def _records_from_csv(text: str, problems: list[Problem]) -> list[Record]:
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    if "record_type" not in header or "name" not in header:
        problems.append(
            Problem(
                1, _("header"), _("the first row must name the columns, with record_type and name")
            )
        )
        return []
    unknown = [c for c in header if c not in CSV_COLUMNS]
    if unknown:
        problems.append(Problem(1, _("header"), _("unknown columns: %s") % ", ".join(unknown)))
        return []
    records = []
    for row in reader:
        line = reader.line_num
        kind = (row.get("record_type") or "").strip()
        label = f"{kind or '?'} {row.get('name') or ''}".strip()
        if None in row:
            problems.append(Problem(line, label, _("this row has more values than the header")))
            continue
        if kind == "direct_line":
            problems.append(
                Problem(line, label, _("direct lines are not imported from files; remove this row"))
            )
            continue
        if kind not in ("organization", "service"):
            problems.append(Problem(line, label, _("record_type must be organization or service")))
            continue
        flat = {k: v for k, v in row.items() if v not in ("", None)}
        record = _record(kind, line, label, flat, problems)
        if record is not None:
            records.append(record)
    if not records and not problems:
        problems.append(Problem(1, _("file"), _("the file has no organizations or services")))
    return records


def _record(kind: str, line: int, label: str, flat: dict[str, Any], problems) -> Record | None:
    mapping = ORGANISATION_FIELDS if kind == "organization" else {**SERVICE_FIELDS, **SCHEME_FIELDS}
    # A field of another record type (a status on an organization) is an error, not ignored.
    unknown = sorted(k for k in flat if k not in mapping and k not in IGNORED)
    if unknown:
        problems.append(Problem(line, label, _("unknown fields: %s") % ", ".join(unknown)))
    ref = _text(flat.get("id")).strip()
    if ref:
        try:
            UUID(ref)
        except ValueError:
            problems.append(Problem(line, label, _("id must be a UUID")))
    values = (
        {ours: flat[theirs] for theirs, ours in ORGANISATION_FIELDS.items() if theirs in flat}
        if kind == "organization"
        else {ours: flat[theirs] for theirs, ours in SERVICE_FIELDS.items() if theirs in flat}
    )
    scheme = {
        ours: flat[theirs]
        for theirs, ours in SCHEME_FIELDS.items()
        if theirs in flat and flat[theirs] not in ("", None)
    }
    name = _text(flat.get("name")) or label
    return Record(
        kind=kind,
        line=line,
        ref=ref,
        organisation_ref=_text(flat.get("organization_id")).strip(),
        values=values,
        scheme=scheme,
        label=f"{kind} {name!r}",
    )


def _check(records: list[Record], problems: list[Problem]) -> None:
    """Check every record against the field rules and against each other and the database."""
    seen: dict[str, int] = {}
    org_refs = set()
    known_keys = {
        "life_events": set(LifeEvent.objects.values_list("key", flat=True)),
        "needs": set(Need.objects.values_list("key", flat=True)),
        "areas": set(Municipality.objects.values_list("code", flat=True)),
    }
    for record in records:
        if record.ref:
            if record.ref in seen:
                problems.append(
                    Problem(
                        record.line,
                        record.label,
                        _("id %(id)s is also used on line %(other)s")
                        % {"id": record.ref, "other": seen[record.ref]},
                    )
                )
            seen[record.ref] = record.line
        if record.kind == "organization":
            org_refs.add(record.ref)
            if record.ref:
                org_refs.add(record.ref)
    db_orgs = {
        str(pk)
        for pk in Organisation.objects.filter(
            pk__in=[r.organisation_ref for r in records if _is_uuid(r.organisation_ref)]
        ).values_list("pk", flat=True)
    }
    for record in records:
        rule_set = rules.ORGANISATION if record.kind == "organization" else rules.SERVICE
        existing = _existing(record)
        cleaned, errors = clean(rule_set, record.values, partial=existing is not None)
        for error in errors:
            problems.append(Problem(record.line, record.label, str(error.message)))
        if record.kind == "service":
            if not record.organisation_ref:
                problems.append(
                    Problem(record.line, record.label, _("organization_id is required"))
                )
            elif record.organisation_ref not in org_refs and record.organisation_ref not in db_orgs:
                problems.append(
                    Problem(
                        record.line,
                        record.label,
                        _("organization_id %s is not in the file or the directory")
                        % record.organisation_ref,
                    )
                )
            low, high = cleaned.get("minimum_age"), cleaned.get("maximum_age")
            if low is not None and high is not None and low > high:
                problems.append(
                    Problem(
                        record.line, record.label, _("The minimum age is above the maximum age.")
                    )
                )
            for relation, known in known_keys.items():
                missing = [k for k in cleaned.get(relation, []) if k not in known]
                if missing:
                    problems.append(
                        Problem(
                            record.line,
                            record.label,
                            _("unknown %(what)s: %(keys)s")
                            % {"what": relation.replace("_", " "), "keys": ", ".join(missing)},
                        )
                    )
            if record.scheme:
                scheme_clean, scheme_errors = clean(
                    rules.SCHEME,
                    record.scheme,
                    partial=existing is not None and hasattr(existing, "scheme"),
                )
                for error in scheme_errors:
                    problems.append(Problem(record.line, record.label, str(error.message)))
                if (scheme_clean.get("decision_term") is None) != (
                    not scheme_clean.get("decision_term_unit")
                ) and not scheme_errors:
                    problems.append(
                        Problem(
                            record.line,
                            record.label,
                            str(rules.TERM_NEEDS_UNIT),
                        )
                    )
                if existing is not None and not hasattr(existing, "scheme"):
                    problems.append(
                        Problem(record.line, record.label, _("This service is not a scheme."))
                    )


def _is_uuid(value: str) -> bool:
    try:
        UUID(value)
    except ValueError:
        return False
    return True


def _existing(record: Record):
    model = Organisation if record.kind == "organization" else Service
    if record.ref and _is_uuid(record.ref):
        row = model.objects.filter(pk=record.ref).first()
        if row is not None:
            return row
    key = _text(record.values.get("key")).strip()
    if key:
        row = model.objects.filter(key=key).first()
        if row is not None:
            return row
    if record.kind == "organization" and record.values.get("name"):
        return Organisation.objects.filter(name=_text(record.values["name"]).strip()).first()
    return None


def _apply(records: list[Record], actor: Actor, result: ImportResult) -> None:
    """Apply the records through the services. A rule that needs the database (a name that is
    taken, a key in use) can still refuse a record: then everything is rolled back."""
    organisations: dict[str, Organisation] = {}
    for record in sorted(records, key=lambda r: r.kind != "organization"):
        try:
            _apply_one(record, organisations, actor, result)
        except DomainError as error:
            raise ImportRefused([Problem(record.line, record.label, str(error.message))]) from None


def _apply_one(record: Record, organisations, actor: Actor, result: ImportResult) -> None:
    if record.kind == "organization":
        existing = _existing(record)
        values = {k: v for k, v in record.values.items()}
        if existing is None:
            organisation = services.organisation_create(actor=actor, **values)
            result.created["organizations"] = result.created.get("organizations", 0) + 1
        else:
            organisation = services.organisation_update(
                organisation=existing, actor=actor, **values
            )
            result.updated["organizations"] = result.updated.get("organizations", 0) + 1
        organisations[record.ref] = organisation
    else:
        organisation = organisations.get(record.organisation_ref) or Organisation.objects.get(
            pk=record.organisation_ref
        )
        existing = _existing(record)
        if existing is None:
            if record.scheme:
                services.scheme_create(
                    organisation=organisation, actor=actor, **record.values, **record.scheme
                )
            else:
                services.service_create(organisation=organisation, actor=actor, **record.values)
            result.created["services"] = result.created.get("services", 0) + 1
        else:
            if existing.organisation_id != organisation.pk:
                raise DomainError(_("a service cannot move to another organisation"))
            services.service_update(service=existing, actor=actor, **record.values, **record.scheme)
            result.updated["services"] = result.updated.get("services", 0) + 1


def import_text(text: str, *, format: str, actor: Actor) -> ImportResult:
    """Check the whole text, then apply it through the services in one transaction.

    Raises ImportRefused with every problem found, having changed nothing.
    """
    problems: list[Problem] = []
    if format == "csv":
        records = _records_from_csv(text, problems)
    else:
        records = _records_from_json(text, problems)
    if records:
        _check(records, problems)
    if problems:
        raise ImportRefused(sorted(problems, key=lambda p: p.line))
    result = ImportResult()
    with transaction.atomic():
        _apply(records, actor, result)
    return result


def import_file(path: str | Path, *, format: str, actor: Actor) -> ImportResult:
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused([Problem(1, _("file"), _("the file is not UTF-8 text"))]) from None
    return import_text(text, format=format, actor=actor)


__all__ = [
    "ImportRefused",
    "ImportResult",
    "export_csv",
    "export_data",
    "export_file",
    "import_file",
    "import_text",
]
