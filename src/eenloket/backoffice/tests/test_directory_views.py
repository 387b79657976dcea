"""The sociale kaart screens: login, direct lines for workers only, bad input, query counts."""

import pytest

from eenloket.accounts.models import Role
from eenloket.core.actor import Actor
from eenloket.directory import services
from eenloket.directory.models import ChangeRecord, Organisation, SearchSynonym, Service
from eenloket.testing import factories
from eenloket.testing.fixtures import log_in

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("tests")


@pytest.fixture
def directory(db):
    organisation = services.organisation_create(
        name="UWV", kind="national_agency", key="uwv", actor=SYSTEM
    )
    services.need_save(key="income", name="Inkomen", name_en="Income", actor=SYSTEM)
    scheme = services.scheme_create(
        organisation=organisation,
        key="ww",
        name="WW-uitkering",
        gives="Een deel van uw loon",
        keywords="werkloos ontslagen",
        needs=["income"],
        actor=SYSTEM,
    )
    team = factories.TeamFactory(organisation=organisation, name="Directe lijn WW")
    point = services.contact_point_create(
        team=team,
        name="Directe lijn WW (demo)",
        service_level_hours=8,
        phone="030 - 000 00 01",
        topics="werkloos ww",
        schemes=["ww"],
        actor=SYSTEM,
    )
    return {"organisation": organisation, "scheme": scheme, "point": point, "team": team}


def _urls(directory):
    return [
        "/werk/sociale-kaart/",
        "/werk/sociale-kaart/?q=werkloos",
        f"/werk/sociale-kaart/regeling/{directory['scheme'].service.pk}/",
        f"/werk/sociale-kaart/organisatie/{directory['organisation'].pk}/",
        f"/werk/sociale-kaart/directe-lijn/{directory['point'].pk}/",
    ]


def test_every_directory_page_needs_a_login(client, directory):
    for url in _urls(directory):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/werk/inloggen/"), url


