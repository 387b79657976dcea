"""The debt-help team's outreach queue (#21, decision 0047): an arrears signal posted through the
API shows in the receiving team's queue and nowhere else, in a fixed number of queries; the
answer page records each answer through the service and is "not found" for other teams."""

import datetime as dt
import random

import pytest
from django.db import connection
from django.test import Client

from eenloket.access import api as api_rules
from eenloket.accounts.models import Role
from eenloket.api import services as api_services
from eenloket.audit.models import ProcessingLogEntry
from eenloket.cases.models import Case, CaseNote, CaseStatus, Referral
from eenloket.cases.services import referrals
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.directory.models import Organisation
from eenloket.people import bsn as bsn_rules
from eenloket.testing import factories
from eenloket.testing.fixtures import log_in

pytestmark = pytest.mark.django_db

SYSTEM = Actor.system("outreach test")
# A plain worker page (test_work_views.PAGE_QUERIES) with the queue's one query and its
# processing-log line; the same with 1 signal or 6.
QUEUE_QUERIES = {"sqlite": 12, "postgresql": 12}


@pytest.fixture
def town(db):
    town = factories.OrganisationFactory(name="Gemeente Outreach")
    town.loket = factories.TeamFactory(organisation=town, name="Loket", purpose="intake")
    town.debt = factories.TeamFactory(organisation=town, name="Schuldhulp", purpose="debt_help")
    landlord = factories.OrganisationFactory(name="Woonstede", kind=Organisation.Kind.HOUSING)
    town.landlord_team = factories.TeamFactory(organisation=landlord, name="Huurincasso")
    _client, token = api_services.client_create(
        name="Woonstede incasso",
        team=town.landlord_team,
        scopes=[api_rules.REFERRALS_WRITE.name],
        actor=SYSTEM,
    )
    town.api = Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE="en")
    return town


def worker(team, role=Role.FRONTLINE_WORKER):
    membership = factories.MembershipFactory(team=team, role=role)
    return membership, log_in(Client(HTTP_ACCEPT_LANGUAGE="en"), membership.user)


def post_signal(town, seed=21, **extra):
    body = {
        "to_organisation": str(town.pk),
        "person": {
            "bsn": bsn_rules.test_number(random.Random(seed)),
            "given_names": "Noor",
            "surname": "Bakker",
            "birth_date": "1979-06-01",
        },
        "creditor": "landlord",
        "amount_euros": 1450,
        "months": 2,
        "reach": "Liefst 's middags bellen.",
        **extra,
    }
    answer = town.api.post("/api/v1/arrears-signals", body, content_type="application/json")
    assert answer.status_code == 201, answer.content
    return Referral._base_manager.get(pk=answer.json()["id"])


def test_a_signal_from_the_api_shows_in_the_debt_help_queue_and_no_other(town):
    task = post_signal(town)
    _m, debt = worker(town.debt)
    lines = ProcessingLogEntry.objects.count()
    page = debt.get("/werk/hulpaanbod/")
    assert page.status_code == 200
    assert ProcessingLogEntry.objects.count() - lines == 1  # the name shown, logged
    assert [t.pk for t in page.context["tasks"]] == [task.pk]
    html = page.content.decode()
    assert "Noor Bakker" in html and "Landlord" in html and "€ 1,450" in html
    assert f"/werk/hulpaanbod/{task.pk}/" in html
    # The loket of the same municipality and a partner's team see nothing of it.
    for team in (town.loket, town.landlord_team):
        _m, other = worker(team)
        page = other.get("/werk/hulpaanbod/")
        assert page.context["tasks"] == [] and "Noor Bakker" not in page.content.decode()
        assert other.get(f"/werk/hulpaanbod/{task.pk}/").status_code == 404
    # The worker finds the queue from the home page and the worklists.
    assert "/werk/hulpaanbod/" in debt.get("/werk/").content.decode()
    assert "/werk/hulpaanbod/" in debt.get("/werk/werklijsten/").content.decode()


