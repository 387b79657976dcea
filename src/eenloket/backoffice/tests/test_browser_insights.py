"""The figures page and a signal's round trip in Chromium, with axe on every page, and each
screen at 320 px wide (reflow) saved as a PNG under var/screens/ to look at (#24)."""

import datetime as dt
from pathlib import Path

import pytest

from eenloket.core import clock
from eenloket.demo import data as demodata
from eenloket.insights.demo_history import history_start
from eenloket.testing.browser import axe_violations, nav
from eenloket.testing.database import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENS = Path(__file__).resolve().parents[4] / "var" / "screens"


def _log_in(page, username):
    page.goto("/werk/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(demodata.DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/werk/")


def _narrow(page, name, violations):
    """Look at the page 320 px wide: no sideways scrolling of the page, axe clean, a PNG."""
    page.set_viewport_size({"width": 320, "height": 900})
    violations += axe_violations(page)
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 322, f"{name}: the page is {width} px wide at 320 px"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_figures_page_and_a_signal_round_trip(page, live_server):
    load_demo()
    violations = []
    _log_in(page, "programma")
    nav(page, "Cijfers")
    page.get_by_role("heading", name="Cijfers", level=1).wait_for()
    violations += axe_violations(page)
    start = history_start(clock.today()).date()
    page.fill("#id_start", start.isoformat())
    page.fill("#id_end", (start + dt.timedelta(days=60)).isoformat())
    page.get_by_role("button", name="Tonen").click()
    page.get_by_role("heading", name="Doorlooptijden van overdrachten per organisatie").wait_for()
    assert page.locator("svg.eenloket-chart").count() >= 10
    assert "verzonnen geschiedenis" in page.content()
    _narrow(page, "insights-figures", violations)

    # A frontline worker reports a signal on its own, to the Belastingdienst, where Lotte
    # coordinates: she answers it, and Fatima reads the answer.
    page.context.clear_cookies()
    _log_in(page, "fatima")
    page.goto("/werk/knelpunten/nieuw/")
    page.fill(
        "#id_what_happened",
        "De aanvraag voor kwijtschelding vraagt om een DigiD die de inwoner niet heeft.",
    )
    page.select_option("#id_regulation", "other")
    page.select_option("#id_kind", "system")
    page.select_option("#id_organisation", label="Belastingdienst")
    page.select_option("#id_effect", "debts_grew")
    violations += axe_violations(page)
    page.get_by_role("button", name="Knelpunt versturen").click()
    page.get_by_text("Het knelpunt gaat naar de betrokken organisatie").wait_for()
    _narrow(page, "signals-list", violations)

    page.context.clear_cookies()
    _log_in(page, "lotte")
    page.goto("/werk/knelpunten/")
    page.get_by_role("link", name="De aanvraag voor kwijtschelding").first.click()
    page.select_option("#id_target", "solved")
    page.fill("#id_answer", "Kwijtschelding kan nu ook op papier worden aangevraagd.")
    violations += axe_violations(page)
    page.get_by_role("button", name="Antwoord opslaan").click()
    page.get_by_text("Uw antwoord is opgeslagen").wait_for()
    _narrow(page, "signal-detail", violations)

    page.context.clear_cookies()
    _log_in(page, "fatima")
    page.goto("/werk/knelpunten/")
    assert "Kwijtschelding kan nu ook op papier" in page.content()
    assert violations == []
