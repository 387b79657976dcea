"""Referrals into the loket: a question lands on a case in the municipality's loket queue with
a next step; an arrears signal becomes an outreach task for its debt-help team, not a case; the
same referral twice with one Idempotency-Key makes one case; the sender follows it."""

import datetime as dt
import random

import pytest

from eenloket.access import api as rules
from eenloket.accounts.models import Role
from eenloket.cases import selectors as case_selectors
from eenloket.cases.models import Case, Referral
from eenloket.cases.services import referrals
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.people import bsn as bsn_rules
from eenloket.people.models import Person
from eenloket.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def municipality(partner_world):
    town = factories.OrganisationFactory(name="Gemeente Utrecht (api)")
    partner_world.loket = factories.TeamFactory(organisation=town, name="Loket", purpose="intake")
    partner_world.debt = factories.TeamFactory(
        organisation=town, name="Schuldhulp", purpose="debt_help"
    )
    return town


def person(**extra):
    return {
        "bsn": bsn_rules.test_number(random.Random(21)),
        "given_names": "Fatima",
        "surname": "El Amrani",
        "birth_date": "1984-03-02",
        **extra,
    }


def refer(api, town, key=None, **extra):
    body = {
        "to_organisation": str(town.pk),
        "person": person(),
        "question": "Mijn uitkering stopt en ik weet niet wat ik moet doen.",
        "already_done": "WW-aanvraag besproken.",
        "urgent": True,
        **extra,
    }
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return api.post("/api/v1/referrals", body, content_type="application/json", **headers)


def worker(team):
    membership = factories.MembershipFactory(team=team, role=Role.FRONTLINE_WORKER)
    return Actor.worker(membership.user, membership)


def test_a_referral_lands_on_a_new_case_in_the_loket_queue_with_a_next_step(
    partner_world, municipality
):
    answer = refer(partner_world.uwv_api, municipality)
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["kind"] == "question" and body["state"] == "on_case"
    assert body["to_team"]["name"] == "Loket"
    assert body["next_step_due"] == str(clock.today() + dt.timedelta(days=1))  # urgent
    case = Case.objects.get(person__surname="El Amrani")
    assert case.owning_team == partner_world.loket and case.coordinator is None
    assert "UWV" in case.next_step and case.next_step_due == clock.today() + dt.timedelta(days=1)
    assert case.question_verbatim.startswith("Mijn uitkering stopt")
    queue = case_selectors.worklists(actor=worker(partner_world.loket))
    assert [c.pk for c in queue.not_picked_up] == [case.pk]
    # The debt-help team's queue does not get it.
    assert case_selectors.worklists(actor=worker(partner_world.debt)).not_picked_up == []


