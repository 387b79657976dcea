"""Messages through the outbox to a real SMTP server, the portal, letters, SMS and call tasks."""

import datetime as dt
import json

import pytest

from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.notifications import outbox, services
from eenloket.notifications.models import (
    CallTask,
    Channel,
    Letter,
    Message,
    MessageStatus,
    PortalMessage,
)
from eenloket.notifications.preferences import ChannelPreferences
from eenloket.testing.pdf import pdf_text

pytestmark = pytest.mark.django_db

SANDRA = {
    "email": "sandra@example.nl",
    "phone": "0612345678",
    "postal_address": ["Sandra Jansen", "Kanaalstraat 1", "3531 AA Utrecht"],
}
CONTEXT = {
    "name": "Sandra Jansen",
    "date": "28 november 2026",
    "understood": "U hebt geen werk meer en de brieven stapelen zich op.",
    "next_step": "Fatima belt u morgen over de WW-aanvraag.",
    "contact_name": "Fatima Demir",
    "contact_phone": "030 123 4567",
}


def _queue(ordered, refused=(), detail=False, contact=SANDRA, language="nl"):
    return services.message_queue(
        recipient_kind="person",
        recipient_ref="p-1",
        recipient_name="Sandra Jansen",
        contact=contact,
        preferences=ChannelPreferences(tuple(ordered), frozenset(refused), detail),
        purpose="confirmation",
        template_key="case_confirmation",
        context=CONTEXT,
        language=language,
        actor=Actor.system("test"),
    )


def test_email_reaches_a_real_smtp_server_with_only_the_news_that_there_is_news(smtp_server):
    message = _queue([Channel.EMAIL])
    assert outbox.send_due("w1") == 1
    (received,) = smtp_server.messages
    assert received["Message-ID"] == message.message_id
    assert received["To"] == "sandra@example.nl"
    body = received.get_payload(decode=True).decode()
    assert "nieuws over uw vraag" in body
    assert "WW" not in body and "brieven" not in body  # no detail on a shared channel
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT and message.channel_used == Channel.EMAIL


def test_email_carries_detail_when_the_person_chose_so(smtp_server):
    _queue([Channel.EMAIL], detail=True)
    outbox.send_due("w1")
    body = smtp_server.messages[0].get_payload(decode=True).decode()
    assert "WW-aanvraag" in body


def test_english_when_the_person_reads_english(smtp_server):
    _queue([Channel.EMAIL], language="en")
    outbox.send_due("w1")
    assert (
        "There is news about your question"
        in smtp_server.messages[0].get_payload(decode=True).decode()
    )


def test_a_refused_channel_is_never_used(smtp_server):
    message = _queue([Channel.EMAIL, Channel.PORTAL], refused=[Channel.EMAIL])
    assert Channel.EMAIL not in message.channels
    outbox.send_due("w1")
    assert smtp_server.messages == []
    assert PortalMessage.objects.get(message=message).body.startswith("Beste Sandra")


def test_portal_gets_the_full_message():
    message = _queue([Channel.PORTAL])
    outbox.send_due("w1")
    portal = PortalMessage.objects.get(message=message)
    assert "WW-aanvraag" in portal.body and portal.recipient_ref == "p-1"


def test_letter_is_a_pdf_queued_for_printing():
    message = _queue([Channel.LETTER])
    outbox.send_due("w1")
    pdf = bytes(Letter.objects.get(message=message).pdf)
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    text = pdf_text(pdf)
    assert "Kanaalstraat 1" in text and "WW-aanvraag" in text


def test_sms_goes_through_the_gateway_without_detail(settings, tmp_path):
    settings.EENLOKET_VAR_DIR = tmp_path
    _queue([Channel.SMS])
    outbox.send_due("w1")
    (line,) = (tmp_path / "sms.log").read_text().splitlines()
    sms = json.loads(line)
    assert sms["to"] == "0612345678" and "nieuws" in sms["text"] and "WW" not in sms["text"]


