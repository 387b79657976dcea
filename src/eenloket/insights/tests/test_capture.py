"""The anonymous facts follow the services, carry no personal data, and outlive the case;
the outcome per need and the citizen's verdict feed them (docs/insights.md)."""

import datetime as dt

import pytest

from eenloket.access.insights import FigureScope, figures_scope
from eenloket.accounts.models import Role
from eenloket.cases import services as cases
from eenloket.cases.models import Case, ContactChannel, Direction, Verification
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.directory import services as directory
from eenloket.handovers import services as handovers
from eenloket.handovers.states import State
from eenloket.insights import capture, figures
from eenloket.insights.models import CaseFact, ContactFact, HandoverFact, TopicFact
from eenloket.notifications.models import Message
from eenloket.outcomes import services as outcomes
from eenloket.outcomes.models import Verdict
from eenloket.testing import factories

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("test")


def _worker(role=Role.FRONTLINE_WORKER, **kwargs):
    membership = factories.MembershipFactory(role=role, **kwargs)
    return Actor.worker(membership.user, membership)


def test_facts_follow_a_case_through_the_services_and_stay_after_it_is_deleted():
    sender = _worker()
    receiver = _worker(role=Role.PARTNER_WORKER)
    line = directory.contact_point_create(
        team=receiver.membership.team,
        name="Lijn (test)",
        phone="030 000 00 00",
        service_level_hours=8,
        actor=SYSTEM,
    )
    opened = clock.now().replace(microsecond=0) + dt.timedelta(days=1)
    with clock.frozen(opened):
        person = factories.PersonFactory(channels_preferred=["letter"])
        case = cases.case_open(
            person=person,
            question_verbatim="Mijn WW is gestopt, wat nu? Mijn BSN is 999990019.",
            owning_team=sender.membership.team,
            coordinator=sender.user,
            next_step="Bellen",
            next_step_due=clock.today() + dt.timedelta(days=1),
            life_events=["job_loss"],
            needs=["income", "work"],
            actor=sender,
        )
    with clock.frozen(opened + dt.timedelta(hours=3)):
        cases.contact_record(
            case=case,
            channel=ContactChannel.PHONE,
            direction=Direction.OUTGOING,
            verification=Verification.CALLBACK,
            summary="Gebeld met mevrouw over haar WW.",
            actor=sender,
        )
    with clock.frozen(opened + dt.timedelta(days=1)):
        handover = handovers.handover_draft(
            case=case,
            contact_point=line,
            question="WW gestopt",
            why_this_organisation="WW",
            asked="Kijken",
            actor=sender,
        )
        handovers.handover_send(
            handover=handover,
            actor=sender,
            reason_without_contact="Test: the receiver calls the desk, not the citizen.",
        )
    with clock.frozen(opened + dt.timedelta(days=1, hours=5)):
        handovers.handover_transition(handover=handover, target=State.ACCEPTED, actor=receiver)
        handovers.handover_transition(handover=handover, target=State.IN_PROGRESS, actor=receiver)
    with clock.frozen(opened + dt.timedelta(days=3)):
        handovers.handover_transition(
            handover=handover, target=State.COMPLETED, reason_code="helped", actor=receiver
        )
    fact = CaseFact.objects.get()
    assert fact.first_contact_seconds == 3 * 3600
    assert isinstance(fact.person_ref, int) and str(fact.person_ref) not in str(person.pk)
    handover_fact = HandoverFact.objects.get()
    assert handover_fact.answer == "accepted" and handover_fact.answer_seconds == 5 * 3600
    assert handover_fact.complete_seconds == 2 * 24 * 3600 and handover_fact.outcome == "helped"
    assert handover_fact.to_organisation == receiver.membership.organisation

    case = Case._base_manager.get(pk=case.pk)
    with pytest.raises(DomainError) as missing:  # every need needs its outcome
        outcomes.case_close_with_outcomes(
            case=case, outcome="resolved", need_outcomes={"income": "solved"}, actor=sender
        )
    assert missing.value.field == "need_work"
    with clock.frozen(opened + dt.timedelta(days=10)):
        outcomes.case_close_with_outcomes(
            case=case,
            outcome="resolved",
            need_outcomes={"income": "solved", "work": "referred"},
            actor=sender,
        )
    # The citizen is asked, on their channel, in plain words.
    assert Message.objects.filter(purpose="verdict_question").count() == 1
    citizen = Actor.citizen(person.pk, assurance="substantieel")
    with pytest.raises(DomainError):  # a worker's channel is not the citizen's
        outcomes.verdict_answer(case=case, answer="yes", via="desk", actor=citizen)
    outcomes.verdict_answer(
        case=case,
        answer="partly",
        comment="Fijn geholpen, maar het duurde lang.",
        via="portal",
        actor=citizen,
    )
    with pytest.raises(DomainError):  # once
        outcomes.verdict_answer(case=case, answer="yes", via="portal", actor=citizen)
    fact.refresh_from_db()
    assert (fact.status, fact.verdict, fact.verdict_channel) == ("closed", "partly", "portal")
    assert dict(TopicFact.objects.filter(case=fact, kind="need").values_list("key", "outcome")) == {
        "income": "solved",
        "work": "referred",
    }

    # Nothing a person wrote reaches the facts: no question, summary, comment or BSN.
    written = " ".join(
        str(v)
        for model in (CaseFact, TopicFact, ContactFact, HandoverFact)
        for row in model.objects.values()
        for v in row.values()
    )
    for text in ("WW is gestopt", "999990019", "Gebeld", "duurde lang", str(person.pk)):
        assert text not in written

    Case._base_manager.filter(pk=case.pk).delete()  # what retention (#23) will do
    assert not Verdict.objects.exists()  # the citizen's words go with the case
    assert CaseFact.objects.count() == 1 and HandoverFact.objects.count() == 1
    assert capture.case_changed(case.pk) is None  # nothing to rebuild from; facts stay
    assert CaseFact.objects.get().verdict == "partly"


