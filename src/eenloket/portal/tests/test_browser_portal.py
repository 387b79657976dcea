"""The citizen's overview in Chromium: demo login, overview and question pages in Dutch and in
English, axe-core on each (WCAG 2.1 AA), and no JavaScript needed (plain forms and links)."""

import pytest

from eenloket.demo import data as demodata
from eenloket.testing.browser import axe_violations, nav, open_menu
from eenloket.testing.database import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sandra_reads_her_overview_in_dutch_and_english(page):
    load_demo()
    violations = []
    page.goto("/mijn/")
    page.get_by_role("heading", name="Inloggen op uw overzicht").wait_for()
    violations += axe_violations(page)
    page.select_option("#id_person", label="Sandra Jansen")
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name="Mijn overzicht", level=1).wait_for()
    assert "Wat u zelf moet doen" in page.content()
    violations += axe_violations(page)
    nav(page, "Een vraag stellen")
    page.get_by_role("heading", name="Een vraag stellen", level=1).wait_for()
    violations += axe_violations(page)
    nav(page, "Mijn overzicht")
    page.locator(".eenloket-main section h2 a").first.click()  # titled in her own words
    page.get_by_role("link", name="Terug naar mijn overzicht").wait_for()
    violations += axe_violations(page)
    page.get_by_role("button", name="English").click()
    page.get_by_role("link", name="Back to my overview").wait_for()
    assert "What you need to do" in page.content()
    violations += axe_violations(page)
    assert violations == [], "\n".join(violations)


def test_scenario_06_amira_takes_back_her_yes_for_mitros_in_dutch(page):
    """Amira withdraws her consent for Mitros in her own overview; from that moment Mitros's
    worker no longer sees her income on the case page. axe on every portal page."""
    from eenloket.cases.models import Case

    load_demo()
    violations = []
    page.goto("/mijn/inloggen/")
    page.select_option("#id_person", label="Amira El Amrani")
    page.get_by_role("button", name="Inloggen").click()
    nav(page, "Wat u deelt")
    page.get_by_role("heading", name="Wat u deelt", level=1).wait_for()
    violations += axe_violations(page)
    page.get_by_role("button", name="Mijn ja voor Mitros terugnemen").click()
    page.get_by_text("U hebt uw toestemming ingetrokken.").wait_for()
    assert "Ingetrokken" in page.content()
    violations += axe_violations(page)
    nav(page, "Wie gebruikte uw gegevens")
    page.get_by_role("heading", name="Wie gebruikte uw gegevens", level=1).wait_for()
    violations += axe_violations(page)
    assert "keer naar uw eigen overzicht" in page.content()  # her own reads, counted

    case = Case.objects.get(person__given_names="Amira")
    origin = page.url.split("/mijn/")[0]
    mitros = page.context.browser.new_context(base_url=origin, locale="nl-NL").new_page()
    mitros.goto("/werk/inloggen/")
    mitros.get_by_label("Gebruikersnaam").fill("mirjam")
    mitros.get_by_label("Wachtwoord").fill(demodata.DEMO_PASSWORD)
    mitros.get_by_role("button", name="Inloggen").click()
    mitros.wait_for_url("**/werk/")
    mitros.goto(f"/werk/zaken/{case.pk}/")
    assert "Loon in deeltijd" not in mitros.content()
    assert violations == [], "\n".join(violations)


