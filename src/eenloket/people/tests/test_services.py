"""Persons, households, representations and merging, at the service layer."""

import datetime as dt

import pytest

from eenloket.audit.models import AuditEntry
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.people import bsn as bsn_rules
from eenloket.people import services as people
from eenloket.people.models import Person, Representation
from eenloket.testing import factories

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("test")


def _person(**fields):
    return people.person_create(
        **({"surname": "Jansen", "given_names": "Sandra"} | fields), actor=SYSTEM
    )


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"surname": " "}, "surname"),
        ({"birth_date": dt.date(2999, 1, 1)}, "birth_date"),
        ({"kvk_number": "1234567"}, "kvk_number"),
        ({"kvk_number": "1234567a"}, "kvk_number"),
        ({"channels_preferred": ["desk", "pigeon"]}, "channels"),
        ({"channels_preferred": ["desk", "desk"]}, "channels"),
        ({"channels_preferred": ["email"], "channels_refused": ["email"]}, "channels_refused"),
        ({"address_kind": "residential", "street_and_number": "Oudegracht 1"}, "street_and_number"),
        (
            {
                "address_kind": "postal",
                "street_and_number": "Stadsplateau 1",
                "postal_code": "35",
                "city": "Utrecht",
            },
            "postal_code",
        ),
        ({"accessibility_needs": ["telepathy"]}, "accessibility_needs"),
    ],
)
def test_person_create_refuses_and_names_the_field(fields, field):
    with pytest.raises(DomainError) as refused:
        _person(**fields)
    assert refused.value.field == field


def test_person_with_a_briefadres_has_an_address_for_letters_and_without_one_not():
    postal = _person(
        address_kind="postal",
        street_and_number="Stadsplateau 1",
        postal_code="3521az",
        city="Utrecht",
    )
    assert postal.postal_code == "3521 AZ"
    assert postal.has_letter_address
    assert not _person(surname="Bakker").has_letter_address


def test_person_create_keeps_normalised_name_keys_and_audits_without_the_bsn():
    person = _person(surname_prefix="van der", surname="Berg", bsn="999176110")
    assert person.surname_key == "berg"
    entry = AuditEntry.objects.get(action="person_create", object_id=str(person.pk))
    assert "999176110" not in str(entry.changes)
    assert entry.changes["bsn"] is True


def test_person_update_saves_and_audits_only_what_changed():
    person = _person(phone="0612345678")
    changed = people.person_update(person=person, phone="0687654321", email="", actor=SYSTEM)
    assert changed == ["phone"]
    entry = AuditEntry.objects.get(action="person_update", object_id=str(person.pk))
    assert entry.changes == {"phone": ["0612345678", "0687654321"]}
    assert people.person_update(person=person, phone="0687654321", actor=SYSTEM) == []


def test_household_member_rules():
    sandra, child = _person(), _person(given_names="Daan", birth_date=dt.date(2017, 3, 1))
    people.household_member_add(person=sandra, member=child, relation="child", actor=SYSTEM)
    with pytest.raises(DomainError):
        people.household_member_add(person=sandra, member=child, relation="child", actor=SYSTEM)
    with pytest.raises(DomainError):
        people.household_member_add(person=sandra, member=sandra, relation="other", actor=SYSTEM)
    with pytest.raises(DomainError):
        people.household_member_add(
            person=sandra,
            member=_person(given_names="X"),
            relation="child",
            since=dt.date(2020, 1, 2),
            until=dt.date(2020, 1, 1),
            actor=SYSTEM,
        )


def _represent(**fields):
    father = fields.pop("represented", None) or _person(surname="Vries", surname_prefix="de")
    peter = fields.pop("representative", None) or _person(given_names="Peter", surname="Vries")
    values = {
        "kind": "family",
        "matters": ["financial"],
        "basis": "written_authorisation",
        "valid_from": clock.today(),
    } | fields
    return people.representation_create(
        represented=father, representative=peter, actor=SYSTEM, **values
    )


def test_representation_is_recorded_with_scope_period_and_basis():
    representation = _represent(valid_until=clock.today() + dt.timedelta(days=365))
    assert representation.is_current()
    assert representation.matters == ["financial"]
    assert AuditEntry.objects.filter(action="representation_create").exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": "neighbour"}, "kind"),
        ({"matters": []}, "matters"),
        ({"matters": ["everything"]}, "matters"),
        ({"basis": "digid_machtigen"}, "basis"),
        ({"basis": "court_decision", "kind": "family"}, "kind"),
        ({"valid_until": dt.date(2000, 1, 1)}, "valid_until"),
    ],
)
def test_representation_refuses_and_names_the_field(fields, field):
    with pytest.raises(DomainError) as refused:
        _represent(**fields)
    assert refused.value.field == field


def test_representation_for_another_persons_case_is_refused():
    case = factories.CaseFactory()
    with pytest.raises(DomainError) as refused:
        _represent(case=case)
    assert refused.value.field == "case"


def test_merge_moves_cases_household_and_representations_and_is_audited():
    keep = _person(bsn="999176110")
    duplicate = _person(phone="0612345678", surname="Janssen")
    case = factories.CaseFactory(person=duplicate)
    child = _person(given_names="Daan")
    people.household_member_add(person=duplicate, member=child, relation="child", actor=SYSTEM)
    _represent(represented=duplicate)

    people.person_merge(keep=keep, duplicate=duplicate, reason="Zelfde persoon", actor=SYSTEM)

    case.refresh_from_db()
    duplicate.refresh_from_db()
    keep.refresh_from_db()
    assert case.person_id == keep.pk
    assert duplicate.merged_into_id == keep.pk
    assert keep.phone == "0612345678"
    assert keep.household.get().member == child
    assert Representation.objects.get().represented == keep
    entry = AuditEntry.objects.get(action="person_merge")
    assert entry.changes["duplicate"] == str(duplicate.pk)
    assert entry.changes["cases"] == [str(case.pk)]
    assert entry.changes["reason"] == "Zelfde persoon"


def test_merge_refuses_two_different_bsns_and_a_missing_reason():
    first, second = _person(bsn="999176110"), _person(bsn="999990044")
    with pytest.raises(DomainError):
        people.person_merge(keep=first, duplicate=second, reason="x", actor=SYSTEM)
    with pytest.raises(DomainError):
        people.person_merge(keep=first, duplicate=_person(), reason=" ", actor=SYSTEM)
    assert Person.objects.filter(merged_into__isnull=False).count() == 0


def test_merged_duplicate_gives_its_bsn_to_the_kept_person():
    keep, duplicate = _person(), _person(bsn="999176110")
    people.person_merge(keep=keep, duplicate=duplicate, reason="BRP", actor=SYSTEM)
    keep.refresh_from_db()
    assert bsn_rules.bsn_of(keep) == "999176110"
