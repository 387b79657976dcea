"""The debt-help team's outreach queue and answer page in Chromium at 320 px (#21, decision
0047): a landlord's arrears signal shows in the queue, the worker opens it, records that the
person could not be reached (first without the attempts: a clear error), and axe finds nothing.
``EENLOKET_SCREENS=dir`` keeps the screenshots."""

import datetime as dt
import os
from pathlib import Path

import pytest

from eenloket.accounts.models import Membership
from eenloket.cases.models import Referral
from eenloket.cases.services import referrals
from eenloket.core.actor import Actor
from eenloket.demo import data as demodata
from eenloket.directory.models import Team
from eenloket.testing.browser import axe_violations, open_menu
from eenloket.testing.database import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_debt_help_team_answers_an_arrears_signal_on_a_phone(page, tmp_path):
    load_demo()
    landlord = Team.objects.get(name="Klantcontact woningzoekenden")
    debt_help = Membership.objects.get(user__username="ingrid", team__name="Schuldhulpverlening")
    task = referrals.referral_arrears(
        from_team=landlord,
        to_organisation=debt_help.organisation_id,
        person={
            "surname": "Verhoeven-Oudshoorn",
            "given_names": "Wilhelmina Catharina",
            "birth_date": dt.date(1961, 9, 14),
            "postal_code": "3512 AB",
        },
        creditor="landlord",
        amount_euros=2375,
        months=3,
        already_done="Twee betalingsherinneringen gestuurd en een keer gebeld.",
        reach="Liefst na 16.00 uur bellen; woont op de derde verdieping.",
        actor=Actor.system("browser test"),
    )
    folder = Path(os.environ.get("EENLOKET_SCREENS") or tmp_path)

    page.goto("/werk/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("ingrid")
    page.get_by_label("Wachtwoord").fill(demodata.DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", level=1).first.wait_for()
    open_menu(page)  # work as the debt-help team
    page.locator("#id_membership").select_option(str(debt_help.pk))
    page.locator("form:has(#id_membership) button").click()
    page.get_by_role("link", name="Hulpaanbod bij achterstanden").first.click()

    page.get_by_role("heading", name="Hulpaanbod bij achterstanden", level=1).wait_for()
    assert "Verhuurder" in page.content() and "€ 2.375" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    violations = axe_violations(page)
    page.screenshot(path=str(folder / "outreach-queue-320.png"), full_page=True)

    page.get_by_role("link", name="Wilhelmina Catharina Verhoeven-Oudshoorn").click()
    page.get_by_role("heading", name="Het antwoord van de persoon vastleggen").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    violations += axe_violations(page)
    page.screenshot(path=str(folder / "outreach-answer-320.png"), full_page=True)

    page.get_by_role("radio", name="Niet bereikt").check()
    page.get_by_role("button", name="Het antwoord opslaan").click()
    page.get_by_role("alert").wait_for()
    assert "Schrijf op wanneer en hoe u de persoon probeerde te bereiken." in page.content()
    violations += axe_violations(page)
    page.screenshot(path=str(folder / "outreach-answer-error-320.png"), full_page=True)

    attempts = "Ma 10.00 en di 17.00 gebeld, geen gehoor; brief gestuurd."
    page.get_by_role("textbox", name="Notitie").fill(attempts)
    page.get_by_role("button", name="Het antwoord opslaan").click()
    page.get_by_text("Het antwoord is opgeslagen. Het hulpaanbod is afgesloten.").wait_for()
    assert Referral._base_manager.get(pk=task.pk).state == Referral.State.UNREACHABLE
    assert violations == [], "\n".join(violations)
