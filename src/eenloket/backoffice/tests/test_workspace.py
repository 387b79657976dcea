"""The case workspace (#25): the actions it offers follow the case's state and what the
organisation may see (one function decides); the header says what needs attention; each
section is reachable on its own; forms open on demand and work without JavaScript."""

import datetime as dt

import pytest

from eenloket.backoffice import workspace
from eenloket.cases.models import CaseStatus
from eenloket.core import clock
from eenloket.testing import factories

pytestmark = pytest.mark.django_db


class _Disclosure:
    def __init__(self, bases, full=True):
        self.bases = {b: "owner" for b in bases}
        self.full = full


OWNER = _Disclosure(["case_notes", "contact", "identity", "household", "health"])
PARTNER = _Disclosure(["income"], full=False)


def _case(status, **fields):
    defaults = {"status": status}
    if status == CaseStatus.ON_HOLD:
        defaults |= {"hold_reason": "waiting_on_citizen"}
    if status == CaseStatus.CLOSED:
        defaults |= {"outcome": "resolved", "closed_at": clock.now()}
    return factories.CaseFactory.build(**(defaults | fields))


@pytest.mark.parametrize(
    ("status", "offered", "not_offered"),
    [
        (
            CaseStatus.OPEN,
            {"record_contact", "hand_over", "hold", "close", "edit", "write_citizen"},
            {"resume"},
        ),
        (CaseStatus.ON_HOLD, {"record_contact", "resume", "close"}, {"hold", "hand_over"}),
        (
            CaseStatus.CLOSED,
            {"resume", "add_note"},
            {"record_contact", "hand_over", "hold", "close", "edit", "write_citizen", "plan"},
        ),
    ],
)
def test_the_workspace_offers_only_what_the_state_allows(status, offered, not_offered):
    actor = factories.MembershipFactory()
    from eenloket.core.actor import Actor

    allowed = workspace.allowed_actions(
        case=_case(status), actor=Actor.worker(actor.user, actor), disclosure=OWNER
    )
    assert offered <= allowed, offered - allowed
    assert not (not_offered & allowed), not_offered & allowed


def test_a_partner_is_offered_no_action_on_what_it_may_not_see():
    from eenloket.core.actor import Actor

    membership = factories.MembershipFactory()
    allowed = workspace.allowed_actions(
        case=_case(CaseStatus.OPEN),
        actor=Actor.worker(membership.user, membership),
        disclosure=PARTNER,
    )
    assert not ({"edit", "hand_over", "hold", "close", "write_citizen", "consent"} & allowed)
    assert {"record_contact", "add_note"} <= allowed


def test_the_header_warns_about_a_late_step_a_late_handover_and_a_consent_ending_soon():
    case = _case(CaseStatus.OPEN, next_step_due=clock.today() - dt.timedelta(days=1))

    class Late:
        overdue = True

        class contact_point:
            name = "Directe lijn WW"

    class Ending:
        state = "given"
        valid_until = clock.today() + dt.timedelta(days=3)
        recipient_name = "Klantcontact, Mitros"

    glance = workspace.glance(
        case=case, handovers=[Late()], consents=[Ending()], support_level="Intensief"
    )
    text = " ".join(glance.warnings)
    late_on = (clock.today() - dt.timedelta(days=1)).strftime("%d-%m-%Y")
    assert late_on in text and "Directe lijn WW" in text and "Mitros" in text
    assert len(glance.warnings) == 3 and glance.support_level == "Intensief"


def test_each_section_is_its_own_page_and_actions_open_as_pages_without_javascript(
    worker_client, membership
):
    case = factories.CaseFactory(owning_team=membership.team, coordinator=membership.user)
    url = f"/werk/zaken/{case.pk}/"
    for key in workspace.SECTIONS:
        response = worker_client.get(f"{url}?deel={key}")
        assert response.status_code == 200 and response.context["section"] == key
    page = worker_client.get(url).content.decode()
    contact = f"/werk/zaken/{case.pk}/contact/"
    # A plain link (no JavaScript) that htmx turns into a panel on the same page.
    assert f'href="{contact}"' in page and f'hx-get="{contact}"' in page
    assert 'hx-target="#workspace-panel"' in page
    form = worker_client.get(contact).content.decode()
    assert f'action="{contact}"' in form  # posts to itself, also from inside the panel
    assert worker_client.get(f"{url}?deel=nope").context["section"] == "dossier"


def test_a_closed_case_offers_no_contact_and_no_handover(worker_client, membership):
    case = factories.CaseFactory(
        owning_team=membership.team,
        coordinator=membership.user,
        status=CaseStatus.CLOSED,
        outcome="resolved",
        closed_at=clock.now(),
    )
    page = worker_client.get(f"/werk/zaken/{case.pk}/").content.decode()
    assert f"/werk/zaken/{case.pk}/contact/" not in page
    assert f"/werk/zaken/{case.pk}/overdragen/" not in page
    assert f"/werk/zaken/{case.pk}/status/open/" in page
