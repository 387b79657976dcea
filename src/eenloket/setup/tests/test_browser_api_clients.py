"""The API-client screens in a real Chromium at 320 px (decision 0040): the list, the new-client
form with its errors, the page that shows the token once, the client's page and revoking; axe
and the reflow check on each, screenshots kept in var/screens/apiclients/ to look at."""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from eenloket.accounts.models import Role
from eenloket.api import services as api_services
from eenloket.api.models import ApiClient
from eenloket.core.actor import Actor
from eenloket.testing import factories
from eenloket.testing.browser import axe_violations
from eenloket.testing.fixtures import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[4] / "var/screens/apiclients"


def _logged_in(page, live_server):
    manager = factories.MembershipFactory(role=Role.APPLICATION_MANAGER, team=None)
    client = log_in(Client(), manager.user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return manager


def _shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


def _save(page):
    page.locator("main form button[type=submit]").last.click()


def test_a_manager_adds_a_client_sees_its_token_once_and_revokes_it(page, live_server):
    _logged_in(page, live_server)
    organisation = factories.OrganisationFactory(name="UWV Proef")
    factories.TeamFactory(organisation=organisation, name="WW")
    violations = []

    page.goto(f"/werk/beheer/organisaties/{organisation.pk}/")
    page.get_by_role("link", name="API-koppelingen van UWV Proef").click()
    page.wait_for_url("**/api-clients/")
    violations += axe_violations(page)

    page.get_by_role("link", name="API-koppeling toevoegen").click()
    page.wait_for_url("**/api-clients/nieuw/**")
    _save(page)  # empty: every error shown, accessible too
    content = page.content()
    assert "Geef het systeem van de partner een naam." in content
    assert "Kies ten minste één ding dat het systeem mag vragen." in content
    violations += axe_violations(page)
    _shot(page, "form-errors")

    page.locator("[name=name]").fill("UWV WW-systeem")
    page.locator("[name=team]").select_option(label="UWV Proef — WW")
    page.locator("main label", has_text="directory.read").click()
    page.locator("main label", has_text="handovers.read").click()
    _save(page)
    page.locator("#token").wait_for()
    token = page.locator("#token").inner_text()
    assert token.startswith("elk_")
    assert "alleen deze ene keer" in page.content()
    violations += axe_violations(page)
    _shot(page, "token-shown")

    page.get_by_role("link", name="Ik heb het token gekopieerd: naar de koppeling").click()
    page.wait_for_url("**/api-clients/*/")
    assert token not in page.content()
    violations += axe_violations(page)
    _shot(page, "client")

    page.goto(f"/werk/beheer/organisaties/{organisation.pk}/api-clients/")
    assert "UWV WW-systeem" in page.content() and "actief" in page.content()
    violations += axe_violations(page)
    _shot(page, "list")

    client = ApiClient.objects.get()
    page.goto(f"/werk/beheer/api-clients/{client.pk}/intrekken/")
    _save(page)  # not confirmed: refused with a message
    assert "Vink het vakje aan" in page.content()
    violations += axe_violations(page)
    page.locator("main label", has_text="Ik begrijp").click()
    _save(page)
    page.wait_for_url(f"**/api-clients/{client.pk}/")
    assert "ingetrokken op" in page.content()
    violations += axe_violations(page)
    _shot(page, "client-revoked")

    client.refresh_from_db()
    assert client.revoked_at is not None
    assert violations == [], "\n".join(violations)
    errors = [e for e in page.errors if "status of 400" not in e]
    assert errors == [], "\n".join(errors)


def test_a_manager_changes_what_a_client_may_ask_after_seeing_the_effect(page, live_server):
    _logged_in(page, live_server)
    team = factories.TeamFactory(organisation__name="UWV Proef", name="WW")
    client, _raw = api_services.client_create(
        name="UWV WW-systeem",
        team=team,
        scopes=["directory.read", "handovers.read"],
        actor=Actor(kind="system", system_name="test"),
    )
    violations = []

    page.goto(f"/werk/beheer/api-clients/{client.pk}/")
    page.get_by_role("link", name="Wijzigen wat het systeem mag vragen").click()
    page.wait_for_url("**/rechten/")
    violations += axe_violations(page)
    page.locator("main label", has_text="handovers.read").click()  # untick
    page.locator("main label", has_text="plan.read").click()
    _save(page)
    page.get_by_role("button", name="Ja, deze rechten opslaan").wait_for()
    content = page.content()
    assert "Vanaf nu mag UWV WW-systeem (werkt als team WW):" in content
    assert "vanaf het eerstvolgende verzoek geweigerd" in content
    violations += axe_violations(page)
    _shot(page, "scopes-preview")
    client.refresh_from_db()
    assert client.scopes == ["directory.read", "handovers.read"], "nothing saved before"

    page.get_by_role("button", name="Ja, deze rechten opslaan").click()
    page.wait_for_url(f"**/api-clients/{client.pk}/")
    assert "plan.read" in page.content()
    violations += axe_violations(page)
    _shot(page, "scopes-saved")
    client.refresh_from_db()
    assert client.scopes == ["directory.read", "plan.read"]
    assert violations == [], "\n".join(violations)
