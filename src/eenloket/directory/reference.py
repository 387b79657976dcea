"""The reference content shipped with eenloket (reference/*.json), loaded through the services.

Loading is idempotent: rows are found by their key (or name, position, number) and only
changed fields are written, so loading twice changes nothing and a corrected fact shows up in
the change history. See docs/directory.md for how to update the content.
"""

from __future__ import annotations

import datetime as dt
import json
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
    "dji.nl",
    "rechtspraak.nl",
    "utrecht.nl",
)


def unsourced_facts(facts: list[tuple[str, dict[str, Any]]]) -> list[tuple[str, str]]:
    """Return (where, why) for every fact without an official https source or a check date."""
    problems = []
    for where, fact in facts:
        url = str(fact.get("source_url") or "")
        host = urlparse(url).hostname or ""
        if not url.startswith("https://"):
            problems.append((where, "no https source"))
        elif not any(host == d or host.endswith("." + d) for d in OFFICIAL_DOMAINS):
            problems.append((where, f"source {host} is not an official site"))
        elif not _is_date(fact.get("checked_on")):
            problems.append((where, "no date checked (YYYY-MM-DD)"))
    return problems


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


def _organisation(data: dict[str, Any], actor: Actor) -> Organisation:
    data = dict(data)
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
        services.phone_save(organisation=organisation, actor=actor, **phone)
    for location in locations:
        services.location_save(organisation=organisation, actor=actor, **location)
    return organisation


def _scheme(data: dict[str, Any], actor: Actor) -> None:
    data = dict(data)
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
        services.life_event_save(actor=actor, **life_event)
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
            services.life_event_task_save(life_event=life_event, actor=actor, **task)
            summary.add("things to arrange")
    for synonym in read("synonyms", directory)["synonyms"]:
        services.synonym_save(actor=actor, **synonym)
        summary.add("synonyms")
    summary.changes = ChangeRecord.objects.count() - before
    return summary
