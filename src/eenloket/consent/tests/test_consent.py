"""Consent, statutory bases and break-glass at the policy point: scenarios 01 and 06."""

import datetime as dt
import json

import pytest
from django.utils import translation

from eenloket.access import break_glass, casework
from eenloket.access import who_looked as who_looked_rules
from eenloket.accounts.models import Role
from eenloket.audit.models import ProcessingLogEntry
from eenloket.audit.pseudonyms import person_pseudonym
from eenloket.cases import selectors as case_selectors
from eenloket.cases import services as cases
from eenloket.consent import receipts
from eenloket.consent import services as consent
from eenloket.consent.models import Consent, ConsentState
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError, NotFoundOrForbidden
from eenloket.notifications.models import Message
from eenloket.people import services as people
from eenloket.testing import factories

pytestmark = pytest.mark.django_db

SYSTEM = Actor.system("test")


def _worker(team, role=Role.FRONTLINE_WORKER):
    membership = factories.MembershipFactory(team=team, role=role)
    return Actor.worker(membership.user, membership)


@pytest.fixture
def world():
    """Sandra's case at the loket, with facts, and two partner organisations on it."""
    loket = factories.TeamFactory(name="Loket")
    debt = factories.TeamFactory(name="Schuldhulp")
    cjib = factories.TeamFactory(name="CJIB klantcontact")
    sandra = people.person_create(
        given_names="Sandra",
        surname="Jansen",
        phone="0612345678",
        address_kind="residential",
        street_and_number="Kanaalstraat 1",
        postal_code="3531 AA",
        city="Utrecht",
        channels_preferred=["letter"],
        actor=SYSTEM,
    )
    case = cases.case_open(
        person=sandra,
        question_verbatim="Ik heb geen werk meer en de brieven stapelen zich op.",
        owning_team=loket,
        next_step="Schuldhulp inschakelen",
        next_step_due=clock.today() + dt.timedelta(days=3),
        actor=SYSTEM,
    )
    today = clock.today()
    facts = {
        "ww": cases.fact_record(
            case=case,
            category="income",
            label="WW-uitkering",
            value="sinds 1 november",
            as_of=today,
            source="beschikking UWV",
            actor=SYSTEM,
        ),
        "fine": cases.fact_record(
            case=case,
            category="justice",
            label="CJIB-kenmerk",
            value="CJIB 1234 5678 9012",
            as_of=today,
            source="brief CJIB",
            actor=SYSTEM,
        ),
        "debt": cases.fact_record(
            case=case,
            category="debts",
            label="Huurachterstand",
            value="2 maanden",
            as_of=today,
            source="brief verhuurder",
            actor=SYSTEM,
        ),
    }
    for team in (debt, cjib):
        cases.case_add_team(case=case, team=team, actor=SYSTEM)
    return {
        "case": case,
        "loket": _worker(loket),
        "debt": _worker(debt),
        "cjib": _worker(cjib),
        "debt_org": debt.organisation,
        "cjib_org": cjib.organisation,
        "facts": facts,
    }


def _give(world, recipient, *, categories=(), items=(), until_days=180, **extra):
    return consent.consent_record(
        case=world["case"],
        recipient=recipient,
        categories=categories,
        items=items,
        purpose="Schulden samen regelen",
        valid_until=clock.today() + dt.timedelta(days=until_days),
        given=True,
        recorded_via="desk",
        actor=world["loket"],
        **extra,
    )


def _seen_facts(actor, case):
    page = case_selectors.case_page(actor=actor, case_id=case.pk)
    return {fact.label for fact in page.facts}, page


def test_the_owning_team_sees_everything_a_partner_only_the_name_without_a_basis(world):
    case = world["case"]
    labels, page = _seen_facts(world["loket"], case)
    assert labels == {"WW-uitkering", "CJIB-kenmerk", "Huurachterstand"}
    assert page.bsn_masked == "" and page.disclosure.full

    labels, page = _seen_facts(world["debt"], case)
    assert labels == set()
    assert set(page.disclosure.bases) == {"name"}
    # "more exists", not what: contact, the question, income, justice, debts
    assert page.withheld == 5


