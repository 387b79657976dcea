import pytest

from eenloket.accounts.models import Role
from eenloket.core.actor import Actor
from eenloket.notifications import services
from eenloket.notifications.models import Message, MessageStatus, WorkerNotification
from eenloket.notifications.preferences import ChannelPreferences
from eenloket.testing import factories
from eenloket.testing.fixtures import log_in

pytestmark = pytest.mark.django_db


def test_a_worker_sees_only_their_own_notifications(worker_client, membership):
    services.worker_notify(user=membership.user, kind="queue", text="Nieuwe vraag in je wachtrij")
    services.worker_notify(user=factories.UserFactory(), kind="queue", text="Iets voor een ander")
    html = worker_client.get("/werk/meldingen/").content.decode()
    assert "Nieuwe vraag in je wachtrij" in html and "Iets voor een ander" not in html


def test_email_notifications_need_an_address_and_then_send_no_details(worker_client, membership):
    response = worker_client.post("/werk/meldingen/", {"notify_by_email": "on"}, follow=True)
    assert "e-mailadres" in response.content.decode()
    membership.user.refresh_from_db()
    assert membership.user.notify_by_email is False

    membership.user.email = "fatima@gemeente.example"
    membership.user.save()
    worker_client.post("/werk/meldingen/", {"notify_by_email": "on"})
    membership.user.refresh_from_db()
    assert membership.user.notify_by_email is True
    services.worker_notify(user=membership.user, kind="escalation", text="Overdracht over tijd")
    message = Message.objects.get(recipient_kind="worker")
    assert message.channels == ["email", "call"] and message.detail_on_shared_channels is False
    assert WorkerNotification.objects.filter(user=membership.user).count() == 1


@pytest.mark.parametrize("role", [Role.FRONTLINE_WORKER, Role.PRIVACY_OFFICER])
def test_only_application_managers_see_what_could_not_be_done(client, role):
    team = factories.TeamFactory() if role == Role.FRONTLINE_WORKER else None
    log_in(client, factories.MembershipFactory(role=role, team=team).user)
    assert client.get("/werk/beheer/niet-gelukt/").status_code == 404


def test_application_manager_retries_an_undeliverable_message(client):
    message = services.message_queue(
        recipient_kind="person",
        recipient_ref="p-1",
        recipient_name="Sandra Jansen",
        contact={},
        preferences=ChannelPreferences(("portal",)),
        purpose="confirmation",
        template_key="case_confirmation",
        context={"name": "Sandra"},
        actor=Actor.system("t"),
    )
    Message.objects.filter(pk=message.pk).update(status=MessageStatus.DEAD, last_error="boom")
    log_in(client, factories.MembershipFactory(role=Role.APPLICATION_MANAGER, team=None).user)
    page = client.get("/werk/beheer/niet-gelukt/").content.decode()
    assert "boom" in page and "Sandra" not in page  # no personal data on this page
    client.post(f"/werk/beheer/berichten/{message.pk}/opnieuw/")
    message.refresh_from_db()
    assert message.status == MessageStatus.PENDING
