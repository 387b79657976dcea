"""Count what a worker does from "a new person with a question" to "handover sent" (#25).

    .venv/bin/eenloket demo --addrport 127.0.0.1:8765      # in another shell (or any server)
    .venv/bin/python benchmarks/intake_to_handover.py http://127.0.0.1:8765

Drives Chromium through the walk at a desk: find the person (nobody found), take the question
in, open the handover form, save it as a draft, send it. Prints the page loads (documents
fetched, redirects included), the form posts and the requests htmx made instead of a page load.
Not part of `make test`: it counts, it asserts nothing. Run it against an older version to
compare (the figures of #25 are in docs/screens.md).
"""

import random
import shutil
import sys
import time

from playwright.sync_api import sync_playwright

PASSWORD = "eenloket-demo"


def _bsn() -> str:
    """A fresh BSN in the BRP test range that passes the 11-test."""
    while True:
        digits = [9, 9, 9] + [random.randint(0, 9) for _ in range(5)]
        total = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True))
        last = total % 11
        if last < 10:
            return "".join(map(str, digits)) + str(last)


def walk(base: str) -> dict:
    counts = {"page loads": 0, "form posts": 0, "htmx requests": 0}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"), headless=True, args=["--no-sandbox"]
        )
        page = browser.new_context(base_url=base, locale="nl-NL").new_page()
        page.goto("/werk/inloggen/")
        page.get_by_label("Gebruikersnaam").fill("fatima")
        page.get_by_label("Wachtwoord").fill(PASSWORD)
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_url("**/werk/")

        def count(request):
            if request.resource_type == "document":
                counts["form posts" if request.method == "POST" else "page loads"] += 1
            elif request.headers.get("hx-request"):
                counts["htmx requests"] += 1

        page.on("request", count)
        started = time.perf_counter()
        # 1. Find the person first (the loket's rule): nobody is found.
        page.goto("/werk/zoeken/")
        page.fill("#id_purpose", "Staat aan de balie met een vraag")
        page.fill("#id_bsn", _bsn())
        page.get_by_role("button", name="Zoeken").click()
        page.get_by_role("link", name="Nieuwe vraag aannemen").click()
        # 2. Take the question in.
        surname = f"Visser{random.choice('bcdfghklmnprst')}{random.randint(100, 999)}"
        page.fill("#id_person-given_names", "Robin")
        page.fill("#id_person-surname", surname)
        born = f"19{random.randint(40, 99)}-0{random.randint(1, 9)}-1{random.randint(0, 9)}"
        page.fill("#id_person-birth_date", born)
        page.fill("#id_case-question_verbatim", "Mijn uitkering stopt en ik weet niet waarom.")
        page.fill("#id_case-next_step", "Overdragen aan het UWV")
        page.fill("#id_case-next_step_due", time.strftime("%Y-%m-%d"))
        page.get_by_role("button", name="Vraag aannemen").click()
        page.get_by_role("heading", name=f"Robin {surname}", level=1).wait_for()
        # 3. Hand over to a direct line: draft, then send.
        page.get_by_role("link", name="Overdragen aan een directe lijn").first.click()
        page.locator("#id_contact_point").wait_for()
        line = page.locator("#id_contact_point option", has_text="Directe lijn WW")
        page.select_option("#id_contact_point", line.first.get_attribute("value"))
        page.fill("#id_question", "Waarom stopt zijn WW-uitkering?")
        page.fill("#id_why_this_organisation", "Het gaat over de WW.")
        page.fill("#id_asked", "Bel hem en leg het uit.")
        send_now = page.get_by_role("button", name="Nu versturen")
        if send_now.count():  # since #25: draft and send in one post
            send_now.click()
            page.get_by_text("De overdracht is naar de directe lijn gestuurd.").wait_for()
        else:
            page.get_by_role("button", name="Opslaan als concept").click()
            page.get_by_role("button", name="Versturen").click()
            page.get_by_text("Verstuurd, wacht op antwoord").first.wait_for()
        counts["seconds (this machine, for orientation only)"] = round(
            time.perf_counter() - started, 1
        )
        browser.close()
    return counts


if __name__ == "__main__":
    base = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8765"
    for key, value in walk(base).items():
        print(f"{key}: {value}")
