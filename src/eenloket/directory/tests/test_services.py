"""Writes to the directory: who may write, validation, field history, atomicity."""

import pytest

from eenloket.accounts.models import Role
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.directory import services
from eenloket.directory.models import (
    ChangeRecord,
    ContactPoint,
    Organisation,
    SearchDocument,
    Service,
)
from eenloket.testing import factories

pytestmark = pytest.mark.django_db


def _worker(role, team=True):
    membership = factories.MembershipFactory(role=role, **({} if team else {"team": None}))
    return Actor.worker(membership.user, membership)


@pytest.mark.parametrize(
    ("make_actor", "allowed"),
    [
        (lambda: Actor.system("job"), True),
        (lambda: _worker(Role.APPLICATION_MANAGER, team=False), True),
        (lambda: _worker(Role.FRONTLINE_WORKER), False),
        (lambda: _worker(Role.COORDINATOR), False),
        (lambda: _worker(Role.PRIVACY_OFFICER, team=False), False),
        (lambda: Actor.anonymous(), False),
    ],
)
def test_only_application_managers_and_jobs_change_the_directory(make_actor, allowed):
    actor = make_actor()
    if allowed:
        services.organisation_create(name="Gemeente Test", kind="municipality", actor=actor)
        assert Organisation.objects.filter(name="Gemeente Test").exists()
    else:
        with pytest.raises(DomainError, match="application managers"):
            services.organisation_create(name="Gemeente Test", kind="municipality", actor=actor)
        assert not Organisation.objects.filter(name="Gemeente Test").exists()


def test_an_expired_application_manager_membership_may_not_write():
    import datetime as dt

    from eenloket.core import clock

    membership = factories.MembershipFactory(
        role=Role.APPLICATION_MANAGER,
        team=None,
        valid_until=clock.today() - dt.timedelta(days=1),
    )
    with pytest.raises(DomainError):
        services.organisation_create(
            name="X", kind="other", actor=Actor.worker(membership.user, membership)
        )


def test_update_writes_one_history_row_per_changed_field_and_none_when_unchanged(manager):
    organisation = services.organisation_create(
        name="Gemeente Test", kind="municipality", website="https://www.test.nl/", actor=manager
    )
    created = ChangeRecord.objects.filter(resource_id=organisation.pk, last_action_type="create")
    assert {c.field_name for c in created} == {"name", "kind", "website"}
    services.organisation_update(
        organisation=organisation,
        website="https://www.test.nl/",
        description="Nieuw",
        alternate_name="Test",
        actor=manager,
    )
    updates = ChangeRecord.objects.filter(resource_id=organisation.pk, last_action_type="update")
    assert sorted((u.field_name, u.previous_value, u.replacement_value) for u in updates) == [
        ("alternate_name", "", "Test"),
        ("description", "", "Nieuw"),
    ]
    assert updates.first().updated_by == f"user:{manager.user.username}"
    services.organisation_update(organisation=organisation, description="Nieuw", actor=manager)
    assert updates.count() == 2


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"website": "not a url"}, "web address"),
        ({"email": "nobody"}, "e-mail address"),
        ({"oin": "123"}, "20 digits"),
        ({"kind": "bank"}, "must be one of"),
        ({"name": "   "}, "required"),
        ({"municipality": "12"}, "4 digits"),
        ({"municipality": "9999"}, "Unknown municipality"),
        ({"checked_on": "28-11-2026"}, "YYYY-MM-DD"),
        ({"colour": "blue"}, "Unknown field"),
    ],
)
def test_organisation_refuses_bad_input_with_a_specific_message(system, fields, message):
    values = {"name": "Gemeente Test", "kind": "municipality", **fields}
    with pytest.raises(DomainError, match=message):
        services.organisation_create(actor=system, **values)
    assert not Organisation.objects.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"minimum_age": 30, "maximum_age": 18}, "minimum age is above"),
        ({"minimum_age": -1}, "between 0 and 130"),
        ({"minimum_age": "twelve"}, "whole number"),
        ({"decision_term": 8}, "number and a unit"),
        ({"decision_term_unit": "weeks"}, "number and a unit"),
        ({"decision_term": 8, "decision_term_unit": "months"}, "must be one of"),
        ({"life_events": ["no-such-event"]}, "Unknown life event"),
        ({"needs": ["no-such-need"]}, "Unknown need"),
        ({"status": "open"}, "must be one of"),
        ({"url": "ftp://x"}, "web address"),
    ],
)
def test_scheme_refuses_bad_input_and_leaves_nothing_behind(system, fields, message):
    organisation = factories.OrganisationFactory()
    with pytest.raises(DomainError, match=message):
        services.scheme_create(
            organisation=organisation, name="Regeling", gives="Geld", actor=system, **fields
        )
    assert not Service.objects.exists()
    assert not SearchDocument.objects.filter(kind="scheme").exists()