def test_the_queue_puts_the_one_due_first_on_top_in_a_fixed_number_of_queries(
    town, django_assert_num_queries
):
    def signal(n, due_in):
        task = referrals.referral_arrears(
            from_team=town.landlord_team,
            to_organisation=town.pk,
            person={"bsn": bsn_rules.test_number(random.Random(100 + n)), "surname": f"P{n}"},
            creditor="energy",
            amount_euros=300 + n,
            months=1,
            actor=SYSTEM,
        )
        Referral._base_manager.filter(pk=task.pk).update(
            next_step_due=clock.today() + dt.timedelta(days=due_in)
        )
        return task

    _m, debt = worker(town.debt)
    later = signal(1, 5)
    debt.get("/werk/hulpaanbod/")
    with django_assert_num_queries(QUEUE_QUERIES[connection.vendor]):
        debt.get("/werk/hulpaanbod/")
    overdue, today = signal(2, -1), signal(3, 0)
    for n in range(4, 7):
        signal(n, 9)
    with django_assert_num_queries(QUEUE_QUERIES[connection.vendor]):
        page = debt.get("/werk/hulpaanbod/")
    assert [t.pk for t in page.context["tasks"][:3]] == [overdue.pk, today.pk, later.pk]
    assert "(overdue)" in page.content.decode()


def test_help_accepted_opens_a_case_for_the_team_and_goes_there(town):
    task = post_signal(town)
    membership, debt = worker(town.debt)
    answer = debt.post(
        f"/werk/hulpaanbod/{task.pk}/",
        {"answer": "help_accepted", "note": "Afspraak gemaakt voor dinsdag."},
    )
    case = Case._base_manager.get()
    assert answer.status_code == 302 and answer["Location"] == f"/werk/zaken/{case.pk}/"
    assert case.owning_team == town.debt and case.coordinator == membership.user
    assert case.status != CaseStatus.CLOSED and case.person_id == task.person_id
    assert CaseNote._base_manager.filter(case=case, text="Afspraak gemaakt voor dinsdag.").exists()
    task.refresh_from_db()
    assert task.state == Referral.State.HELP_ACCEPTED and task.case_id == case.pk
    assert debt.get("/werk/hulpaanbod/").context["tasks"] == []
    assert debt.get(f"/werk/zaken/{case.pk}/").status_code == 200


def test_help_declined_closes_the_offer_without_a_case(town):
    task = post_signal(town)
    _m, debt = worker(town.debt)
    answer = debt.post(f"/werk/hulpaanbod/{task.pk}/", {"answer": "help_declined"})
    assert answer.status_code == 302 and answer["Location"] == "/werk/hulpaanbod/"
    task.refresh_from_db()
    assert task.state == Referral.State.HELP_DECLINED and task.answered_at is not None
    assert Case._base_manager.count() == 0
    # The page still shows what was answered, with no form to answer again.
    page = debt.get(f"/werk/hulpaanbod/{task.pk}/")
    assert page.context["form"] is None and "Help declined" in page.content.decode()
    again = debt.post(f"/werk/hulpaanbod/{task.pk}/", {"answer": "help_accepted"})
    assert again.status_code == 400 and Case._base_manager.count() == 0


def test_unreachable_needs_the_attempts_and_keeps_them(town):
    task = post_signal(town)
    _m, debt = worker(town.debt)
    missing = debt.post(f"/werk/hulpaanbod/{task.pk}/", {"answer": "unreachable", "note": " "})
    assert missing.status_code == 400
    assert "Write down when and how you tried to reach the person." in missing.content.decode()
    task.refresh_from_db()
    assert task.state == Referral.State.OUTREACH
    nothing = debt.post(f"/werk/hulpaanbod/{task.pk}/", {"note": "Twee keer gebeld"})
    assert nothing.status_code == 400 and "Choose the person&#x27;s answer." in (
        nothing.content.decode()
    )
    assert "Twee keer gebeld" in nothing.content.decode()  # nothing typed is lost
    attempts = "Ma 10:00 en di 15:00 gebeld, geen gehoor; brief gestuurd op 3 december."
    answer = debt.post(f"/werk/hulpaanbod/{task.pk}/", {"answer": "unreachable", "note": attempts})
    assert answer.status_code == 302
    task.refresh_from_db()
    assert task.state == Referral.State.UNREACHABLE and task.answer_note == attempts
    assert Case._base_manager.count() == 0
    assert attempts in debt.get(f"/werk/hulpaanbod/{task.pk}/").content.decode()


def test_the_answer_page_is_dutch_first(town):
    task = post_signal(town)
    membership, _debt = worker(town.debt)
    dutch = log_in(Client(HTTP_ACCEPT_LANGUAGE="nl"), membership.user)
    page = dutch.get(f"/werk/hulpaanbod/{task.pk}/").content.decode()
    assert "Hulp aangenomen" in page and "Niet bereikt" in page
    missing = dutch.post(f"/werk/hulpaanbod/{task.pk}/", {"answer": "unreachable"})
    assert "Schrijf op wanneer en hoe u de persoon probeerde te bereiken." in (
        missing.content.decode()
    )