def test_scenario_03_yusuf_turning_18_in_english(page):
    """Yusuf uses the portal in English: what changes at 18 (with what the SVB does by
    itself), how we reach him (portal, then e-mail), and a question that lands with the team
    as a case with a next step and a due date. axe on every page."""
    from eenloket.cases.models import Case

    load_demo()
    violations = []
    page.goto("/mijn/inloggen/")
    page.get_by_role("button", name="English").click()
    page.get_by_role("heading", name="Log in to your overview").wait_for()
    page.select_option("#id_person", label="Yusuf Kaya")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="My overview", level=1).wait_for()
    violations += axe_violations(page)
    page.locator(".eenloket-main section h2 a").first.click()  # titled in his own words
    page.get_by_role("heading", name="What usually changes: turning 18").wait_for()
    content = page.content()
    for change in ("own health insurance", "Child benefit stops", "DigiD", "student finance"):
        assert change in content, change
    assert "They do this by themselves" in content  # the SVB stops child benefit itself
    violations += axe_violations(page)

    nav(page, "How we reach you")
    assert page.locator("#id_first").input_value() == "portal"
    assert page.locator("#id_second").input_value() == "email"
    violations += axe_violations(page)

    nav(page, "Ask a question")
    page.fill("#id_text", "Do I have to pay for my health insurance myself from my birthday?")
    page.get_by_role("button", name="Send").click()
    page.get_by_text("We have your question.").wait_for()
    violations += axe_violations(page)
    newest = Case.objects.filter(person__given_names="Yusuf").order_by("-opened_at").first()
    assert newest.question_verbatim.startswith("Do I have to pay")
    assert newest.owning_team.name == "Informatiepunt Bibliotheek"
    assert newest.next_step and newest.next_step_due
    assert violations == [], "\n".join(violations)


def test_peter_acts_for_his_father_and_kees_gives_a_yes_in_dutch(page):
    """A representative logs in as himself and acts for his father within the money and post
    matters; a page about the whole person is for the father alone. Kees gives a new yes to
    an organisation on his team, after a clear error for a form sent without a choice. axe on
    every page."""
    from eenloket.accounts.models import Membership
    from eenloket.cases.models import Case
    from eenloket.consent.models import Consent
    from eenloket.core.actor import Actor
    from eenloket.teamwork import services as teamwork

    load_demo()
    # The Belastingdienst joins Kees's team (as in scenario 04), so Kees can let it see data.
    kees_case = Case.objects.get(person__given_names="Kees")
    ingrid = Membership.objects.get(user__username="ingrid", team=kees_case.owning_team)
    lotte = Membership.objects.get(user__username="lotte")
    invitation = teamwork.member_invite(
        case=kees_case,
        team=lotte.team,
        role_on_case="Invordering",
        actor=Actor.worker(ingrid.user, ingrid),
    )
    teamwork.invitation_answer(
        invitation=invitation, accept=True, actor=Actor.worker(lotte.user, lotte)
    )
    violations = []
    page.goto("/mijn/inloggen/")
    page.select_option("#id_person", label="Peter de Vries")
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name="U mag ook handelen namens").wait_for()
    violations += axe_violations(page)
    page.get_by_role("button", name="Handel namens Hendrik de Vries").click()
    page.get_by_text("U handelt namens Hendrik de Vries.").first.wait_for()
    assert "opent zijn post niet meer" in page.content()
    violations += axe_violations(page)
    nav(page, "Wie gebruikte uw gegevens")
    page.get_by_role("heading", name="Alleen de persoon zelf", level=1).wait_for()
    violations += axe_violations(page)
    open_menu(page)
    page.get_by_role("button", name="Terug naar uw eigen overzicht").click()
    page.get_by_text("U ziet nu weer uw eigen overzicht.").wait_for()
    assert "opent zijn post niet meer" not in page.content()
    open_menu(page)
    page.get_by_role("button", name="Uitloggen").click()

    page.select_option("#id_person", label="Kees Bakker")
    page.get_by_role("button", name="Inloggen").click()
    nav(page, "Wat u deelt")
    page.get_by_role("link", name="Laat een organisatie uw gegevens zien").click()
    page.get_by_role("heading", name="Laat een organisatie uw gegevens zien", level=1).wait_for()
    violations += axe_violations(page)
    page.select_option("#id_recipient", label="Belastingdienst")
    page.get_by_role("button", name="Bewaar mijn ja").click()
    page.get_by_text("Kies wat zij mogen zien.").wait_for()
    violations += axe_violations(page)
    page.get_by_label("contactgegevens", exact=False).first.check()
    page.get_by_role("button", name="Bewaar mijn ja").click()
    page.get_by_role("heading", name="Wat u deelt", level=1).wait_for()
    violations += axe_violations(page)
    given = Consent.objects.get(recorded_via="portal", state="given")
    assert given.recipient_id == lotte.organisation_id and given.case_id == kees_case.pk