def test_scenario_01_contact_and_income_to_debt_counselling_name_and_fine_to_the_cjib(world):
    case = world["case"]
    _give(world, world["debt_org"], categories=["contact", "income"])
    fine = world["facts"]["fine"]
    _give(world, world["cjib_org"], items=[f"fact:{fine.pk}"])

    labels, page = _seen_facts(world["debt"], case)
    assert labels == {"WW-uitkering"}
    assert page.disclosure.allows("contact") and not page.disclosure.allows("debts")
    export = case_selectors.case_export(actor=world["debt"], case_id=case.pk, asked=[])
    assert export["person"]["phone"] == "0612345678"
    assert [f["what"] for f in export["facts"]] == ["WW-uitkering"]
    assert "question" not in export

    labels, page = _seen_facts(world["cjib"], case)
    assert labels == {"CJIB-kenmerk"}  # one fact of a special category, shared as an item
    export = case_selectors.case_export(actor=world["cjib"], case_id=case.pk, asked=[])
    assert export["person"] == {"name": "Sandra Jansen", "birth_date": None}
    assert [f["value"] for f in export["facts"]] == ["CJIB 1234 5678 9012"]
    with pytest.raises(NotFoundOrForbidden):
        case_selectors.case_export(actor=world["cjib"], case_id=case.pk, asked=["contact"])


def test_scenario_06_withdrawal_stops_every_read_at_once_and_the_refusal_is_visible(world):
    case = world["case"]
    given = _give(world, world["debt_org"], categories=["income"])
    labels, _page = _seen_facts(world["debt"], case)
    assert labels == {"WW-uitkering"}

    consent.consent_withdraw(consent=given, via="phone", actor=world["loket"])
    labels, _page = _seen_facts(world["debt"], case)
    assert labels == set()
    export = case_selectors.case_export(actor=world["debt"], case_id=case.pk, asked=[])
    assert export["facts"] == [] and "income" in export["not_shared"]
    with pytest.raises(NotFoundOrForbidden):
        case_selectors.case_export(actor=world["debt"], case_id=case.pk, asked=["income"])

    with translation.override("en"):
        accesses = who_looked_rules.who_looked(person_id=case.person_id)
    refused = [a for a in accesses if a.refused]
    assert len(refused) == 1
    assert refused[0].what == ["income and benefits"]
    assert refused[0].organisation == world["debt_org"].name
    by_consent = [a for a in accesses if "your consent" in a.basis]
    assert by_consent, "the read under consent names the consent as its basis"
    # The citizen got a receipt of the consent and one of the withdrawal.
    receipts_sent = Message.objects.filter(purpose="consent_receipt", recipient_ref=case.person_id)
    assert receipts_sent.count() == 2


def test_a_consent_ends_on_its_date_without_waiting_for_the_job(world):
    case = world["case"]
    _give(world, world["debt_org"], categories=["income"], until_days=10)
    with clock.frozen(clock.now() + dt.timedelta(days=11)):
        labels, _page = _seen_facts(world["debt"], case)
        assert labels == set()
        assert consent.consents_expire() == 1
        assert consent.consents_expire() == 0
    assert Consent.objects.get().state == ConsentState.EXPIRED


def test_special_categories_need_an_explicit_separate_yes(world):
    with pytest.raises(DomainError) as refused:
        _give(world, world["cjib_org"], categories=["justice"])
    assert refused.value.field == "explicit_special"
    _give(world, world["cjib_org"], categories=["justice"], explicit_special=True)
    labels, _page = _seen_facts(world["cjib"], world["case"])
    assert labels == {"CJIB-kenmerk"}


