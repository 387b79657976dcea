"""The shipped reference content: sourced, dated, complete enough, and loaded idempotently."""

import datetime as dt
import io
import re
from urllib.parse import urlparse

import pytest
from django.core.management import call_command

from eenloket.directory import reference
from eenloket.directory.models import (
    ChangeRecord,
    LifeEvent,
    LifeEventTask,
    Location,
    Organisation,
    Phone,
    Scheme,
    Service,
)

CHECKED = dt.date(2026, 11, 28)
# Facts written later (the date they were written; see docs/directory.md): homelessness's
# health insurance (#25).
WRITTEN_LATER = {dt.date(2026, 12, 6), dt.date(2026, 12, 7)}  # #25; the review of #22
REQUIRED_ORGANISATIONS = {
    "gemeente-utrecht", "uwv", "svb", "belastingdienst", "toeslagen", "duo", "cak", "cjib",
    "lbio", "juridisch-loket", "nationale-ombudsman", "kvk", "rvo", "mitros",
    "schuldhulpmaatje", "ido",
}  # fmt: skip
REQUIRED_LIFE_EVENTS = {
    "job-loss", "debts", "partner-death", "divorce", "turning-18", "leaving-detention",
    "illness-disability", "birth", "moving", "retirement", "business", "homelessness",
}  # fmt: skip


@pytest.fixture
def reference_content(db, reference_once):
    """The tests that read the loaded reference share one load for the module (about 4 s of
    CPU each time); the command that loads an empty directory is in test_reference_command.py."""
    return reference_once


def _facts():
    """Yield (where, fact) for every fact in the reference files."""
    for _file, where, fact in reference.all_facts():
        yield where, fact


def test_every_fact_in_the_files_has_an_official_source_and_the_date_checked():
    problems = reference.unsourced_facts(list(_facts()))
    assert problems == []
    assert len(list(_facts())) > 150


def test_the_source_check_refuses_a_fact_without_source_or_date():
    fact = {"name": "Something", "source_url": "", "checked_on": "2026-11-28"}
    undated = {"name": "Other", "source_url": "https://www.uwv.nl/", "checked_on": ""}
    unofficial = {"name": "Blog", "source_url": "https://example.com/", "checked_on": "2026-11-28"}
    problems = reference.unsourced_facts([("a", fact), ("b", undated), ("c", unofficial)])
    assert [where for where, _reason in problems] == ["a", "b", "c"]


def test_files_hold_the_required_organisations_schemes_and_life_events():
    organisations = {o["key"] for o in reference.read("organisations")["organisations"]}
    assert organisations >= REQUIRED_ORGANISATIONS and len(organisations) >= 15
    schemes = reference.read("schemes")["schemes"]
    assert len(schemes) >= 30
    life_events = {le["key"] for le in reference.read("vocabulary")["life_events"]}
    assert life_events >= REQUIRED_LIFE_EVENTS
    tasks = reference.read("life_event_tasks")["life_event_tasks"]
    assert all(len(tasks.get(key, [])) >= 2 for key in REQUIRED_LIFE_EVENTS)


def test_every_text_is_there_in_dutch_and_english():
    for scheme in reference.read("schemes")["schemes"]:
        for field in ("name", "description", "gives", "eligibility_description"):
            assert scheme[field].strip() and scheme[f"{field}_en"].strip(), (scheme["key"], field)
    for organisation in reference.read("organisations")["organisations"]:
        assert organisation["description"] and organisation["description_en"]
    for key, tasks in reference.read("life_event_tasks")["life_event_tasks"].items():
        for task in tasks:
            assert task["title"] and task["title_en"], (key, task["position"])


def test_loading_puts_every_fact_in_the_directory_with_its_source(reference_content):
    assert Organisation.objects.count() >= 15
    assert Scheme.objects.count() >= 30
    assert LifeEvent.objects.count() >= 12
    for model in (Organisation, Service, LifeEvent, LifeEventTask, Phone, Location):
        unsourced = model.objects.filter(source_url="") | model.objects.filter(checked_on=None)
        assert not unsourced.exists(), model.__name__
        dates = {CHECKED, *WRITTEN_LATER}
        assert not model.objects.exclude(checked_on__in=dates).exists(), model.__name__


