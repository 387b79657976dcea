"""Break-glass that cannot be abused (#23): only a team with a relation to the case, the same
"not found" for everyone else and for a case that does not exist, never what the citizen
withdrew, never the BSN; the export masks the BSN like the page."""

import datetime as dt
import json
import uuid

import pytest
from django.test import Client

from eenloket.access import break_glass, casework
from eenloket.accounts.models import Role
from eenloket.audit.models import ProcessingLogEntry
from eenloket.audit.pseudonyms import person_pseudonym
from eenloket.cases import selectors as case_selectors
from eenloket.cases import services as cases
from eenloket.consent import services as consent
from eenloket.consent.models import BreakGlassAccess
from eenloket.core import clock, crypto
from eenloket.core.actor import Actor
from eenloket.core.errors import NotFoundOrForbidden
from eenloket.directory import services as directory
from eenloket.handovers import services as handovers
from eenloket.notifications.models import Message
from eenloket.notifications.services import render
from eenloket.people import services as people
from eenloket.teamwork.models import Breakthrough, BreakthroughTable, Invitation
from eenloket.testing import factories
from eenloket.testing.fixtures import log_in

pytestmark = pytest.mark.django_db

SYSTEM = Actor.system("test")
REASON = "Mevrouw krijgt morgen een afsluiting van gas en licht"
CODE = "eviction_cutoff"
BSN = "111222333"
OUTCOME = "resolved"


def _actor(membership):
    return Actor.worker(membership.user, membership)


@pytest.fixture
def world():
    """Sandra's case at the gemeente's loket; debt counselling works on it. She gave her income
    to debt counselling and withdrew it minutes later. A Belastingdienst coordinator has
    nothing to do with her."""
    loket = factories.MembershipFactory(role=Role.FRONTLINE_WORKER)
    debt = factories.MembershipFactory(role=Role.FRONTLINE_WORKER)
    belastingdienst = factories.OrganisationFactory(name="Belastingdienst")
    bd_team = factories.TeamFactory(organisation=belastingdienst, name="Toeslagen coordinatie")
    tax = factories.MembershipFactory(role=Role.COORDINATOR, team=bd_team)
    sandra = people.person_create(
        given_names="Sandra", surname="Jansen", bsn=BSN, phone="0612345678", actor=SYSTEM
    )
    case = cases.case_open(
        person=sandra,
        question_verbatim="De energierekening is te hoog en ik kan niet betalen.",
        owning_team=loket.team,
        next_step="Energieleverancier bellen",
        next_step_due=clock.today() + dt.timedelta(days=2),
        actor=SYSTEM,
    )
    for category, label in (("income", "Bijstand"), ("debts", "Achterstand energie")):
        cases.fact_record(
            case=case,
            category=category,
            label=label,
            value="€ 900",
            as_of=clock.today(),
            source="brief",
            actor=SYSTEM,
        )
    cases.case_add_team(case=case, team=debt.team, actor=SYSTEM)
    given = consent.consent_record(
        case=case,
        recipient=debt.organisation,
        categories=["income"],
        purpose="Schulden regelen",
        valid_until=clock.today() + dt.timedelta(days=90),
        given=True,
        recorded_via="desk",
        actor=_actor(loket),
    )
    with clock.frozen(clock.now() + dt.timedelta(minutes=5)):
        consent.consent_withdraw(consent=given, via="phone", actor=_actor(loket))
    return {"loket": loket, "debt": debt, "tax": tax, "case": case, "sandra": sandra}


def _handover_to(world, team):
    point = directory.contact_point_create(
        team=team,
        name="Directe lijn Toeslagen",
        service_level_hours=8,
        phone="030 - 000 00 09",
        coordinator=world["tax"].user,
        actor=SYSTEM,
    )
    draft = handovers.handover_draft(
        case=world["case"],
        contact_point=point,
        question="Kan de toeslag snel worden aangepast?",
        why_this_organisation="Jullie gaan over de huurtoeslag.",
        asked="Pas de toeslag aan.",
        actor=_actor(world["loket"]),
    )
    return handovers.handover_send(
        handover=draft,
        actor=_actor(world["loket"]),
        reason_without_contact="Toeslagen belt haar niet; zij komt zelf langs.",
    )


