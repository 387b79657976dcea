"""Break-glass confirmation in Chromium at 320 px (#23, decision 0049): the coordinator of the
team reads what was opened and why, confirms, and axe finds nothing. ``EENLOKET_SCREENS=dir``
keeps the screenshots."""

import os
from pathlib import Path

import pytest

from eenloket.demo import data as demodata
from eenloket.testing.browser import axe_violations
from eenloket.testing.database import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, username):
    page.goto("/werk/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(demodata.DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def test_the_coordinator_confirms_a_colleagues_break_glass_on_a_phone(page, tmp_path):
    from eenloket.accounts.models import Membership
    from eenloket.cases.models import Case
    from eenloket.consent import services as consent
    from eenloket.consent.models import BreakGlassAccess
    from eenloket.core.actor import Actor

    load_demo()
    fatima = Membership.objects.get(user__username="fatima")
    case = Case._base_manager.filter(owning_team=fatima.team).first()
    glass = consent.break_glass_open(
        case_id=case.pk,
        reason="Zij staat aan de balie, morgen wordt het gas afgesloten",
        reason_code="eviction_cutoff",
        actor=Actor.worker(fatima.user, fatima),
    )
    folder = Path(os.environ.get("EENLOKET_SCREENS") or tmp_path)
    _log_in(page, "ingrid")
    page.goto(f"/werk/spoedtoegang/{glass.pk}/bevestigen/")
    page.get_by_role("heading", name="Spoedtoegang bevestigen", level=1).wait_for()
    assert "morgen wordt het gas afgesloten" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    violations = axe_violations(page)
    page.screenshot(path=str(folder / "break-glass-confirm-320.png"), full_page=True)
    page.get_by_role("button", name="Spoedtoegang bevestigen").click()
    page.get_by_text("U hebt de spoedtoegang bevestigd.").wait_for()
    assert BreakGlassAccess.objects.get(pk=glass.pk).confirmed_at is not None
    assert violations == [], "\n".join(violations)
