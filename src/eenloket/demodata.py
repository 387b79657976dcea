"""The demo world: invented people and workers at real kinds of organisations.

Everything is made through the services, never written around them, so the demo obeys the
same rules as real use. Dates are relative to the day the demo is loaded.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction

from eenloket.accounts import services as accounts
from eenloket.accounts.models import Membership, Role, User
from eenloket.assessment import services as assessment
from eenloket.audit import chain, trace
from eenloket.audit import services as audit
from eenloket.cases import services as cases
from eenloket.cases.models import ContactChannel, Direction, Verification
from eenloket.consent import services as consent
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import NotFoundOrForbidden
from eenloket.directory import reference as directory_reference
from eenloket.directory import selectors as directory_selectors
from eenloket.directory import services as directory
from eenloket.directory.models import Organisation
from eenloket.guide import services as guide
from eenloket.people import bsn
from eenloket.people import services as people
from eenloket.people.models import (
    AccessibilityNeed,
    AddressKind,
    Channel,
    HouseholdRelation,
    Matter,
    RepresentationBasis,
    RepresentationKind,
)
from eenloket.teamwork import services as teamwork

DEMO_PASSWORD = (
    "eenloket-demo"  # printed by `eenloket demo`; demo accounts never work in production
)
MARKER_ORGANISATION = "Gemeente Utrecht"
DEMO_BSN_SEED = 6  # the demo's BSNs are the same every time it is loaded


@dataclass(frozen=True)
class DemoAccount:
    username: str
    display_name: str
    memberships: tuple[tuple[str, str | None, str], ...]  # (organisation, team, role)


# Every team works for one purpose (directory/purposes.py): the boundary of what it sees of a
# case is its task and legal ground, not its organisation (decision 0039). The municipality is
# one organisation with the loket, debt help, Participatiewet income, the Wmo and aftercare
# for ex-detainees; the justice chain (Reclassering, DJI) is there for the detention life event.
ORGANISATIONS = {
    "Gemeente Utrecht": (
        Organisation.Kind.MUNICIPALITY,
        [
            ("Informatiepunt Bibliotheek", "intake"),
            ("Schuldhulpverlening", "debt_help"),
            ("Werk en Inkomen", "income_support"),
            ("Wmo-consulenten", "wmo"),
            ("Nazorg ex-gedetineerden", "aftercare"),
        ],
    ),
    "UWV": (Organisation.Kind.NATIONAL_AGENCY, [("Directe lijn WW", "unemployment_benefit")]),
    "Sociale Verzekeringsbank (SVB)": (
        Organisation.Kind.NATIONAL_AGENCY,
        [("Directe lijn kinderbijslag", "child_benefit")],
    ),
    "CJIB": (Organisation.Kind.NATIONAL_AGENCY, [("Betalingsregelingen", "fine_collection")]),
    "Mitros": (Organisation.Kind.HOUSING, [("Klantcontact woningzoekenden", "social_housing")]),
    "Belastingdienst": (
        Organisation.Kind.NATIONAL_AGENCY,
        [("Invordering ondernemers", "tax_collection"), ("Toeslagen", "allowances")],
    ),
    # Many municipalities leave the Bbz to a regional bureau; this one is invented.
    "Bbz-loket regio Utrecht (demo)": (
        Organisation.Kind.MUNICIPALITY,
        [("Bbz-consulenten", "self_employed_support")],
    ),
    "Zorgverzekeraar Utrecht (demo)": (
        Organisation.Kind.OTHER,
        [("Betalingsachterstanden premie", "health_insurance")],
    ),
    "Reclassering Nederland": (
        Organisation.Kind.CARE_AND_WELFARE,
        [("Reclassering regio Utrecht", "probation")],
    ),
    "Dienst Justitiële Inrichtingen (DJI)": (
        Organisation.Kind.NATIONAL_AGENCY,
        [("Casemanagers PI Utrecht", "custodial")],
    ),
}

ACCOUNTS = (
    DemoAccount(
        "fatima",
        "Fatima Demir (demo)",
        (("Gemeente Utrecht", "Informatiepunt Bibliotheek", Role.FRONTLINE_WORKER),),
    ),
    DemoAccount("joost", "Joost Visser (demo)", (("UWV", "Directe lijn WW", Role.PARTNER_WORKER),)),
    DemoAccount(
        "ingrid",
        "Ingrid Bos (demo)",
        (
            ("Gemeente Utrecht", "Informatiepunt Bibliotheek", Role.COORDINATOR),
            ("Gemeente Utrecht", "Schuldhulpverlening", Role.COORDINATOR),
        ),
    ),
    DemoAccount(
        "mirjam",
        "Mirjam de Boer (demo)",
        (("Mitros", "Klantcontact woningzoekenden", Role.PARTNER_WORKER),),
    ),
    DemoAccount(
        "bas",
        "Bas Kramer (demo)",
        (("Bbz-loket regio Utrecht (demo)", "Bbz-consulenten", Role.PARTNER_WORKER),),
    ),
    DemoAccount(
        "lotte",
        "Lotte Smit (demo)",
        (("Belastingdienst", "Invordering ondernemers", Role.COORDINATOR),),
    ),
    DemoAccount(
        "beheer", "Bram Mulder (demo)", (("Gemeente Utrecht", None, Role.APPLICATION_MANAGER),)
    ),
    DemoAccount(
        "privacy", "Priya Ramdin (demo)", (("Gemeente Utrecht", None, Role.PRIVACY_OFFICER),)
    ),
    DemoAccount(
        "programma",
        "Pim de Wit (demo)",
        (("Gemeente Utrecht", None, Role.PROGRAMME_STAFF),),
    ),
)


def demo_data_present() -> bool:
    return User.objects.filter(is_demo=True).exists()


@transaction.atomic
def load() -> bool:
    """Create the demo world unless it exists; return whether anything was created."""
    if demo_data_present():
        return False
    actor = Actor.system("demo-data")
    today = clock.today()
    if not directory_selectors.reference_present():
        directory_reference.load(actor=actor)

    teams = {}
    organisations = {}
    for name, (kind, team_names) in ORGANISATIONS.items():
        # The reference content (eenloket directory load-reference) may hold it already.
        organisation = directory_selectors.organisation_by_name(
            name=name
        ) or directory.organisation_create(name=name, kind=kind, actor=actor)
        organisations[name] = organisation
        for team_name, purpose in team_names:
            teams[team_name] = directory.team_create(
                organisation=organisation, name=team_name, purpose=purpose, actor=actor
            )

    users = {}
    for account in ACCOUNTS:
        user = accounts.worker_create(
            username=account.username,
            display_name=account.display_name,
            password=DEMO_PASSWORD,
            is_demo=True,
            actor=actor,
        )
        users[account.username] = user
        for organisation_name, team_name, role in account.memberships:
            accounts.membership_create(
                user=user,
                organisation=organisations[organisation_name],
                team=teams[team_name] if team_name else None,
                role=role,
                valid_from=today - dt.timedelta(days=365),
                actor=actor,
            )

    _direct_lines(teams, users, actor)

    # Demo BSNs come only from the BRP's test range (999…), generated to pass the 11-test.
    numbers = random.Random(DEMO_BSN_SEED)  # noqa: S311 - reproducible test numbers, no secret
    sandra = people.person_create(
        given_names="Sandra",
        surname="Jansen",
        birth_date=_years_ago(today, 42, 17),
        bsn=bsn.test_number(numbers),
        phone="06 12 34 56 78",
        address_kind=AddressKind.RESIDENTIAL,
        street_and_number="Kanaalstraat 10 bis",
        postal_code="3531 CJ",
        city="Utrecht",
        channels_preferred=[Channel.DESK, Channel.PHONE],
        channels_refused=[Channel.EMAIL],
        accessibility_needs=[AccessibilityNeed.EXPLAIN_LETTERS],
        actor=actor,
    )
    for given, age in (("Daan", 14), ("Noor", 9)):
        child = people.person_create(
            given_names=given,
            surname="Jansen",
            birth_date=_years_ago(today, age, 40),
            bsn=bsn.test_number(numbers),
            actor=actor,
        )
        people.household_member_add(
            person=sandra,
            member=child,
            relation=HouseholdRelation.CHILD,
            since=child.birth_date,
            actor=actor,
        )
    case = cases.case_open(
        person=sandra,
        question_verbatim="Ik heb geen werk meer en de brieven stapelen zich op.",
        summary=(
            "Tijdelijk contract drie weken geleden afgelopen; nog geen WW aangevraagd (vastgelopen "
            "op DigiD). Brieven van CJIB, Toeslagen en gemeentebelastingen liggen ongeopend."
        ),
        life_events=["job_loss", "debts"],
        needs=["income", "debt_help", "understand_letters", "digital_help"],
        owning_team=teams["Informatiepunt Bibliotheek"],
        coordinator=users["ingrid"],
        next_step="Samen de WW-aanvraag doen en de brieven doorlopen",
        next_step_due=today + dt.timedelta(days=1),
        actor=actor,
    )
    cases.case_add_team(case=case, team=teams["Directe lijn WW"], actor=actor)
    cases.contact_record(
        case=case,
        channel=ContactChannel.DESK,
        direction=Direction.INCOMING,
        verification=Verification.ID_DOCUMENT,
        verification_note="Identiteitskaart gezien",
        summary="Sandra kwam langs in de bibliotheek met een tas vol brieven.",
        follow_up="Morgen samen de WW-aanvraag doen; neem je loonstroken mee.",
        actor=actor,
    )
    sandra_case = case
    _sandra_facts_and_consents(case, teams, organisations, actor)

    de_vries = people.person_create(
        given_names="Hendrik",
        surname_prefix="de",
        surname="Vries",
        birth_date=_years_ago(today, 79, 40),
        bsn=bsn.test_number(numbers),
        address_kind=AddressKind.RESIDENTIAL,
        street_and_number="Lange Nieuwstraat 4",
        postal_code="3512 PH",
        city="Utrecht",
        channels_preferred=[Channel.LETTER],
        accessibility_needs=[AccessibilityNeed.PLAIN_LANGUAGE],
        actor=actor,
    )
    peter = people.person_create(
        given_names="Peter",
        surname_prefix="de",
        surname="Vries",
        birth_date=_years_ago(today, 48, 200),
        phone="030 123 45 67",
        email="peter.devries@example.org",
        channels_preferred=[Channel.EMAIL, Channel.PHONE],
        shared_channels_may_carry_detail=True,
        actor=actor,
    )
    de_vries_case = cases.case_open(
        person=de_vries,
        question_verbatim="Mijn vader opent zijn post niet meer sinds mijn moeder is overleden.",
        life_events=["death_of_partner"],
        needs=["understand_letters", "income"],
        owning_team=teams["Informatiepunt Bibliotheek"],
        next_step="Peter terugbellen over de machtiging",
        next_step_due=today - dt.timedelta(days=2),
        actor=actor,
    )
    peter_represents = people.representation_create(
        represented=de_vries,
        representative=peter,
        kind=RepresentationKind.FAMILY,
        matters=[Matter.FINANCIAL, Matter.ADMINISTRATION],
        basis=RepresentationBasis.WRITTEN_AUTHORISATION,
        basis_note="Machtiging getekend door de heer De Vries, gezien aan de balie",
        valid_from=today - dt.timedelta(days=3),
        valid_until=today + dt.timedelta(days=365),
        case=de_vries_case,
        actor=actor,
    )
    cases.contact_record(
        case=de_vries_case,
        channel=ContactChannel.PHONE,
        direction=Direction.INCOMING,
        representation=peter_represents,
        verification=Verification.WRITTEN_AUTHORISATION,
        summary="Peter belt: zijn vader opent de post niet meer sinds zijn moeder overleed.",
        actor=actor,
    )

    kees = people.person_create(
        given_names="Kees",
        surname="Bakker",
        birth_date=_years_ago(today, 51, 100),
        bsn=bsn.test_number(numbers),
        kvk_number="90000017",
        actor=actor,
    )
    kees_case = cases.case_open(
        person=kees,
        question_verbatim="Sinds ik ziek was loopt mijn bakkerij niet meer en heb ik schulden.",
        life_events=["illness", "business_in_trouble", "debts"],
        owning_team=teams["Schuldhulpverlening"],
        coordinator=users["ingrid"],
        next_step="Eerste gesprek schuldhulp plannen",
        next_step_due=today + dt.timedelta(days=3),
        actor=actor,
    )
    _kees_facts_consents_and_table(kees_case, teams, users, actor)

    _amira(numbers, teams, organisations, users, actor)
    _yusuf(numbers, teams, users, actor)

    audit.controllership_create(
        name="1 Loket regio Utrecht (demo)",
        lead=organisations["Gemeente Utrecht"],
        joint=[organisations["UWV"], organisations["Sociale Verzekeringsbank (SVB)"]],
        arrangement_reference="Regeling gezamenlijke verantwoordelijkheid 1 Loket (demo)",
        actor=actor,
    )
    _demo_log_history(users, sandra_case, de_vries_case)
    _invented_history(teams, today)
    return True


def _invented_history(teams, today) -> None:
    """Anonymous invented history for the figures (insights/demo_history.py): the demo's own
    few citizens would all be suppressed below k persons, as they should be."""
    from eenloket.directory.models import ContactPoint
    from eenloket.insights import demo_history

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
    from eenloket.access import casework

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


# Invented direct lines for the demo teams: every name ends in "(demo)", the numbers are not
# real (030 - 000 …) and the addresses use the reserved example.org domain.
DEMO_DIRECT_LINES = (
    {
        "team": "Directe lijn WW",
        "name": "Directe lijn WW voor ketenpartners (demo)",
        "description": (
            "Voor vragen over een WW-aanvraag die vastloopt, en voor een warme overdracht."
        ),
        "description_en": "For WW applications that get stuck, and for warm handovers.",
        "phone": "030 - 000 00 01",
        "email": "directe-lijn-ww@example.org",
        "topics": "WW aanvraag vastgelopen werkloos ontslag inkomen na ontslag",
        "needs": ["income", "work"],
        "schemes": ["ww"],
        "service_level_hours": 8,
        "coordinator": "joost",
        "capacity": "open",
    },
    {
        "team": "Directe lijn kinderbijslag",
        "name": "Directe lijn SVB kinderbijslag en AOW (demo)",
        "description": (
            "Voor kinderbijslag na een scheiding en AOW na het overlijden van een partner."
        ),
        "description_en": "For child benefit after a divorce and AOW after a partner's death.",
        "phone": "030 - 000 00 02",
        "email": "directe-lijn-svb@example.org",
        "topics": "kinderbijslag scheiding aow overlijden partner nabestaanden",
        "needs": ["family", "income"],
        "schemes": ["kinderbijslag", "aow", "anw"],
        "service_level_hours": 16,
        "capacity": "waiting_list",
        "expected_wait_days": 3,
    },
    {
        "team": "Betalingsregelingen",
        "name": "CJIB betalingsregelingen voor schuldhulp (demo)",
        "description": (
            "Voor schuldhulpverleners die een betalingsregeling of uitstel willen afspreken."
        ),
        "description_en": "For debt counsellors who want to agree a payment plan or a delay.",
        "phone": "030 - 000 00 03",
        "topics": "boete betalingsregeling uitstel schuldhulp",
        "needs": ["debts"],
        "schemes": ["betalingsregeling-cjib"],
        "service_level_hours": 24,
        "capacity": "open",
    },
    {
        "team": "Schuldhulpverlening",
        "name": "Spoedlijn schuldhulp Utrecht (demo)",
        "description": (
            "Bij dreigende uitzetting of afsluiting van energie of water: binnen 3 "
            "werkdagen een gesprek."
        ),
        "description_en": (
            "When eviction or cut-off of energy or water threatens: a conversation "
            "within 3 working days."
        ),
        "phone": "030 - 000 00 04",
        "email": "spoed-schuldhulp@example.org",
        "topics": "huurachterstand uitzetting afsluiting energie water schulden spoed",
        "needs": ["debts", "housing"],
        "schemes": ["schuldhulpverlening", "betalingsregeling-huur"],
        "regions": ["0344"],
        "service_level_hours": 4,
        "coordinator": "ingrid",
        "capacity": "open",
    },
)
DEMO_HOURS = [{"byday": "MO,TU,WE,TH,FR", "opens_at": "09:00", "closes_at": "17:00"}]


def _direct_lines(teams, users, actor) -> None:
    for line in DEMO_DIRECT_LINES:
        line = dict(line)
        team = teams[line.pop("team")]
        coordinator = users.get(line.pop("coordinator", ""))
        directory.contact_point_create(
            team=team, coordinator=coordinator, schedules=DEMO_HOURS, actor=actor, **line
        )
    utrecht = teams["Informatiepunt Bibliotheek"].organisation
    desk = directory.location_save(
        organisation=utrecht,
        name="Loket eenloket in de bibliotheek (demo)",
        location_type="physical",
        municipality="0344",
        description="Inloopspreekuur van eenloket. De tijden zijn verzonnen voor de demo.",
        description_en="Walk-in desk of eenloket. The times are invented for the demo.",
        address={
            "address_1": "Neude 11",
            "postal_code": "3512 AE",
            "city": "Utrecht",
            "state_province": "Utrecht",
        },
        accessibility=[
            {
                "description": "Demo: ingang zonder drempel, ringleiding aan de balie.",
                "description_en": "Demo: step-free entrance, hearing loop at the desk.",
            }
        ],
        schedules=[
            {"byday": "MO,WE,FR", "opens_at": "10:00", "closes_at": "13:00"},
            {"byday": "TH", "opens_at": "14:00", "closes_at": "19:00"},
        ],
        services=["ido-hulp"],
        actor=actor,
    )
    # Appointments at this desk (docs/appointments.md): half an hour, two citizens at a time.
    from eenloket.appointments import services as appointments

    appointments.setting_save(location=desk, slot_minutes=30, capacity=2, actor=actor)


def _years_ago(today: dt.date, years: int, extra_days: int) -> dt.date:
    try:
        anniversary = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        anniversary = today.replace(year=today.year - years, day=28)
    return anniversary - dt.timedelta(days=extra_days)


def describe_accounts() -> str:
    lines = [f"Demo accounts (password for all: {DEMO_PASSWORD}):"]
    for account in ACCOUNTS:
        roles = "; ".join(
            f"{role.label} — {org}{', ' + team if team else ''}"
            for org, team, role in account.memberships
        )
        lines.append(f"  {account.username:<8} {account.display_name:<22} {roles}")
    return "\n".join(lines)
