"""HSDS 3.0 export (valid against the standard's schemas) and import (all or nothing)."""

import json
from pathlib import Path

import jsonschema
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from eenloket.directory import hsds, reference, services
from eenloket.directory.models import (
    ChangeRecord,
    ContactPoint,
    Organisation,
    Scheme,
    Service,
)
from eenloket.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def reference_content(db, reference_once):
    """The reference content, loaded once for this module (conftest.py): every test here that
    touches the directory wants it."""
    return reference_once


def _schema_dir() -> Path:
    # A copy of the standard's schemas ships with the tests (see standards/README.md).
    return Path(__file__).resolve().parent / "standards" / "hsds-3.0" / "schema"


@pytest.fixture(scope="module")
def validators():
    schemas = {p.name: json.loads(p.read_text()) for p in _schema_dir().glob("*.json")}
    registry = Registry().with_resources(
        (name, Resource.from_contents(schema, default_specification=DRAFT202012))
        for name, schema in schemas.items()
    )

    def validator(name):
        return jsonschema.Draft202012Validator(
            schemas[name], registry=registry, format_checker=jsonschema.FormatChecker()
        )

    return {
        "organizations": validator("organization.json"),
        "services": validator("service.json"),
        "taxonomies": validator("taxonomy.json"),
        "taxonomy_terms": validator("taxonomy_term.json"),
    }


def _errors(document, validators):
    return [
        f"{key}[{i}] {error.json_path}: {error.message}"
        for key, validator in validators.items()
        for i, item in enumerate(document[key])
        for error in validator.iter_errors(item)
    ]


def _direct_line(system):
    team = factories.TeamFactory(organisation=Organisation.objects.get(key="uwv"))
    return services.contact_point_create(
        team=team,
        name="Directe lijn WW (demo)",
        service_level_hours=8,
        phone="030 - 000 00 01",
        email="ww@example.org",
        actor=system,
    )


def test_export_is_valid_hsds_3(reference_content, validators):
    document = hsds.export_data()
    assert len(document["organizations"]) >= 15 and len(document["services"]) >= 30
    assert _errors(document, validators) == []
    ww = next(s for s in document["services"] if s["eenloket_key"] == "ww")
    assert ww["eenloket_scheme_decision_term"] == "4" and ww["metadata"]
    assert {a["value"] for a in ww["attributes"]} >= {"job-loss", "income"}


def test_export_names_no_worker_in_the_change_history(reference_content, manager):
    organisation = Organisation.objects.get(key="uwv")
    services.organisation_update(organisation=organisation, description="Nieuw", actor=manager)
    text = json.dumps(hsds.export_data())
    assert manager.user.username not in text and "user:" not in text
    uwv = next(o for o in json.loads(text)["organizations"] if o["eenloket_key"] == "uwv")
    assert {m["updated_by"] for m in uwv["metadata"]} == {"eenloket job", "eenloket user"}


def test_the_schema_check_finds_a_broken_export(reference_content, validators):
    document = hsds.export_data()
    document["services"][0]["status"] = "open"
    del document["organizations"][0]["name"]
    document["organizations"][1]["website"] = 12
    assert len(_errors(document, validators)) == 3


def test_direct_lines_leave_only_when_asked_for(reference_content, system, tmp_path):
    point = _direct_line(system)
    public_json, private_json = tmp_path / "public.json", tmp_path / "private.json"
    call_command("directory", "export", str(public_json))
    call_command("directory", "export", str(private_json), "--include-direct-lines")
    assert "030 - 000 00 01" not in public_json.read_text()
    assert "eenloket_direct_lines" not in json.loads(public_json.read_text())
    lines = json.loads(private_json.read_text())["eenloket_direct_lines"]
    assert [line["id"] for line in lines] == [str(point.pk)]
    public_csv, private_csv = tmp_path / "public.csv", tmp_path / "private.csv"
    call_command("directory", "export", str(public_csv))
    call_command("directory", "export", str(private_csv), "--include-direct-lines")
    assert "direct_line" not in public_csv.read_text() and "000 00 01" not in public_csv.read_text()
    assert "direct_line" in private_csv.read_text()


def _vocabulary_only(system):
    vocabulary = reference.read("vocabulary")
    for municipality in vocabulary["municipalities"]:
        services.municipality_create(actor=system, **municipality)
    for need in vocabulary["needs"]:
        services.need_save(actor=system, **need)
    for life_event in vocabulary["life_events"]:
        services.life_event_save(actor=system, **life_event)


@pytest.mark.parametrize("format", ["json", "csv"])
def test_export_then_import_into_an_empty_directory_gives_the_same_directory(
    reference_content, system, format, django_db_blocker
):
    text = hsds.export_csv() if format == "csv" else json.dumps(hsds.export_data())
    before = {
        s.key: (s.name, s.organisation.name, s.minimum_age, s.scheme.decision_term)
        for s in Service.objects.select_related("organisation", "scheme")
    }
    Scheme.objects.all().delete()
    Service.objects.all().delete()
    ContactPoint.objects.all().delete()
    from eenloket.directory.models import LifeEventTask, Location, Phone

    LifeEventTask.objects.all().delete()
    Location.objects.all().delete()
    Phone.objects.all().delete()
    Organisation.objects.all().delete()
    result = hsds.import_text(text, format=format, actor=system)
    assert result.created == {"organizations": 19, "services": len(before)}
    after = {
        s.key: (s.name, s.organisation.name, s.minimum_age, s.scheme.decision_term)
        for s in Service.objects.select_related("organisation", "scheme")
    }
    assert after == before
    again = hsds.import_text(text, format=format, actor=system)
    assert again.created == {} and sum(again.updated.values()) == 19 + len(before)


