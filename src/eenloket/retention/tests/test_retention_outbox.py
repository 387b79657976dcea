"""Retention of messages that could not be delivered and of worker notifications (#23): gone
after their term and not a day before; a legal hold keeps them."""

import datetime as dt

import pytest

from eenloket.accounts.models import Role
from eenloket.cases import services as cases
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.notifications import about, outbox
from eenloket.notifications import services as notifications
from eenloket.notifications.models import Channel, Message, MessageStatus, WorkerNotification
from eenloket.notifications.preferences import ChannelPreferences
from eenloket.people import services as people
from eenloket.people.models import Person
from eenloket.retention import periods, services
from eenloket.testing import factories

pytestmark = pytest.mark.django_db

SYSTEM = Actor.system("test")


@pytest.fixture
def smtp_down(settings):
    """Real SMTP, but nobody listens on the port: every e-mail attempt fails."""
    from eenloket.testing.smtp import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()


@pytest.fixture
def world():
    worker = factories.MembershipFactory(role=Role.FRONTLINE_WORKER)
    kees = people.person_create(given_names="Kees", surname="Bakker", actor=SYSTEM)
    case = cases.case_open(
        person=kees,
        question_verbatim="Mijn uitkering is gestopt.",
        owning_team=worker.team,
        next_step="Bellen",
        next_step_due=clock.today() + dt.timedelta(days=2),
        actor=SYSTEM,
    )
    officer = factories.MembershipFactory(role=Role.PRIVACY_OFFICER, team=None)
    return {"worker": worker, "kees": kees, "case": case, "officer": officer}


def _undeliverable(person) -> Message:
    """A message by e-mail only (a call refused) while the mail server is down: the outbox
    tries until it gives up. Returns it, dead."""
    message = notifications.message_queue(
        recipient_kind="person",
        recipient_ref=person.pk,
        recipient_name=person.full_name,
        contact={"email": "kees@example.nl"},
        preferences=ChannelPreferences((Channel.EMAIL,), frozenset({Channel.CALL})),
        purpose="confirmation",
        template_key="case_confirmation",
        context={"name": person.full_name},
        actor=SYSTEM,
    )
    for _attempt in range(outbox.MAX_ATTEMPTS_PER_CHANNEL):
        outbox.send_due("w1")
        clock.advance(dt.timedelta(hours=2))
    message.refresh_from_db()
    assert message.status == MessageStatus.DEAD
    return message


def _delivered(person) -> Message:
    message = notifications.message_queue(
        recipient_kind="person",
        recipient_ref=person.pk,
        recipient_name=person.full_name,
        contact={},
        preferences=ChannelPreferences((Channel.PORTAL,)),
        purpose="confirmation",
        template_key="case_confirmation",
        context={"name": person.full_name},
        actor=SYSTEM,
    )
    outbox.send_due("w1")
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    return message


def _after(moment: dt.datetime, months: int, days: int) -> dt.datetime:
    return periods.months_before(moment, -months) + dt.timedelta(days=days)


def _deleted(report, key: str) -> int:
    return {r.rule: r.deleted for r in report.rules}[key]


def test_an_undelivered_message_goes_after_its_term_from_its_last_attempt_not_before(
    world, smtp_down
):
    with clock.frozen(clock.now()):
        message = _undeliverable(world["kees"])
    last = max(message.attempts.values_list("finished_at", flat=True))
    assert last > message.created_at  # counted from the last attempt, not from its making
    with clock.frozen(_after(last, 6, days=-1)):
        report = services.retention_apply()
    assert Message._base_manager.filter(pk=message.pk).exists()
    assert _deleted(report, "undelivered_message") == 0
    with clock.frozen(_after(last, 6, days=1)):
        report = services.retention_apply()
    assert not Message._base_manager.filter(pk=message.pk).exists()
    assert _deleted(report, "undelivered_message") == 1


def test_a_worker_notification_goes_after_its_term_read_or_not(world):
    start = clock.now()
    with clock.frozen(start):
        user = world["worker"].user
        unread = notifications.worker_notify(user=user, kind="task", text="Nieuwe taak")
        read = notifications.worker_notify(user=user, kind="task", text="Gelezen taak")
        WorkerNotification._base_manager.filter(pk=read.pk).update(read_at=start)
    mine = WorkerNotification._base_manager.filter(pk__in=[unread.pk, read.pk])
    with clock.frozen(_after(start, 6, days=-1)):
        services.retention_apply()
    assert mine.count() == 2
    with clock.frozen(_after(start, 6, days=1)):
        report = services.retention_apply()
    assert mine.count() == 0
    assert _deleted(report, "worker_notification") >= 2


def test_a_legal_hold_keeps_undelivered_messages_and_notifications_about_the_dossier(
    world, smtp_down
):
    start = clock.now()
    with clock.frozen(start):
        delivered = _delivered(world["kees"])
        message = _undeliverable(world["kees"])
        about_case = notifications.worker_notify(
            user=world["worker"].user,
            kind="case",
            text="Kees belde",
            link=about.about(about.CASE, world["case"].pk),
        )
        other = notifications.worker_notify(user=world["worker"].user, kind="task", text="Iets")
        cases_officer = Actor.worker(world["officer"].user, world["officer"])
        services.legal_hold_place(
            case=world["case"],
            kind="complaint",
            reason="Klacht over een brief die niet aankwam",
            until=clock.today() + dt.timedelta(days=400),
            actor=cases_officer,
        )
    with clock.frozen(_after(start, 13, days=1)):
        report = services.retention_apply()
    held = {r.rule: r.held for r in report.rules}
    assert held["undelivered_message"] == 1 and held["worker_notification"] >= 1
    assert held["message"] >= 1 and Message._base_manager.filter(pk=delivered.pk).exists()
    assert Message._base_manager.filter(pk=message.pk).exists()
    assert WorkerNotification._base_manager.filter(pk=about_case.pk).exists()
    assert not WorkerNotification._base_manager.filter(pk=other.pk).exists()


def test_a_registration_without_a_question_goes_after_its_term_not_a_day_before():
    start = clock.now()
    with clock.frozen(start):
        anna = people.person_create(given_names="Anna", surname="Zonder", actor=SYSTEM)
    with clock.frozen(_after(start, 24, days=-1)):
        services.retention_apply()
    assert Person._base_manager.filter(pk=anna.pk).exists()
    with clock.frozen(_after(start, 24, days=1)):
        report = services.retention_apply()
    assert not Person._base_manager.filter(pk=anna.pk).exists()
    assert _deleted(report, "person") >= 1


def test_the_citizen_sees_her_own_terms_and_the_privacy_officer_all():
    citizen = {rule.key for rule in periods.CITIZEN_RULES}
    assert "undelivered_message" in citizen and "worker_notification" not in citizen
    assert {rule.key for rule in periods.RULES} - citizen == {"worker_notification"}
