"""Browser tests: Playwright driving Debian's Chromium, and axe-core for accessibility.

In CI (CI=true) a missing Chromium is an error: .ci/run installs it. Elsewhere the browser
tests skip, saying why.
"""

import os
import shutil

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WCAG_21_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _chromium_path():
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    executable = _chromium_path()
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail(
                "Chromium is missing in CI: .ci/run must install it (apt-get install chromium)"
            )
        pytest.skip(
            "Chromium is not installed here (apt-get install -y chromium); browser tests skipped"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser page (own cookies) with console errors collected in ``page.errors``."""
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    page = context.new_page()
    page.errors = []
    page.on("console", lambda msg: msg.type == "error" and page.errors.append(msg.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


def axe_violations(page) -> list[str]:
    """Run axe-core on the page for WCAG 2.1 A and AA; return a line per violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": WCAG_21_AA_TAGS},
            "resultTypes": ["violations"],
        },
    )
    lines = []
    for violation in results.response["violations"]:
        targets = [", ".join(node["target"]) for node in violation["nodes"]][:5]
        lines.append(
            f"{page.url}: {violation['id']} ({violation['impact']}): "
            f"{violation['help']} at {targets}"
        )
    return lines