def test_a_declined_or_asked_consent_shares_nothing_and_changes_nothing_else(world):
    case = world["case"]
    for given in (False, None):
        consent.consent_record(
            case=case,
            recipient=world["debt_org"],
            categories=["income"],
            purpose="Schulden samen regelen",
            valid_until=clock.today() + dt.timedelta(days=30),
            given=given,
            recorded_via="desk",
            actor=world["loket"],
        )
    labels, _page = _seen_facts(world["debt"], case)
    assert labels == set()
    assert casework.case_for(world["debt"], case.pk) == case  # help goes on


def test_the_bsn_needs_a_law_and_a_law_makes_consent_unnecessary(world):
    case = world["case"]
    with pytest.raises(DomainError) as refused:
        _give(world, world["debt_org"], categories=["identity"])
    assert refused.value.field == "categories" and "BSN" in refused.value.message
    consent.statutory_basis_add(
        recipient=world["debt_org"],
        categories=["identity", "income", "debts"],
        purpose="Schuldhulpverlening",
        legal_reference="Wet gemeentelijke schuldhulpverlening art. 7",
        source_url="https://wetten.overheid.nl/BWBR0031343",
        valid_from=clock.today(),
        actor=SYSTEM,
    )
    with pytest.raises(DomainError) as not_needed:
        _give(world, world["debt_org"], categories=["income"])
    assert "Wet gemeentelijke schuldhulpverlening" in not_needed.value.message
    labels, page = _seen_facts(world["debt"], case)
    assert labels == {"WW-uitkering", "Huurachterstand"}
    assert page.disclosure.bases["identity"].startswith("statute:")


def test_a_representative_decides_only_within_scope_and_period(world):
    case = world["case"]
    peter = people.person_create(surname="Jansen", given_names="Peter", actor=SYSTEM)
    expired = people.representation_create(
        represented=case.person,
        representative=peter,
        kind="family",
        matters=["financial"],
        basis="written_authorisation",
        valid_from=clock.today() - dt.timedelta(days=60),
        valid_until=clock.today() - dt.timedelta(days=1),
        actor=SYSTEM,
    )
    with pytest.raises(DomainError) as refused:
        _give(world, world["debt_org"], categories=["income"], representation=expired)
    assert refused.value.field == "representation"


def test_an_ended_team_part_ends_access(world):
    case = world["case"]
    _give(world, world["debt_org"], categories=["income"])
    cases.case_end_team(
        case=case, team=world["debt"].membership.team, reason="completed", actor=SYSTEM
    )
    with pytest.raises(NotFoundOrForbidden):
        casework.case_for(world["debt"], case.pk)


def test_the_receipt_carries_the_kantara_and_iso_fields_and_its_signature_checks(world):
    given = _give(world, world["debt_org"], categories=["contact", "income"])
    given.refresh_from_db()
    receipt = receipts.receipt(given)
    for key in (
        "version",
        "jurisdiction",
        "consentTimestamp",
        "collectionMethod",
        "consentReceiptID",
        "language",
        "piiPrincipalId",
        "piiControllers",
        "policyUrl",
        "services",
        "sensitive",
        "spiCat",
    ):
        assert key in receipt
    purpose = receipt["services"][0]["purposes"][0]
    assert purpose["thirdPartyName"] == world["debt_org"].name
    assert purpose["termination"] == given.valid_until.isoformat()
    assert receipt["iso27560"]["events"][-1]["state"] == "given"
    token = receipts.signed(given)
    assert receipts.verify(token) == json.loads(json.dumps(receipt))
    header, _payload, signature = token.split(".")
    tampered = receipts._b64(json.dumps(receipt | {"jurisdiction": "BE"}).encode())
    assert receipts.verify(f"{header}.{tampered}.{signature}") is None
    assert given.receipt_message is not None
    assert given.receipt_message.channels[0] == "letter"


