"""A session's idle timeout is renewed once a minute, not written on every page view
(core/middleware.py, SessionRenewalMiddleware; the citizen's last-seen time likewise)."""

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from eenloket.core import clock
from eenloket.core.middleware import SESSION_RENEW_SECONDS, SESSION_RENEWED_AT
from eenloket.portal import session as portal_session
from eenloket.testing import factories
from eenloket.testing.fixtures import log_in_citizen

pytestmark = pytest.mark.django_db

HOME = "/werk/"


def session_writes(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if "django_session" in q["sql"]
        and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    ]


def get_counting_session_writes(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, session_writes(captured.captured_queries)


def move_back(client, key, seconds):
    """As if ``seconds`` passed since the session's ``key`` was last set."""
    stored = client.session
    stored[key] = stored[key] - seconds
    stored.save()


def test_a_worker_session_is_written_once_a_minute_not_on_every_page(worker_client):
    first, writes = get_counting_session_writes(worker_client, HOME)
    assert first.status_code == 200 and len(writes) == 1  # no renewal yet since the login
    key = worker_client.session.session_key
    expires = Session.objects.get(session_key=key).expire_date

    again, writes = get_counting_session_writes(worker_client, HOME)

    assert again.status_code == 200 and writes == []
    assert Session.objects.get(session_key=key).expire_date == expires

    move_back(worker_client, SESSION_RENEWED_AT, SESSION_RENEW_SECONDS)
    expires = Session.objects.get(session_key=key).expire_date  # the test's own save
    later, writes = get_counting_session_writes(worker_client, HOME)

    assert later.status_code == 200 and len(writes) == 1
    assert Session.objects.get(session_key=key).expire_date > expires
    assert worker_client.session[SESSION_RENEWED_AT] >= clock.now().timestamp() - 5


def test_a_visitor_without_a_session_gets_none():
    client = Client()

    response, writes = get_counting_session_writes(client, "/werk/inloggen/")

    assert response.status_code == 200 and writes == []
    assert Session.objects.count() == 0


def test_a_cookie_of_an_expired_session_makes_no_new_session(settings):
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = "x" * 32  # no such session (any more)

    response, writes = get_counting_session_writes(client, "/werk/inloggen/")

    assert response.status_code == 200 and writes == []
    assert Session.objects.count() == 0


def test_a_citizen_page_within_a_minute_writes_no_session():
    client = log_in_citizen(factories.CaseFactory().person)
    assert client.get("/mijn/").status_code == 200

    again, writes = get_counting_session_writes(client, "/mijn/")

    assert again.status_code == 200 and writes == []


def test_a_citizen_seen_fourteen_minutes_ago_stays_and_is_seen_again_now():
    client = log_in_citizen(factories.CaseFactory().person)
    move_back(client, portal_session.SESSION_LOGIN_AT, 14 * 60)

    response, writes = get_counting_session_writes(client, "/mijn/")

    assert response.status_code == 200 and len(writes) == 1
    assert client.session[portal_session.SESSION_LOGIN_AT] >= clock.now().timestamp() - 5


def test_a_citizen_idle_for_more_than_fifteen_minutes_must_log_in_again():
    client = log_in_citizen(factories.CaseFactory().person)
    move_back(client, portal_session.SESSION_LOGIN_AT, portal_session.IDLE_SECONDS + 1)

    response = client.get("/mijn/")

    assert response.status_code == 302 and "/mijn/inloggen/" in response["Location"]
    assert portal_session.SESSION_PERSON not in client.session
