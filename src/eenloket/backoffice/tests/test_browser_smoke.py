"""Log in as every demo role in a real Chromium, visit every kind of page reached, and run
axe-core (with the reflow check) on each."""

from collections import Counter
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.urls import resolve

from eenloket.demo import data as demodata
from eenloket.testing.browser import axe_violations
from eenloket.testing.database import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, username):
    page.goto("/werk/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(demodata.DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def _internal_links(page):
    hrefs = page.eval_on_selector_all(
        # Downloads (receipts, documents) are files, not pages: they carry `download`.
        "main a[href^='/']:not([download]), nav a[href^='/']:not([download])",
        "els => els.map(e => e.getAttribute('href'))",
    )
    return [href for href in hrefs if not href.startswith("/static/")]


# How many pages of one kind (one view with the same query) a walk visits: each role sees its
# own objects, so every template is checked with several roles' data; the twentieth case page
# of one role adds time, not checks.
PAGES_PER_KIND = 1


def _kind(url: str) -> tuple:
    """A page's kind: its view and its query, whatever ids the path holds."""
    parts = urlsplit(url)
    return (resolve(parts.path).view_name, tuple(sorted(parse_qsl(parts.query))))


@pytest.mark.parametrize("account", demodata.ACCOUNTS, ids=lambda a: a.username)
def test_every_page_a_demo_role_reaches_passes_axe(page, account):
    load_demo()
    page.goto("/werk/inloggen/")
    violations = axe_violations(page)

    _log_in(page, account.username)
    page.wait_for_url("**/werk/")
    assert page.get_by_role("heading", level=1).inner_text() == "Mijn werk"

    seen, queue, kinds = set(), ["/werk/"], Counter()
    while queue:
        url = queue.pop()
        if url in seen or kinds[_kind(url)] >= PAGES_PER_KIND:
            continue
        seen.add(url)
        kinds[_kind(url)] += 1
        response = page.goto(url)
        assert response.status == 200, f"{url} answered {response.status}"
        violations += axe_violations(page)
        queue += [href for href in _internal_links(page) if href not in seen]

    # the English version of the home page
    page.goto("/werk/")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "My work"
    assert page.locator("html").get_attribute("lang") == "en"
    violations += axe_violations(page)

    assert violations == [], "\n".join(violations)
    assert page.errors == [], "console errors (a CSP violation shows up here):\n" + "\n".join(
        page.errors
    )


def test_skip_link_is_first_and_moves_focus_to_main(page):
    page.goto("/werk/inloggen/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Naar de inhoud"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_axe_check_reports_a_real_violation(page):
    # Guards the guard: if axe silently ran no rules, every page above would "pass".
    page.set_content("<html><body><main><input type='text'><img src='x.png'></main></body></html>")
    violations = axe_violations(page)
    assert any("label" in line for line in violations), violations
    assert any("image-alt" in line for line in violations), violations


def test_reflow_check_reports_a_page_wider_than_the_screen(page):
    # Guards the guard: a page wider than 320 px, and a button past the edge, are reported.
    page.set_content(
        "<html lang='nl'><body><main><h1>x</h1><p style='width:500px'>breed</p>"
        "<div style='overflow:hidden;width:100px'><button style='margin-left:150px'>"
        "Verstopt</button></div></main></body></html>"
    )
    problems = axe_violations(page)
    assert any("scrolls sideways" in line for line in problems), problems
    assert any("Verstopt" in line and "cut off" in line for line in problems), problems


def test_log_search_works_with_htmx_and_shows_errors_in_place(page):
    load_demo()
    _log_in(page, "privacy")
    page.wait_for_url("**/werk/")
    page.goto("/werk/privacy/logboek/")
    page.get_by_role("button", name="Zoeken").click()  # no filter: refused with a message
    alert = page.locator("#log-results [role=alert]")
    alert.wait_for()
    assert "niet doorbladeren" in alert.inner_text()
    page.get_by_label("Verwerkingsactiviteit").select_option("case-view")
    page.get_by_role("button", name="Zoeken").click()
    page.locator("#log-results h2").wait_for()
    assert "regel" in page.locator("#log-results h2").inner_text()
    assert "activity=case-view" in page.url  # htmx pushed the search into the address bar
    assert axe_violations(page) == []
    # the browser reports the refused search's 400 itself; nothing else may go wrong
    assert [e for e in page.errors if "status of 400" not in e] == []
