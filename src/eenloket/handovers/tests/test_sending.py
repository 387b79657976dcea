"""Sending a handover: access that starts and ends with it, warmth by support level and the
warm call, a decline back with the sender and a re-route that tells the citizen, "send now",
and sending and closing the case never interleaving (docs/handovers.md)."""

import datetime as dt

import pytest
from django.utils import translation

from eenloket.assessment.rules import DOMAINS
from eenloket.assessment.services import assessment_record
from eenloket.cases import services as cases
from eenloket.cases.models import CaseTeam
from eenloket.core import clock
from eenloket.core.errors import DomainError
from eenloket.directory import services as directory
from eenloket.handovers import services
from eenloket.handovers.states import State
from eenloket.handovers.tests.walk import (
    SYSTEM,
    _at,
    _draft,
    _move,
)
from eenloket.notifications.models import Message, WorkerNotification
from eenloket.testing import factories

pytestmark = pytest.mark.django_db


def test_sending_gives_access_a_due_time_and_a_notification_and_closing_ends_access(world):
    handover = _draft(world)
    sent = services.handover_send(handover=handover, actor=world["sender"])
    link = CaseTeam.objects.get(case=world["case"], team=world["point"].team)
    assert link.ended_at is None
    assert sent.due_at > sent.sent_at and sent.shared.get("name") == "relation"
    assert "income" not in sent.shared  # nothing the citizen did not consent to
    assert WorkerNotification.objects.filter(user=world["line_coordinator"]).exists()
    _move(world, sent, State.DECLINED)
    link.refresh_from_db()
    assert link.ended_at is not None


def test_a_decline_returns_to_the_sender_and_a_reroute_tells_the_citizen(world):
    handover = _at(world, State.DECLINED)
    case = world["case"]
    case.refresh_from_db()
    assert "Directe lijn (test)" in case.next_step  # back in the sender's queue
    told = Message.objects.filter(recipient_ref=str(case.person_id)).count()
    other_team = factories.TeamFactory()
    factories.consent_to_team(case, other_team)
    other = directory.contact_point_create(
        team=other_team,
        name="Directe lijn SVB (test)",
        service_level_hours=16,
        phone="030 - 000 00 10",
        actor=SYSTEM,
    )
    new = services.handover_reroute(declined=handover, contact_point=other, actor=world["sender"])
    assert new.state == State.SENT and new.rerouted_from_id == handover.pk
    assert Message.objects.filter(recipient_ref=str(case.person_id)).count() == told + 1
    with pytest.raises(DomainError):
        services.handover_reroute(declined=handover, contact_point=other, actor=world["sender"])


def test_warmth_follows_the_support_level(world):
    case = world["case"]
    assessment_record(
        case=case,
        scores=dict.fromkeys(DOMAINS, 1),
        rationales=dict.fromkeys(DOMAINS, "Heel moeilijk"),
        capacity="very_limited",
        capacity_rationale="Opent geen post",
        assessed_on=clock.today(),
        actor=world["sender"],
    )
    warm = _draft(world)
    assert warm.warmth == "warm"
    with pytest.raises(DomainError):
        services.handover_send(handover=warm, actor=world["sender"])
    services.warm_call_record(
        handover=warm,
        spoke_with="Jan van de directe lijn",
        called_at=clock.now() - dt.timedelta(minutes=5),
        agreed="Jan belt haar morgen",
        actor=world["sender"],
    )
    assert services.handover_send(handover=warm, actor=world["sender"]).state == State.SENT


def test_draft_and_send_sends_at_once_and_a_refused_send_keeps_no_draft(world):
    from eenloket.handovers.models import Handover

    values = {
        "case": world["case"],
        "contact_point": world["point"],
        "question": "Kunnen jullie helpen met de aanvraag?",
        "why_this_organisation": "Jullie gaan over deze regeling.",
        "asked": "Neem contact op en help bij de aanvraag.",
        "actor": world["sender"],
    }
    assessment_record(
        case=world["case"],
        scores=dict.fromkeys(DOMAINS, 1),
        rationales=dict.fromkeys(DOMAINS, "Heel moeilijk"),
        capacity="very_limited",
        capacity_rationale="Opent geen post",
        assessed_on=clock.today(),
        actor=world["sender"],
    )
    with pytest.raises(DomainError):  # warm: a call with the line comes first
        services.handover_draft_and_send(**values)
    assert not Handover.objects.filter(case=world["case"]).exists()
    assessment_record(
        case=world["case"],
        scores=dict.fromkeys(DOMAINS, 3),
        rationales=dict.fromkeys(DOMAINS, "Gaat redelijk"),
        capacity="limited",
        capacity_rationale="Heeft wat hulp nodig",
        assessed_on=clock.today(),
        actor=world["sender"],
    )
    sent = services.handover_draft_and_send(**values)
    assert sent.state == State.SENT and Handover.objects.filter(case=world["case"]).count() == 1


