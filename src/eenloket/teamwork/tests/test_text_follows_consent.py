"""Free text follows consent (issue #20, decision 0039): a plan action, a team note or the next
step written by the owning team reaches another team only when that team may see what the text
is about, or when it was written for everyone on the case; what it may not read is counted."""

import datetime as dt

import pytest

from eenloket.access import casework
from eenloket.access.disclosure import ABOUT_TEAM
from eenloket.accounts.models import Role
from eenloket.cases import selectors as case_selectors
from eenloket.cases import services as cases
from eenloket.consent import services as consent
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.teamwork import selectors, services
from eenloket.testing import factories

SYSTEM = Actor.system("test")
pytestmark = pytest.mark.django_db


def _actor(membership):
    return Actor.worker(membership.user, membership)


@pytest.fixture
def world():
    """Scenario 04: Kees's case at the loket; the Bbz bureau consented to for his household
    only (not his income or his debts); the tax collectors for his debts."""
    loket = factories.MembershipFactory(role=Role.COORDINATOR, team__purpose="intake")
    bbz = factories.MembershipFactory(
        role=Role.PARTNER_WORKER, team__purpose="self_employed_support"
    )
    tax = factories.MembershipFactory(role=Role.PARTNER_WORKER, team__purpose="tax_collection")
    case = cases.case_open(
        person=factories.PersonFactory(channels_preferred=["letter"]),
        question_verbatim="Mijn bakkerij loopt vast.",
        owning_team=loket.team,
        coordinator=loket.user,
        next_step="Belastingschuld regelen met de Belastingdienst",
        next_step_due=clock.today() + dt.timedelta(days=2),
        actor=SYSTEM,
    )
    for member, categories in ((bbz, ["household", "case_notes"]), (tax, ["debts"])):
        consent.consent_record(
            case=case,
            recipient_team=member.team,
            categories=categories,
            purpose="Samen een plan maken voor de bakkerij",
            valid_until=clock.today() + dt.timedelta(days=90),
            given=True,
            recorded_via="desk",
            actor=_actor(loket),
        )
        cases.case_add_team(case=case, team=member.team, actor=SYSTEM)
    return {"case": case, "loket": _actor(loket), "bbz": _actor(bbz), "tax": _actor(tax)}


def _write(world):
    owner = world["loket"]
    due = clock.today() + dt.timedelta(days=7)
    services.action_add(
        case=world["case"],
        what="Belastingschuld regelen",
        owner_kind="worker",
        owner_user=owner.user,
        due_on=due,
        about="debts",
        actor=owner,
    )
    services.action_add(  # addressed to the Bbz team: it is theirs to do, so they read it
        case=world["case"],
        what="Bbz-aanvraag beoordelen",
        owner_kind="organisation",
        owner_team=world["bbz"].membership.team,
        due_on=due,
        actor=owner,
    )
    services.team_note_add(case=world["case"], text="belastingschuld regelen", actor=owner)
    services.team_note_add(
        case=world["case"], text="Overleg dinsdag om 10 uur", about=ABOUT_TEAM, actor=owner
    )
    services.team_note_add(
        case=world["case"], text="Huishouden: partner werkt 12 uur", about="household", actor=owner
    )


def _read(world, who):
    case = casework.case_for(world[who], world["case"].pk)
    return selectors.of_case(case, world[who])


def test_the_bbz_worker_does_not_read_the_owners_text_about_the_tax_debt(world):
    _write(world)
    bbz = _read(world, "bbz")
    assert [a.what for a in bbz.actions] == ["Bbz-aanvraag beoordelen"]
    assert bbz.actions_withheld == 1
    assert sorted(n.text for n in bbz.notes) == [
        "Huishouden: partner werkt 12 uur",
        "Overleg dinsdag om 10 uur",
    ]
    assert bbz.notes_withheld == 1  # "belastingschuld regelen", which says nothing of its topic
    text = " ".join([*(a.what for a in bbz.actions), *(n.text for n in bbz.notes)])
    assert "elastingschuld" not in text


def test_the_tax_collector_reads_what_is_about_debts_and_the_loket_reads_everything(world):
    _write(world)
    tax = _read(world, "tax")
    assert [a.what for a in tax.actions] == ["Belastingschuld regelen"]
    assert [n.text for n in tax.notes] == ["Overleg dinsdag om 10 uur"]
    loket = _read(world, "loket")
    assert len(loket.actions) == 2 and len(loket.notes) == 3
    assert loket.actions_withheld == loket.notes_withheld == 0


def test_a_team_always_reads_its_own_text(world):
    invitation = services.member_invite(
        case=world["case"],
        team=world["bbz"].membership.team,
        user=world["bbz"].user,
        role_on_case="Bbz-consulent",
        actor=world["loket"],
    )
    services.invitation_answer(invitation=invitation, accept=True, actor=world["bbz"])
    services.team_note_add(case=world["case"], text="Jaaropgaven opgevraagd", actor=world["bbz"])
    assert [n.text for n in _read(world, "bbz").notes] == ["Jaaropgaven opgevraagd"]
    assert _read(world, "tax").notes_withheld == 1


def test_the_owners_next_step_and_summary_are_not_exported_to_another_team(world):
    export = case_selectors.case_export(actor=world["bbz"], case_id=world["case"].pk, asked=[])
    assert export["question"] == "Mijn bakkerij loopt vast."  # case_notes was consented to
    assert "next_step" not in export and "summary" not in export
    owner = case_selectors.case_export(actor=world["loket"], case_id=world["case"].pk, asked=[])
    assert owner["next_step"]["what"].startswith("Belastingschuld")


def test_the_worklist_shows_the_next_step_to_the_owning_team_only(world):
    bbz = casework.read_cases(world["bbz"], activity="case-worklist")
    assert [c.next_step_visible for c in bbz] == [False]
    loket = casework.read_cases(world["loket"], activity="case-worklist")
    assert [c.next_step_visible for c in loket] == [True]


def test_an_unknown_topic_is_refused(world):
    with pytest.raises(DomainError):
        services.team_note_add(
            case=world["case"], text="Iets", about="everything", actor=world["loket"]
        )