def test_loading_twice_changes_nothing(reference_content, system):
    counts = (Organisation.objects.count(), Service.objects.count(), ChangeRecord.objects.count())
    summary = reference.load(actor=system)
    assert summary.changes == 0
    assert (
        Organisation.objects.count(),
        Service.objects.count(),
        ChangeRecord.objects.count(),
    ) == counts


def test_a_corrected_fact_shows_up_in_the_change_history(reference_content, system, tmp_path):
    for name in reference.FILES:
        (tmp_path / f"{name}.json").write_text(
            (reference.REFERENCE_DIR / f"{name}.json").read_text(encoding="utf-8"),
            encoding="utf-8",
        )
    path = tmp_path / "schemes.json"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            '"keywords": "werkloos ontslagen', '"keywords": "werkloos ontslag gekregen'
        ),
        encoding="utf-8",
    )
    summary = reference.load(actor=system, directory=tmp_path)
    assert summary.changes == 1
    change = ChangeRecord.objects.get(field_name="keywords", last_action_type="update")
    assert change.previous_value.startswith("werkloos ontslagen")
    assert change.replacement_value.startswith("werkloos ontslag gekregen")
    assert change.updated_by == "system:tests"


@pytest.mark.parametrize(
    ("task", "days"),
    [
        (("job-loss", "ww"), 7),
        (("birth", "aangifte-geboorte"), 3),
        (("moving", "adres-doorgeven"), 5),
    ],
)
def test_deadlines_from_the_reference_facts(reference_content, task, days):
    life_event, scheme = task
    row = LifeEventTask.objects.get(life_event__key=life_event, scheme__service__key=scheme)
    assert row.deadline_days == days and row.deadline and row.deadline_en


def test_reference_facts_on_schemes(reference_content):
    aow = Scheme.objects.get(service__key="aow")
    assert aow.acts_by_itself and "alleenstaanden" in aow.acts_by_itself_note
    debt = Scheme.objects.get(service__key="schuldhulpverlening")
    assert (debt.decision_term, debt.decision_term_unit) == (4, "weeks")
    assert "3 werkdagen" in debt.service.application_process
    assert "Wet gemeentelijke schuldhulpverlening" in debt.legal_source
    anw = Service.objects.get(key="anw")
    assert "45%" in anw.eligibility_description and "18" in anw.eligibility_description
    child = Service.objects.get(key="kinderbijslag")
    assert "kwartaal" in child.eligibility_description
    ww = Service.objects.get(key="ww")
    assert "1 week" in ww.application_process


def test_reference_sources_are_official_sites():
    domains = {urlparse(fact["source_url"]).hostname for _where, fact in _facts()}
    assert all(re.search(r"(^|\.)[a-z0-9-]+\.nl$", d) for d in domains), domains


# The facts docs/directory.md names as confirmed on an official page in the stored index.
CONFIRMED_IN_DOCS = {
    "phone 14 030 (gemeente-utrecht)",
    "location Stadskantoor Utrecht",
    "phone 0900 - 8020 (juridisch-loket)",
    "phone 0800 - 335 55 55 (nationale-ombudsman)",
    "organisation ido",
    "scheme ww",
    "scheme kinderbijslag",
    "scheme anw",
    "scheme wia",
    "scheme kinderopvangtoeslag",
    "scheme adres-doorgeven",
    "scheme aangifte-geboorte",
    "job-loss task 1",
    "partner-death task 4",
    "leaving-detention task 1",
    "turning-18 task 1",
    "birth task 1",
    # The review of 2026-12-07 (#22, docs/directory.md)
    "organisation svb",
    "organisation cjib",
    "organisation juridisch-loket",
    "organisation nationale-ombudsman",
    "organisation digid",
    "scheme aow",
    "scheme overlijdensuitkering-svb",
    "scheme juridisch-advies",
    "scheme lbio-alimentatie",
    "debts task 4",
    "retirement task 1",
    "partner-death task 3",
    "divorce task 3",
    "divorce task 6",
    "organisation dji",
    "scheme wsnp",
    "debts task 6",
    "scheme ziektewet",
    "illness-disability task 1",
}


