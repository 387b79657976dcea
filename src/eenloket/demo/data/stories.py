"""The people of the demo and what happened to them: facts, consents, contacts, handovers, the
breakthrough table and a little log history, played through the services."""

from __future__ import annotations

import contextlib
import datetime as dt

from eenloket.access import casework
from eenloket.accounts.models import Membership
from eenloket.assessment import services as assessment
from eenloket.audit import chain, trace
from eenloket.cases import services as cases
from eenloket.consent import services as consent
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import NotFoundOrForbidden
from eenloket.demo.data.accounts import _years_ago
from eenloket.directory.models import ContactPoint
from eenloket.guide import services as guide
from eenloket.insights import demo_history
from eenloket.people import bsn
from eenloket.people import services as people
from eenloket.people.models import (
    AddressKind,
    Channel,
)
from eenloket.teamwork import services as teamwork


def _invented_history(teams, today) -> None:
    """Anonymous invented history for the figures (insights/demo_history.py): the demo's own
    few citizens would all be suppressed below k persons, as they should be."""

    demo_history.load(
        today=today,
        desk_team=teams["Informatiepunt Bibliotheek"],
        uwv_line=ContactPoint.objects.get(team=teams["Directe lijn WW"]),
        svb_line=ContactPoint.objects.get(team=teams["Directe lijn kinderbijslag"]),
    )


def _kees_facts_consents_and_table(case, teams, users, actor) -> None:
    """Scenario 04: Kees's situation (debt help owns it), what he shares with the Bbz
    consultants (income, household) and with the Belastingdienst's collection team (only the
    tax debt), and the breakthrough table of the region."""
    today = clock.today()
    for category, label, value, source in (
        ("income", "Inkomen", "Geen inkomen uit de bakkerij sinds zijn ziekte", "Kees"),
        ("household", "Huishouden", "Samen met zijn vrouw; zij werkt 12 uur per week", "Kees"),
        ("debts", "Belastingschuld", "€ 8.400 btw en inkomstenbelasting", "Aanmaning"),
        ("housing", "Huurachterstand winkel", "3 maanden, € 2.850", "Brief verhuurder"),
    ):
        cases.fact_record(
            case=case,
            category=category,
            label=label,
            value=value,
            as_of=today - dt.timedelta(days=7),
            source=source,
            actor=actor,
        )
    for team, categories in (
        ("Bbz-consulenten", ["income", "household", "housing"]),
        ("Invordering ondernemers", ["debts"]),
    ):
        consent.consent_record(
            case=case,
            recipient_team=teams[team],
            categories=categories,
            purpose="Samen met Kees een plan maken voor zijn bakkerij en zijn schulden",
            valid_until=today + dt.timedelta(days=180),
            given=True,
            recorded_via="desk",
            actor=actor,
        )
    teamwork.table_create(
        name="Doorbraaktafel regio Utrecht (demo)",
        members=[users["ingrid"], users["lotte"]],
        actor=actor,
    )


def _sandra_facts_and_consents(case, teams, organisations, actor) -> None:
    """Scenario 01: the facts in Sandra's dossier, and what she agreed to share: her contact
    details, income and question with UWV (for the WW application); only the fine's reference
    with the CJIB (for a payment arrangement)."""
    today = clock.today()
    cases.fact_record(
        case=case,
        category="income",
        label="Inkomen",
        value="Geen inkomen sinds haar tijdelijke contract afliep; WW nog niet aangevraagd",
        as_of=today - dt.timedelta(days=21),
        source="Sandra, aan de balie",
        actor=actor,
    )
    fine = cases.fact_record(
        case=case,
        category="justice",
        label="CJIB-kenmerk van de boete",
        value="CJIB 8123 4567 8901 (demo)",
        as_of=today - dt.timedelta(days=10),
        source="Brief van het CJIB",
        actor=actor,
    )
    cases.fact_record(
        case=case,
        category="debts",
        label="Achterstand gemeentelijke belastingen",
        value="€ 412 (aanmaning)",
        as_of=today - dt.timedelta(days=14),
        source="Aanmaning van de gemeente",
        actor=actor,
    )
    # The situation for the entitlement check (docs/entitlements.md): alone with two children,
    # rent allowance and child benefit already paid, so zorgtoeslag and the kindgebonden
    # budget are the signals a worker should see.
    cases.structured_facts_record(
        case=case,
        values={
            "household.partner": 0,
            "household.children_under_18": 2,
            "income.yearly": "17.500",
            "income.assets": 650,
            "housing.rent": "742,35",
            "housing.self_contained": 1,
            "income.gets_huurtoeslag": 1,
            "income.gets_kinderbijslag": 1,
        },
        current={},
        as_of=today - dt.timedelta(days=21),
        source="Sandra, aan de balie; huurcontract en brief van Toeslagen",
        actor=actor,
    )
    consent.consent_record(
        case=case,
        recipient_team=teams["Directe lijn WW"],
        categories=["contact", "income", "case_notes"],
        purpose="Samen met Sandra de WW-aanvraag doen",
        valid_until=today + dt.timedelta(days=90),
        given=True,
        recorded_via="desk",
        actor=actor,
    )
    # The guide counts from the day her contract ended; her first assessment.
    guide.life_event_date_set(
        case=case, key="job_loss", occurred_on=today - dt.timedelta(days=21), actor=actor
    )
    why = {
        "finances": "Brieven van CJIB, Toeslagen en gemeente liggen ongeopend.",
        "work_education": "Tijdelijk contract afgelopen; zoekt werk.",
        "housing": "Huur nog betaald, volgende maand onzeker.",
        "instrumental_adl": "Loopt vast op DigiD en formulieren.",
    }
    scores = {
        "finances": 2,
        "work_education": 2,
        "time_use": 3,
        "housing": 3,
        "domestic_relations": 4,
        "mental_health": 3,
        "physical_health": 4,
        "substance_use": 5,
        "basic_adl": 5,
        "instrumental_adl": 3,
        "social_network": 3,
        "participation": 3,
        "justice": 3,
    }
    assessment.assessment_record(
        case=case,
        scores=scores,
        rationales={k: why.get(k, "Besproken aan de balie; geen bijzonderheden.") for k in scores},
        capacity="limited",
        capacity_rationale="Weet wat er moet, maar komt er alleen niet aan toe.",
        actor=actor,
    )
    cases.case_add_team(case=case, team=teams["Betalingsregelingen"], actor=actor)
    consent.consent_record(
        case=case,
        recipient_team=teams["Betalingsregelingen"],
        items=[f"fact:{fine.pk}"],
        purpose="Een betalingsregeling voor de boete afspreken",
        valid_until=today + dt.timedelta(days=90),
        given=True,
        recorded_via="desk",
        actor=actor,
    )


