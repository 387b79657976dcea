"""Finding a person without browsing, duplicate warnings, and who sees the BSN unmasked."""

import datetime as dt

import pytest

from eenloket.access import persons
from eenloket.accounts.models import Role
from eenloket.audit import register
from eenloket.audit.models import AuditEntry, ProcessingLogEntry
from eenloket.audit.pseudonyms import person_pseudonym
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError, NotFoundOrForbidden
from eenloket.people import services as people
from eenloket.people.duplicates import NameAndBirth
from eenloket.testing import factories

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("test")
PURPOSE = "Sandra staat aan de balie met een vraag"


def _actor(**fields):
    membership = factories.MembershipFactory(**fields)
    return Actor.worker(membership.user, membership)


@pytest.fixture
def sandra():
    return people.person_create(
        given_names="Sandra",
        surname="Jansen",
        birth_date=dt.date(1984, 5, 17),
        bsn="999176110",
        kvk_number="12345678",
        actor=SYSTEM,
    )


@pytest.mark.parametrize(
    "criteria",
    [
        {"bsn": "999176110"},
        {"surname": "jansen", "birth_date": dt.date(1984, 5, 17)},
        {"kvk_number": "12345678"},
    ],
)
def test_a_worker_finds_a_person_by_one_exact_criterion(sandra, criteria):
    actor = _actor()
    [found] = persons.find_persons(actor, purpose=PURPOSE, **criteria)
    assert found.person_id == sandra.pk


def test_without_a_relation_the_search_gives_no_dossier_only_that_someone_is_registered(sandra):
    actor = _actor()
    [found] = persons.find_persons(actor, purpose=PURPOSE, bsn="999176110")
    assert found.works_with is False
    assert found.person is None
    assert found.case_ids == []


def test_with_a_relation_the_search_says_so_and_releases_the_person(sandra):
    actor = _actor()
    case = factories.CaseFactory(person=sandra, owning_team=actor.membership.team)
    [found] = persons.find_persons(actor, purpose=PURPOSE, bsn="999176110")
    assert found.works_with is True
    assert found.person == sandra
    assert found.case_ids == [case.pk]


@pytest.mark.parametrize(
    "criteria",
    [
        {"surname": "Jansen"},  # a name alone is browsing
        {"birth_date": dt.date(1984, 5, 17)},
        {},
        {"bsn": "999176110", "kvk_number": "12345678"},
        {"bsn": "99917"},
        {"kvk_number": "1234"},
    ],
)
def test_browsing_and_partial_criteria_are_refused(sandra, criteria):
    with pytest.raises(DomainError):
        persons.find_persons(_actor(), purpose=PURPOSE, **criteria)


def test_a_search_needs_a_purpose_and_logs_it(sandra):
    actor = _actor()
    with pytest.raises(DomainError):
        persons.find_persons(actor, purpose="", bsn="999176110")
    persons.find_persons(actor, purpose=PURPOSE, bsn="999176110")
    line = ProcessingLogEntry.objects.get(data_subject_id=person_pseudonym(sandra.pk))
    assert line.activity_key == register.PERSON_FIND
    assert line.attributes["eenloket.stated_purpose"] == PURPOSE
    audit = AuditEntry.objects.get(operation_id=line.operation_id)
    assert audit.changes["purpose"] == PURPOSE
    assert "999176110" not in str(audit.changes) + str(line.attributes)


def test_a_search_that_finds_nobody_is_audited_too():
    actor = _actor()
    assert persons.find_persons(actor, purpose=PURPOSE, kvk_number="87654321") == []
    assert AuditEntry.objects.filter(action=f"read:{register.PERSON_FIND}").exists()


@pytest.mark.parametrize("role", [Role.PRIVACY_OFFICER, Role.APPLICATION_MANAGER])
def test_roles_without_casework_cannot_search(sandra, role):
    actor = _actor(role=role, team=None)
    with pytest.raises(NotFoundOrForbidden):
        persons.find_persons(actor, purpose=PURPOSE, bsn="999176110")


