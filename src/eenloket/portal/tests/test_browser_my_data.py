"""The citizen's data pages in Chromium at 320 px (#23): Mijn gegevens, the request form and
the readable copy fit a small phone without sideways scrolling, axe finds nothing, and the
PDF is a PDF. ``EENLOKET_SCREENS=dir`` keeps the screenshots and the PDF for a look."""

import os
from pathlib import Path

import pytest

from eenloket.testing.browser import axe_violations
from eenloket.testing.database import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = "document.documentElement.scrollWidth"
WIDE = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > 321)
  .slice(0, 6)
  .map(e => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)"""


def _fits(page) -> None:
    """No sideways scrolling at 320 px once the page has settled (a full-page screenshot
    resizes the window for a moment, so wait rather than measure once)."""
    widths = []
    for _try in range(25):
        widths.append(page.evaluate(WIDTH))
        if widths[-1] <= 320:
            return
        page.wait_for_timeout(200)
    wide = page.evaluate(WIDE)
    Path("/tmp/p2/wide.html").write_text(page.content())
    raise AssertionError(f"{page.url} wider than 320 px: {widths[-1]}: {wide}")


def _keep(page, name: str, tmp_path) -> None:
    folder = Path(os.environ.get("EENLOKET_SCREENS") or tmp_path)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_her_data_pages_fit_a_small_phone(page, tmp_path):
    from eenloket.notifications import outbox

    load_demo()
    outbox.send_due("test")
    page.goto("/mijn/inloggen/")
    page.select_option("#id_person", label="Amira El Amrani")
    page.get_by_role("button", name="Inloggen").click()
    violations = []

    page.goto("/mijn/gegevens/")
    page.get_by_role("heading", name="Al uw gegevens", level=1).wait_for()
    _fits(page)
    _keep(page, "my-data-320", tmp_path)
    violations += axe_violations(page)

    page.goto("/mijn/gegevens/verzoek/")
    page.get_by_role("button").last.click()  # empty: plain errors, no 500
    page.get_by_text("Kies wat u wilt dat wij doen.").first.wait_for()
    page.wait_for_load_state("load")
    _fits(page)
    _keep(page, "my-data-request-320", tmp_path)
    violations += axe_violations(page)

    readable = page.request.get("/mijn/gegevens/mijn-gegevens.html")
    assert readable.ok
    # Opened from the citizen's own disk: no site around it (nor its Content-Security-Policy).
    copy = page.context.browser.new_page(viewport={"width": 320, "height": 640})
    copy.set_content(readable.text())
    _fits(copy)
    _keep(copy, "my-data-copy-320", tmp_path)
    assert "Amira" in copy.content()
    copy.close()

    pdf = page.request.get("/mijn/gegevens/mijn-gegevens.pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    folder = Path(os.environ.get("EENLOKET_SCREENS") or tmp_path)
    (folder / "my-data.pdf").write_bytes(pdf.body())
    assert violations == [], "\n".join(violations)
