"""Kill the worker (SIGKILL) at each step of sending a batch: nothing is lost, and the only
duplicate is a message the SMTP server accepted just before the crash, with the same Message-ID.

Runs the real `eenloket worker` in a subprocess against a migrated database of its own (of the
kind the suite runs on: testing/processes.py) and a real SMTP server.
"""

import collections
import json
import signal
import time

import pytest

from eenloket.testing.processes import run_command
from eenloket.testing.smtp import RecordingHandler, free_port

# The slow lane: each case starts and kills real processes (make test-fast leaves it out).
pytestmark = pytest.mark.slow

BATCH = 5
CRASH_ON = 3  # the third message of the batch
STEPS = ["claimed", "attempt_started", "handed_over", "committed"]

QUEUE_BATCH = """
from eenloket.core.actor import Actor
from eenloket.notifications import services
from eenloket.notifications.preferences import ChannelPreferences
for n in range({batch}):
    services.message_queue(
        recipient_kind="person", recipient_ref=f"p-{{n}}", recipient_name=f"Persoon {{n}}",
        contact={{"email": f"p{{n}}@example.nl"}}, preferences=ChannelPreferences(("email",)),
        purpose="confirmation", template_key="case_confirmation",
        context={{"name": f"Persoon {{n}}"}}, actor=Actor.system("test"))
"""
REPORT = """
import json
from eenloket.notifications.models import Message
print(json.dumps({m.message_id: m.status for m in Message.objects.all()}))
"""


@pytest.fixture
def smtp():
    from aiosmtpd.controller import Controller

    handler = RecordingHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler, port
    controller.stop()


@pytest.mark.parametrize("step", STEPS)
def test_worker_killed_at_each_step_loses_nothing(step, smtp, process_env):
    handler, port = smtp
    env = process_env | {
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "EENLOKET_OUTBOX_LEASE_SECONDS": "1",
    }
    run_command(["shell", "-c", QUEUE_BATCH.format(batch=BATCH)], env)

    crashing = env | {"EENLOKET_TEST_CRASH_AT": step, "EENLOKET_TEST_CRASH_ON": str(CRASH_ON)}
    run_command(["worker", "--once"], crashing, expect=-signal.SIGKILL)

    time.sleep(1.2)  # let the dead worker's lease (1 s here) run out
    run_command(["worker", "--once"], env)

    statuses = json.loads(run_command(["shell", "-c", REPORT], env).strip().splitlines()[-1])
    assert len(statuses) == BATCH
    assert set(statuses.values()) == {"sent"}
    received = collections.Counter(m["Message-ID"] for m in handler.messages)
    assert set(received) == set(statuses), "every message reached the SMTP server"
    duplicates = {message_id: n for message_id, n in received.items() if n > 1}
    if step == "handed_over":
        # accepted by SMTP, then the crash before our commit: resent once, same Message-ID
        assert list(duplicates.values()) == [2]
    else:
        assert duplicates == {}