def test_a_worker_searches_and_finds_the_scheme_the_organisation_and_the_direct_line(
    worker_client, directory
):
    response = worker_client.get("/werk/sociale-kaart/", {"q": "ik ben werkloos"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "WW-uitkering" in html and "Directe lijn WW (demo)" in html
    assert 'href="/werk/sociale-kaart/"' in html and "Sociale kaart" in html
    for url in _urls(directory):
        assert worker_client.get(url).status_code == 200, url


def test_direct_line_page_shows_the_professional_number(worker_client, directory):
    response = worker_client.get(f"/werk/sociale-kaart/directe-lijn/{directory['point'].pk}/")
    html = response.content.decode()
    assert "030 - 000 00 01" in html and "alleen voor professionals" in html


def test_a_logged_in_user_without_membership_sees_no_direct_lines(client, directory):
    log_in(client, factories.UserFactory())
    point_url = f"/werk/sociale-kaart/directe-lijn/{directory['point'].pk}/"
    assert client.get(point_url).status_code == 404
    html = client.get("/werk/sociale-kaart/", {"q": "werkloos"}).content.decode()
    assert "WW-uitkering" in html and "Directe lijn WW" not in html
    scheme_html = client.get(
        f"/werk/sociale-kaart/regeling/{directory['scheme'].service.pk}/"
    ).content.decode()
    assert "030 - 000 00 01" not in scheme_html and "Directe lijn WW (demo)" not in scheme_html


@pytest.mark.parametrize(
    "url",
    [
        "/werk/sociale-kaart/regeling/0190f5a0-0000-7000-8000-000000000001/",
        "/werk/sociale-kaart/organisatie/0190f5a0-0000-7000-8000-000000000001/",
        "/werk/sociale-kaart/directe-lijn/0190f5a0-0000-7000-8000-000000000001/",
        "/werk/sociale-kaart/levensgebeurtenis/bestaat-niet/",
        "/werk/sociale-kaart/regeling/not-a-uuid/",
    ],
)
def test_unknown_items_are_not_found(worker_client, url):
    assert worker_client.get(url).status_code == 404


@pytest.mark.parametrize(
    "params",
    [
        {"q": "werk", "life_event": "no-such-event"},
        {"q": "werk", "municipality": "<script>"},
        {"q": "x" * 301},
    ],
)
def test_bad_search_input_gets_a_clear_error_not_a_500(worker_client, directory, params):
    response = worker_client.get("/werk/sociale-kaart/", params)
    assert response.status_code == 400
    assert "utrecht-form-field-error-message" in response.content.decode()


def test_search_page_runs_a_fixed_number_of_queries(
    worker_client, directory, django_assert_num_queries
):
    worker_client.get("/werk/sociale-kaart/")  # the first page after login renews the session
    # session, user, memberships; filter choices (3); search (4)
    with django_assert_num_queries(10):
        worker_client.get("/werk/sociale-kaart/", {"q": "werkloos"})
    for n in range(30):
        services.service_create(
            organisation=directory["organisation"],
            name=f"Werkloosheidsloket {n}",
            keywords="werkloos",
            actor=SYSTEM,
        )
    with django_assert_num_queries(10):
        response = worker_client.get("/werk/sociale-kaart/", {"q": "werkloos"})
    assert len(response.context["results"].hits) == 25


def test_htmx_gets_only_the_results(worker_client, directory):
    response = worker_client.get(
        "/werk/sociale-kaart/", {"q": "werkloos"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert "WW-uitkering" in html and "<html" not in html


def test_the_coordinator_sets_the_capacity_and_others_cannot(client, directory):
    coordinator = factories.MembershipFactory(role=Role.COORDINATOR, team=directory["team"])
    services.contact_point_update(
        contact_point=directory["point"], coordinator=coordinator.user, actor=SYSTEM
    )
    url = f"/werk/sociale-kaart/directe-lijn/{directory['point'].pk}/capaciteit/"
    other = factories.MembershipFactory()
    log_in(client, other.user)
    response = client.post(url, {"capacity": "temporarily_closed"})
    assert response.status_code == 400
    directory["point"].refresh_from_db()
    assert directory["point"].capacity == "open"

    log_in(client, coordinator.user)
    response = client.post(url, {"capacity": "waiting_list"})
    assert response.status_code == 400 and "wachttijd" in response.content.decode()
    response = client.post(url, {"capacity": "waiting_list", "expected_wait_days": "4"})
    assert response.status_code == 302
    directory["point"].refresh_from_db()
    assert (directory["point"].capacity, directory["point"].expected_wait_days) == (
        "waiting_list",
        4,
    )


def test_synonyms_page_is_for_application_managers_and_saves_through_the_service(client):
    frontline = factories.MembershipFactory()
    log_in(client, frontline.user)
    assert client.get("/werk/sociale-kaart/synoniemen/").status_code == 404

    manager = factories.MembershipFactory(role=Role.APPLICATION_MANAGER, team=None)
    log_in(client, manager.user)
    assert client.get("/werk/sociale-kaart/synoniemen/").status_code == 200
    response = client.post(
        "/werk/sociale-kaart/synoniemen/", {"term": "Stufi", "expansions": "studiefinanciering"}
    )
    assert response.status_code == 302
    synonym = SearchSynonym.objects.get(term="stufi")
    assert ChangeRecord.objects.filter(resource_id=synonym.pk, field_name="term").exists()
    response = client.post("/werk/sociale-kaart/synoniemen/", {"term": "", "expansions": ""})
    assert response.status_code == 400
    response = client.post("/werk/sociale-kaart/synoniemen/", {"delete": str(synonym.pk)})
    assert response.status_code == 302 and not SearchSynonym.objects.exists()
    response = client.post("/werk/sociale-kaart/synoniemen/", {"delete": "nonsense"})
    assert response.status_code == 302


def test_pages_are_in_english_when_chosen(worker_client, directory):
    services.service_update(
        service=directory["scheme"].service, name_en="Unemployment benefit", actor=SYSTEM
    )
    worker_client.post("/i18n/setlang/", {"language": "en", "next": "/werk/"})
    html = worker_client.get(
        f"/werk/sociale-kaart/regeling/{directory['scheme'].service.pk}/"
    ).content.decode()
    assert "Unemployment benefit" in html and "What it gives" in html


def test_services_and_organisations_exist_only_through_services(directory):
    # the fixture made them through the services: every row has its creation in the history
    for row in (*Organisation.objects.all(), *Service.objects.all()):
        assert ChangeRecord.objects.filter(resource_id=row.pk, last_action_type="create").exists()


def test_organisation_and_scheme_pages_run_a_fixed_number_of_queries(
    worker_client, directory, django_assert_num_queries
):
    organisation_url = f"/werk/sociale-kaart/organisatie/{directory['organisation'].pk}/"
    scheme_url = f"/werk/sociale-kaart/regeling/{directory['scheme'].service.pk}/"
    worker_client.get(organisation_url)
    with django_assert_num_queries(10) as few_org:
        worker_client.get(organisation_url)
    with django_assert_num_queries(12) as few_scheme:
        worker_client.get(scheme_url)
    for n in range(10):
        services.service_create(
            organisation=directory["organisation"], name=f"Loket {n}", actor=SYSTEM
        )
        services.contact_point_create(
            team=directory["team"],
            name=f"Lijn {n}",
            service_level_hours=8,
            email=f"lijn{n}@example.org",
            schemes=["ww"],
            actor=SYSTEM,
        )
    with django_assert_num_queries(len(few_org.captured_queries)):
        response = worker_client.get(organisation_url)
    assert response.content.decode().count("Lijn ") >= 10
    with django_assert_num_queries(len(few_scheme.captured_queries)):
        worker_client.get(scheme_url)


def test_an_application_manager_edits_a_scheme_through_the_services(client, directory):
    url = f"/werk/sociale-kaart/regeling/{directory['scheme'].service.pk}/bewerken/"
    frontline = factories.MembershipFactory()
    log_in(client, frontline.user)
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "Gekaapt"}).status_code == 404

    manager = factories.MembershipFactory(role=Role.APPLICATION_MANAGER, team=None)
    log_in(client, manager.user)
    form = client.get(url).context["form"]
    data = {name: form.initial.get(name, "") for name in form.fields}
    service_page = f"/werk/sociale-kaart/regeling/{directory['scheme'].service.pk}/"
    assert 'bewerken/"' in client.get(service_page).content.decode()

    bad = {**data, "decision_term": "8", "decision_term_unit": ""}
    response = client.post(url, bad)
    assert response.status_code == 400 and "eenheid" in response.content.decode()
    bad_age = {**data, "minimum_age": "achttien"}
    assert client.post(url, bad_age).status_code == 400

    good = {**data, "decision_term": "4", "decision_term_unit": "weeks", "acts_by_itself": "true"}
    response = client.post(url, good)
    assert response.status_code == 302 and response.url == service_page
    scheme = directory["scheme"]
    scheme.refresh_from_db()
    assert (scheme.decision_term, scheme.decision_term_unit, scheme.acts_by_itself) == (
        4,
        "weeks",
        True,
    )
    changes = ChangeRecord.objects.filter(resource_id=scheme.pk, last_action_type="update")
    assert {c.field_name for c in changes} == {
        "decision_term",
        "decision_term_unit",
        "acts_by_itself",
    }
    assert {c.updated_by for c in changes} == {f"user:{manager.user.username}"}


def test_an_application_manager_edits_an_organisation_and_a_direct_line(client, directory):
    manager = factories.MembershipFactory(role=Role.APPLICATION_MANAGER, team=None)
    log_in(client, manager.user)
    org_url = f"/werk/sociale-kaart/organisatie/{directory['organisation'].pk}/bewerken/"
    form = client.get(org_url).context["form"]
    data = {name: form.initial.get(name, "") for name in form.fields}
    assert client.post(org_url, {**data, "website": "geen website"}).status_code == 400
    assert client.post(org_url, {**data, "website": "https://www.uwv.nl/"}).status_code == 302
    assert Organisation.objects.get(pk=directory["organisation"].pk).website == (
        "https://www.uwv.nl/"
    )

    point_url = f"/werk/sociale-kaart/directe-lijn/{directory['point'].pk}/bewerken/"
    form = client.get(point_url).context["form"]
    data = {name: form.initial.get(name, "") for name in form.fields}
    assert client.post(point_url, {**data, "phone": "", "email": ""}).status_code == 400
    assert client.post(point_url, {**data, "service_level_hours": "0"}).status_code == 400
    assert client.post(point_url, {**data, "service_level_hours": "16"}).status_code == 302
    directory["point"].refresh_from_db()
    assert directory["point"].service_level_hours == 16