def test_merged_persons_are_not_found(sandra):
    keep = people.person_create(surname="Jansen", actor=SYSTEM)
    people.person_merge(keep=keep, duplicate=sandra, reason="zelfde", actor=SYSTEM)
    [found] = persons.find_persons(_actor(), purpose=PURPOSE, bsn="999176110")
    assert found.person_id == keep.pk


def test_duplicate_warning_finds_swapped_dates_and_prefixes_and_is_logged(sandra):
    actor = _actor()
    draft = NameAndBirth("Sandra", "", "JANSEN", birth_date=dt.date(1984, 5, 17))
    [warning] = persons.duplicate_warnings(actor, draft)
    assert warning.person_id == sandra.pk and warning.person is None
    hendrik = people.person_create(
        given_names="Hendrik",
        surname_prefix="de",
        surname="Vries",
        birth_date=dt.date(1947, 3, 2),
        actor=SYSTEM,
    )
    swapped = NameAndBirth("Hendrik", "", "Vries", birth_date=dt.date(1947, 2, 3))
    [warning] = persons.duplicate_warnings(actor, swapped)
    assert warning.person_id == hendrik.pk
    assert "swapped_day_and_month" in warning.reasons
    assert ProcessingLogEntry.objects.filter(activity_key=register.PERSON_DUPLICATE_CHECK).exists()


def test_duplicate_warning_finds_a_bsn_two_digits_off(sandra):
    draft = NameAndBirth("Sandra", "", "Jansen", bsn="999286110")
    [warning] = persons.duplicate_warnings(_actor(), draft)
    assert warning.reasons == ["bsn_two_digits_off", "same_surname"]


def test_a_person_can_be_linked_only_right_after_finding_them(sandra):
    actor = _actor()
    with pytest.raises(NotFoundOrForbidden):
        persons.person_to_link(actor, sandra.pk, just_found=[])
    assert persons.person_to_link(actor, sandra.pk, just_found=[str(sandra.pk)]) == sandra


# (role, team works on the case, sees the BSN)
BSN_TABLE = [
    (Role.FRONTLINE_WORKER, True, True),
    (Role.COORDINATOR, True, True),
    (Role.PARTNER_WORKER, True, False),
    (Role.FRONTLINE_WORKER, False, False),
]


@pytest.mark.parametrize(("role", "related", "sees"), BSN_TABLE)
def test_who_sees_the_bsn_unmasked(sandra, role, related, sees):
    actor = _actor(role=role)
    team = actor.membership.team if related else factories.TeamFactory()
    case = factories.CaseFactory(person=sandra, owning_team=team)
    if sees:
        assert persons.bsn_for(actor, case.pk) == "999176110"
        assert ProcessingLogEntry.objects.filter(
            activity_key=register.PERSON_BSN_VIEW, status_code="ok"
        ).exists()
    else:
        with pytest.raises(NotFoundOrForbidden):
            persons.bsn_for(actor, case.pk)
        assert ProcessingLogEntry.objects.filter(
            activity_key=register.PERSON_BSN_VIEW, status_code="error"
        ).exists()


def test_only_a_coordinator_working_with_both_may_merge(sandra):
    coordinator = _actor(role=Role.COORDINATOR)
    other = people.person_create(surname="Janssen", actor=SYSTEM)
    factories.CaseFactory(person=sandra, owning_team=coordinator.membership.team)
    with pytest.raises(NotFoundOrForbidden):
        persons.persons_for_merge(coordinator, sandra.pk, other.pk)
    factories.CaseFactory(person=other, owning_team=coordinator.membership.team)
    assert persons.persons_for_merge(coordinator, sandra.pk, other.pk) == (sandra, other)
    frontline = _actor(team=coordinator.membership.team)
    with pytest.raises(NotFoundOrForbidden):
        persons.persons_for_merge(frontline, sandra.pk, other.pk)