BAD_CSV = """record_type,id,organization_id,name,description,eenloket_kind,website,status,minimum_age,maximum_age,eenloket_life_events
organization,0190f5a0-0000-7000-8000-000000000001,,Gemeente Proef,Een gemeente,municipality,https://www.proef.nl/,,,,
organization,0190f5a0-0000-7000-8000-000000000002,,,Zonder naam,municipality,geen-url,active,,,
service,0190f5a0-0000-7000-8000-000000000003,0190f5a0-0000-7000-8000-000000000001,Goede regeling,Prima,,,active,,,job-loss
service,0190f5a0-0000-7000-8000-000000000004,0190f5a0-0000-7000-8000-000000000001,Te jong,x,,,active,30,18,
service,0190f5a0-0000-7000-8000-000000000005,0190f5a0-0000-7000-8000-000000000099,Wees,x,,,open,,,
service,0190f5a0-0000-7000-8000-000000000006,0190f5a0-0000-7000-8000-000000000001,Onbekend,x,,,active,abc,,nooit-gebeurd
direct_line,0190f5a0-0000-7000-8000-000000000007,0190f5a0-0000-7000-8000-000000000001,Lijn,x,,,,,,
"""  # noqa: E501


def test_a_bad_csv_is_refused_whole_with_every_bad_row_and_its_reason(reference_content, system):
    counts = (Organisation.objects.count(), Service.objects.count(), ChangeRecord.objects.count())
    with pytest.raises(hsds.ImportRefused) as refused:
        hsds.import_text(BAD_CSV, format="csv", actor=system)
    problems = [(p.line, p.reason) for p in refused.value.problems]
    lines = sorted({line for line, _reason in problems})
    assert lines == [3, 5, 6, 7, 8]
    report = refused.value.report()
    for expected in (
        "line 3",
        "Name is required",
        "web address",
        "minimum age is above the maximum age",
        "organization_id 0190f5a0-0000-7000-8000-000000000099 is not in the file",
        "Status must be one of",
        "whole number",
        "unknown life events: nooit-gebeurd",
        "direct lines are not imported",
        "unknown fields: status",
    ):
        assert expected in report, expected
    assert (
        Organisation.objects.count(),
        Service.objects.count(),
        ChangeRecord.objects.count(),
    ) == counts


def test_a_bad_json_is_refused_with_line_numbers(reference_content, system):
    document = {
        "hsds_version": "3.0",
        "organizations": [
            {"id": "0190f5a0-0000-7000-8000-000000000001", "name": "Gemeente Proef",
             "description": "x", "eenloket_kind": "municipality"},
        ],
        "services": [
            {"id": "0190f5a0-0000-7000-8000-000000000002", "name": "Goed",
             "organization_id": "0190f5a0-0000-7000-8000-000000000001", "status": "active"},
            {"id": "0190f5a0-0000-7000-8000-000000000002", "name": "",
             "organization_id": "0190f5a0-0000-7000-8000-000000000001", "status": "active",
             "eenloket_scheme": {"gives": "Geld", "decision_term": 8}},
        ],
    }  # fmt: skip
    text = json.dumps(document, indent=1)
    with pytest.raises(hsds.ImportRefused) as refused:
        hsds.import_text(text, format="json", actor=system)
    lines = text.splitlines()
    second_id = [i for i, line in enumerate(lines) if "000000000002" in line][1]
    element_start = max(i for i in range(second_id) if lines[i].strip() == "{") + 1
    problems = refused.value.problems
    assert {p.line for p in problems} == {element_start}
    reasons = " ".join(p.reason for p in problems)
    assert "is also used on line" in reasons and "Name is required" in reasons
    assert "number and a unit" in reasons
    assert not Organisation.objects.filter(name="Gemeente Proef").exists()


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('{"organizations": [', "not valid JSON"),
        ("[1, 2]", "one JSON object"),
        ('{"organizations": {}}', "must be lists"),
        ("{}", "no organizations or services"),
        ('{"services": [42]}', "must be an object"),
    ],
)
def test_malformed_json_gets_a_clear_reason(system, text, reason):
    with pytest.raises(hsds.ImportRefused, match=reason):
        hsds.import_text(text, format="json", actor=system)


def test_import_command_reports_errors_without_a_traceback(reference_content, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(BAD_CSV, encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("directory", "import", str(path))
    assert "Nothing was imported" in str(error.value) and "line 8" in str(error.value)
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("directory", "import", str(tmp_path / "missing.json"))
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(CommandError, match="not UTF-8"):
        call_command("directory", "import", str(binary))


def test_a_database_rule_refusing_a_record_rolls_back_the_whole_import(reference_content, system):
    taken = Organisation.objects.get(key="uwv")
    text = json.dumps(
        {
            "organizations": [
                {"name": "Nieuwe organisatie", "description": "x", "eenloket_kind": "other"},
                {"name": "Nog een", "description": "x", "eenloket_kind": "other",
                 "eenloket_oin": "00000001234567890000"},
                {"name": "Derde", "description": "x", "eenloket_kind": "other",
                 "eenloket_oin": "00000001234567890000"},
            ]
        }
    )  # fmt: skip
    assert taken
    with pytest.raises(hsds.ImportRefused, match="already has this OIN"):
        hsds.import_text(text, format="json", actor=system)
    assert not Organisation.objects.filter(name__in=["Nieuwe organisatie", "Nog een"]).exists()