def test_a_case_with_an_open_handover_does_not_close(world):
    handover = _at(world, State.ACCEPTED)
    with pytest.raises(DomainError):
        cases.case_close(case=world["case"], outcome="resolved", actor=world["sender"])
    services.handover_transition(
        handover=handover, target=State.CANCELLED, actor=world["sender"], text="Niet meer nodig"
    )
    world["case"].refresh_from_db()
    assert cases.case_close(case=world["case"], outcome="resolved", actor=world["sender"])


# --- sending a handover and closing its case cannot interleave (#19) ---------------------


def test_a_case_with_a_draft_handover_does_not_close_and_says_what_to_do(world):
    handover = _draft(world)
    with translation.override("en"), pytest.raises(DomainError, match="still a draft"):
        cases.case_close(case=world["case"], outcome="resolved", actor=world["sender"])
    services.handover_transition(handover=handover, action="error", actor=world["sender"])
    closed = cases.case_close(case=world["case"], outcome="resolved", actor=world["sender"])
    assert closed.status == "closed"


def test_a_draft_is_not_sent_from_a_closed_case(world):
    """The order the race produced (draft, close, send), forced: the send is refused and the
    receiving team gets no access."""
    from eenloket.cases.models import Case

    handover = _draft(world)
    Case._base_manager.filter(pk=world["case"].pk).update(
        status="closed", closed_at=clock.now(), outcome="resolved"
    )
    with translation.override("en"), pytest.raises(DomainError, match="case is closed"):
        services.handover_send(handover=handover, actor=world["sender"])
    handover.refresh_from_db()
    assert handover.state == State.DRAFT
    assert not CaseTeam.objects.filter(case=world["case"], team=world["point"].team).exists()


def _in_threads(*jobs):
    """Run each job in its own thread and connection; return what each returned or said."""
    import threading

    from django.db import connections

    results = [None] * len(jobs)

    def run(index, job):
        try:
            results[index] = job()
        except DomainError as error:
            results[index] = str(error.message)
        except Exception as error:  # a deadlock or a 500 fails the test with its name
            results[index] = repr(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.django_db(transaction=True)
def test_closing_and_sending_at_the_same_moment_never_leave_a_closed_case_with_a_sent_handover(
    world,
):
    """Real row locks over two connections (PostgreSQL): a draft exists, one worker closes the
    case while another sends the draft. Whatever the order, the case stays open with the
    handover sent (the close refuses a draft, and an open handover)."""
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("concurrent row locks need PostgreSQL; .ci/run runs this on PostgreSQL")
    draft = _draft(world)
    barrier = threading.Barrier(2)

    def close():
        barrier.wait()
        cases.case_close(case=world["case"], outcome="resolved", actor=world["sender"])
        return "closed"

    def send():
        barrier.wait()
        return services.handover_send(handover=draft, actor=world["sender"]).state

    closed, sent = _in_threads(close, send)
    assert sent == State.SENT, sent
    assert closed != "closed", closed
    world["case"].refresh_from_db()
    assert world["case"].status == "open"


@pytest.mark.django_db(transaction=True)
def test_send_now_waits_for_a_closing_case_and_is_then_refused_on_postgresql(world, monkeypatch):
    """The close holds the case's lock (paused just before it commits) while a colleague
    drafts and sends at once: the send waits for the lock, then sees the closed case and
    refuses; no handover is left and the receiving team gets no access."""
    import threading

    from django.db import connection

    from eenloket.cases.services import case as case_services
    from eenloket.handovers.models import Handover

    if connection.vendor != "postgresql":
        pytest.skip("concurrent row locks need PostgreSQL; .ci/run runs this on PostgreSQL")
    closing = threading.Event()
    confirm = case_services._confirm

    def paused_confirm(**kwargs):
        closing.set()  # the case is locked and, in the close's transaction, closed
        threading.Event().wait(1.5)  # the send starts meanwhile and reaches the lock
        return confirm(**kwargs)

    monkeypatch.setattr(case_services, "_confirm", paused_confirm)

    def close():
        cases.case_close(case=world["case"], outcome="resolved", actor=world["sender"])
        return "closed"

    def send_now():
        assert closing.wait(10)
        return services.handover_draft_and_send(
            case=world["case"],
            contact_point=world["point"],
            question="Kunnen jullie helpen met de aanvraag?",
            why_this_organisation="Jullie gaan over deze regeling.",
            asked="Neem contact op en help bij de aanvraag.",
            actor=world["sender"],
        ).state

    closed, sent = _in_threads(close, send_now)
    assert closed == "closed", closed
    assert "closed" in sent or "gesloten" in sent, sent
    assert not Handover.objects.filter(case=world["case"]).exists()
    assert not CaseTeam.objects.filter(case=world["case"], team=world["point"].team).exists()