def _yusuf(numbers, teams, users, actor):
    """Scenario 03: Yusuf turns 18 next month, lives with his mother, prefers English and the
    portal, then e-mail."""
    today = clock.today()
    born = today - dt.timedelta(days=18 * 365 + 4 - 25)  # his 18th birthday is next month
    yusuf = people.person_create(
        given_names="Yusuf",
        surname="Kaya",
        birth_date=born,
        bsn=bsn.test_number(numbers),
        email="yusuf.kaya@example.org",
        preferred_language="en",
        channels_preferred=[Channel.PORTAL, Channel.EMAIL],
        shared_channels_may_carry_detail=True,
        # Scenario 03: everything in the portal, and an e-mail when there is news there.
        news_also_by=["email"],
        actor=actor,
    )
    cases.case_open(
        person=yusuf,
        question_verbatim="I turn 18 next month. What do I need to arrange?",
        life_events=["turning_18"],
        needs=["income"],
        owning_team=teams["Informatiepunt Bibliotheek"],
        coordinator=users["fatima"],
        next_step="Check with Yusuf what he has already arranged",
        next_step_due=today + dt.timedelta(days=5),
        actor=actor,
    )


def _amira(numbers, teams, organisations, users, actor):
    """Scenario 06: Amira looks for a cheaper home; the housing corporation Mitros may see her
    income (she consented). Halfway, she withdraws that consent (the demo leaves it given, so
    it can be withdrawn in the demo)."""
    today = clock.today()
    amira = people.person_create(
        given_names="Amira",
        surname="El Amrani",
        birth_date=_years_ago(today, 34, 60),
        bsn=bsn.test_number(numbers),
        phone="06 98 76 54 32",
        address_kind=AddressKind.RESIDENTIAL,
        street_and_number="Amsterdamsestraatweg 200",
        postal_code="3551 CV",
        city="Utrecht",
        channels_preferred=[Channel.PORTAL, Channel.LETTER],
        actor=actor,
    )
    case = cases.case_open(
        person=amira,
        question_verbatim="Sinds mijn scheiding is de huur te hoog. Ik zoek een betaalbare woning.",
        life_events=["divorce", "moving_house"],
        needs=["housing", "income"],
        owning_team=teams["Informatiepunt Bibliotheek"],
        coordinator=users["fatima"],
        next_step="Met Mitros kijken naar een passende woning",
        next_step_due=today + dt.timedelta(days=5),
        actor=actor,
    )
    cases.fact_record(
        case=case,
        category="income",
        label="Inkomen",
        value="Loon in deeltijd, ongeveer € 1.900 bruto per maand",
        as_of=today - dt.timedelta(days=30),
        source="Loonstrook, gezien aan de balie",
        actor=actor,
    )
    cases.fact_record(
        case=case,
        category="housing",
        label="Huur",
        value="€ 1.150 per maand (vrije sector)",
        as_of=today - dt.timedelta(days=30),
        source="Huurcontract",
        actor=actor,
    )
    cases.case_add_team(case=case, team=teams["Klantcontact woningzoekenden"], actor=actor)
    consent.consent_record(
        case=case,
        recipient_team=teams["Klantcontact woningzoekenden"],
        categories=["contact", "income"],
        purpose="Een passende sociale huurwoning zoeken (inkomenstoets)",
        valid_until=today + dt.timedelta(days=180),
        given=True,
        recorded_via="desk",
        actor=actor,
    )
    # Fatima writes to Amira (#11): a message in Mijn overzicht that Amira can answer there.
    fatima = users["fatima"].memberships.get(team=teams["Informatiepunt Bibliotheek"])
    cases.citizen_write(
        case=case,
        subject="Woning zoeken met Mitros",
        text=(
            "Ik heb Mitros gebeld. Zij kijken of er een woning voor u is. Zij bellen u binnen "
            "twee weken. Hebt u al een brief van Mitros gekregen? Laat het mij dan weten."
        ),
        actor=Actor.worker(users["fatima"], fatima),
    )
    return case


def _demo_log_history(users, sandra_case, de_vries_case) -> None:
    """Make some of the processing log a demo should show: reads by the teams involved and one
    refused attempt, all through the policy point, each in its own operation."""

    def as_worker(username):
        membership = Membership.objects.filter(user=users[username]).first()
        return Actor.worker(users[username], membership)

    with trace.operation():
        casework.case_for(as_worker("fatima"), sandra_case.pk)
    with trace.operation():
        casework.case_for(as_worker("joost"), sandra_case.pk)
    # UWV has no part in Mr De Vries' case: a refused attempt, which his log shows.
    with trace.operation(), contextlib.suppress(NotFoundOrForbidden):
        casework.case_for(as_worker("joost"), de_vries_case.pk)
    chain.checkpoint_all()
