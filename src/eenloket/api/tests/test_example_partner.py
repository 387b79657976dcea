"""The example partner (api/example_partner.py), end to end over HTTP: it registers its webhook,
receives the event of a new handover, reads, accepts and completes it through the API; the
citizen's overview then shows it done. A forged or repeated delivery changes nothing."""

import importlib.util
import time
from pathlib import Path

import pytest

from eenloket.access import citizen_overview
from eenloket.access.citizens import citizen_cases
from eenloket.api import webhooks
from eenloket.api.example_partner import ExamplePartner, verify
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.handovers.models import Handover
from eenloket.handovers.states import State

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_example_partner_receives_accepts_and_completes_a_handover(live_server, partner_world):
    # The partner's clock is the server's: a run with a shifted project clock signs with it.
    partner = ExamplePartner(
        f"{live_server.url}/api/v1",
        partner_world.uwv_token,
        clock=lambda: clock.now().timestamp(),
    )
    url = partner.listen()
    try:
        partner.register(url)
        partner.register(url)  # a retried registration (same key): still one webhook
        assert len(partner.call("GET", "/webhooks")["items"]) == 1
        handover = partner_world.handover()
        assert webhooks.deliver_due() == 1
        assert partner.work(wait=5) == 1
        assert webhooks.deliver_due() >= 1  # its own answers are events too
        partner.work()
    finally:
        partner.stop()

    assert partner.done == [str(handover.pk)]
    handover = Handover.objects.get(pk=handover.pk)
    assert handover.state == State.COMPLETED
    assert handover.receiver_reference.startswith("EX-")
    citizen = Actor.citizen(handover.case.person_id, assurance="substantieel")
    [overview] = citizen_overview.overviews(citizen_cases(citizen))
    assert [(h.pk, h.citizen_words) for h in overview.with_others] == [(handover.pk, "done")]


def test_the_example_partners_check_refuses_a_forged_or_old_delivery():
    partner = ExamplePartner("http://127.0.0.1:1/api/v1", "elk_x")
    body = b'{"type":"nl.eenloket.handover.sent"}'
    now = int(time.time())
    signature = webhooks.sign(partner.secret, "msg_1", now, body.decode())
    headers = {"webhook-id": "msg_1", "webhook-timestamp": str(now), "webhook-signature": signature}
    assert verify(partner.secret, headers, body)
    assert not verify(partner.secret, headers, body + b" ")
    assert not verify(partner.secret, {**headers, "webhook-id": "msg_2"}, body)
    assert not verify(partner.secret, headers, body, now=now + 600)


def _script():
    """examples/partner/partner.py, the runnable script a partner's developer starts from."""
    path = Path(__file__).resolve().parents[4] / "examples" / "partner" / "partner.py"
    spec = importlib.util.spec_from_file_location("example_partner_script", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_example_scripts_check_reads_the_directory_and_its_webhooks(
    live_server, partner_world, capsys
):
    script = _script()
    assert script.ExamplePartner is ExamplePartner  # the tested module, not a copy
    api = f"{live_server.url}/api/v1"
    assert script.main(["--api", api, "--token", partner_world.uwv_token, "--check"]) == 0
    out = capsys.readouterr().out
    assert "directory (HSDS 3.0): 0 services" in out
    assert "webhooks registered: 0" in out