def test_a_channel_without_an_address_is_skipped_and_a_person_is_the_last_resort():
    message = _queue([Channel.EMAIL, Channel.LETTER], contact={"email": ""})
    assert message.channels == [Channel.CALL]
    outbox.send_due("w1")
    assert CallTask.objects.filter(message=message).exists()


def test_refusing_every_channel_leaves_the_message_for_a_person_to_handle():
    message = _queue([Channel.EMAIL], refused=[Channel.EMAIL, Channel.CALL])
    assert message.status == MessageStatus.DEAD
    assert outbox.send_due("w1") == 0


@pytest.fixture
def smtp_down(settings):
    """Real SMTP, but nobody listens on the port."""
    from eenloket.testing.smtp import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()


def test_smtp_down_retries_with_backoff_then_moves_to_the_next_channel(smtp_down):
    # The clock is frozen at the moment the message is queued, so it is due at once.
    with clock.frozen(clock.now()):
        message = _queue([Channel.EMAIL, Channel.LETTER])
        delays = []
        for _ in range(outbox.MAX_ATTEMPTS_PER_CHANNEL):
            assert outbox.send_due("w1") == 1
            message.refresh_from_db()
            delays.append((message.next_attempt_at - clock.now()).total_seconds())
            clock.advance(dt.timedelta(hours=2))
        assert delays[:4] == [30, 60, 120, 240]  # doubling backoff
        assert message.current_channel == Channel.LETTER
        outbox.send_due("w1")
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT and message.channel_used == Channel.LETTER
    assert message.attempts.filter(outcome="failed").count() == outbox.MAX_ATTEMPTS_PER_CHANNEL


def test_message_waits_for_its_retry_time(smtp_down):
    with clock.frozen(clock.now()):
        _queue([Channel.EMAIL])
        outbox.send_due("w1")
        assert outbox.send_due("w1") == 0  # not due yet
        clock.advance(dt.timedelta(seconds=31))
        assert outbox.send_due("w1") == 1


def test_a_message_whose_worker_died_is_taken_over_after_its_lease():
    with clock.frozen(clock.now()):
        message = _queue([Channel.PORTAL])
        assert outbox.claim("dead-worker").pk == message.pk
        assert outbox.claim("w2") is None  # still leased
        clock.advance(outbox.LEASE + dt.timedelta(seconds=1))
        assert outbox.send_due("w2") == 1
    assert PortalMessage.objects.filter(message=message).count() == 1


def test_queued_message_is_part_of_the_callers_transaction():
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        _queue([Channel.PORTAL])
        raise RuntimeError("the change failed")
    assert not Message.objects.exists()


def test_contact_details_and_context_are_encrypted_at_rest():
    message = _queue([Channel.EMAIL])
    assert "sandra@example.nl" not in message.contact_encrypted
    assert "brieven" not in message.context_encrypted


def test_retrying_a_dead_message_puts_it_back_from_its_first_channel():
    message = _queue([Channel.PORTAL])
    Message.objects.filter(pk=message.pk).update(status=MessageStatus.DEAD, channel_index=1)
    services.message_retry(message=message, actor=Actor.system("t"))
    outbox.send_due("w1")
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT


@pytest.mark.django_db(transaction=True)
def test_concurrent_workers_never_claim_the_same_message_on_postgresql(postgres_only):
    import threading

    from django.db import connection

    for _ in range(12):
        _queue([Channel.PORTAL])
    claimed, barrier = {}, threading.Barrier(4)

    def work(worker):
        barrier.wait()
        mine = []
        while (message := outbox.claim(worker)) is not None:
            mine.append(message.pk)
        claimed[worker] = mine
        connection.close()

    threads = [threading.Thread(target=work, args=(f"w{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    every = [pk for pks in claimed.values() for pk in pks]
    assert len(every) == 12 and len(set(every)) == 12


def test_errors_kept_for_the_dead_letter_list_hold_no_contact_details():
    error = RuntimeError(
        "(550, b'5.1.1 <sandra@example.nl>: Recipient refused, call 06 1234 5678')"
    )
    text = outbox.safe_error(error)
    assert "sandra@example.nl" not in text and "1234 5678" not in text
    assert "Recipient refused" in text