def test_break_glass_is_for_named_roles_with_a_reason_for_one_hour_and_is_reviewed(world):
    case = world["case"]
    stranger = _worker(factories.TeamFactory())
    partner = _worker(factories.TeamFactory(), role=Role.PARTNER_WORKER)
    # Without a relation to the case, not even a named role may (#23: "not found").
    with pytest.raises(NotFoundOrForbidden):
        consent.break_glass_open(
            case_id=case.pk, reason="x" * 30, reason_code="danger", actor=stranger
        )
    # Sandra comes to the stranger's own desk with another question: now there is a relation.
    cases.case_open(
        person=case.person,
        question_verbatim="Een andere vraag aan deze balie.",
        owning_team=stranger.membership.team,
        next_step="Bellen",
        next_step_due=clock.today() + dt.timedelta(days=2),
        actor=SYSTEM,
    )
    with pytest.raises(NotFoundOrForbidden):
        consent.break_glass_open(
            case_id=case.pk, reason="x" * 30, reason_code="danger", actor=partner
        )
    with pytest.raises(DomainError):
        consent.break_glass_open(
            case_id=case.pk, reason="urgent", reason_code="danger", actor=stranger
        )
    with pytest.raises(NotFoundOrForbidden):
        casework.case_for(stranger, case.pk)
    glass = consent.break_glass_open(
        case_id=case.pk,
        reason="Mevrouw staat aan de balie zonder onderdak",
        reason_code="danger",
        actor=stranger,
    )
    seen = casework.case_for(stranger, case.pk)
    assert seen.disclosure.relation == "break_glass"
    line = ProcessingLogEntry.objects.filter(
        data_subject_id=person_pseudonym(case.person_id)
    ).latest("position")
    assert line.attributes["eenloket.bases"]["name"] == "break_glass"
    with clock.frozen(clock.now() + dt.timedelta(minutes=61)), pytest.raises(NotFoundOrForbidden):
        casework.case_for(stranger, case.pk)

    officer = Actor.worker(
        (m := factories.MembershipFactory(role=Role.PRIVACY_OFFICER, team=None)).user, m
    )
    assert [a.pk for a in break_glass.break_glass_reviews(officer)] == [glass.pk]
    with pytest.raises(NotFoundOrForbidden):
        break_glass.break_glass_reviews(stranger)
    with pytest.raises(DomainError):
        consent.break_glass_review(access=glass, justified=False, note=" ", actor=officer)
    consent.break_glass_review(access=glass, justified=True, note="", actor=officer)
    with pytest.raises(DomainError):
        consent.break_glass_review(access=glass, justified=True, note="", actor=officer)


def test_anyone_can_check_a_receipt_with_the_published_public_key(world):
    """`eenloket audit public-key` prints the key; with it alone, a receipt's JWS checks out."""
    import base64
    import io

    from cryptography.hazmat.primitives.serialization import load_pem_public_key
    from django.core.management import call_command

    given = _give(world, world["debt_org"], categories=["income"])
    out = io.StringIO()
    call_command("audit", "public-key", stdout=out)
    pem = out.getvalue().split("\n", 1)[1].encode()
    header, payload, signature = receipts.signed(given).split(".")
    raw = base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4))
    load_pem_public_key(pem).verify(raw, f"{header}.{payload}".encode())  # raises if wrong
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert claims["consentReceiptID"] == str(given.pk)


def test_a_partner_worklist_shows_the_name_but_the_next_step_only_on_a_basis(world):
    listed = case_selectors.worklist(actor=world["debt"])
    assert [c.pk for c in listed] == [world["case"].pk]
    assert listed[0].notes_visible is False
    assert case_selectors.worklist(actor=world["loket"])[0].notes_visible is True
    _give(world, world["debt_org"], categories=["case_notes"])
    assert case_selectors.worklist(actor=world["debt"])[0].notes_visible is True
    assert case_selectors.worklist(actor=world["cjib"])[0].notes_visible is False


