import datetime as dt

import pytest

from eenloket.accounts.models import Role
from eenloket.cases.models import CaseStatus
from eenloket.core import clock
from eenloket.testing import factories
from eenloket.testing.fixtures import log_in

pytestmark = pytest.mark.django_db


def test_worklist_shows_my_teams_open_cases_most_urgent_first(worker_client, membership):
    today = clock.today()
    later = factories.CaseFactory(
        owning_team=membership.team, next_step="Later", next_step_due=today + dt.timedelta(days=5)
    )
    urgent = factories.CaseFactory(
        owning_team=membership.team, next_step="Urgent", next_step_due=today - dt.timedelta(days=1)
    )
    worked_on = factories.CaseFactory(
        next_step="Via team", next_step_due=today + dt.timedelta(days=1)
    )
    factories.CaseTeamFactory(case=worked_on, team=membership.team)
    factories.CaseFactory(next_step="Someone else's")
    factories.CaseFactory(
        owning_team=membership.team,
        status=CaseStatus.CLOSED,
        closed_at=clock.now(),
        outcome="resolved",
        next_step="Closed",
    )

    response = worker_client.get("/werk/")
    assert [c.next_step for c in response.context["worklist"]] == ["Urgent", "Via team", "Later"]
    html = response.content.decode()
    assert "Someone else" not in html and "Closed" not in html
    assert str(urgent.pk) in html and str(later.pk) in html


# Per request: session, user, memberships, the page's own queries (the worklist, the late
# decisions, the overdue plan actions, what came of the team's handovers), then writing the
# processing log (the session is saved once a minute, not here), in one transaction: for
# each log a lane, its chain head, and the insert with the head's move (audit/chain.py).
PAGE_QUERIES = {"sqlite": 15, "postgresql": 15}


def _expected_queries():
    from django.db import connection

    return PAGE_QUERIES[connection.vendor]


def test_worklist_runs_a_fixed_number_of_queries(
    worker_client, membership, django_assert_num_queries
):
    factories.CaseFactory(owning_team=membership.team)
    worker_client.get("/werk/")  # the first write of the logs in a fresh database sets them up
    with django_assert_num_queries(_expected_queries()):
        worker_client.get("/werk/")
    factories.CaseFactory.create_batch(15, owning_team=membership.team)
    with django_assert_num_queries(_expected_queries()):
        response = worker_client.get("/werk/")
    assert len(response.context["worklist"]) == 16


def test_case_page_of_another_team_is_not_found(worker_client):
    case = factories.CaseFactory()
    response = worker_client.get(f"/werk/zaken/{case.pk}/")
    assert response.status_code == 404
    assert case.question_verbatim not in response.content.decode()


# The case page adds, whatever the case holds: the household, the representatives, the
# contacts with their documents (one prefetch), the notes, the confirmations, the status
# history, the facts: 8 queries on top of a plain page (the owning team needs no query to know
# it may see everything).
# The owner runs two more than a partner: the applications (entitlement signals) and the
# questions to colleagues, which a partner does not see; both run one for the handovers.
# +1 for the documents sent in from the portal (docs/messages-and-documents.md), +2 for the
# appointments and call backs (docs/appointments.md).
# +2 for the workspace header (#25): the latest support level, the consents ending soon.
# -9 (#27): the team and plan (5), appointments and call backs (2), questions to colleagues
# and the entitlement check (1 each) are read only for the section that shows them.
CASE_PAGE_QUERIES = {"sqlite": 24, "postgresql": 24}
# The team section reads the team and plan and the appointments: 7 more, whatever they hold.
TEAM_SECTION_QUERIES = {"sqlite": 31, "postgresql": 31}


def test_case_page_shows_the_question_verbatim_in_a_fixed_number_of_queries(
    worker_client, membership, django_assert_num_queries
):
    from django.db import connection

    from eenloket.cases import services as case_services
    from eenloket.core.actor import Actor

    system = Actor.system("test")
    case = factories.CaseFactory(
        owning_team=membership.team, question_verbatim="Ik snap de brief niet"
    )

    def add_contact():
        case_services.contact_record(
            case=case,
            channel="letter_received",
            direction="incoming",
            verification="not_needed",
            summary="Brief",
            actor=system,
        )
        case_services.note_add(case=case, text="Notitie", actor=system)

    add_contact()
    worker_client.get(f"/werk/zaken/{case.pk}/")
    with django_assert_num_queries(CASE_PAGE_QUERIES[connection.vendor]):
        response = worker_client.get(f"/werk/zaken/{case.pk}/")
    assert "Ik snap de brief niet" in response.content.decode()
    for _ in range(5):
        add_contact()
    with django_assert_num_queries(CASE_PAGE_QUERIES[connection.vendor]):
        response = worker_client.get(f"/werk/zaken/{case.pk}/")
    assert len(response.context["page"].timeline) == 18
    assert response.context["teamwork"] is None  # not shown on this section, not read
    team_url = f"/werk/zaken/{case.pk}/?deel=team"
    with django_assert_num_queries(TEAM_SECTION_QUERIES[connection.vendor]):
        response = worker_client.get(team_url)
    assert response.context["teamwork"].members == []
    from eenloket.teamwork.models import Member

    for _ in range(2):
        Member._base_manager.create(
            case=case, user=factories.UserFactory(), team=membership.team, role_on_case="buddy"
        )
    with django_assert_num_queries(TEAM_SECTION_QUERIES[connection.vendor]):
        response = worker_client.get(team_url)
    assert len(response.context["teamwork"].members) == 2


def test_pages_need_login(client):
    case = factories.CaseFactory()
    for url in ["/werk/", f"/werk/zaken/{case.pk}/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/werk/inloggen/")


def test_roles_without_casework_get_an_explanation_not_cases(client):
    membership = factories.MembershipFactory(role=Role.PRIVACY_OFFICER, team=None)
    factories.CaseFactory()
    log_in(client, membership.user)
    response = client.get("/werk/")
    assert response.context["worklist"] == []
    assert "werkt niet aan vragen" in response.content.decode()


def test_pages_are_in_english_when_chosen(worker_client):
    response = worker_client.post(
        "/i18n/setlang/", {"language": "en", "next": "/werk/"}, follow=True
    )
    assert "My work" in response.content.decode()
    assert response.context["LANGUAGE_CODE"] == "en"
