"""Ending a household membership and a representation, at the service layer."""

import datetime as dt

import pytest
from django.utils import translation

from eenloket.audit.models import AuditEntry
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.people import services as people
from eenloket.people.models import HouseholdMember, Representation
from eenloket.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _dutch():
    """The messages are checked in Dutch, the default, whatever an earlier test activated."""
    with translation.override("nl"):
        yield


SYSTEM = Actor.system("test")


def _link(since=dt.date(2020, 1, 1)):
    person, member = factories.PersonFactory(), factories.PersonFactory()
    return people.household_member_add(
        person=person, member=member, relation="partner", since=since, actor=SYSTEM
    )


def _representation():
    represented, representative = factories.PersonFactory(), factories.PersonFactory()
    return people.representation_create(
        represented=represented,
        representative=representative,
        kind="family",
        matters=["all"],
        basis="in_person",
        valid_from=clock.today() - dt.timedelta(days=10),
        actor=SYSTEM,
    )


def test_household_member_end_sets_the_end_date_and_is_audited():
    link = _link()
    ended = people.household_member_end(link=link, until=clock.today(), actor=SYSTEM)
    assert HouseholdMember.objects.get(pk=link.pk).until == clock.today()
    assert not ended.is_current(on=clock.today() + dt.timedelta(days=1))
    entry = AuditEntry.objects.filter(action="household_member_end").get()
    assert entry.object_id == str(link.person_id)
    assert entry.changes["until"] == clock.today().isoformat()


@pytest.mark.parametrize(
    ("until", "message"),
    [
        (dt.date(2019, 12, 31), r"voor de begindatum \(01-01-2020\)"),
        (None, "Vul de datum in"),
    ],
)
def test_household_member_end_refuses_a_wrong_date(until, message):
    link = _link()
    with pytest.raises(DomainError, match=message) as refused:
        people.household_member_end(link=link, until=until, actor=SYSTEM)
    assert refused.value.field == "until"
    assert HouseholdMember.objects.get(pk=link.pk).until is None


def test_household_member_end_refuses_a_date_in_the_future():
    link = _link()
    with pytest.raises(DomainError, match="in de toekomst"):
        people.household_member_end(
            link=link, until=clock.today() + dt.timedelta(days=1), actor=SYSTEM
        )
    assert HouseholdMember.objects.get(pk=link.pk).until is None


def test_household_member_end_refuses_a_membership_that_already_ended():
    link = _link()
    people.household_member_end(link=link, until=dt.date(2024, 3, 1), actor=SYSTEM)
    with pytest.raises(DomainError, match="al gestopt op 01-03-2024"):
        people.household_member_end(link=link, until=clock.today(), actor=SYSTEM)
    assert HouseholdMember.objects.get(pk=link.pk).until == dt.date(2024, 3, 1)
    assert AuditEntry.objects.filter(action="household_member_end").count() == 1


def test_representation_end_sets_ended_at_and_audits_the_reason():
    representation = _representation()
    moment = clock.now()
    with clock.frozen(moment):
        people.representation_end(
            representation=representation, reason="Machtiging ingetrokken", actor=SYSTEM
        )
    stored = Representation.objects.get(pk=representation.pk)
    assert stored.ended_at == moment
    assert not stored.is_current()
    entry = AuditEntry.objects.filter(action="representation_end").get()
    assert entry.changes["reason"] == "Machtiging ingetrokken"
    assert entry.object_id == str(representation.represented_id)


def test_representation_end_needs_a_reason():
    representation = _representation()
    with pytest.raises(DomainError) as refused:
        people.representation_end(representation=representation, reason="  ", actor=SYSTEM)
    assert refused.value.field == "reason"
    assert Representation.objects.get(pk=representation.pk).ended_at is None


def test_representation_end_refuses_an_ended_representation():
    representation = _representation()
    people.representation_end(representation=representation, reason="Overleden", actor=SYSTEM)
    with pytest.raises(DomainError, match="al gestopt op"):
        people.representation_end(representation=representation, reason="Nog eens", actor=SYSTEM)
    assert AuditEntry.objects.filter(action="representation_end").count() == 1
