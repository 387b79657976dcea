"""The entitlement check page: record the situation, see the signal, bad input kept and
explained, and only the owning team checks."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from eenloket.accounts.models import Role
from eenloket.applications import services as applications
from eenloket.cases import services as cases
from eenloket.cases.models import Fact
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.directory import services as directory
from eenloket.testing import factories
from eenloket.testing.fixtures import log_in

SYSTEM = Actor.system("test")


@pytest.fixture(autouse=True)
def in_2026():
    # The shipped criteria are those of 2026; later years get no signal until added.
    with clock.frozen(dt.datetime(2026, 6, 1, 10, 0, tzinfo=dt.UTC)):
        yield


@pytest.fixture
def world(in_2026):
    coordinator = factories.MembershipFactory(role=Role.COORDINATOR)
    person = factories.PersonFactory(birth_date=dt.date(1988, 3, 2))
    case = cases.case_open(
        person=person,
        question_verbatim="Ik heb weinig geld en twee kinderen.",
        owning_team=coordinator.team,
        coordinator=coordinator.user,
        next_step="Toeslagen nagaan",
        next_step_due=clock.today() + dt.timedelta(days=2),
        actor=SYSTEM,
    )
    return coordinator, case


def _situation(**values):
    data = {"as_of": clock.today().isoformat(), "source": "Loonstrook en huurcontract"}
    data.update({k.replace(".", "__"): v for k, v in values.items()})
    return data


@pytest.mark.django_db
def test_recording_the_situation_gives_a_signal_on_the_check_and_the_case_page(world):
    coordinator, case = world
    client = log_in(Client(), coordinator.user)
    url = f"/werk/zaken/{case.pk}/rechten/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        _situation(
            **{
                "household.partner": "0",
                "household.children_under_18": "2",
                "income.yearly": "21.400",
                "income.assets": "€ 1.250,50",
                "housing.rent": "745,10",
                "housing.self_contained": "1",
                "income.gets_kinderbijslag": "1",
            }
        ),
    )
    assert response.status_code == 302
    facts = {f.key: f for f in Fact.objects.filter(case=case).exclude(key="")}
    assert facts["income.yearly"].amount == Decimal("21400.00")
    assert facts["income.assets"].amount == Decimal("1250.50")
    assert facts["income.assets"].category == "income" and facts["income.assets"].source
    page = client.get(url).content.decode()
    assert "Zorgtoeslag" in page and "belastingdienst.nl" in page
    case_page = client.get(f"/werk/zaken/{case.pk}/?deel=gids").content.decode()
    assert "Zorgtoeslag" in case_page and "Huurtoeslag" in case_page
    # Saving the same values again records nothing new.
    again = client.post(url, _situation(**{"income.yearly": "21400"}))
    assert again.status_code == 302
    assert Fact.objects.filter(case=case, key="income.yearly").count() == 1
    # An application for zorgtoeslag ends the signal for it; the others stay.
    toeslagen = directory.organisation_create(
        name="Dienst Toeslagen", kind="national_agency", key="toeslagen", actor=SYSTEM
    )
    scheme = directory.scheme_create(
        organisation=toeslagen,
        key="zorgtoeslag",
        name="Zorgtoeslag",
        gives="Geld voor de zorgverzekering",
        actor=SYSTEM,
    )
    applications.application_record(
        case=case,
        organisation=toeslagen,
        scheme=scheme,
        what="Zorgtoeslag",
        filed_on=clock.today(),
        actor=SYSTEM,
    )
    case_page = client.get(f"/werk/zaken/{case.pk}/?deel=gids").content.decode()
    signal = case_page[case_page.index("eenloket-signals") :][:600]
    assert "Zorgtoeslag" not in signal and "Huurtoeslag" in signal


@pytest.mark.django_db
def test_a_bad_amount_is_named_on_its_field_and_nothing_is_saved(world):
    coordinator, case = world
    client = log_in(Client(), coordinator.user)
    url = f"/werk/zaken/{case.pk}/rechten/"
    response = client.post(
        url,
        _situation(**{"income.yearly": "20000", "income.assets": "veel", "housing.rent": "-5"}),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "1250,50" in body  # how to write it
    assert 'value="veel"' in body  # the input is kept
    assert not Fact.objects.filter(case=case).exclude(key="").exists()  # all or none
    negative = client.post(url, _situation(**{"housing.rent": "-5"}))
    assert negative.status_code == 400 and not Fact.objects.filter(case=case).exists()
    no_source = client.post(url, _situation(**{"housing.rent": "500"}) | {"source": ""})
    assert no_source.status_code == 400


@pytest.mark.django_db
def test_only_the_owning_team_checks_entitlements(world):
    _coordinator, case = world
    partner = factories.MembershipFactory(role=Role.PARTNER_WORKER)
    cases.case_add_team(case=case, team=partner.team, actor=SYSTEM)
    client = log_in(Client(), partner.user)
    assert client.get(f"/werk/zaken/{case.pk}/rechten/").status_code == 404
    assert "rechten/" not in client.get(f"/werk/zaken/{case.pk}/").content.decode()


@pytest.mark.django_db
def test_fact_record_reads_dutch_amounts_and_refuses_a_wrong_category(world):
    _coordinator, case = world
    fact = cases.fact_record(
        case=case,
        category="",
        label="",
        value="",
        key="housing.rent",
        amount="1.250",
        as_of=clock.today(),
        source="huurcontract",
        actor=SYSTEM,
    )
    assert fact.amount == Decimal("1250.00") and fact.category == "housing"
    assert "1.250,00" in fact.value or "1250,00" in fact.value
    from eenloket.core.errors import DomainError

    with pytest.raises(DomainError) as wrong:
        cases.fact_record(
            case=case,
            category="health",
            label="x",
            value="",
            key="housing.rent",
            amount="100",
            as_of=clock.today(),
            source="x",
            actor=SYSTEM,
        )
    assert wrong.value.field == "category"
    with pytest.raises(DomainError) as fraction:
        cases.fact_record(
            case=case,
            category="",
            label="",
            value="",
            key="household.children_under_18",
            amount="1,5",
            as_of=clock.today(),
            source="x",
            actor=SYSTEM,
        )
    assert fraction.value.field == "amount"
