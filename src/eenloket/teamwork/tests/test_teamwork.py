"""Scenario 04 in the services: a team of four from three organisations, each member seeing
only what their team may see (the owning organisation's debt team too, decision 0039); the
plan with an overdue action reaching its owner and the coordinator (moved clock); a
breakthrough round trip (docs/teamwork.md)."""

import datetime as dt

import pytest

from eenloket.access import casework
from eenloket.accounts.models import Role
from eenloket.cases import selectors as case_selectors
from eenloket.cases import services as cases
from eenloket.consent import services as consent
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError, NotFoundOrForbidden
from eenloket.notifications.models import Message, WorkerNotification
from eenloket.signals.models import Signal, SignalReport
from eenloket.teamwork import services
from eenloket.teamwork.models import BreakthroughTable, Member, OwnerKind
from eenloket.testing import factories

SYSTEM = Actor.system("test")
pytestmark = pytest.mark.django_db


def _actor(membership):
    return Actor.worker(membership.user, membership)


@pytest.fixture
def world():
    coordinator = factories.MembershipFactory(role=Role.COORDINATOR)
    municipality = coordinator.team.organisation
    debt_team = factories.TeamFactory(
        organisation=municipality, name="Schuldhulp (test)", purpose="debt_help"
    )
    debt = factories.MembershipFactory(team=debt_team, role=Role.PARTNER_WORKER)
    bbz = factories.MembershipFactory(role=Role.PARTNER_WORKER)  # a regional Bbz bureau
    tax = factories.MembershipFactory(role=Role.PARTNER_WORKER)  # Belastingdienst
    person = factories.PersonFactory(kvk_number="12345678", channels_preferred=["letter"])
    case = cases.case_open(
        person=person,
        question_verbatim="Mijn bakkerij loopt vast sinds ik ziek was.",
        owning_team=coordinator.team,
        coordinator=coordinator.user,
        next_step="Team samenstellen",
        next_step_due=clock.today() + dt.timedelta(days=2),
        actor=SYSTEM,
    )
    for category, label, value in (
        ("income", "Inkomen", "Geen inkomen uit de bakkerij sinds maart"),
        ("debts", "Belastingschuld", "€ 8.400 btw en inkomstenbelasting"),
        ("housing", "Huurachterstand winkel", "3 maanden"),
    ):
        cases.fact_record(
            case=case,
            category=category,
            label=label,
            value=value,
            as_of=clock.today(),
            source="Kees",
            actor=_actor(coordinator),
        )
    for recipient, categories in ((bbz, ["income", "housing"]), (tax, ["debts"])):
        consent.consent_record(
            case=case,
            recipient=recipient.team.organisation,
            categories=categories,
            purpose="Samen een plan maken",
            valid_until=clock.today() + dt.timedelta(days=180),
            given=True,
            recorded_via="desk",
            actor=_actor(coordinator),
        )
    consent.consent_record(  # the narrow consent to a team of the owning municipality
        case=case,
        recipient_team=debt_team,
        categories=["income", "debts"],
        purpose="Een budgetplan maken",
        valid_until=clock.today() + dt.timedelta(days=180),
        given=True,
        recorded_via="desk",
        actor=_actor(coordinator),
    )
    return {
        "case": case,
        "coordinator": _actor(coordinator),
        "debt": _actor(debt),
        "bbz": _actor(bbz),
        "tax": _actor(tax),
    }


def _join(world, name, role):
    actor = world[name]
    invitation = services.member_invite(
        case=world["case"],
        team=actor.membership.team,
        user=actor.user,
        role_on_case=role,
        actor=world["coordinator"],
    )
    services.invitation_answer(invitation=invitation, accept=True, actor=actor)


def _facts_seen(actor, case):
    page = case_selectors.case_page(actor=actor, case_id=case.pk)
    return {fact.label for fact in page.facts}


def test_each_member_sees_only_what_their_team_may_see(world):
    case = world["case"]
    with pytest.raises(NotFoundOrForbidden):
        casework.case_for(world["tax"], case.pk)  # not on the team yet
    _join(world, "bbz", "Bbz-consulent")
    _join(world, "tax", "Contactpersoon betalingsregeling")
    _join(world, "debt", "Schuldhulpverlener")
    assert Member.objects.filter(case=case, left_at__isnull=True).count() == 3
    everything = {"Inkomen", "Belastingschuld", "Huurachterstand winkel"}
    assert _facts_seen(world["coordinator"], case) == everything
    # The same organisation as the owner is no basis: the debt team sees what was consented to.
    assert _facts_seen(world["debt"], case) == {"Inkomen", "Belastingschuld"}
    assert _facts_seen(world["bbz"], case) == {"Inkomen", "Huurachterstand winkel"}
    assert _facts_seen(world["tax"], case) == {"Belastingschuld"}

    member = Member.objects.get(case=case, user=world["tax"].user)
    services.member_leave(member=member, actor=world["tax"])
    with pytest.raises(NotFoundOrForbidden):
        casework.case_for(world["tax"], case.pk)  # leaving ends access