def test_the_same_referral_twice_with_one_key_makes_one_case(partner_world, municipality):
    first = refer(partner_world.uwv_api, municipality, key="ref-1")
    again = refer(partner_world.uwv_api, municipality, key="ref-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert Case.objects.count() == Referral.objects.count() == 1
    # Another referral for the same person lands on her open case: still one case.
    other = refer(partner_world.uwv_api, municipality, key="ref-2", urgent=False)
    assert other.status_code == 201 and Case.objects.count() == 1
    assert Referral.objects.count() == 2
    assert Person.objects.count() == 1


def test_without_a_bsn_the_person_is_found_by_name_birth_date_and_postal_code(
    partner_world, municipality
):
    someone = person(
        bsn=None, postal_code="3511ab", street_and_number="Oudegracht 1", city="Utrecht"
    )
    assert refer(partner_world.uwv_api, municipality, person=someone).status_code == 201
    assert refer(partner_world.uwv_api, municipality, person=someone).status_code == 201
    assert Person.objects.count() == 1 and Case.objects.count() == 1
    missing = person(bsn=None)
    answer = refer(partner_world.uwv_api, municipality, person=missing)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "person.postal_code"


def test_a_referral_to_what_is_not_a_municipality_is_a_field_error(partner_world, municipality):
    answer = refer(partner_world.uwv_api, partner_world.mitros)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "to_organisation"
    bad_bsn = refer(partner_world.uwv_api, municipality, person=person(bsn="123456789"))
    assert bad_bsn.status_code == 422 and bad_bsn.json()["errors"][0]["field"] == "bsn"
    assert Case.objects.count() == 0


def signal(api, town, **extra):
    body = {
        "to_organisation": str(town.pk),
        "person": person(),
        "creditor": "landlord",
        "amount_euros": 1450,
        "months": 2,
        "reach": "Liefst 's middags bellen.",
        **extra,
    }
    return api.post("/api/v1/arrears-signals", body, content_type="application/json")


def test_an_arrears_signal_is_an_outreach_task_for_debt_help_not_a_case(
    partner_world, municipality
):
    answer = signal(partner_world.mitros_api, municipality)
    assert answer.status_code == 201, answer.content
    assert answer.json()["state"] == "outreach" and answer.json()["to_team"]["name"] == "Schuldhulp"
    assert Case.objects.count() == 0  # nobody opened a case the person never asked for
    debt_worker = worker(partner_world.debt)
    [task] = rules.referral_queue(debt_worker)
    assert task.next_step.startswith("Offer help") and task.arrears_cents == 145000
    assert task.next_step_due == clock.today() + dt.timedelta(days=3)
    assert rules.referral_queue(worker(partner_world.loket)) == []
    # A second signal while the offer is open updates the one task.
    signal(partner_world.mitros_api, municipality, amount_euros=2100, months=3)
    [task] = rules.referral_queue(debt_worker)
    assert task.arrears_cents == 210000 and task.months_in_arrears == 3
    # She wants help: now there is a case, in the debt-help team.
    referrals.referral_answer(referral=task, answer="help_accepted", actor=debt_worker)
    case = Case.objects.get()
    assert case.owning_team == partner_world.debt
    assert rules.referral_queue(debt_worker) == []
    # The landlord learns that the offer was made, not what she answered (no consent).
    followed = partner_world.mitros_api.get(f"/api/v1/referrals/{task.pk}").json()
    assert followed["state"] == "handled" and followed["answered_at"]


def test_a_declined_offer_makes_no_case_and_only_the_sender_follows_it(partner_world, municipality):
    task_id = signal(partner_world.mitros_api, municipality).json()["id"]
    task = Referral.objects.get(pk=task_id)
    with pytest.raises(DomainError):  # another team may not answer for the debt-help team
        referrals.referral_answer(
            referral=task, answer="help_declined", actor=worker(partner_world.loket)
        )
    referrals.referral_answer(
        referral=task, answer="help_declined", actor=worker(partner_world.debt)
    )
    assert Case.objects.count() == 0
    assert partner_world.uwv_api.get(f"/api/v1/referrals/{task_id}").status_code == 404
    assert partner_world.mitros_api.get(f"/api/v1/referrals/{task_id}").json()["state"] == "handled"
    with pytest.raises(DomainError):  # answered once
        referrals.referral_answer(
            referral=task, answer="help_accepted", actor=worker(partner_world.debt)
        )


def test_a_more_urgent_referral_brings_the_next_step_of_the_open_case_forward(
    partner_world, municipality
):
    refer(partner_world.uwv_api, municipality, urgent=False)
    case = Case.objects.get()
    assert case.next_step_due == clock.today() + dt.timedelta(days=3)
    refer(partner_world.uwv_api, municipality, urgent=True)
    case.refresh_from_db()
    assert case.next_step_due == clock.today() + dt.timedelta(days=1)
    assert Case.objects.count() == 1


def test_the_services_check_what_the_schema_cannot(partner_world, municipality):
    team, actor = partner_world.uwv_team, Actor.system("test")
    kwargs = {"from_team": team, "to_organisation": municipality.pk, "actor": actor}
    someone = {"surname": "Jansen", "birth_date": dt.date(1970, 1, 1), "postal_code": "3511AB"}
    with pytest.raises(DomainError) as empty:
        referrals.referral_question(person=someone, question="  ", **kwargs)
    assert empty.value.field == "question"
    with pytest.raises(DomainError) as creditor:
        referrals.referral_arrears(
            person=someone, creditor="bank", amount_euros=10, months=1, **kwargs
        )
    assert creditor.value.field == "creditor"
    with pytest.raises(DomainError) as amount:
        referrals.referral_arrears(
            person=someone, creditor="water", amount_euros=0, months=1, **kwargs
        )
    assert amount.value.field == "amount_euros"
    # What the people service refuses comes back on the person's field.
    future = someone | {"birth_date": clock.today() + dt.timedelta(days=2)}
    with pytest.raises(DomainError) as born:
        referrals.referral_question(person=future, question="Vraag", **kwargs)
    assert born.value.field == "person.birth_date"
    # Only the postal code of an address: kept on the person.
    made = referrals.referral_question(person=someone, question="Vraag", **kwargs)
    assert made.person.postal_code == "3511 AB"


def test_a_municipality_without_a_team_for_referrals_is_a_field_error(partner_world):
    town = factories.OrganisationFactory(name="Gemeente zonder loket")
    factories.TeamFactory(organisation=town, name="Wmo", purpose="wmo")
    answer = refer(partner_world.uwv_api, town)
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "to_organisation"