def test_scheme_create_makes_service_scheme_history_and_search_document(system):
    organisation = factories.OrganisationFactory(name="UWV")
    scheme = services.scheme_create(
        organisation=organisation,
        key="ww",
        name="WW-uitkering",
        gives="Een deel van uw loon",
        decision_term=4,
        decision_term_unit="weeks",
        acts_by_itself="nee",
        actor=system,
    )
    assert scheme.service.name == "WW-uitkering" and scheme.decision_term == 4
    assert scheme.acts_by_itself is False
    fields = set(
        ChangeRecord.objects.filter(resource_id=scheme.pk).values_list("field_name", flat=True)
    )
    assert {"gives", "decision_term", "decision_term_unit"} <= fields
    document = SearchDocument.objects.get(object_id=scheme.service.pk)
    assert document.kind == "scheme" and " ww " in document.terms_a + " ww "


def test_service_update_of_relations_records_one_field_change(system, reference_content):
    service = Service.objects.get(key="ww")
    services.service_update(service=service, needs=["income"], actor=system)
    change = ChangeRecord.objects.filter(resource_id=service.pk, field_name="needs").last()
    assert change.previous_value == "income,work" and change.replacement_value == "income"


def test_direct_line_rules(system):
    team = factories.TeamFactory()
    with pytest.raises(DomainError, match="phone number or an e-mail"):
        services.contact_point_create(team=team, name="Lijn", service_level_hours=8, actor=system)
    with pytest.raises(DomainError, match="expected wait"):
        services.contact_point_create(
            team=team,
            name="Lijn",
            service_level_hours=8,
            phone="030 - 000 00 01",
            capacity="waiting_list",
            actor=system,
        )
    with pytest.raises(DomainError, match="between 1 and 400"):
        services.contact_point_create(
            team=team, name="Lijn", service_level_hours=0, phone="0300000001", actor=system
        )
    with pytest.raises(DomainError, match="phone number"):
        services.contact_point_create(
            team=team, name="Lijn", service_level_hours=8, phone="bel me", actor=system
        )
    with pytest.raises(DomainError, match="before closing"):
        services.contact_point_create(
            team=team,
            name="Lijn",
            service_level_hours=8,
            phone="0300000001",
            schedules=[{"byday": "MO", "opens_at": "17:00", "closes_at": "09:00"}],
            actor=system,
        )
    with pytest.raises(DomainError, match="days like MO"):
        services.contact_point_create(
            team=team,
            name="Lijn",
            service_level_hours=8,
            phone="0300000001",
            schedules=[{"byday": "maandag", "opens_at": "09:00", "closes_at": "17:00"}],
            actor=system,
        )
    assert not ContactPoint.objects.exists()


def test_capacity_can_be_set_by_the_coordinator_but_not_by_another_worker(system):
    coordinator = factories.MembershipFactory(role=Role.COORDINATOR)
    point = services.contact_point_create(
        team=coordinator.team,
        name="Lijn",
        service_level_hours=8,
        email="lijn@example.org",
        coordinator=coordinator.user,
        actor=system,
    )
    services.contact_point_set_capacity(
        contact_point=point,
        capacity="waiting_list",
        expected_wait_days=5,
        actor=Actor.worker(coordinator.user, coordinator),
    )
    point.refresh_from_db()
    assert (point.capacity, point.expected_wait_days) == ("waiting_list", 5)
    other = factories.MembershipFactory()
    with pytest.raises(DomainError, match="coordinator"):
        services.contact_point_set_capacity(
            contact_point=point, capacity="open", actor=Actor.worker(other.user, other)
        )
    services.contact_point_set_capacity(contact_point=point, capacity="open", actor=system)
    point.refresh_from_db()
    assert (point.capacity, point.expected_wait_days) == ("open", None)
    changes = ChangeRecord.objects.filter(resource_id=point.pk, field_name="capacity")
    assert [c.replacement_value for c in changes] == ["open", "waiting_list", "open"]


