"""Load the demo world once: the directory's demo teams and workers, then the people and their
cases, each made through the services."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from eenloket.accounts import services as accounts
from eenloket.accounts.models import User
from eenloket.audit import services as audit
from eenloket.cases import services as cases
from eenloket.cases.models import ContactChannel, Direction, Verification
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.demo.data.accounts import (
    ACCOUNTS,
    DEMO_BSN_SEED,
    DEMO_PASSWORD,
    ORGANISATIONS,
    _years_ago,
)
from eenloket.demo.data.direct_lines import _direct_lines
from eenloket.demo.data.stories import (
    _amira,
    _demo_log_history,
    _invented_history,
    _kees_facts_consents_and_table,
    _sandra_facts_and_consents,
    _yusuf,
)
from eenloket.directory import reference as directory_reference
from eenloket.directory import selectors as directory_selectors
from eenloket.directory import services as directory
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
        summary_citizen=(
            "U kwam langs in de bibliotheek met uw brieven. We hebben samen gekeken wat er "
            "eerst moet gebeuren."
        ),
        follow_up="Morgen doen we samen de WW-aanvraag. Neemt u uw loonstroken mee?",
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
        summary_citizen=(
            "Peter de Vries belde ons over de post van Hendrik de Vries. Wij helpen om de "
            "brieven te lezen en te beantwoorden."
        ),
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
