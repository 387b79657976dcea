"""Reading the logs: the privacy officer's search and "who used my data" for the citizen."""

import json
from pathlib import Path

import jsonschema
import pytest

from eenloket.access import casework
from eenloket.accounts.models import Role
from eenloket.audit import processing, register
from eenloket.core.actor import Actor
from eenloket.core.errors import NotFoundOrForbidden
from eenloket.testing import factories
from eenloket.testing.fixtures import log_in

pytestmark = pytest.mark.django_db

ATTRIBUTES_SCHEMA = json.loads(
    (Path(__file__).parent / "standards/attributes.schema.json").read_text()
)


@pytest.fixture
def privacy_officer(client):
    membership = factories.MembershipFactory(role=Role.PRIVACY_OFFICER, team=None)
    return log_in(client, membership.user), membership


@pytest.fixture
def sandras_case():
    """A case read by its own team and refused to an outsider."""
    case = factories.CaseFactory()
    insider = factories.MembershipFactory(team=case.owning_team, role=Role.FRONTLINE_WORKER)
    outsider = factories.MembershipFactory(role=Role.PARTNER_WORKER)
    casework.case_for(Actor.worker(insider.user, insider), case.pk)
    with pytest.raises(NotFoundOrForbidden):
        casework.case_for(Actor.worker(outsider.user, outsider), case.pk)
    return case, insider, outsider


def test_log_search_needs_a_filter(privacy_officer):
    client, _membership = privacy_officer
    response = client.get("/werk/privacy/logboek/", {"activity": ""})
    assert response.status_code == 400
    assert "niet doorbladeren" in response.content.decode()
    response = client.get("/werk/privacy/logboek.json", {"trace": ""})
    assert response.status_code == 400
    assert response.json()["error"]


def test_log_search_rejects_a_malformed_trace_id_clearly(privacy_officer):
    client, _membership = privacy_officer
    response = client.get("/werk/privacy/logboek/", {"trace": "not-a-trace"})
    assert response.status_code == 400
    assert "32 tekens" in response.content.decode()


def test_privacy_officer_finds_lines_by_subject_including_refusals(privacy_officer, sandras_case):
    client, _membership = privacy_officer
    case, _insider, _outsider = sandras_case
    response = client.get("/werk/privacy/logboek.json", {"subject": str(case.person_id)})
    assert response.status_code == 200
    records = response.json()["records"]
    assert sorted(r["status_code"] for r in records) == ["error", "ok"]
    for record in records:
        jsonschema.validate(record["attributes"], ATTRIBUTES_SCHEMA)
        assert record["attributes"]["dpl.core.processing_activity_id"].startswith("urn:uuid:")
        assert len(record["trace_id"]) == 32 and len(record["operation_id"]) == 16


def test_privacy_officer_finds_lines_by_activity_and_by_trace(privacy_officer, sandras_case):
    client, _membership = privacy_officer
    by_activity = client.get("/werk/privacy/logboek.json", {"activity": register.CASE_VIEW})
    records = by_activity.json()["records"]
    assert len(records) == 2
    by_trace = client.get("/werk/privacy/logboek.json", {"trace": records[0]["trace_id"]})
    assert [r["operation_id"] for r in by_trace.json()["records"]] == [records[0]["operation_id"]]


def test_the_privacy_officers_search_is_itself_logged(privacy_officer, sandras_case):
    from eenloket.audit.models import AuditEntry

    client, membership = privacy_officer
    case, *_ = sandras_case
    client.get("/werk/privacy/logboek/", {"subject": str(case.person_id)})
    entry = AuditEntry.objects.get(action=f"read:{processing.LOG_PRIVACY_QUERY}")
    assert entry.membership_id == str(membership.pk)


@pytest.mark.parametrize(
    "role", [Role.FRONTLINE_WORKER, Role.COORDINATOR, Role.APPLICATION_MANAGER]
)
def test_only_the_privacy_officer_may_search_the_log(client, role, sandras_case):
    case, *_ = sandras_case
    team = None if role == Role.APPLICATION_MANAGER else case.owning_team
    log_in(client, factories.MembershipFactory(role=role, team=team).user)
    assert client.get("/werk/privacy/logboek/", {"subject": str(case.person_id)}).status_code == 404
    assert client.get("/werk/privacy/logboek.json", {"activity": "case-view"}).status_code == 404


def test_who_used_my_data_shows_organisation_and_role_not_the_workers_name(client, sandras_case):
    case, insider, outsider = sandras_case
    log_in(client, insider.user)
    response = client.get(f"/werk/zaken/{case.pk}/wie-keek/")
    page = response.content.decode()
    html = page[page.index("<main") : page.index("</main>")]  # the header names the reader
    assert response.status_code == 200
    assert insider.organisation.name in html and outsider.organisation.name in html
    assert "Medewerker partnerorganisatie" in html  # the outsider's role, in Dutch
    assert "Geweigerd" in html  # the refused attempt is listed
    for worker in (insider.user, outsider.user):
        assert worker.display_name not in html and worker.username not in html
    assert "Taak van de overheid volgens de wet" in html  # the legal basis, in plain words


def test_who_used_my_data_leaves_out_confidential_activities(sandras_case):
    from eenloket.access.who_looked import who_looked

    case, *_ = sandras_case
    before = len(who_looked(person_id=case.person_id))
    processing.record(
        activity=processing.LOG_PRIVACY_QUERY,  # confidential in the register
        actor=Actor.system("t"),
        subject_ids=[case.person_id],
        categories=["processing_log"],
        status="ok",
    )
    assert len(who_looked(person_id=case.person_id)) == before


def test_who_used_my_data_runs_a_fixed_number_of_queries(sandras_case, django_assert_num_queries):
    from eenloket.access.who_looked import who_looked

    case, insider, _outsider = sandras_case
    with django_assert_num_queries(4):
        few = who_looked(person_id=case.person_id)
    for _ in range(20):
        casework.case_for(Actor.worker(insider.user, insider), case.pk)
    with django_assert_num_queries(4):
        many = who_looked(person_id=case.person_id)
    assert len(many) == len(few) + 20


def test_who_used_my_data_needs_access_to_the_case(client, sandras_case):
    case, _insider, outsider = sandras_case
    log_in(client, outsider.user)
    assert client.get(f"/werk/zaken/{case.pk}/wie-keek/").status_code == 404
