"""The reference content shipped with eenloket (reference/*.json), loaded through the services.

Loading is idempotent: rows are found by their key (or name, position, number) and only
changed fields are written, so loading twice changes nothing and a corrected fact shows up in
the change history. See docs/directory.md for how to update the content.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from django.db import transaction

from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.directory import services
from eenloket.directory.models import ChangeRecord, LifeEvent, Organisation, Service

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"
FILES = ("vocabulary", "organisations", "schemes", "life_event_tasks", "synonyms")


# Sources we accept for a fact: the government's own sites and those of the organisations in
# the directory. A fact from anywhere else needs an official source first.
OFFICIAL_DOMAINS = (
    "rijksoverheid.nl",
    "government.nl",
    "overheid.nl",
    "officielebekendmakingen.nl",  # the Staatsblad and Staatscourant (official publications)
    "uwv.nl",
    "werk.nl",
    "svb.nl",
    "belastingdienst.nl",
    "duo.nl",
    "hetcak.nl",
    "cjib.nl",
    "lbio.nl",
    "juridischloket.nl",
    "nationaleombudsman.nl",
    "kvk.nl",
    "rvo.nl",
    "mitros.nl",
    "schuldhulpmaatje.nl",
    "debibliotheken.nl",
    "digid.nl",
    "logius.nl",  # Logius, the government service that runs DigiD
    "dji.nl",
    "rechtspraak.nl",
    "utrecht.nl",
    # Other municipalities' own pages, read to confirm a national rule (birth registration,
    # reporting a move, the childcare-allowance deadline, DigiD) that every municipality repeats.
    "heerde.nl",
    "molenlanden.nl",
    "tholen.nl",
    "venray.nl",
)


# Keys that describe how a fact was checked. They stay in the JSON for the report and for the
# next reviewer; the directory itself has no field for them, so the loader leaves them out.
#   confirmed_by     the official page that was read and says the fact, as
#                    "<address> — <short quote or paraphrase>". Absent: not confirmed.
#   corroborated_by  a page that is not an official site but says the same (a newspaper, a
#                    municipality's guide). It never counts as a confirmation.
ANNOTATIONS = ("confirmed_by", "corroborated_by")


def _is_official(host: str) -> bool:
    return any(host == d or host.endswith("." + d) for d in OFFICIAL_DOMAINS)


def unsourced_facts(facts: list[tuple[str, dict[str, Any]]]) -> list[tuple[str, str]]:
    """Return (where, why) for every fact without an official https source or a check date,
    or with a confirmation that does not name an official page."""
    problems = []
    for where, fact in facts:
        url = str(fact.get("source_url") or "")
        host = urlparse(url).hostname or ""
        if not url.startswith("https://"):
            problems.append((where, "no https source"))
        elif not _is_official(host):
            problems.append((where, f"source {host} is not an official site"))
        elif not _is_date(fact.get("checked_on")):
            problems.append((where, "no date checked (YYYY-MM-DD)"))
        elif "confirmed_by" in fact and not _names_official_page(fact["confirmed_by"]):
            problems.append((where, "confirmed_by must start with the official page read"))
    return problems


def _names_official_page(confirmed_by) -> bool:
    # Stored copies of official pages are sometimes plain http; the host is what matters.
    address = str(confirmed_by or "").split(" ", 1)[0]
    parsed = urlparse(address)
    return parsed.scheme in ("http", "https") and _is_official(parsed.hostname or "")


def is_confirmed(fact: dict[str, Any]) -> bool:
    return _names_official_page(fact.get("confirmed_by"))


def all_facts(directory: Path | None = None) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Yield (file, where, fact) for every sourced fact in the reference files."""
    directory = directory or REFERENCE_DIR
    for organisation in read("organisations", directory)["organisations"]:
        yield "organisations", f"organisation {organisation['key']}", organisation
        for phone in organisation.get("phones", []):
            yield "organisations", f"phone {phone['number']} ({organisation['key']})", phone
        for location in organisation.get("locations", []):
            yield "organisations", f"location {location['name']}", location
    for scheme in read("schemes", directory)["schemes"]:
        yield "schemes", f"scheme {scheme['key']}", scheme
    for life_event in read("vocabulary", directory)["life_events"]:
        yield "vocabulary", f"life event {life_event['key']}", life_event
    for key, tasks in read("life_event_tasks", directory)["life_event_tasks"].items():
        for task in tasks:
            yield "life_event_tasks", f"{key} task {task['position']}", task