def test_an_invitation_is_answered_only_by_whom_it_is_for(world):
    invitation = services.member_invite(
        case=world["case"],
        team=world["bbz"].membership.team,
        user=world["bbz"].user,
        role_on_case="Bbz",
        actor=world["coordinator"],
    )
    with pytest.raises(DomainError):
        services.invitation_answer(invitation=invitation, accept=True, actor=world["tax"])
    with pytest.raises(DomainError):  # only the coordinator or owning team invites
        services.member_invite(
            case=world["case"],
            team=world["tax"].membership.team,
            role_on_case="x",
            actor=world["bbz"],
        )
    services.invitation_answer(invitation=invitation, accept=False, actor=world["bbz"])
    with pytest.raises(NotFoundOrForbidden):
        casework.case_for(world["bbz"], world["case"].pk)  # declining gives no access


def test_an_overdue_action_reaches_its_owner_and_the_coordinator_once(world):
    case = world["case"]
    _join(world, "tax", "Contactpersoon betalingsregeling")
    due = clock.today() + dt.timedelta(days=3)
    services.action_add(
        case=case,
        what="Voorstel betalingsregeling sturen",
        owner_kind=OwnerKind.WORKER,
        owner_user=world["tax"].user,
        due_on=due,
        actor=world["coordinator"],
    )
    services.action_add(
        case=case,
        what="Uw jaaropgaven van 2025 opzoeken en meenemen",
        what_citizen="Zoekt u uw jaaropgaven van 2025 op en neemt u ze mee?",
        owner_kind=OwnerKind.CITIZEN,
        due_on=due,
        agreed_with_citizen=True,
        actor=world["coordinator"],
    )
    assert services.actions_remind() == 0
    # Overdue counts in business days: ten days on is past the next desk day after any date
    # (four was not, when the due date was the Friday before a weekend and a holiday).
    with clock.frozen(clock.now() + dt.timedelta(days=10)):
        assert services.actions_remind() == 2
        assert services.actions_remind() == 0  # once
    owner = WorkerNotification.objects.filter(user=world["tax"].user, kind="team")
    assert owner.filter(text__contains="betalingsregeling").exists()
    coordinator = WorkerNotification.objects.filter(user=world["coordinator"].user, kind="team")
    assert coordinator.count() >= 2  # both overdue actions
    assert Message.objects.filter(
        recipient_ref=str(case.person_id), purpose="plan_reminder"
    ).exists()  # the citizen is reminded through the outbox


def test_a_breakthrough_goes_to_the_table_and_its_decision_comes_back_to_the_plan(world):
    case = world["case"]
    table = BreakthroughTable.objects.create(name="Doorbraaktafel Utrecht (test)")
    decider_tax = factories.MembershipFactory(
        team=world["tax"].membership.team, role=Role.COORDINATOR
    )
    table.members.add(decider_tax.user, world["coordinator"].user)
    with pytest.raises(DomainError):  # a BSN does not belong in a signal
        services.breakthrough_submit(
            case=case,
            table=table,
            question="Kan de schuld worden bevroren?",
            blocker="BSN 123456782 heeft een schuld",
            proposal="Bevriezen",
            regulation="bbz2004",
            organisation=world["tax"].membership.organisation,
            effect="no_income",
            actor=world["coordinator"],
        )
    breakthrough = services.breakthrough_submit(
        case=case,
        table=table,
        question="Kan de belastingschuld bevroren worden terwijl de Bbz loopt?",
        blocker="De Bbz-aanvraag wacht op een betalingsregeling, en die wacht op inkomen.",
        proposal="Schuld zes maanden bevriezen; Bbz start direct.",
        regulation="bbz2004",
        organisation=world["tax"].membership.organisation,
        effect="no_income",
        actor=world["coordinator"],
    )
    tax_org = str(world["tax"].membership.organisation_id)
    assert breakthrough.shared[tax_org] == ["debts", "name"]  # only what Kees consented
    report = SignalReport.objects.get(breakthrough=breakthrough)  # every submission makes one
    assert report.signal.organisation == world["tax"].membership.organisation
    assert report.signal.report_count == 1 and Signal.objects.count() == 1
    with pytest.raises(DomainError):  # not a member of the table
        services.breakthrough_decide(
            breakthrough=breakthrough, decision="agreed", reasons="x", actor=world["bbz"]
        )
    services.breakthrough_decide(
        breakthrough=breakthrough,
        decision="agreed",
        reasons="De regels botsen; maatwerk is redelijk.",
        actions=[
            {
                "what": "Invordering zes maanden stilzetten",
                "owner_kind": OwnerKind.ORGANISATION,
                "owner_team": world["tax"].membership.team,
                "due_on": clock.today() + dt.timedelta(days=7),
            }
        ],
        actor=Actor.worker(decider_tax.user, decider_tax),
    )
    plan = list(case.actions.all())
    assert [a.what for a in plan] == ["Invordering zes maanden stilzetten"]
    assert plan[0].breakthrough_id == breakthrough.pk
    assert WorkerNotification.objects.filter(user=world["coordinator"].user, kind="team").exists()
