"""The directory as the Open Referral HSDS 3.0 API (/api/v1/hsds/): public, paged as HSDS
says, valid against the standard's schemas, and never a direct line."""

import json
from pathlib import Path

import jsonschema
import pytest
from django.db import transaction
from django.test import Client
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from eenloket.directory import reference
from eenloket.directory import services as directory
from eenloket.directory.models import Organisation, Service
from eenloket.testing import factories

from .conftest import SYSTEM

pytestmark = pytest.mark.django_db

# The standard's schemas, copied unchanged into the directory's tests (their README says whence).
SCHEMAS = (
    Path(__file__).resolve().parents[2]
    / "directory"
    / "tests"
    / "standards"
    / "hsds-3.0"
    / "schema"
)
SECRET_PHONE = "030 999 12 34"
SECRET_EMAIL = "geheime-lijn@example.org"


@pytest.fixture(scope="module")
def service_schema():
    schemas = {p.name: json.loads(p.read_text()) for p in SCHEMAS.glob("*.json")}
    registry = Registry().with_resources(
        (name, Resource.from_contents(schema, default_specification=DRAFT202012))
        for name, schema in schemas.items()
    )
    return jsonschema.Draft202012Validator(
        schemas["service.json"], registry=registry, format_checker=jsonschema.FormatChecker()
    )


@pytest.fixture(scope="module")
def _directory_once(django_db_setup, django_db_blocker):
    """The shipped directory and a secret direct line, made once for this module (loading the
    reference takes about 4 s of CPU) and rolled back at its end; each test runs inside it in a
    transaction of its own. The module's tests without it do not look at the directory."""
    with django_db_blocker.unblock(), transaction.atomic():
        reference.load(actor=SYSTEM)
        team = factories.TeamFactory(organisation=Organisation.objects.get(key="uwv"))
        yield directory.contact_point_create(
            team=team,
            name="Geheime directe lijn",
            service_level_hours=8,
            phone=SECRET_PHONE,
            email=SECRET_EMAIL,
            actor=SYSTEM,
        )
        transaction.set_rollback(True)


@pytest.fixture
def directory_with_a_direct_line(db, _directory_once):
    return _directory_once


def _errors(validator, service):
    return [f"{e.json_path}: {e.message}" for e in validator.iter_errors(service)]


def test_the_root_says_which_hsds_version_without_a_token():
    answer = Client().get("/api/v1/hsds/")
    assert answer.status_code == 200
    assert answer.json() == {
        "version": "3.0",
        "openapi_url": "http://testserver/api/v1/openapi.json",
    }


def test_services_are_paged_as_hsds_and_valid(directory_with_a_direct_line, service_schema):
    total = Service.objects.count()
    assert total > 10
    first = Client().get("/api/v1/hsds/services?per_page=10").json()
    assert first["total_items"] == total and first["total_pages"] == -(-total // 10)
    assert first["page_number"] == 1 and first["size"] == 10
    assert first["first_page"] and not first["last_page"] and not first["empty"]
    last = Client().get(f"/api/v1/hsds/services?per_page=10&page={first['total_pages']}").json()
    assert last["last_page"] and not last["first_page"] and last["size"] == (total % 10 or 10)
    beyond = Client().get(f"/api/v1/hsds/services?per_page=10&page={first['total_pages'] + 1}")
    assert beyond.json()["empty"] and beyond.json()["contents"] == []
    seen = []
    for page in range(1, first["total_pages"] + 1):
        answer = Client().get(f"/api/v1/hsds/services?per_page=10&page={page}").json()
        for service in answer["contents"]:
            assert _errors(service_schema, service) == []
            seen.append(service["id"])
    assert sorted(seen) == sorted(str(pk) for pk in Service.objects.values_list("pk", flat=True))


def test_one_service_fully_nested_and_valid(directory_with_a_direct_line, service_schema):
    ww = Service.objects.get(key="ww")
    answer = Client().get(f"/api/v1/hsds/services/{ww.pk}")
    assert answer.status_code == 200
    service = answer.json()
    assert _errors(service_schema, service) == []
    assert service["id"] == str(ww.pk) and service["eenloket_key"] == "ww"
    assert service["organization"]["id"] == str(ww.organisation_id)
    assert {a["value"] for a in service["attributes"]} >= {"job-loss", "income"}


def test_an_unknown_service_is_a_problem_404():
    answer = Client().get("/api/v1/hsds/services/00000000-0000-0000-0000-000000000001")
    assert answer.status_code == 404
    assert answer["Content-Type"] == "application/problem+json"


def test_search_finds_by_name(directory_with_a_direct_line):
    answer = Client().get("/api/v1/hsds/services?search=ww&per_page=100").json()
    assert answer["total_items"] >= 1
    assert all("ww" in s["name"].lower() for s in answer["contents"])


def test_no_direct_line_ever_even_for_a_client_with_the_scope(
    directory_with_a_direct_line, partner_world
):
    uwv = Service.objects.filter(organisation__key="uwv").first()
    for client in (Client(), partner_world.uwv_api):
        pages = [
            client.get(f"/api/v1/hsds/services?per_page=100&page={page}").content.decode()
            for page in (1, 2, 3)
        ]
        detail = client.get(f"/api/v1/hsds/services/{uwv.pk}").content.decode()
        for text in [*pages, detail]:
            assert SECRET_PHONE not in text and SECRET_EMAIL not in text
            assert "Geheime directe lijn" not in text
            assert str(directory_with_a_direct_line.pk) not in text
            assert "030 000 00 41" not in text  # partner_world's WW line
    # The same line is there for a client with the scope on the directory endpoint: the test
    # would notice if the secret never reached any answer at all.
    lines = partner_world.uwv_api.get(
        f"/api/v1/directory/contact-points?organisation_id={uwv.organisation_id}"
    ).content.decode()
    assert SECRET_PHONE in lines


def test_the_page_costs_the_same_queries_however_many_services(
    directory_with_a_direct_line, django_assert_num_queries
):
    client = Client()
    client.get("/api/v1/hsds/services?per_page=5")  # warm caches of the process
    # 14, and the rate limit's count for the address (api/rate.py).
    with django_assert_num_queries(14 + 1):
        small = client.get("/api/v1/hsds/services?per_page=5")
    with django_assert_num_queries(14 + 1):
        large = client.get("/api/v1/hsds/services?per_page=100")
    assert small.json()["size"] == 5 and large.json()["size"] > 5


def test_bad_paging_is_a_problem_not_a_500():
    for query in ("page=0", "per_page=0", "per_page=101", "page=x"):
        answer = Client().get(f"/api/v1/hsds/services?{query}")
        assert answer.status_code == 422, query
        assert answer["Content-Type"] == "application/problem+json"