def test_figures_scope_follows_the_named_roles():
    programme = _worker(role=Role.PROGRAMME_STAFF, team=None)
    coordinator = _worker(role=Role.COORDINATOR)
    assert figures_scope(programme) == FigureScope()
    assert figures_scope(coordinator) == FigureScope(coordinator.membership.organisation_id)
    for role in (Role.FRONTLINE_WORKER, Role.PARTNER_WORKER):
        assert figures_scope(_worker(role=role)) is None
    for role in (Role.PRIVACY_OFFICER, Role.APPLICATION_MANAGER):
        assert figures_scope(_worker(role=role, team=None)) is None
    ended = _worker(role=Role.PROGRAMME_STAFF, team=None)
    ended.membership.valid_until = clock.today() - dt.timedelta(days=1)
    ended.membership.valid_from = clock.today() - dt.timedelta(days=10)
    assert figures_scope(ended) is None
    assert figures_scope(Actor.citizen("x", assurance="hoog")) is None


def test_a_coordinator_sees_only_their_own_organisations_figures():
    coordinator = _worker(role=Role.COORDINATOR)
    other = factories.OrganisationFactory()
    asked = figures.Filters(organisation_id=other.pk)
    narrowed = asked.within(figures_scope(coordinator))
    assert narrowed.organisation_id == coordinator.membership.organisation_id


def test_a_period_that_ends_before_it_starts_is_refused_clearly():
    with pytest.raises(DomainError) as refused:
        figures.dashboard(
            FigureScope(),
            figures.Filters(start=dt.date(2026, 5, 1), end=dt.date(2026, 4, 1)),
        )
    assert refused.value.field == "start"


def test_rebuild_makes_the_facts_again_from_every_case():
    from django.core.management import call_command

    worker = _worker()
    for question in ("Eerste vraag", "Tweede vraag"):
        cases.case_open(
            person=factories.PersonFactory(),
            question_verbatim=question,
            owning_team=worker.membership.team,
            next_step="Bellen",
            next_step_due=clock.today() + dt.timedelta(days=1),
            actor=worker,
        )
    CaseFact.objects.all().delete()
    call_command("insights", "rebuild")
    assert CaseFact.objects.count() == 2
