"""The set-up screens: good input is saved through the services and in the audit log; bad
input gets a specific Dutch message with everything typed kept; non-managers get 404."""

import datetime as dt

import pytest
from django.urls import reverse

from eenloket.accounts.models import Membership, Role, User
from eenloket.appointments.models import AppointmentSetting
from eenloket.audit.models import AuditEntry
from eenloket.consent.models import StatutoryBasis
from eenloket.core import clock
from eenloket.directory.models import ContactPoint, Location, Organisation, Team
from eenloket.teamwork.models import BreakthroughTable
from eenloket.testing import factories
from eenloket.testing.fixtures import log_in

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "paars-konijn-zwemt-2027"


def audited(action):
    return AuditEntry.objects.filter(action=action).count()


def text(response):
    return response.content.decode()


@pytest.fixture
def organisation():
    return factories.OrganisationFactory(name="Gemeente Proef")


@pytest.fixture
def team(organisation):
    return factories.TeamFactory(organisation=organisation, name="Schuldhulp")


# ------------------------------------------------------------------ who gets in


@pytest.mark.parametrize(
    "role", [Role.FRONTLINE_WORKER, Role.COORDINATOR, Role.PRIVACY_OFFICER, Role.PROGRAMME_STAFF]
)
def test_only_application_managers_reach_the_set_up(client, role, organisation):
    team = factories.TeamFactory(organisation=organisation)
    membership = factories.MembershipFactory(role=role, team=team, organisation=organisation)
    log_in(client, membership.user)
    for url in (
        reverse("setup:home"),
        reverse("setup:organisation", args=[organisation.pk]),
        reverse("setup:workers"),
        reverse("setup:tables"),
        reverse("setup:basis_new", args=[organisation.pk]),
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(reverse("setup:organisation_new"), {"name": "X", "kind": "other"})
    assert response.status_code == 404
    assert not Organisation.objects.filter(name="X").exists()


def test_anonymous_is_sent_to_the_login(client):
    response = client.get(reverse("setup:home"))
    assert response.status_code == 302
    assert "/werk/inloggen/" in response["Location"]


def test_an_ended_manager_membership_no_longer_gets_in(client, manager):
    Membership.objects.filter(pk=manager.pk).update(
        valid_until=clock.today() - dt.timedelta(days=1)
    )
    log_in(client, manager.user)
    assert client.get(reverse("setup:home")).status_code in (302, 404)


def test_the_menu_shows_the_set_up_to_managers_only(manager_client, client):
    assert reverse("setup:home") in text(manager_client.get(reverse("backoffice:home")))


# ------------------------------------------------------------------ organisations and teams


def test_a_new_organisation_is_saved_and_audited(manager_client):
    response = manager_client.post(
        reverse("setup:organisation_new"),
        {"name": "UWV Proef", "kind": "national_agency", "oin": "00000001234567890000"},
    )
    organisation = Organisation.objects.get(name="UWV Proef")
    assert response.status_code == 302
    assert response["Location"] == reverse("setup:organisation", args=[organisation.pk])
    assert organisation.oin == "00000001234567890000"
    assert audited("directory_create") >= 1


def test_a_bad_oin_is_refused_with_its_reason_and_the_input_kept(manager_client):
    response = manager_client.post(
        reverse("setup:organisation_new"),
        {"name": "UWV Proef", "kind": "national_agency", "oin": "1234"},
    )
    assert response.status_code == 400
    assert "OIN" in text(response)
    assert 'value="UWV Proef"' in text(response)
    assert not Organisation.objects.filter(name="UWV Proef").exists()


def test_an_organisation_without_a_kind_is_refused_in_dutch(manager_client):
    response = manager_client.post(reverse("setup:organisation_new"), {"name": "SVB Proef"})
    assert response.status_code == 400
    assert "Kies wat voor organisatie het is." in text(response)


def test_a_duplicate_organisation_name_is_refused(manager_client, organisation):
    response = manager_client.post(
        reverse("setup:organisation_new"), {"name": organisation.name, "kind": "municipality"}
    )
    assert response.status_code == 400
    assert Organisation.objects.filter(name=organisation.name).count() == 1


def test_an_organisation_is_changed(manager_client, organisation):
    response = manager_client.post(
        reverse("setup:organisation_edit", args=[organisation.pk]),
        {"name": "Gemeente Proefstad", "kind": "municipality", "website": "https://example.nl"},
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert (organisation.name, organisation.website) == ("Gemeente Proefstad", "https://example.nl")
    assert audited("directory_update") >= 1


def test_a_team_is_added_and_renamed(manager_client, organisation):
    url = reverse("setup:team_new", args=[organisation.pk])
    assert manager_client.post(url, {"name": "Inkomen"}).status_code == 302
    team = Team.objects.get(organisation=organisation, name="Inkomen")
    again = manager_client.post(url, {"name": "Inkomen"})
    assert again.status_code == 400
    assert "heeft al een team met deze naam" in text(again)
    response = manager_client.post(reverse("setup:team_edit", args=[team.pk]), {"name": "Werk"})
    assert response.status_code == 302
    team.refresh_from_db()
    assert team.name == "Werk"


def test_the_organisation_page_shows_what_is_set_up(manager_client, organisation, team):
    response = manager_client.get(reverse("setup:organisation", args=[organisation.pk]))
    assert response.status_code == 200
    assert "Schuldhulp" in text(response)


def test_the_overview_lists_organisations_in_a_fixed_number_of_queries(
    manager_client, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    factories.TeamFactory(organisation=factories.OrganisationFactory(name="Org 0"))
    manager_client.get(reverse("setup:home"))
    with CaptureQueriesContext(connection) as few:
        manager_client.get(reverse("setup:home"))
    for n in range(1, 6):
        factories.TeamFactory(organisation=factories.OrganisationFactory(name=f"Org {n}"))
    with django_assert_num_queries(len(few)):
        response = manager_client.get(reverse("setup:home"))
    assert "Org 5" in text(response)


# ------------------------------------------------------------------ direct lines


def test_a_direct_line_is_added_with_hours_service_level_and_who_answers(
    manager_client, team, organisation
):
    answerer = factories.MembershipFactory(team=team, organisation=organisation).user
    response = manager_client.post(
        reverse("setup:line_new", args=[team.pk]),
        {
            "name": "Schulden (direct)",
            "phone": "030 123 45 67",
            "hours": "ma-vr 09:00-17:00\ndi,do 18:00-20:00",
            "service_level_hours": "16",
            "capacity": "open",
            "coordinator": str(answerer.pk),
        },
    )
    assert response.status_code == 302
    point = ContactPoint.objects.get(team=team, name="Schulden (direct)")
    assert (point.service_level_hours, point.coordinator) == (16, answerer)
    assert sorted(s.byday for s in point.schedules.all()) == ["MO,TU,WE,TH,FR", "TU,TH"]
    assert audited("directory_create") >= 1


def test_a_direct_line_with_bad_hours_names_the_line_and_keeps_the_input(manager_client, team):
    response = manager_client.post(
        reverse("setup:line_new", args=[team.pk]),
        {
            "name": "Schulden (direct)",
            "phone": "030 123 45 67",
            "hours": "ma-vr 09:00-17:00\nvr 17:00-09:00",
            "service_level_hours": "16",
            "capacity": "open",
        },
    )
    assert response.status_code == 400
    assert "Regel 2: de openingstijd moet voor de sluitingstijd liggen." in text(response)
    assert "Schulden (direct)" in text(response)
    assert not ContactPoint.objects.filter(team=team).exists()


def test_a_direct_line_without_phone_or_email_is_refused(manager_client, team):
    response = manager_client.post(
        reverse("setup:line_new", args=[team.pk]),
        {"name": "Stil", "service_level_hours": "8", "capacity": "open"},
    )
    assert response.status_code == 400
    assert not ContactPoint.objects.filter(team=team).exists()


def test_a_direct_line_is_changed(manager_client, team, manager_actor):
    from eenloket.directory import services as directory

    point = directory.contact_point_create(
        team=team, name="Lijn", service_level_hours=8, phone="0301234567", actor=manager_actor
    )
    page = manager_client.get(reverse("setup:line_edit", args=[point.pk]))
    assert page.status_code == 200
    response = manager_client.post(
        reverse("setup:line_edit", args=[point.pk]),
        {
            "name": "Lijn",
            "phone": "0301234567",
            "service_level_hours": "24",
            "capacity": "waiting_list",
            "expected_wait_days": "5",
            "hours": "ma 09:00-12:00",
        },
    )
    assert response.status_code == 302
    point.refresh_from_db()
    assert (point.service_level_hours, point.capacity, point.expected_wait_days) == (
        24,
        "waiting_list",
        5,
    )


# ------------------------------------------------------------------ desks

DESK = {
    "name": "Balie Stadhuis",
    "address_1": "Stadsplateau 1",
    "postal_code": "3521 AZ",
    "city": "Utrecht",
    "state_province": "Utrecht",
    "hours": "ma-vr 09:00-12:00",
    "takes_appointments": "on",
    "slot_minutes": "20",
    "capacity": "3",
    "horizon_days": "21",
    "closing_days": "27-04-2027\n2027-05-06 teamdag",
}


def test_a_desk_is_added_with_appointments_and_closing_days(manager_client, organisation):
    response = manager_client.post(reverse("setup:desk_new", args=[organisation.pk]), DESK)
    assert response.status_code == 302
    desk = Location.objects.get(organisation=organisation, name="Balie Stadhuis")
    setting = AppointmentSetting.objects.get(location=desk)
    assert (setting.slot_minutes, setting.capacity, setting.horizon_days) == (20, 3, 21)
    assert setting.closing_days == ["2027-04-27", "2027-05-06"]
    assert audited("appointment_setting_save") == 1
    page = manager_client.get(reverse("setup:desk_edit", args=[desk.pk]))
    assert "27-04-2027" in text(page)


def test_a_desk_with_a_bad_closing_day_and_slot_is_refused_whole(manager_client, organisation):
    response = manager_client.post(
        reverse("setup:desk_new", args=[organisation.pk]),
        {**DESK, "closing_days": "27-04-2027\n31-02-2027", "slot_minutes": "2"},
    )
    assert response.status_code == 400
    assert "Regel 2: schrijf een datum zoals 27-04-2027." in text(response)
    assert "Een afspraak duurt 5 tot 240 minuten." in text(response)
    assert "Stadsplateau 1" in text(response)
    assert not Location.objects.filter(organisation=organisation).exists()


def test_no_slots_on_a_desks_own_closing_day():
    from eenloket.appointments.slots import slots_on
    from eenloket.directory.models import Schedule

    day = dt.date(2027, 4, 28)  # a Wednesday
    rows = [Schedule(byday="WE", opens_at=dt.time(9), closes_at=dt.time(10))]
    assert len(slots_on(day, schedules=rows, slot_minutes=30, capacity=1)) == 2
    assert slots_on(day, schedules=rows, slot_minutes=30, capacity=1, closed_on={day}) == []


# ------------------------------------------------------------------ workers


def test_a_worker_is_made_with_a_membership_and_can_log_in(manager_client, team, organisation):
    response = manager_client.post(
        reverse("setup:worker_new"),
        {
            "username": "Fatima",
            "display_name": "Fatima el Amrani",
            "email": "fatima@example.nl",
            "password": GOOD_PASSWORD,
            "organisation": str(organisation.pk),
            "team": str(team.pk),
            "role": Role.FRONTLINE_WORKER,
        },
    )
    user = User.objects.get(username="fatima")
    assert response.status_code == 302
    assert user.check_password(GOOD_PASSWORD)
    assert user.memberships.get().team == team
    assert audited("worker_create") == 1
    assert audited("membership_create") == 1


def test_a_weak_password_makes_no_account(manager_client, team, organisation):
    response = manager_client.post(
        reverse("setup:worker_new"),
        {
            "username": "fatima",
            "display_name": "Fatima",
            "password": "password",
            "organisation": str(organisation.pk),
            "team": str(team.pk),
            "role": Role.FRONTLINE_WORKER,
        },
    )
    assert response.status_code == 400
    assert not User.objects.filter(username="fatima").exists()


def test_a_casework_role_without_a_team_makes_no_account(manager_client, organisation):
    response = manager_client.post(
        reverse("setup:worker_new"),
        {
            "username": "fatima",
            "display_name": "Fatima",
            "password": GOOD_PASSWORD,
            "organisation": str(organisation.pk),
            "role": Role.FRONTLINE_WORKER,
        },
    )
    assert response.status_code == 400
    assert "team" in text(response)
    assert not User.objects.filter(username="fatima").exists()


def test_memberships_are_added_changed_and_ended(manager_client, team, organisation):
    membership = factories.MembershipFactory(team=team, organisation=organisation)
    user = membership.user
    assert manager_client.get(reverse("setup:worker", args=[user.pk])).status_code == 200
    response = manager_client.post(
        reverse("setup:membership_role", args=[membership.pk]), {"role": Role.COORDINATOR}
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.COORDINATOR
    response = manager_client.post(reverse("setup:membership_end", args=[membership.pk]))
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.valid_until == clock.today()
    response = manager_client.post(
        reverse("setup:membership_new", args=[user.pk]),
        {"organisation": str(organisation.pk), "role": Role.PRIVACY_OFFICER},
    )
    assert response.status_code == 302
    assert user.memberships.filter(role=Role.PRIVACY_OFFICER).exists()


def test_a_new_password_is_set_and_a_bad_one_refused(manager_client, team, organisation):
    user = factories.MembershipFactory(team=team, organisation=organisation).user
    url = reverse("setup:worker_password", args=[user.pk])
    assert manager_client.post(url, {"password": "kort"}).status_code == 400
    assert manager_client.post(url, {"password": GOOD_PASSWORD}).status_code == 302
    user.refresh_from_db()
    assert user.check_password(GOOD_PASSWORD)


def test_the_worker_list_has_a_fixed_number_of_queries(
    manager_client, django_assert_num_queries, team, organisation
):
    for _n in range(3):
        factories.MembershipFactory(team=team, organisation=organisation)
    manager_client.get(reverse("setup:workers"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        manager_client.get(reverse("setup:workers"))
    for _n in range(5):
        factories.MembershipFactory(team=team, organisation=organisation)
    with django_assert_num_queries(len(few)):
        manager_client.get(reverse("setup:workers"))


# ------------------------------------------------------------------ tables


def test_a_breakthrough_table_is_set_up(manager_client, team, organisation):
    member = factories.MembershipFactory(team=team, organisation=organisation).user
    response = manager_client.post(
        reverse("setup:table_new"), {"name": "Doorbraak Utrecht", "members": [str(member.pk)]}
    )
    assert response.status_code == 302
    assert list(BreakthroughTable.objects.get(name="Doorbraak Utrecht").members.all()) == [member]
    empty = manager_client.post(reverse("setup:table_new"), {"name": "Leeg"})
    assert empty.status_code == 400
    assert "Kies minstens één lid." in text(empty)
    assert "Doorbraak Utrecht" in text(manager_client.get(reverse("setup:tables")))


# ------------------------------------------------------------------ statutory bases

BASIS = {
    "categories": ["income", "identity"],
    "purpose": "beoordelen van het recht op een WW-uitkering",
    "legal_reference": "Wet SUWI, artikel 54 lid 1",
    "source_url": "https://wetten.overheid.nl/BWBR0013060/#Hoofdstuk5_Artikel54",
}


def test_a_statutory_basis_is_shown_before_it_is_saved(manager_client, organisation, team):
    url = reverse("setup:basis_new", args=[organisation.pk])
    data = {**BASIS, "valid_from": clock.today().isoformat()}
    preview = manager_client.post(url, {**data, "step": "preview"})
    assert preview.status_code == 200
    assert "Vanaf nu zien de teams van Gemeente Proef (Schuldhulp)" in text(preview)
    assert "nieuw: dit zien ze nu niet" in text(preview)
    assert not StatutoryBasis.objects.exists()
    saved = manager_client.post(url, {**data, "step": "confirm"})
    assert saved.status_code == 302
    basis = StatutoryBasis.objects.get()
    assert basis.categories == ["identity", "income"]
    assert audited("statutory_basis_add") == 1


def test_a_basis_without_an_https_source_is_refused_before_the_preview(
    manager_client, organisation
):
    url = reverse("setup:basis_new", args=[organisation.pk])
    response = manager_client.post(
        url,
        {**BASIS, "source_url": "wetten.nl", "valid_from": "2027-01-01", "step": "preview"},
    )
    assert response.status_code == 400
    assert "Geef de officiële bron als webadres dat begint met https://." in text(response)
    assert "Wet SUWI, artikel 54 lid 1" in text(response)
    assert not StatutoryBasis.objects.exists()


def test_a_basis_ending_before_it_starts_is_refused(manager_client, organisation):
    url = reverse("setup:basis_new", args=[organisation.pk])
    response = manager_client.post(
        url,
        {**BASIS, "valid_from": "2027-01-01", "valid_until": "2026-01-01", "step": "confirm"},
    )
    assert response.status_code == 400
    assert not StatutoryBasis.objects.exists()


def test_ending_a_basis_says_what_changes_then_ends_it(manager_client, organisation, team):
    from eenloket.consent import services as consent
    from eenloket.core.actor import Actor

    basis = consent.statutory_basis_add(
        recipient=organisation,
        categories=["income"],
        purpose="bijstand",
        legal_reference="Participatiewet, artikel 64",
        source_url="https://wetten.overheid.nl/BWBR0015703/",
        valid_from=clock.today() - dt.timedelta(days=10),
        actor=Actor.system("test"),
    )
    url = reverse("setup:basis_end", args=[basis.pk])
    page = manager_client.get(url)
    assert "Na de laatste dag zien de teams van Gemeente Proef (Schuldhulp)" in text(page)
    too_early = (clock.today() - dt.timedelta(days=20)).isoformat()
    refused = manager_client.post(url, {"valid_until": too_early})
    assert refused.status_code == 400
    basis.refresh_from_db()
    assert basis.valid_until is None
    assert manager_client.post(url, {"valid_until": clock.today().isoformat()}).status_code == 302
    basis.refresh_from_db()
    assert basis.valid_until == clock.today()
    assert audited("statutory_basis_end") == 1


def test_who_sits_at_a_table_is_changed(manager_client, team, organisation):
    from eenloket.core.actor import Actor
    from eenloket.teamwork import services as teamwork

    first = factories.MembershipFactory(team=team, organisation=organisation).user
    second = factories.MembershipFactory(team=team, organisation=organisation).user
    table = teamwork.table_create(name="Tafel", members=[first], actor=Actor.system("test"))
    url = reverse("setup:table_edit", args=[table.pk])
    assert manager_client.post(url, {"members": []}).status_code == 400
    assert list(table.members.all()) == [first]
    response = manager_client.post(url, {"name": "Andere naam", "members": [str(second.pk)]})
    assert response.status_code == 302
    table.refresh_from_db()
    assert (table.name, list(table.members.all())) == ("Tafel", [second])
    assert audited("breakthrough_table_members") == 1
