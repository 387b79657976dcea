"""Faults with real processes (#26): the web server killed with SIGKILL in the middle of writes,
then started again. No half-written record, no lost or doubled message, the audit chains
verify, the no-drop invariants hold. (The worker killed at each step of sending a message is
notifications/tests/test_crash.py; the database going away is test_database_unavailable.py.)

A real gunicorn on 127.0.0.1 with a migrated database of its own (of the kind the suite runs
on: testing/processes.py), a worker logging in through the login form,
intakes posted one after the other, and SIGKILL to the server's whole process group while
they run.
"""

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time

import pytest

from eenloket.testing.processes import run_command
from eenloket.testing.smtp import free_port

pytestmark = pytest.mark.slow

SETUP = """
from eenloket.accounts import services as accounts
from eenloket.core.actor import Actor
from eenloket.testing import factories
system = Actor.system("fault-test")
user = accounts.worker_create(username="fatima", display_name="Fatima", password="eenloket-demo",
                              is_demo=True, actor=system)
team = factories.TeamFactory()
accounts.membership_create(user=user, organisation=team.organisation, team=team,
                           role="frontline_worker", actor=system)
"""
REPORT = """
import json
from eenloket.audit.models import AuditEntry
from eenloket.cases.models import Case
from eenloket.notifications.models import Message
from eenloket.people.models import Person
fout = Person._base_manager.filter(surname__startswith="Fout")
persons = list(fout.values_list("pk", "surname"))
cases = list(Case._base_manager.filter(person__in=fout).values_list("pk", "person_id"))
print(json.dumps({
    "persons": [str(p) for p, _ in persons],
    "surnames": [s for _, s in persons],
    "cases_by_person": {str(p): sum(1 for _, q in cases if q == p) for p, _ in persons},
    "audited": {str(c): AuditEntry.objects.filter(object_id=str(c)).count() for c, _ in cases},
    "messages": Message.objects.count(),
    "message_ids_unique": (
        Message.objects.values("message_id").distinct().count() == Message.objects.count()
    ),
}))
"""


def _serve(env, port):
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "eenloket.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--timeout",
            "30",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: SIGKILL reaches master and workers
    )
    import requests

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            requests.get(f"http://127.0.0.1:{port}/werk/inloggen/", timeout=10)
            return server
        except requests.RequestException:
            time.sleep(0.2)
    _stop(server)
    raise AssertionError("gunicorn did not start")


def _logged_in(port):
    import requests

    session = requests.Session()
    base = f"http://127.0.0.1:{port}"
    page = session.get(f"{base}/werk/inloggen/").text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    done = session.post(
        f"{base}/werk/inloggen/",
        data={"csrfmiddlewaretoken": token, "username": "fatima", "password": "eenloket-demo"},
        headers={"Referer": f"{base}/werk/inloggen/"},
        allow_redirects=False,
    )
    assert done.status_code == 302, done.text[:500]
    return session, base


def _intake(session, base, n):
    page = session.get(f"{base}/werk/aanmelden/").text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    return session.post(
        f"{base}/werk/aanmelden/",
        data={
            "csrfmiddlewaretoken": token,
            "person-surname": f"Fout{n:04d}",
            "person-given_names": "Kees",
            "person-preferred_language": "nl",
            "person-address_kind": "unknown",
            "person-channel_1": "letter",
            "case-question_verbatim": f"Vraag nummer {n}: mijn uitkering is gestopt.",
            "case-next_step": "Terugbellen",
            "case-next_step_due": "2099-01-01",
            "not_a_duplicate": "1",
        },
        headers={"Referer": f"{base}/werk/aanmelden/"},
        allow_redirects=False,
        timeout=10,
    )


def _stop(server):
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGKILL)
    server.wait(timeout=10)


def _intakes_until_killed(server, port) -> list[int]:
    """Post intakes one after the other; SIGKILL the server (master and workers) after five
    were accepted, in the middle of the next. Return the numbers the server accepted."""
    import requests

    session, base = _logged_in(port)
    accepted, stop = [], threading.Event()

    def post_intakes():
        n = 0
        while not stop.is_set():
            n += 1
            try:
                response = _intake(session, base, n)
            except requests.RequestException:
                return  # the server died under us
            if response.status_code == 302:
                accepted.append(n)

    poster = threading.Thread(target=post_intakes)
    poster.start()
    deadline = time.monotonic() + 30
    while len(accepted) < 5 and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.15)  # land in the middle of the next one
    os.killpg(server.pid, signal.SIGKILL)
    server.wait(timeout=10)
    stop.set()
    poster.join(timeout=30)
    return accepted


def test_web_server_killed_during_intakes_leaves_no_half_written_record(process_env):
    env = process_env
    run_command(["shell", "-c", SETUP], env)
    port = free_port()
    server = _serve(env, port)
    try:
        accepted = _intakes_until_killed(server, port)
    finally:
        _stop(server)
    assert len(accepted) >= 5, "the server took too few intakes before the kill"

    # Started again: every intake the worker was told about is there, whole, once.
    server = _serve(env, port)
    try:
        session, base = _logged_in(port)
        assert _intake(session, base, 9999).status_code == 302  # working again
    finally:
        _stop(server)

    report = json.loads(run_command(["shell", "-c", REPORT], env).strip().splitlines()[-1])
    surnames = report["surnames"]
    assert len(surnames) == len(set(surnames)), "an intake was stored twice"
    for n in [*accepted, 9999]:
        assert f"Fout{n:04d}" in surnames, f"intake {n} was confirmed but is lost"
    assert set(report["cases_by_person"].values()) == {1}, "a person without their case"
    assert all(n >= 1 for n in report["audited"].values()), "a case without its audit entry"
    assert report["message_ids_unique"], "a message queued twice"
    assert "intact" in run_command(["audit", "verify"], env)
    run_command(["invariants"], env)
