"""Import of HSDS 3.0 JSON or one flat CSV: check everything first, then apply it all through
the services in one transaction, or nothing (see the package docstring)."""

from __future__ import annotations

import bisect
import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from uuid import UUID

from django.db import transaction
from django.utils.translation import gettext as _

from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.directory import rules, services
from eenloket.directory.hsds.export import _text
from eenloket.directory.hsds.fields import (
    CSV_COLUMNS,
    IGNORED,
    ORGANISATION_FIELDS,
    SCHEME_FIELDS,
    SERVICE_FIELDS,
)
from eenloket.directory.models import LifeEvent, Municipality, Need, Organisation, Service
from eenloket.directory.validation import clean


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
