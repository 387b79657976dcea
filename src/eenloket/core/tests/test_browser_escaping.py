"""Stored text is shown as text: script a worker or a citizen typed never runs, in a real
Chromium, on the worker's case page and in the citizen's portal (#26)."""

import datetime as dt

import pytest
from django.test import Client

from eenloket.cases import services as cases
from eenloket.cases.models import Case
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.people import services as people
from eenloket.portal import session as portal_session
from eenloket.testing import factories
from eenloket.testing.fixtures import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAYLOADS = (
    "<script>window.__pwned = 1</script>",
    '"><img src=x onerror="window.__pwned = 2">',
    '<svg onload="window.__pwned = 3"></svg>',
    "javascript:window.__pwned=4",
)
TEXT = " ".join(PAYLOADS)


def _no_injected_elements(page, where):
    # The text is a text node: no script, img or svg element came out of it (the CSP would also
    # stop an inline script, so this checks the escaping itself, not only its backstop).
    assert page.evaluate("window.__pwned") is None, where
    injected = page.evaluate(
        """() => [...document.querySelectorAll('script, img[onerror], svg[onload]')]
              .filter(e => (e.outerHTML || '').includes('__pwned')).length"""
    )
    assert injected == 0, where


def _cookie_into(page, client, live_server):
    page.context.add_cookies(
        [
            {"name": name, "value": morsel.value, "url": live_server.url}
            for name, morsel in client.cookies.items()
        ]
    )


def test_script_typed_into_a_case_is_shown_as_text_and_never_runs(page, live_server):
    member = factories.MembershipFactory()
    worker = Actor.worker(member.user, member)
    person = people.person_create(
        surname=PAYLOADS[1], given_names=PAYLOADS[0], channels_preferred=["portal"], actor=worker
    )
    case = cases.case_open(
        person=person,
        question_verbatim=TEXT,
        summary=TEXT,
        owning_team=member.team,
        coordinator=member.user,
        next_step=PAYLOADS[2],
        next_step_due=clock.today() + dt.timedelta(days=2),
        actor=worker,
    )
    cases.note_add(case=Case._base_manager.get(pk=case.pk), text=TEXT, actor=worker)
    cases.citizen_write(
        case=Case._base_manager.get(pk=case.pk), subject=PAYLOADS[3], text=TEXT, actor=worker
    )

    _cookie_into(page, log_in(Client(), member.user), live_server)
    page.goto(f"/werk/zaken/{case.pk}/")
    _no_injected_elements(page, "case page")
    assert PAYLOADS[0] in page.locator("main").inner_text()

    citizen = Client()
    session = citizen.session
    session[portal_session.SESSION_PERSON] = str(person.pk)
    session[portal_session.SESSION_ASSURANCE] = "substantieel"
    session[portal_session.SESSION_LOGIN_AT] = clock.now().timestamp()
    session.save()
    citizen.cookies["sessionid"] = session.session_key
    page.context.clear_cookies()
    _cookie_into(page, citizen, live_server)
    for url in ("/mijn/", f"/mijn/vragen/{case.pk}/", "/mijn/berichten/"):
        page.goto(url)
        _no_injected_elements(page, url)
    page.goto(f"/mijn/vragen/{case.pk}/")
    assert "<script>" in page.locator("main").inner_text()
    # Nothing even tried to run: the CSP reports no blocked inline script.
    assert not [e for e in page.errors if "Content Security Policy" in e], page.errors
