"""The register's legal references are real citations from core/legal_sources.py, never
placeholders; a citation counts as confirmed only with the official page that was read."""

import datetime as dt
import json
import pathlib

import pytest

from eenloket.audit import register, services
from eenloket.audit.models import LegalBasis, ProcessingActivityVersion
from eenloket.core import legal_sources

PILOT = pathlib.Path(__file__).resolve().parents[4] / "docs/examples/pilot.json"


@pytest.mark.parametrize("activity", register.ACTIVITIES, ids=lambda a: a.key)
def test_no_register_entry_carries_a_placeholder(activity):
    assert activity.legal_sources, "every entry cites its law"
    assert not legal_sources.PLACEHOLDER.search(activity.legal_reference)
    # The line shown is exactly the citations of its sources, so it cannot drift from them.
    assert activity.legal_reference == legal_sources.reference(*activity.legal_sources)
    ground = {
        LegalBasis.PUBLIC_TASK: "avg-6-1-e",
        LegalBasis.LEGAL_OBLIGATION: "avg-6-1-c",
    }[activity.legal_basis]
    assert ground in activity.legal_sources
    if activity.legal_basis == LegalBasis.PUBLIC_TASK:
        # AVG 6(1)(e) needs the task laid down in national law, not the AVG alone.
        assert any(not key.startswith("avg-") for key in activity.legal_sources)


def test_the_placeholder_pattern_catches_what_stood_in_for_references():
    for stand_in in ("Wet SUWI art. 54 (niet bevestigd)", "Wgs art. ?", "TODO", "art. …"):
        assert legal_sources.PLACEHOLDER.search(stand_in), stand_in
    assert not legal_sources.PLACEHOLDER.search("Wmo 2015 art. 2.3.2 (onderzoek na een melding)")


@pytest.mark.parametrize("source", legal_sources.SOURCES.values(), ids=lambda s: s.key)
def test_every_citation_links_to_an_official_text_and_a_confirmation_names_what_was_read(source):
    assert source.url.startswith("https://") and legal_sources.is_official(source.url)
    assert not legal_sources.PLACEHOLDER.search(source.citation)
    if source.confirmed_by:
        address, _, quote = source.confirmed_by.partition(" — ")
        assert legal_sources.is_official(address) and quote
        assert dt.date.fromisoformat(source.checked_on)
        assert source.confirmed
    else:
        assert not source.confirmed


def test_a_confirmation_on_an_unofficial_page_does_not_count():
    source = legal_sources.LegalSource(
        "x", "Wet X art. 1", legal_sources.AVG, "https://avgb.nl/art-6-avg — tekst", "2026-12-07"
    )
    assert not source.confirmed


def test_the_pilot_bases_claim_no_confirmation_the_catalogue_does_not_hold():
    known = {s.confirmed_by for s in legal_sources.SOURCES.values() if s.confirmed}
    bases = [
        basis
        for organisation in json.loads(PILOT.read_text())["organisations"]
        for basis in organisation.get("statutory_bases", [])
    ]
    assert len(bases) == 7
    for basis in bases:
        assert not legal_sources.PLACEHOLDER.search(basis["legal_reference"])
        assert legal_sources.is_official(basis["source_url"])
        if "confirmed_by" in basis:
            assert set(basis["confirmed_by"].split(" | ")) <= known, basis["legal_reference"]
            assert basis["confirmed_on"]


@pytest.mark.django_db
def test_a_stored_version_keeps_each_citation_with_its_source_and_confirmation():
    services.register_sync()
    version = ProcessingActivityVersion.objects.get(activity__key=register.CASE_VIEW)
    cited = [source["key"] for source in version.legal_sources]
    assert cited == list(register.definition(register.CASE_VIEW).legal_sources)
    wgs = next(source for source in version.legal_sources if source["key"] == "wgs-2")
    assert wgs["confirmed"] and wgs["confirmed_by"].startswith("https://lokaleregelgeving")
    pw = next(source for source in version.legal_sources if source["key"] == "pw-7")
    assert not pw["confirmed"] and pw["url"] == "https://wetten.overheid.nl/BWBR0015703/"
