"""The database unavailable (#26): pages answer a plain 503 and recover by themselves; the
worker waits and resumes."""

import io

import pytest
from django.core.management import call_command
from django.db import OperationalError, connections
from django.db.backends.base.base import BaseDatabaseWrapper

from eenloket.scheduling.management.commands import worker as worker_command
from eenloket.testing.fixtures import log_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def database(monkeypatch):
    """``database.down()``: every new cursor fails as when the server went away;
    ``database.up()`` brings it back."""
    wrappers = {BaseDatabaseWrapper, *(type(c) for c in connections.all())}

    def broken(self, name=None):
        raise OperationalError("server closed the connection unexpectedly")

    class Switch:
        @staticmethod
        def down():
            for wrapper in wrappers:
                monkeypatch.setattr(wrapper, "create_cursor", broken, raising=False)

        @staticmethod
        def up():
            monkeypatch.undo()

    yield Switch
    monkeypatch.undo()


def test_pages_answer_a_plain_503_while_the_database_is_down_and_recover(
    client, membership, database
):
    log_in(client, membership.user)
    client.raise_request_exception = False
    database.down()
    for url in ("/werk/", "/mijn/", "/werk/inloggen/"):
        response = client.get(url)
        if response.status_code == 200:  # a page that needs no database (the login form)
            continue
        assert response.status_code == 503, url
        assert response["Retry-After"] == "30"
        page = response.content.decode()
        assert "even niet beschikbaar" in page and "try again in a minute" in page
        assert "Traceback" not in page

    database.up()
    assert client.get("/werk/").status_code == 200  # by itself: a new connection


def test_a_bug_is_still_a_500_not_a_503(rf):
    from eenloket.core import views

    try:
        raise ValueError("a bug, not an outage")
    except ValueError:
        response = views.server_error(rf.get("/werk/"))
    assert response.status_code == 500


def test_the_worker_waits_for_the_database_and_resumes(monkeypatch):
    rounds = iter([OperationalError("down"), OperationalError("down"), 3])
    slept = []

    def one_round(worker_id, tasks):
        outcome = next(rounds)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    monkeypatch.setattr(worker_command, "one_round", one_round)
    monkeypatch.setattr(worker_command.time, "sleep", slept.append)
    out, err = io.StringIO(), io.StringIO()
    call_command("worker", "--once", stdout=out, stderr=err)
    assert slept == [1.0, 2.0]  # waited, longer the second time
    assert err.getvalue().count("database unavailable") == 2
    assert "database back" in out.getvalue()
    assert "3 message(s) handled" in out.getvalue()


def test_an_unreachable_database_is_told_from_a_bug_by_the_error_and_its_cause():
    from django.db import DatabaseError, IntegrityError

    from eenloket.core import views

    class OperationalError(Exception):  # as psycopg names it, wrapped by Django
        pass

    wrapped = DatabaseError("gone")
    wrapped.__cause__ = OperationalError("server closed the connection")
    assert views._database_unavailable(wrapped)
    assert not views._database_unavailable(OperationalError("not wrapped: not from the database"))
    assert not views._database_unavailable(IntegrityError("a duplicate key is a bug"))
    assert not views._database_unavailable(None)


def test_the_error_page_falls_back_to_plain_text_when_the_500_page_itself_fails(rf, monkeypatch):
    from eenloket.core import views

    def broken(request, template_name):
        raise RuntimeError("the 500 template is broken too")

    monkeypatch.setattr(views, "django_server_error", broken)
    try:
        raise ValueError("a bug")
    except ValueError:
        response = views.server_error(rf.get("/werk/"))
    assert response.status_code == 500
    assert response.content == b"Server error"


def test_web_workers_keep_their_connection_and_check_it_before_each_request(settings):
    # A new connection per request cost ~25 ms and a cold server process (docs/performance.md);
    # the health check keeps the recovery above: a dead kept connection is replaced.
    default = settings.DATABASES["default"]
    assert default["CONN_MAX_AGE"] == 60
    assert default["CONN_HEALTH_CHECKS"] is True
