"""Webhooks: the team's events pushed to a real HTTP server on 127.0.0.1, signed as Standard
Webhooks says; an endpoint that is down gets each event once it is back, exactly once per
delivery id; another organisation's endpoint gets nothing of it."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from eenloket.api import webhooks
from eenloket.api.models import DeliveryStatus, WebhookDelivery
from eenloket.core import clock
from eenloket.handovers import services as handovers
from eenloket.handovers.states import State

pytestmark = pytest.mark.django_db
SECRET = "whsec_" + base64.b64encode(b"k" * 32).decode()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Receiver:
    """A partner's endpoint: records each request; answers ``status``."""

    def __init__(self, port: int, status: int = 204):
        self.received: list[dict] = []
        self.status = status
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"])).decode()
                headers = {k.lower(): v for k, v in self.headers.items()}
                receiver.received.append({"headers": headers, "body": body})
                self.send_response(receiver.status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def verify(secret: str, headers: dict, body: str) -> bool:
    """The partner's check, written from the specification (not from our code)."""
    key = base64.b64decode(secret.split("_", 1)[1])
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.{body}".encode()
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return any(
        hmac.compare_digest(expected, sig.split(",", 1)[1])
        for sig in headers["webhook-signature"].split(" ")
    )


def register(api, url, **extra):
    answer = api.post(
        "/api/v1/webhooks/register", {"url": url, **extra}, content_type="application/json"
    )
    assert answer.status_code == 201, answer.content
    return answer.json()


def test_the_signature_matches_the_specifications_example():
    # The example of the Standard Webhooks specification's reference libraries.
    assert (
        webhooks.sign(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330,
            '{"test": 2432232314}',
        )
        == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    )


def test_an_endpoint_that_is_down_gets_the_event_once_it_is_back_exactly_once(partner_world):
    port = free_port()  # nothing listens here yet: the partner is down
    url = f"http://127.0.0.1:{port}/eenloket"
    hook = register(partner_world.uwv_api, url, secret=SECRET)
    mitros_port = free_port()
    register(partner_world.mitros_api, f"http://127.0.0.1:{mitros_port}/hook")
    mitros = Receiver(mitros_port)
    with clock.frozen(clock.now()):
        handover = partner_world.handover()
        assert webhooks.enqueue() == 1  # one event, for UWV only
        assert webhooks.send_due("test") == 1
        [delivery] = WebhookDelivery.objects.all()
        assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1
        assert "Connection" in delivery.last_error or "refused" in delivery.last_error.lower()
        # Not due again until the back-off has passed.
        assert webhooks.send_due("test") == 0
        clock.advance(dt.timedelta(seconds=31))
        assert webhooks.send_due("test") == 1  # still down: a second attempt, longer wait
        delivery.refresh_from_db()
        assert delivery.attempts == 2 and delivery.next_attempt_at > clock.now()

        partner = Receiver(port)  # the partner is back
        try:
            clock.advance(dt.timedelta(minutes=1))
            assert webhooks.send_due("test") == 1
            clock.advance(dt.timedelta(hours=5))
            assert webhooks.deliver_due() == 0  # delivered: never sent again
            handovers.handover_transition(
                handover=handover,
                target=State.CANCELLED,
                text="Niet meer nodig",
                actor=partner_world.desk_actor,
            )
            assert webhooks.deliver_due() == 1
            assert webhooks.deliver_due() == 0
        finally:
            partner.stop()
            mitros.stop()

    assert len(partner.received) == 2
    ids = [r["headers"]["webhook-id"] for r in partner.received]
    assert len(set(ids)) == 2  # exactly once per delivery id
    first, second = (json.loads(r["body"]) for r in partner.received)
    assert ids[0] == str(delivery.pk)
    assert first["type"] == "nl.eenloket.handover.sent"
    assert first["data"]["handover_id"] == str(handover.pk)
    assert second["type"] == "nl.eenloket.handover.cancelled"
    for r in partner.received:
        assert verify(SECRET, r["headers"], r["body"])
        assert not verify("whsec_" + base64.b64encode(b"x" * 32).decode(), r["headers"], r["body"])
    person = handover.case.person
    assert person.surname not in partner.received[0]["body"]
    assert mitros.received == []  # another organisation's system gets nothing of it
    assert WebhookDelivery.objects.filter(status=DeliveryStatus.DELIVERED).count() == 2
    listed = partner_world.uwv_api.get(f"/api/v1/webhooks/{hook['id']}/deliveries").json()
    assert [d["status"] for d in listed["items"]] == ["delivered", "delivered"]
    assert listed["items"][1]["attempts"] == 3


def test_a_delivery_is_given_up_after_the_last_attempt_and_can_be_put_back(partner_world):
    from eenloket.api import services
    from eenloket.api.tests.conftest import SYSTEM

    register(partner_world.uwv_api, f"http://127.0.0.1:{free_port()}/down")
    with clock.frozen(clock.now()):
        partner_world.handover()
        webhooks.enqueue()
        for _attempt in range(webhooks.MAX_ATTEMPTS):
            assert webhooks.send_due("test") == 1
            clock.advance(webhooks.BACKOFF_MAX)
        [delivery] = WebhookDelivery.objects.all()
        assert delivery.status == DeliveryStatus.FAILED
        assert webhooks.send_due("test") == 0
        services.delivery_retry(delivery=delivery, actor=SYSTEM)
        assert webhooks.send_due("test") == 1


def test_the_backoff_doubles_and_stops_at_four_hours_and_spans_more_than_a_day():
    assert webhooks.backoff(1) == dt.timedelta(seconds=30)
    assert webhooks.backoff(2) == dt.timedelta(seconds=60)
    assert webhooks.backoff(20) == dt.timedelta(hours=4)
    total = sum((webhooks.backoff(n) for n in range(1, webhooks.MAX_ATTEMPTS)), dt.timedelta())
    assert total > dt.timedelta(days=1)


def test_registering_checks_the_address_and_the_secret_and_needs_the_scope(partner_world):
    api = partner_world.uwv_api
    bad = api.post("/api/v1/webhooks/register", {"url": "ftp://x"}, content_type="application/json")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "url"
    bad = api.post(
        "/api/v1/webhooks/register",
        {"url": "https://partner.example/hook", "secret": "whsec_short"},
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "secret"
    made = register(api, "https://partner.example/hook")
    assert made["secret"].startswith("whsec_")
    listed = api.get("/api/v1/webhooks").json()["items"]
    assert [w["id"] for w in listed] == [made["id"]] and "secret" not in listed[0]
    # Another client neither sees nor removes it.
    assert partner_world.mitros_api.get("/api/v1/webhooks").json()["items"] == []
    remove = f"/api/v1/webhooks/{made['id']}/remove"
    assert partner_world.mitros_api.post(remove).status_code == 404
    assert api.post(remove).json()["active"] is False
    assert api.post(remove).status_code == 200  # removing again changes nothing
    assert api.get("/api/v1/webhooks").json()["items"] == []


def test_a_redirect_is_not_followed_and_counts_as_a_failure(partner_world):
    port = free_port()
    register(partner_world.uwv_api, f"http://127.0.0.1:{port}/moved")
    partner = Receiver(port, status=302)
    try:
        partner_world.handover()
        webhooks.deliver_due()
    finally:
        partner.stop()
    [delivery] = WebhookDelivery.objects.all()
    assert delivery.status == DeliveryStatus.PENDING and delivery.last_status_code == 302


def test_a_delivery_whose_worker_died_is_taken_over_and_sent_once(partner_world):
    port = free_port()
    register(partner_world.uwv_api, f"http://127.0.0.1:{port}/hook")
    partner = Receiver(port)
    try:
        with clock.frozen(clock.now()):
            partner_world.handover()
            webhooks.enqueue()
            claimed = webhooks.claim("worker-that-dies")  # claimed, then the worker is killed
            assert claimed is not None and webhooks.claim("other") is None  # leased
            clock.advance(webhooks.LEASE + dt.timedelta(seconds=1))
            assert webhooks.send_due("other") == 1  # the lease ran out: taken over
            assert webhooks.send_due("other") == 0
    finally:
        partner.stop()
    [received] = partner.received
    assert received["headers"]["webhook-id"] == str(claimed.pk)
    claimed.refresh_from_db()
    assert claimed.status == DeliveryStatus.DELIVERED and claimed.attempts == 1
