"""The boundary is the team's purpose, not its organisation (issue #20, decision 0039): a team
of the organisation that owns a case is a partner like any other; a consent can be given to one
team, also of the owning organisation, and opens that team only."""

import datetime as dt

import pytest

from eenloket.access import casework
from eenloket.accounts.models import Role
from eenloket.cases import services as cases
from eenloket.cases.selectors import case_page
from eenloket.consent import services as consent
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.directory import services as directory
from eenloket.handovers import services as handovers
from eenloket.testing import factories

SYSTEM = Actor.system("test")
pytestmark = pytest.mark.django_db


def _worker(team, role=Role.FRONTLINE_WORKER):
    membership = factories.MembershipFactory(team=team, organisation=team.organisation, role=role)
    return Actor.worker(membership.user, membership)


@pytest.fixture
def municipality():
    """A municipality with a loket (intake) and a debt-help team; a case the loket took in
    with health and justice facts next to the debts."""
    gemeente = factories.OrganisationFactory(name="Gemeente Test")
    loket = factories.TeamFactory(organisation=gemeente, name="Loket", purpose="intake")
    debt = factories.TeamFactory(organisation=gemeente, name="Schuldhulp", purpose="debt_help")
    wmo = factories.TeamFactory(organisation=gemeente, name="Wmo", purpose="wmo")
    desk = _worker(loket, Role.COORDINATOR)
    case = cases.case_open(
        person=factories.PersonFactory(phone="0612345678", city="Utrecht"),
        question_verbatim="Ik heb schulden en ik ben ziek.",
        owning_team=loket,
        coordinator=desk.user,
        next_step="Doorverwijzen naar schuldhulp",
        next_step_due=clock.today() + dt.timedelta(days=2),
        actor=SYSTEM,
    )
    facts = {
        category: cases.fact_record(
            case=case,
            category=category,
            label=label,
            value=value,
            as_of=clock.today(),
            source="Aan de balie",
            actor=desk,
        )
        for category, label, value in (
            ("debts", "Schuld", "€ 3.000 bij de energieleverancier"),
            ("health", "Gezondheid", "Depressie, in behandeling"),
            ("justice", "Justitie", "Taakstraf vorig jaar"),
            ("income", "Inkomen", "Bijstand"),
        )
    }
    line = directory.contact_point_create(
        team=debt,
        name="Directe lijn schuldhulp",
        service_level_hours=8,
        phone="030 - 000 00 10",
        actor=SYSTEM,
    )
    return {
        "loket": loket,
        "debt": debt,
        "wmo": wmo,
        "desk": desk,
        "case": case,
        "facts": facts,
        "line": line,
    }


def _seen(actor, case):
    released = casework.case_for(actor, case.pk)
    return released.disclosure


def _give(world, team, categories, **extra):
    return consent.consent_record(
        case=world["case"],
        recipient_team=team,
        categories=categories,
        purpose="Samen een plan maken voor de schulden",
        valid_until=clock.today() + dt.timedelta(days=90),
        given=True,
        recorded_via="desk",
        actor=world["desk"],
        **extra,
    )


def test_the_loket_keeps_what_it_took_in_for_the_intake():
    loket = factories.TeamFactory(purpose="intake")
    case = factories.CaseFactory(owning_team=loket)
    disclosure = _seen(_worker(loket), case)
    assert disclosure.relation == "owner"
    assert {"health", "justice", "debts", "identity"} <= set(disclosure.bases)


def test_debt_help_after_a_handover_does_not_see_health_or_justice_taken_in_by_the_loket(
    municipality,
):
    world = municipality
    draft = handovers.handover_draft(
        case=world["case"],
        contact_point=world["line"],
        question="Kunnen jullie helpen met de schulden?",
        why_this_organisation="Schuldhulp is jullie taak.",
        asked="Neem contact op voor een intake.",
        actor=world["desk"],
    )
    _give(world, world["debt"], ["contact", "debts", "case_notes"])
    sent = handovers.handover_send(handover=draft, actor=world["desk"])
    assert "health" not in sent.shared and "justice" not in sent.shared

    debt_worker = _worker(world["debt"])
    disclosure = _seen(debt_worker, world["case"])
    assert disclosure.relation == "partner"  # the same organisation is no shortcut
    assert not disclosure.allows("health")
    assert not disclosure.allows("justice")
    assert not disclosure.allows("income")
    assert disclosure.allows("debts")
    page = case_page(actor=debt_worker, case_id=world["case"].pk)
    assert {f.category for f in page.facts} == {"debts"}  # not health, justice or income