def test_an_asked_consent_is_answered_once_and_special_categories_need_the_explicit_yes(world):
    asked = consent.consent_record(
        case=world["case"],
        recipient=world["debt_org"],
        categories=["income"],
        purpose="Schulden samen regelen",
        valid_until=clock.today() + dt.timedelta(days=30),
        given=None,
        recorded_via="desk",
        actor=world["loket"],
    )
    assert _seen_facts(world["debt"], world["case"])[0] == set()
    consent.consent_decide(consent=asked, given=True, recorded_via="phone", actor=world["loket"])
    assert _seen_facts(world["debt"], world["case"])[0] == {"WW-uitkering"}
    with pytest.raises(DomainError):
        consent.consent_decide(consent=asked, given=False, recorded_via="phone", actor=SYSTEM)
    special = consent.consent_record(
        case=world["case"],
        recipient=world["cjib_org"],
        categories=["justice"],
        purpose="Betalingsregeling voor de boete",
        valid_until=clock.today() + dt.timedelta(days=30),
        given=None,
        recorded_via="desk",
        actor=world["loket"],
    )
    with pytest.raises(DomainError) as refused:
        consent.consent_decide(consent=special, given=True, recorded_via="desk", actor=SYSTEM)
    assert refused.value.field == "explicit_special"


def _consent_in(world, state):
    """A consent in ``state``, reached through the services."""
    asked = consent.consent_record(
        case=world["case"],
        recipient=world["debt_org"],
        categories=["income"],
        purpose="Schulden samen regelen",
        valid_until=clock.today() + dt.timedelta(days=30),
        given=None,
        recorded_via="desk",
        actor=world["loket"],
    )
    if state == ConsentState.REQUESTED:
        return asked
    decided = consent.consent_decide(
        consent=asked,
        given=state != ConsentState.DECLINED,
        recorded_via="desk",
        actor=world["loket"],
    )
    if state == ConsentState.WITHDRAWN:
        return consent.consent_withdraw(consent=decided, via="desk", actor=world["loket"])
    if state == ConsentState.EXPIRED:
        with clock.frozen(clock.now() + dt.timedelta(days=31)):
            assert consent.consents_expire() == 1
        decided.refresh_from_db()
    return decided


def _ask_for(world, item, target):
    if target in (ConsentState.GIVEN, ConsentState.DECLINED):
        given = target == ConsentState.GIVEN
        return consent.consent_decide(
            consent=item, given=given, recorded_via="desk", actor=world["loket"]
        )
    if target == ConsentState.WITHDRAWN:
        return consent.consent_withdraw(consent=item, via="desk", actor=world["loket"])
    return None  # expiry is the job's alone, below


@pytest.mark.parametrize(
    ("source", "target"),
    [
        (s, t)
        for s in ConsentState.values
        for t in (ConsentState.GIVEN, ConsentState.DECLINED, ConsentState.WITHDRAWN)
        if s != t
    ],
)
def test_a_consent_moves_exactly_as_its_table_says(world, source, target):
    """consent/states.py: asked → given or declined; given → withdrawn or expired; nothing
    else, and the timestamps follow (decided_at on an answer, ended_at on an end)."""
    from eenloket.consent.states import MACHINE

    item = _consent_in(world, source)
    if MACHINE.move(source, target) is None:
        with pytest.raises(DomainError):
            _ask_for(world, item, target)
        item.refresh_from_db()
        assert item.state == source
        return
    moved = _ask_for(world, item, target)
    moved.refresh_from_db()
    assert moved.state == target
    assert moved.decided_at is not None
    assert (moved.ended_at is not None) == (target == ConsentState.WITHDRAWN)


def test_the_expiry_job_ends_only_given_consents_once(world):
    given = _consent_in(world, ConsentState.GIVEN)
    _consent_in(world, ConsentState.WITHDRAWN)
    with clock.frozen(clock.now() + dt.timedelta(days=31)):
        assert consent.consents_expire() == 1
        assert consent.consents_expire() == 0
    given.refresh_from_db()
    assert given.state == ConsentState.EXPIRED and given.ended_at is not None
