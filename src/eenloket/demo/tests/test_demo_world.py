"""The demo world as `eenloket demo` makes it: every role logs in, every open case has a
dated next step, the BSNs lie in the BRP's test range, scenarios 01 and 02 are played up to
the intake. The world is loaded once for the module (testing/fixtures.py); the command itself
is tested in test_demo.py, from an empty database."""

import pytest

from eenloket.cases.models import Case
from eenloket.core import clock
from eenloket.demo import data as demodata
from eenloket.people import bsn as bsn_rules

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_world")]


def test_every_demo_role_can_log_in_in_demo_mode(client):
    for account in demodata.ACCOUNTS:
        response = client.post(
            "/werk/inloggen/", {"username": account.username, "password": demodata.DEMO_PASSWORD}
        )
        assert response.status_code == 302 and response.url == "/werk/", account.username
        client.post("/werk/uitloggen/")


def test_demo_open_cases_all_have_a_dated_next_step():
    open_cases = Case.objects.filter(status="open")
    assert open_cases.exists()
    assert not open_cases.filter(next_step_due__isnull=True).exists()


def test_demo_bsns_all_lie_in_the_brp_test_range():
    from eenloket.people import bsn
    from eenloket.people.models import Person

    numbers = [bsn_rules.bsn_of(p) for p in Person.objects.all() if p.has_bsn]
    assert len(numbers) >= 4
    outside = [n for n in numbers if not bsn.is_test_number(n)]
    assert outside == [], "demo data holds a BSN outside the BRP test range (999…)"


def test_demo_plays_scenarios_01_and_02_up_to_the_intake():
    from eenloket.people.models import Person, Representation

    sandra = Person.objects.get(given_names="Sandra")
    assert sandra.household.count() == 2
    assert sandra.channels_preferred == ["desk", "phone"]
    assert Case.objects.get(person=sandra).life_events == ["job_loss", "debts"]
    representation = Representation.objects.get()
    assert representation.representative.given_names == "Peter"
    assert representation.basis == "written_authorisation"
    # Scenario 01: the guide "flags schemes she may be entitled to and has not claimed".
    from eenloket.cases.models import Fact
    from eenloket.entitlements import criteria, rules
    from eenloket.entitlements.situation import Situation

    case = Case.objects.get(person=sandra)
    situation = Situation.from_facts(
        Fact.objects.filter(case=case), on=clock.today(), birth_date=sandra.birth_date
    )
    findings = rules.evaluate_all(situation)
    if not criteria.criteria_for("zorgtoeslag", clock.today()):
        # A year whose figures are not in eenloket yet: no signal at all, never old figures.
        assert {f.outcome for f in findings} <= {rules.NO_CRITERIA, rules.ALREADY_RECEIVES}
    else:
        flagged = {f.rule.scheme for f in findings if f.outcome == rules.MAY_QUALIFY}
        assert flagged == {"zorgtoeslag", "kindgebonden-budget"}
