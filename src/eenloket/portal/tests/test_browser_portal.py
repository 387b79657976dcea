"""The citizen's overview in Chromium: demo login, overview and question pages in Dutch and in
English, axe-core on each (WCAG 2.1 AA), and no JavaScript needed (plain forms and links)."""

import pytest

from eenloket import demodata
from eenloket.testing.browser import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sandra_reads_her_overview_in_dutch_and_english(page):
    demodata.load()
    violations = []
    page.goto("/mijn/")
    page.get_by_role("heading", name="Inloggen op uw overzicht").wait_for()
    violations += axe_violations(page)
    page.select_option("#id_person", label="Sandra Jansen")
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name="Mijn overzicht", level=1).wait_for()
    assert "Wat u zelf moet doen" in page.content()
    violations += axe_violations(page)
    page.get_by_role("link", name="Uw vraag van").first.click()
    page.get_by_role("link", name="Terug naar mijn overzicht").wait_for()
    violations += axe_violations(page)
    page.get_by_role("button", name="English").click()
    page.get_by_role("link", name="Back to my overview").wait_for()
    assert "What you need to do" in page.content()
    violations += axe_violations(page)
    assert violations == [], "\n".join(violations)