def test_kvk_identifier_has_8_digits_and_belongs_to_one_organisation(system):
    first, second = factories.OrganisationFactory(), factories.OrganisationFactory()
    with pytest.raises(DomainError, match="8 digits"):
        services.organisation_identifier_set(
            organisation=first, identifier_type="KVK", identifier="1234", actor=system
        )
    services.organisation_identifier_set(
        organisation=first, identifier_type="KVK", identifier="12345678", actor=system
    )
    with pytest.raises(DomainError, match="Another organisation"):
        services.organisation_identifier_set(
            organisation=second, identifier_type="KVK", identifier="12345678", actor=system
        )


def test_synonyms_are_kept_normalised_and_their_removal_is_recorded(manager):
    synonym = services.synonym_save(
        term="  Huur-Achterstand ", expansions="schulden", actor=manager
    )
    assert synonym.term == "huur achterstand" and synonym.stemmed == "hur achterstand"
    with pytest.raises(DomainError, match="letters or digits"):
        services.synonym_save(term="!!!", expansions="x", actor=manager)
    synonym_id = synonym.pk
    services.synonym_delete(synonym=synonym, actor=manager)
    deleted = ChangeRecord.objects.filter(resource_id=synonym_id, last_action_type="delete")
    assert {d.field_name for d in deleted} == {"term", "expansions"}


def test_location_needs_an_address_or_a_url(system):
    organisation = factories.OrganisationFactory()
    with pytest.raises(DomainError, match="web address"):
        services.location_save(
            organisation=organisation, name="Online", location_type="virtual", actor=system
        )
    with pytest.raises(DomainError, match="needs an address"):
        services.location_save(
            organisation=organisation, name="Balie", location_type="physical", actor=system
        )
    with pytest.raises(DomainError, match="postcode"):
        services.location_save(
            organisation=organisation,
            name="Balie",
            location_type="physical",
            address={
                "address_1": "Straat 1",
                "postal_code": "ABC",
                "city": "Utrecht",
                "state_province": "Utrecht",
            },
            actor=system,
        )
    location = services.location_save(
        organisation=organisation,
        name="Balie",
        location_type="physical",
        address={
            "address_1": "Straat 1",
            "postal_code": "3511ab",
            "city": "Utrecht",
            "state_province": "Utrecht",
        },
        schedules=[{"byday": "mo,tu", "opens_at": "09:00", "closes_at": "12:30"}],
        accessibility=[{"description": "Ingang zonder drempel"}],
        actor=system,
    )
    assert location.addresses.get().postal_code == "3511 AB"
    assert str(location.schedules.get()) == "MO,TU 09:00-12:30"
    assert location.accessibility.get().description == "Ingang zonder drempel"


def test_required_choices_cannot_be_emptied_by_an_update(system):
    organisation = factories.OrganisationFactory()
    service = services.service_create(organisation=organisation, name="Loket", actor=system)
    with pytest.raises(DomainError, match="Status is required"):
        services.service_update(service=service, status="", actor=system)
    point = services.contact_point_create(
        team=factories.TeamFactory(), name="Lijn", service_level_hours=8, phone="0300000001",
        actor=system,
    )  # fmt: skip
    with pytest.raises(DomainError, match="Capacity is required"):
        services.contact_point_update(contact_point=point, capacity="", actor=system)
    with pytest.raises(DomainError, match="phone number or an e-mail"):
        services.contact_point_update(contact_point=point, phone="", actor=system)
    service.refresh_from_db()
    point.refresh_from_db()
    assert (service.status, point.capacity, point.phone) == ("active", "open", "0300000001")
