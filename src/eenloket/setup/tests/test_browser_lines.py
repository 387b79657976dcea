"""The pages of decision 0053 in a real Chromium at 320 px, with axe and the reflow check:
who may see a direct line (the form, and the preview of what changes) and ending one
membership with the team's open work and no colleague chosen (the refusal shown)."""

import pytest
from django.conf import settings
from django.test import Client

from eenloket.accounts.models import Role
from eenloket.core.actor import Actor
from eenloket.directory import services as directory
from eenloket.directory.models import LineVisibility
from eenloket.testing import factories
from eenloket.testing.browser import axe_violations
from eenloket.testing.fixtures import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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


def test_the_visibility_and_membership_pages_pass_axe_at_320_px(page, live_server, tmp_path):
    manager = _logged_in(page, live_server)
    organisation = manager.organisation
    debts = factories.TeamFactory(organisation=organisation, name="Schuldhulp")
    svb = factories.TeamFactory(
        organisation=factories.OrganisationFactory(name="Sociale Verzekeringsbank"), name="AOW"
    )
    factories.TeamFactory(organisation=factories.OrganisationFactory(name="Mitros"), name="Huur")
    line = directory.contact_point_create(
        team=debts, name="Spoedlijn schulden", service_level_hours=4, phone="030 000 00 04",
        actor=Actor.system("test"),
    )  # fmt: skip
    leaving = factories.MembershipFactory(team=debts, organisation=organisation)
    factories.MembershipFactory(team=debts, organisation=organisation, role="coordinator")
    factories.CaseFactory(owning_team=debts, coordinator=leaving.user)
    violations = []

    page.goto(f"/werk/beheer/organisaties/{organisation.pk}/")
    violations += axe_violations(page)
    page.get_by_role("link", name="wie mag Spoedlijn schulden zien").click()
    violations += axe_violations(page)
    page.get_by_label("De eigen organisatie en de teams die je kiest").check()
    page.get_by_label(f"{svb.name} ({svb.organisation.name})").check()
    page.get_by_role("button", name="Laat zien wat er verandert").click()
    # The click returns once the answer starts loading: read the page once it has loaded
    # (page.content() in between gave '' once in CI).
    page.wait_for_load_state("load")
    text = page.content()
    assert "Vanaf nu kunnen deze teams de directe lijn niet meer vinden" in text
    assert "alle teams van Mitros" in text
    violations += axe_violations(page)
    page.screenshot(path=tmp_path / "visibility-preview.png", full_page=True)
    page.get_by_role("button", name="Ja, opslaan wie hem mag zien").click()
    page.wait_for_load_state("load")
    assert "Opgeslagen wie de directe lijn mag zien." in page.content()
    line.refresh_from_db()
    assert line.visibility == LineVisibility.TEAMS

    page.goto(f"/werk/beheer/lidmaatschappen/{leaving.pk}/beeindigen/")
    violations += axe_violations(page)
    successor = page.locator("[name=successor]")
    successor.select_option("")
    page.locator("main form button[type=submit]").last.click()
    # There is open work, so the browser itself asks for the colleague before sending.
    assert successor.evaluate("element => element.matches(':invalid')")
    assert page.url.endswith(f"/lidmaatschappen/{leaving.pk}/beeindigen/")
    # Without that check (no JavaScript needed either way) the server says the same.
    successor.evaluate("element => element.removeAttribute('required')")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state("load")
    assert "Er is nog open werk: kies de collega die het overneemt." in page.content()
    violations += axe_violations(page)
    page.screenshot(path=tmp_path / "membership-end.png", full_page=True)
    assert violations == [], "\n".join(violations)