def test_the_facts_the_docs_call_confirmed_carry_the_page_that_was_read():
    confirmed = {where for _file, where, fact in reference.all_facts() if "confirmed_by" in fact}
    assert confirmed >= CONFIRMED_IN_DOCS, CONFIRMED_IN_DOCS - confirmed
    docs = (reference.REFERENCE_DIR.parents[3] / "docs" / "directory.md").read_text()
    report = reference.confirmation_report(list(reference.all_facts()))
    total = sum(counts.total for counts in report.values())
    assert f"{len(confirmed)} of {total} facts" in docs


def test_a_confirmation_must_name_an_official_page():
    base = {"source_url": "https://www.uwv.nl/", "checked_on": "2026-11-28"}
    official = base | {"confirmed_by": "https://www.uwv.nl/ww — binnen 1 week aanvragen"}
    stored_http = base | {"confirmed_by": "http://www.uwv.nl/wia — na 88 weken een brief"}
    blog = base | {"confirmed_by": "https://example.com/ww — binnen 1 week"}
    words_only = base | {"confirmed_by": "seen on the UWV site"}
    empty = base | {"confirmed_by": ""}
    facts = [("a", official), ("b", stored_http), ("c", blog), ("d", words_only), ("e", empty)]
    assert [where for where, _why in reference.unsourced_facts(facts)] == ["c", "d", "e"]


def test_the_report_counts_confirmed_and_unconfirmed_facts_per_file():
    page = "https://www.svb.nl/nl/aow — ongeveer 4 maanden voor de AOW-leeftijd een brief"
    facts = [
        ("schemes", "scheme aow", {"source_url": "https://www.svb.nl/", "confirmed_by": page}),
        ("schemes", "scheme anw", {"source_url": "https://www.svb.nl/"}),
        ("schemes", "scheme ww", {"source_url": "https://www.uwv.nl/", "confirmed_by": ""}),
        ("organisations", "phone 1", {"source_url": "https://www.uwv.nl/"}),
        ("organisations", "phone 2", {"source_url": "https://www.uwv.nl/", "confirmed_by": page}),
        (
            "organisations",
            "phone 3",
            {"source_url": "https://kvk.nl/", "corroborated_by": "https://krant.example/ — 0800"},
        ),
    ]
    report = reference.confirmation_report(facts)
    assert list(report) == ["schemes", "organisations"]
    assert (report["schemes"].confirmed, report["schemes"].total) == (1, 3)
    assert [where for where, _fact in report["schemes"].unconfirmed] == ["scheme anw", "scheme ww"]
    assert (report["organisations"].confirmed, report["organisations"].total) == (1, 3)
    assert [where for where, _ in report["organisations"].unconfirmed] == ["phone 1", "phone 3"]


def test_the_report_command_prints_the_counts_and_the_facts_still_to_confirm():
    out = io.StringIO()
    call_command("directory", "reference-report", stdout=out)
    text = out.getvalue()
    report = reference.confirmation_report(list(reference.all_facts()))
    for name, counts in report.items():
        assert f"{name}.json: {counts.confirmed} of {counts.total} facts confirmed" in text
    assert "phone 088 - 898 92 94 (uwv): https://www.uwv.nl/particulieren/contact/" in text
    assert "phone 14 030 (gemeente-utrecht)" not in text


def test_loading_leaves_the_check_notes_out_of_the_directory(reference_content):
    phone = Phone.objects.get(number="0900 - 8020")
    assert "0,25" in phone.description
    assert reference._fields({"number": "1", "confirmed_by": "x", "corroborated_by": "y"}) == {
        "number": "1"
    }