def test_sandra_makes_and_cancels_an_appointment_and_asks_for_a_call_back(page):
    """Desk, day and time with plain links and a form; the appointment in the overview; cancel
    it; ask to be called back, first with a wrong number. axe on every page and error state."""
    load_demo()
    violations = []
    page.goto("/mijn/inloggen/")
    page.select_option("#id_person", label="Sandra Jansen")
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("link", name="Een afspraak maken aan de balie").click()
    page.get_by_role("heading", name="Een afspraak maken", level=1).wait_for()
    assert "Neude 11" in page.content()
    violations += axe_violations(page)
    page.get_by_role("link", name="Kies een dag bij").first.click()
    page.get_by_role("heading", name="Kies een dag").wait_for()
    violations += axe_violations(page)
    page.locator("ul.utrecht-unordered-list a").first.click()
    page.get_by_role("heading", name="Kies een tijd op").wait_for()
    violations += axe_violations(page)
    page.get_by_role("button", name="Afspraak maken").click()  # no time chosen
    page.get_by_text("Kies een tijd.").wait_for()
    violations += axe_violations(page)
    page.locator("input[name=slot]").first.check()
    page.get_by_role("button", name="Afspraak maken").click()
    page.get_by_role("heading", name="Uw afspraken").wait_for()
    assert "Uw afspraak is gemaakt" in page.content()
    violations += axe_violations(page)
    page.get_by_role("link", name="Afspraak van").first.click()
    page.get_by_role("heading", name="Uw afspraak afzeggen", level=1).wait_for()
    violations += axe_violations(page)
    page.get_by_role("button", name="Ja, zeg mijn afspraak af").click()
    page.get_by_text("Uw afspraak is afgezegd.").wait_for()
    page.get_by_role("link", name="Vraag of wij u terugbellen").click()
    page.get_by_role("heading", name="Vraag of wij u terugbellen", level=1).wait_for()
    violations += axe_violations(page)
    page.fill("#id_phone", "12345")
    page.get_by_role("button", name="Bel mij terug").click()
    page.get_by_text("Dit is geen Nederlands telefoonnummer.").wait_for()
    violations += axe_violations(page)
    page.fill("#id_phone", "06 12345678")
    page.get_by_role("button", name="Bel mij terug").click()
    page.get_by_text("Wij bellen u uiterlijk").first.wait_for()
    violations += axe_violations(page)


def test_sandra_logs_in_with_digid_through_the_local_provider(page, oidc_provider):
    """End to end in Chromium: the login page offers DigiD and eHerkenning, the browser goes to
    the (local) broker and back, and Sandra sees her overview; the failure page and the page
    for someone we do not know pass axe too."""
    from eenloket.access import citizens
    from eenloket.core import crypto

    load_demo()
    sandra = next(p for p in citizens.demo_login_people() if p.given_names == "Sandra")
    violations = []
    page.goto("/mijn/inloggen/terug/")  # no login started: a plain page, not logged in
    page.get_by_role("heading", name="U bent niet ingelogd").wait_for()
    violations += axe_violations(page)
    oidc_provider.claims = {"bsn": "999990032"}  # someone we do not know
    page.goto("/mijn/inloggen/")
    page.get_by_role("link", name="Inloggen met DigiD").click()
    page.get_by_role("heading", name="Wij kennen u nog niet").wait_for()
    violations += axe_violations(page)
    oidc_provider.claims = {"bsn": crypto.decrypt(sandra.bsn_encrypted)}
    page.goto("/mijn/inloggen/")
    page.get_by_role("link", name="Inloggen met eHerkenning").wait_for()
    violations += axe_violations(page)
    page.get_by_role("link", name="Inloggen met DigiD").click()
    page.get_by_role("heading", name="Mijn overzicht", level=1).wait_for()
    assert "Wat u zelf moet doen" in page.content()
    open_menu(page)
    page.get_by_role("button", name="Uitloggen").click()
    page.get_by_role("heading", name="Inloggen op uw overzicht").wait_for()
    assert oidc_provider.logouts, "the broker's session was ended too"
    assert violations == [], "\n".join(violations)
