"""A worker searches the sociale kaart in a real Chromium, opens a direct line; axe-core checks
every page on the way (WCAG 2.1 AA)."""

import pytest

from eenloket.demo import data as demodata
from eenloket.testing.browser import axe_violations, nav
from eenloket.testing.database import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_worker_searches_opens_a_direct_line_and_every_page_passes_axe(page):
    load_demo()
    page.goto("/werk/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("fatima")
    page.get_by_label("Wachtwoord").fill(demodata.DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/werk/")

    nav(page, "Sociale kaart")
    page.wait_for_url("**/werk/sociale-kaart/")
    violations = axe_violations(page)

    page.get_by_label("Wat is de vraag?").fill("ik kan de huur niet betalen")
    page.get_by_role("button", name="Zoeken").click()
    page.wait_for_url("**/werk/sociale-kaart/?q=*")
    results = page.locator(".eenloket-result")
    assert results.count() >= 3
    top = results.nth(0).inner_text() + results.nth(1).inner_text() + results.nth(2).inner_text()
    assert "huur" in top.lower()
    violations += axe_violations(page)

    page.get_by_role("link", name="Spoedlijn schuldhulp Utrecht (demo)").click()
    page.wait_for_url("**/werk/sociale-kaart/directe-lijn/*/")
    assert (
        page.get_by_role("heading", level=1).inner_text() == "Spoedlijn schuldhulp Utrecht (demo)"
    )
    assert page.get_by_text("030 - 000 00 04").is_visible()
    violations += axe_violations(page)

    page.get_by_role("link", name="Gemeente Utrecht").first.click()
    page.wait_for_url("**/werk/sociale-kaart/organisatie/*/")
    violations += axe_violations(page)

    page.get_by_role("link", name="Schuldhulpverlening").first.click()
    page.wait_for_url("**/werk/sociale-kaart/regeling/*/")
    violations += axe_violations(page)

    page.get_by_role("link", name="Schulden hebben").first.click()
    page.wait_for_url("**/werk/sociale-kaart/levensgebeurtenis/debts/")
    violations += axe_violations(page)

    assert violations == [], "\n".join(violations)
    assert page.errors == [], "console errors (a CSP violation shows up here):\n" + "\n".join(
        page.errors
    )


def test_live_results_with_htmx_replace_only_the_results(page):
    load_demo()
    page.goto("/werk/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("joost")
    page.get_by_label("Wachtwoord").fill(demodata.DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/werk/")
    page.goto("/werk/sociale-kaart/")
    page.get_by_label("Wat is de vraag?").press_sequentially("werkloos", delay=30)
    page.locator("#directory-results .eenloket-result").first.wait_for()
    assert "WW-uitkering" in page.locator("#directory-results").inner_text()
    assert page.locator("h1").count() == 1
    assert page.errors == [], "\n".join(page.errors)


def test_application_manager_edit_pages_pass_axe(page):
    load_demo()
    page.goto("/werk/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("beheer")
    page.get_by_label("Wachtwoord").fill(demodata.DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/werk/")
    page.goto("/werk/sociale-kaart/?q=werkloos")
    page.get_by_role("link", name="Directe lijn WW voor ketenpartners (demo)").click()
    page.wait_for_url("**/directe-lijn/*/")
    violations = axe_violations(page)  # with the capacity form
    page.get_by_role("link", name="Wijzigen").click()
    page.wait_for_url("**/bewerken/")
    violations += axe_violations(page)
    page.get_by_label("Servicenorm (werkuren)").fill("0")
    page.get_by_role("button", name="Opslaan").click()
    assert page.get_by_text("moet tussen 1 en 400 liggen").is_visible()
    violations += axe_violations(page)  # with an error message
    # the refused save answered 400 on purpose; Chromium reports that as a console error
    assert [e for e in page.errors if "status of 400" not in e] == []
    page.errors.clear()
    page.goto("/werk/sociale-kaart/?q=ww+aanvragen")
    page.get_by_role("link", name="WW-uitkering").first.click()
    page.get_by_role("link", name="Wijzigen").click()
    page.wait_for_url("**/bewerken/")
    violations += axe_violations(page)
    page.get_by_role("link", name="Terug zonder op te slaan").click()
    page.get_by_role("link", name="UWV").first.click()
    page.get_by_role("link", name="Wijzigen").click()
    page.wait_for_url("**/bewerken/")
    violations += axe_violations(page)
    assert violations == [], "\n".join(violations)
    assert page.errors == [], "\n".join(page.errors)