@dataclass
class FileReport:
    confirmed: int = 0
    unconfirmed: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.confirmed + len(self.unconfirmed)


def confirmation_report(
    facts: list[tuple[str, str, dict[str, Any]]],
) -> dict[str, FileReport]:
    """Count the confirmed facts per file and collect the unconfirmed ones, in file order."""
    report: dict[str, FileReport] = {}
    for name, where, fact in facts:
        file_report = report.setdefault(name, FileReport())
        if is_confirmed(fact):
            file_report.confirmed += 1
        else:
            file_report.unconfirmed.append((where, fact))
    return report


def _is_date(value) -> bool:
    try:
        dt.date.fromisoformat(str(value))
    except ValueError:
        return False
    return True


def read(name: str, directory: Path = REFERENCE_DIR) -> dict[str, Any]:
    with open(directory / f"{name}.json", encoding="utf-8") as handle:
        return json.load(handle)


@dataclass
class Summary:
    counts: dict[str, int] = field(default_factory=dict)
    changes: int = 0

    def add(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n


def _fields(data: dict[str, Any]) -> dict[str, Any]:
    """Return the fact without the keys that only record how it was checked."""
    return {key: value for key, value in data.items() if key not in ANNOTATIONS}


def _organisation(data: dict[str, Any], actor: Actor) -> Organisation:
    data = _fields(data)
    phones = data.pop("phones", [])
    locations = data.pop("locations", [])
    organisation = (
        Organisation.objects.filter(key=data["key"]).first()
        or Organisation.objects.filter(name=data["name"]).first()
    )
    if organisation is None:
        organisation = services.organisation_create(actor=actor, **data)
    else:
        organisation = services.organisation_update(organisation=organisation, actor=actor, **data)
    for phone in phones:
        services.phone_save(organisation=organisation, actor=actor, **_fields(phone))
    for location in locations:
        services.location_save(organisation=organisation, actor=actor, **_fields(location))
    return organisation


def _scheme(data: dict[str, Any], actor: Actor) -> None:
    data = _fields(data)
    organisation = Organisation.objects.get(key=data.pop("organisation"))
    service = Service.objects.filter(key=data["key"]).first()
    if service is None:
        services.scheme_create(organisation=organisation, actor=actor, **data)
    else:
        if service.organisation_id != organisation.pk:
            raise DomainError(f"scheme {data['key']} belongs to another organisation")
        services.service_update(service=service, actor=actor, **data)


@transaction.atomic
def load(*, actor: Actor, directory: Path = REFERENCE_DIR) -> Summary:
    """Load (or refresh) every reference file, all or nothing; return what was loaded."""
    summary = Summary()
    before = ChangeRecord.objects.count()
    vocabulary = read("vocabulary", directory)
    for municipality in vocabulary["municipalities"]:
        services.municipality_create(actor=actor, **municipality)
        summary.add("municipalities")
    for need in vocabulary["needs"]:
        services.need_save(actor=actor, **need)
        summary.add("needs")
    for life_event in vocabulary["life_events"]:
        services.life_event_save(actor=actor, **_fields(life_event))
        summary.add("life events")
    for organisation in read("organisations", directory)["organisations"]:
        _organisation(organisation, actor)
        summary.add("organisations")
    for scheme in read("schemes", directory)["schemes"]:
        _scheme(scheme, actor)
        summary.add("schemes")
    for key, tasks in read("life_event_tasks", directory)["life_event_tasks"].items():
        life_event = LifeEvent.objects.get(key=key)
        for task in tasks:
            services.life_event_task_save(life_event=life_event, actor=actor, **_fields(task))
            summary.add("things to arrange")
    for synonym in read("synonyms", directory)["synonyms"]:
        services.synonym_save(actor=actor, **synonym)
        summary.add("synonyms")
    summary.changes = ChangeRecord.objects.count() - before
    return summary
