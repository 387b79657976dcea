"""A representative for housing only, in Chromium at 320 px: the question about rent, debts and
health shows the housing items, not the debt checklist, and says how much it leaves out; axe
on the page (issue #20, decision 0046)."""

import pytest

from eenloket.people.models import Matter
from eenloket.portal.tests.test_representative_scope import _represent
from eenloket.portal.tests.test_representative_scope import world as world
from eenloket.testing.browser import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_representative_for_housing_reads_the_question_at_phone_width(page, world):
    _represent(world, [Matter.HOUSING])
    son, father = world["son"], world["father"]
    page.goto("/mijn/inloggen/")
    page.select_option("#id_person", label=son.full_name)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("button", name=f"Handel namens {father.full_name}").click()
    page.get_by_text(f"U handelt namens {father.full_name}.").first.wait_for()
    page.goto(f"/mijn/vragen/{world['case'].pk}/")
    page.get_by_role("link", name="Terug naar mijn overzicht").wait_for()
    html = page.content()
    assert "Lijstje-moving_house" in html and "Actie-housing" in html
    assert "Lijstje-debts" not in html and "Actie-debts" not in html
    assert "dingen in deze vraag gaan over onderwerpen waarvoor u niet optreedt" in html
    page.screenshot(path="var/representative-scope-320.png", full_page=True)
    assert axe_violations(page) == []