def test_a_consent_to_a_team_of_the_owning_organisation_is_accepted_and_opens_that_team_only(
    municipality,
):
    world = municipality
    given = _give(world, world["debt"], ["debts", "income"])
    assert given.recipient_team == world["debt"]
    assert given.recipient_id == world["debt"].organisation_id
    assert given.recipient_name == "Schuldhulp, Gemeente Test"
    for team in ("debt", "wmo"):
        cases.case_add_team(case=world["case"], team=world[team], actor=SYSTEM)
    assert _seen(_worker(world["debt"]), world["case"]).allows("income")
    wmo = _seen(_worker(world["wmo"]), world["case"])
    assert set(wmo.bases) == {"name"}  # a consent to one team does not open another


def test_health_reaches_the_debt_team_only_with_the_explicit_yes(municipality):
    world = municipality
    cases.case_add_team(case=world["case"], team=world["debt"], actor=SYSTEM)
    with pytest.raises(DomainError):
        _give(world, world["debt"], ["health"])
    _give(world, world["debt"], ["health"], explicit_special=True)
    assert _seen(_worker(world["debt"]), world["case"]).allows("health")


def test_consent_to_the_owning_team_for_what_its_task_covers_is_refused_with_the_law():
    debt = factories.TeamFactory(purpose="debt_help", name="Schuldhulp")
    owner = _worker(debt)
    case = factories.CaseFactory(owning_team=debt)
    with pytest.raises(DomainError, match=r"Schuldhulp.*Wet gemeentelijke schuldhulpverlening"):
        consent.consent_record(
            case=case,
            recipient_team=debt,
            categories=["debts"],
            purpose="Samen een plan maken voor de schulden",
            valid_until=clock.today() + dt.timedelta(days=90),
            given=True,
            recorded_via="desk",
            actor=owner,
        )
    # What its task does not cover, the citizen may still give: the narrow consent.
    consent.consent_record(
        case=case,
        recipient_team=debt,
        categories=["health"],
        explicit_special=True,
        purpose="Rekening houden met de ziekte in het plan",
        valid_until=clock.today() + dt.timedelta(days=90),
        given=True,
        recorded_via="desk",
        actor=owner,
    )
    disclosure = _seen(owner, case)
    assert disclosure.relation == "owner"
    assert disclosure.allows("health") and not disclosure.allows("justice")


def test_a_debt_team_that_owns_a_case_sees_only_its_purpose():
    debt = factories.TeamFactory(purpose="debt_help")
    case = factories.CaseFactory(owning_team=debt)
    disclosure = _seen(_worker(debt), case)
    assert disclosure.allows("debts") and disclosure.allows("case_notes")
    assert not disclosure.allows("health") and not disclosure.allows("justice")


def test_an_older_consent_to_the_whole_organisation_still_opens_its_teams(municipality):
    world = municipality
    cases.case_add_team(case=world["case"], team=world["wmo"], actor=SYSTEM)
    consent.consent_record(
        case=world["case"],
        recipient=world["wmo"].organisation,
        categories=["housing"],
        purpose="Een woningaanpassing bekijken",
        valid_until=clock.today() + dt.timedelta(days=90),
        given=True,
        recorded_via="desk",
        actor=world["desk"],
    )
    assert _seen(_worker(world["wmo"]), world["case"]).allows("housing")


def test_a_statute_for_one_purpose_does_not_open_another_team_of_the_organisation(municipality):
    world = municipality
    consent.statutory_basis_add(
        recipient=world["debt"].organisation,
        categories=["income"],
        purpose="Schuldhulp: inkomen voor het budgetplan",
        legal_reference="Wgs art. 8",
        source_url="https://wetten.overheid.nl/BWBR0031835",
        valid_from=clock.today(),
        team_purpose="debt_help",
        actor=SYSTEM,
    )
    for team in ("debt", "wmo"):
        cases.case_add_team(case=world["case"], team=world[team], actor=SYSTEM)
    assert _seen(_worker(world["debt"]), world["case"]).bases["income"] == "statute:Wgs art. 8"
    assert not _seen(_worker(world["wmo"]), world["case"]).allows("income")