def test_the_belastingdienst_coordinator_without_a_relation_gets_not_found(world):
    """The story of #23: she knows the address of a case page her team has nothing to do with."""
    tax = _actor(world["tax"])
    case = world["case"]
    with pytest.raises(NotFoundOrForbidden):
        consent.break_glass_open(case_id=case.pk, reason=REASON, reason_code=CODE, actor=tax)
    assert not BreakGlassAccess.objects.exists()
    lines = ProcessingLogEntry.objects.filter(
        data_subject_id=person_pseudonym(case.person_id), status_code="error"
    )
    reasons = [line.attributes.get("eenloket.refusal_reason") for line in lines]
    assert reasons == [break_glass.NO_RELATION]

    client = log_in(Client(), world["tax"].user)
    url = f"/werk/zaken/{case.pk}/spoedtoegang/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": REASON}).status_code == 404
    # A short reason does not tell her the case exists either (no 400 before the 404).
    assert client.post(url, {"reason": "kort"}).status_code == 404
    assert not BreakGlassAccess.objects.exists()
    assert client.get(f"/werk/zaken/{case.pk}/").status_code == 404


def test_a_case_id_that_does_not_exist_gets_not_found_also_for_a_related_worker(world):
    client = log_in(Client(), world["loket"].user)
    assert client.get(f"/werk/zaken/{world['case'].pk}/spoedtoegang/").status_code == 200
    assert client.get(f"/werk/zaken/{uuid.uuid4()}/spoedtoegang/").status_code == 404
    posted = client.post(f"/werk/zaken/{uuid.uuid4()}/spoedtoegang/", {"reason": REASON})
    assert posted.status_code == 404
    with pytest.raises(NotFoundOrForbidden):
        break_glass.case_for_break_glass(_actor(world["loket"]), "not-a-uuid")


def _invite(world, team):
    Invitation._base_manager.create(
        case=world["case"], team=team, role_on_case="Toeslagen", invited_by=world["loket"].user
    )


def _table(world, team):
    table = BreakthroughTable.objects.create(name="Doorbraaktafel Utrecht")
    table.members.add(world["tax"].user)
    Breakthrough._base_manager.create(
        case=world["case"],
        table=table,
        question="Vraag",
        blocker="Regel",
        proposal="Maatwerk",
        submitted_by=world["loket"].user,
    )


def _own_case(world, team):
    cases.case_open(
        person=world["sandra"],
        question_verbatim="Vraag over de toeslag.",
        owning_team=team,
        next_step="Bellen",
        next_step_due=clock.today() + dt.timedelta(days=2),
        actor=SYSTEM,
    )


def _on_the_case(world, team):
    cases.case_add_team(case=world["case"], team=team, actor=SYSTEM)


@pytest.mark.parametrize(
    ("make", "relation"),
    [
        (_handover_to, ("handover", "works_on_case")),
        (_invite, ("invited",)),
        (_table, ("breakthrough_table",)),
        (_own_case, ("came_to_our_desk",)),
        (_on_the_case, ("works_on_case",)),
    ],
)
def test_each_relation_to_the_case_lets_the_team_open_it(world, make, relation):
    tax = _actor(world["tax"])
    make(world, world["tax"].team)
    case, found = break_glass.case_for_break_glass(tax, world["case"].pk)
    assert found in relation
    glass = consent.break_glass_open(case_id=case.pk, reason=REASON, reason_code=CODE, actor=tax)
    assert glass.membership == world["tax"]
    # The citizen is told at once, on her own channel, by whom and why.
    told = Message.objects.get(purpose="break_glass")
    assert told.recipient_ref == str(case.person_id) and told.case_ref == str(case.pk)
    context = json.loads(crypto.decrypt(told.context_encrypted)) | {"desk_phone": "14 030"}
    _subject, body = render(told.template_key, "nl", "detail", context)
    assert "Belastingdienst" in body and REASON in body
    assert casework.case_for(tax, case.pk).disclosure.relation == "break_glass"


def test_an_ended_part_in_the_case_is_no_relation(world):
    _on_the_case(world, world["tax"].team)
    cases.case_end_team(case=world["case"], team=world["tax"].team, reason="left", actor=SYSTEM)
    with pytest.raises(NotFoundOrForbidden):
        break_glass.case_for_break_glass(_actor(world["tax"]), world["case"].pk)


