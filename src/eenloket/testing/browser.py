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
# Every browser test walks at the width of a small phone (WCAG 1.4.10: reflow at 320 CSS px);
# the screenshot test (docs/screens) renders the desktop too.
PHONE = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 900}


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
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", viewport=PHONE)
    page = context.new_page()
    page.errors = []
    page.on("console", lambda msg: msg.type == "error" and page.errors.append(msg.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


# Reflow (WCAG 1.4.10), which axe does not test: nothing makes the page scroll sideways, and
# no control (link, button, field, menu) sticks out of the screen or is cut off by a box that
# hides what overflows it, and no text spills out of a box too low for it onto the next line.
_REFLOW = """() => {
  const doc = document.documentElement;
  const problems = [];
  if (doc.scrollWidth > doc.clientWidth) {
    problems.push(`the page scrolls sideways: ${doc.scrollWidth} > ${doc.clientWidth} px`);
  }
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (el.textContent || el.value || "").trim().slice(0, 40).replace(/\\s+/g, " ");
  const controls = document.querySelectorAll(
    "a[href], button, input:not([type=hidden]), select, textarea, summary");
  for (const el of controls) {
    const box = el.getBoundingClientRect();
    // Not shown: in a closed menu (content-visibility hidden still reports a box).
    const shown = el.checkVisibility({contentVisibilityAuto: true, visibilityProperty: true});
    if (box.width === 0 || box.height === 0 || !shown) continue;
    if (box.left < -1 || box.right > doc.clientWidth + 1) {
      const where = `${Math.round(box.left)}..${Math.round(box.right)} px`;
      problems.push(`${describe(el)} sticks out: ${where}`);
      continue;
    }
    for (let up = el.parentElement; up && up !== doc; up = up.parentElement) {
      const style = getComputedStyle(up);
      if (!/(hidden|clip|auto|scroll)/.test(style.overflowX)) continue;
      const outer = up.getBoundingClientRect();
      if (box.left < outer.left - 1 || box.right > outer.right + 1) {
        problems.push(`${describe(el)} is cut off by its ${up.tagName.toLowerCase()}`);
        break;
      }
    }
  }
  // Text that spills out of a box of fixed height overlaps the next line (a table cell that
  // became a block on a phone kept the theme's one-line height): reflow, not just width.
  const boxes = document.querySelectorAll("main td, main th, main dd, main dt, main li, main p");
  for (const el of boxes) {
    const style = getComputedStyle(el);
    if (style.overflowY !== "visible" || el.clientHeight === 0) continue;
    if (el.scrollHeight > el.clientHeight + 2) {
      const heights = `${el.scrollHeight} > ${el.clientHeight} px`;
      problems.push(`${describe(el)} spills out of its box: ${heights}`);
    }
  }
  return problems;
}"""


def reflow_problems(page) -> list[str]:
    """Return a line per reflow problem of the page at its current width."""
    return [f"{page.url}: {problem}" for problem in page.evaluate(_REFLOW)]


def open_menu(page) -> None:
    """Open the page header's menu when it is collapsed (on a small screen)."""
    toggle = page.locator("summary.eenloket-menu__toggle")
    closed = page.locator("details.eenloket-menu[open]").count() == 0
    if toggle.count() and toggle.is_visible() and closed:
        toggle.click()


def nav(page, name: str) -> None:
    """Follow a link of the page header's menu, opening the menu first on a small screen."""
    open_menu(page)
    page.locator("nav details.eenloket-menu").get_by_role("link", name=name).first.click()


def axe_violations(page) -> list[str]:
    """Check the page as a person with a small screen or assistive technology meets it:
    reflow at the page's width, and axe-core's WCAG 2.1 A and AA rules and best practices, of
    every impact. Return a line per problem."""
    from axe_playwright_python.sync_playwright import Axe

    # A link just clicked may still be loading its page: axe needs the new document.
    page.wait_for_load_state("load")
    results = Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": [*WCAG_21_AA_TAGS, "best-practice"]},
            "resultTypes": ["violations"],
        },
    )
    lines = reflow_problems(page)
    for violation in results.response["violations"]:
        targets = [", ".join(node["target"]) for node in violation["nodes"]][:5]
        lines.append(
            f"{page.url}: {violation['id']} ({violation['impact']}): "
            f"{violation['help']} at {targets}"
        )
    return lines
