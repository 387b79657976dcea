"""The screenshots in docs/screens/ are what the tests render (#25): the worker's case
workspace and the citizen's overview, on a desktop (1280 px) and a phone (320 px), with the
clock frozen so every date is the same. Each is checked for reflow and with axe first.

    EENLOKET_UPDATE_SCREENS=1 .venv/bin/pytest -m browser -k screens   # write them anew

Otherwise the test compares: the same width, nearly the same height, and at most 2% of the
pixels visibly different (fonts may render a hair differently on another machine).
"""

import datetime as dt
import io
import os
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from eenloket.core import clock
from eenloket.demo import data as demodata
from eenloket.testing.browser import DESKTOP, PHONE, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = Path(__file__).resolve().parents[4] / "docs" / "screens"
MOMENT = dt.datetime(2026, 11, 16, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
MAX_DIFFERENT = 0.02


def _compare(name: str, png: bytes) -> str | None:
    from PIL import Image, ImageChops

    path = SCREENS / name
    if os.environ.get("EENLOKET_UPDATE_SCREENS") == "1":
        path.write_bytes(png)
        return None
    if not path.exists():
        return f"{name} is missing: run with EENLOKET_UPDATE_SCREENS=1"
    shown = Image.open(io.BytesIO(png)).convert("RGB")
    kept = Image.open(path).convert("RGB")
    if shown.width != kept.width or abs(shown.height - kept.height) > 0.05 * kept.height:
        return f"{name}: {shown.size} rendered, {kept.size} in docs/screens"
    height = min(shown.height, kept.height)
    box = (0, 0, shown.width, height)
    difference = ImageChops.difference(shown.crop(box), kept.crop(box)).convert("L")
    changed = sum(difference.point(lambda v: 255 if v > 48 else 0).histogram()[255:])
    share = changed / (shown.width * height)
    if share > MAX_DIFFERENT:
        return (
            f"{name}: {share:.1%} of the pixels differ from docs/screens (run with "
            "EENLOKET_UPDATE_SCREENS=1 after checking the new picture)"
        )
    return None


def _log_in_worker(page, username):
    page.goto("/werk/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(demodata.DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/werk/")


def test_screens_of_the_workspace_and_the_overview_match_docs(page):
    from eenloket.cases.models import Case

    problems, differences = [], []
    with clock.frozen(MOMENT):
        demodata.load()
        case = Case._base_manager.get(person__given_names="Sandra")
        _log_in_worker(page, "fatima")
        for size, suffix in ((DESKTOP, "desktop"), (PHONE, "phone")):
            page.set_viewport_size(size)
            page.goto(f"/werk/zaken/{case.pk}/")
            page.get_by_role("heading", name="Sandra Jansen", level=1).wait_for()
            problems += axe_violations(page)
            differences.append(_compare(f"workspace-{suffix}.png", page.screenshot(full_page=True)))
        citizen = page.context.browser.new_context(
            base_url=page.url.split("/werk/")[0], locale="nl-NL", viewport=DESKTOP
        ).new_page()
        citizen.goto("/mijn/inloggen/")
        citizen.select_option("#id_person", label="Sandra Jansen")
        citizen.get_by_role("button", name="Inloggen").click()
        citizen.get_by_role("heading", name="Mijn overzicht", level=1).wait_for()
        for size, suffix in ((DESKTOP, "desktop"), (PHONE, "phone")):
            citizen.set_viewport_size(size)
            citizen.goto("/mijn/")
            problems += axe_violations(citizen)
            differences.append(
                _compare(f"overview-{suffix}.png", citizen.screenshot(full_page=True))
            )
    assert problems == [], "\n".join(problems)
    assert [d for d in differences if d] == [], "\n".join(d for d in differences if d)