def test_a_closed_case_of_the_person_at_our_desk_is_no_relation(world):
    _own_case(world, world["tax"].team)
    own = casework.visible_cases(_actor(world["tax"])).get()
    cases.case_close(case=own, outcome=OUTCOME, actor=_actor(world["tax"]))
    with pytest.raises(NotFoundOrForbidden):
        break_glass.case_for_break_glass(_actor(world["tax"]), world["case"].pk)


def _facts(actor, case):
    page = case_selectors.case_page(actor=actor, case_id=case.pk)
    return {fact.label for fact in page.facts}, page


def test_break_glass_never_shows_the_income_she_withdrew_nor_the_bsn(world):
    tax = _actor(world["tax"])
    case = world["case"]
    _handover_to(world, world["tax"].team)
    consent.break_glass_open(case_id=case.pk, reason=REASON, reason_code=CODE, actor=tax)
    labels, page = _facts(tax, case)
    assert labels == {"Achterstand energie"}
    assert not page.disclosure.allows("income")
    assert not page.disclosure.allows("identity")
    assert page.bsn_masked == ""
    export = case_selectors.case_export(actor=tax, case_id=case.pk, asked=[])
    assert "bsn" not in export["person"] and "bsn_masked" not in export["person"]
    assert [fact["what"] for fact in export["facts"]] == ["Achterstand energie"]
    with pytest.raises(NotFoundOrForbidden):
        case_selectors.case_export(actor=tax, case_id=case.pk, asked=["income"])
    # The owning loket still sees the income: its own task, not a consent.
    assert _facts(_actor(world["loket"]), case)[0] == {"Bijstand", "Achterstand energie"}


def test_income_given_again_after_the_withdrawal_is_shown_by_break_glass(world):
    case = world["case"]
    with clock.frozen(clock.now() + dt.timedelta(minutes=10)):  # after the withdrawal
        consent.consent_record(
            case=case,
            recipient=world["debt"].organisation,
            categories=["income"],
            purpose="Schulden regelen, opnieuw",
            valid_until=clock.today() + dt.timedelta(days=90),
            given=True,
            recorded_via="desk",
            actor=_actor(world["loket"]),
        )
    assert "income" not in break_glass.refused_categories(case)
    tax = _actor(world["tax"])
    _on_the_case(world, world["tax"].team)
    consent.break_glass_open(case_id=case.pk, reason=REASON, reason_code=CODE, actor=tax)
    assert "Bijstand" in _facts(tax, case)[0]


def test_a_declined_category_is_refused_too(world):
    case = world["case"]
    consent.consent_record(
        case=case,
        recipient=world["debt"].organisation,
        categories=["housing"],
        purpose="Woning zoeken",
        valid_until=clock.today() + dt.timedelta(days=90),
        given=False,
        recorded_via="desk",
        actor=_actor(world["loket"]),
    )
    assert break_glass.refused_categories(case) == {"income", "housing"}


def test_the_export_masks_the_bsn_like_the_page_and_shows_it_only_when_asked(world):
    case = world["case"]
    client = log_in(Client(), world["loket"].user)
    export = client.get(f"/werk/zaken/{case.pk}/export.json").json()
    assert "bsn" not in export["person"]
    assert export["person"]["bsn_masked"].endswith(BSN[-3:])
    assert BSN not in str(export)
    before = ProcessingLogEntry.objects.filter(activity_key="person-bsn-view").count()
    shown = client.get(f"/werk/zaken/{case.pk}/export.json?bsn=toon").json()
    assert shown["person"]["bsn"] == BSN
    assert ProcessingLogEntry.objects.filter(activity_key="person-bsn-view").count() == before + 1


def test_a_role_that_may_not_see_the_bsn_cannot_ask_it_in_the_export(world):
    partner = factories.MembershipFactory(role=Role.PARTNER_WORKER, team=world["loket"].team)
    with pytest.raises(NotFoundOrForbidden):
        case_selectors.case_export(
            actor=_actor(partner), case_id=world["case"].pk, asked=[], show_bsn=True
        )
    export = case_selectors.case_export(actor=_actor(partner), case_id=world["case"].pk, asked=[])
    assert "bsn" not in export["person"] and export["person"]["bsn_masked"]
