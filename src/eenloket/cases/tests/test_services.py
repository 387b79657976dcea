"""Cases at the service layer: the next-step rule, the state machine, concurrency, contacts
with verification, documents and confirmations, notes."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from eenloket.audit.models import AuditEntry
from eenloket.cases import services as cases
from eenloket.cases.models import (
    Case,
    CaseStatus,
    CaseStatusChange,
    Confirmation,
    ConfirmationState,
    SummaryState,
)
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.people import services as people
from eenloket.testing import factories
from eenloket.testing.pdf import pdf_text

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("test")
PDF = b"%PDF-1.7\n1 0 obj\n"


def _case(**fields):
    values = {
        "person": factories.PersonFactory(),
        "question_verbatim": "Ik heb geen werk meer en de brieven stapelen zich op.",
        "owning_team": factories.TeamFactory(),
        "next_step": "Samen de WW-aanvraag doen",
        "next_step_due": clock.today() + dt.timedelta(days=1),
        "actor": SYSTEM,
    } | fields
    return cases.case_open(**values)


def test_case_open_keeps_the_question_life_events_and_needs_and_starts_the_history():
    case = _case(life_events=["job_loss", "debts", "job_loss"], needs=["income"])
    assert case.life_events == ["job_loss", "debts"]
    assert case.question_verbatim == "Ik heb geen werk meer en de brieven stapelen zich op."
    assert CaseStatusChange.objects.get(case=case).to_status == CaseStatus.OPEN
    assert AuditEntry.objects.filter(action="case_open", object_id=str(case.pk)).exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"question_verbatim": "  "}, "question"),
        ({"next_step": ""}, "next_step"),
        ({"next_step_due": None}, "next_step_due"),
        ({"life_events": ["lottery_win"]}, "life_events"),
        ({"needs": ["yacht"]}, "needs"),
    ],
)
def test_case_open_refuses_and_names_the_field(fields, field):
    with pytest.raises(DomainError) as refused:
        _case(**fields)
    assert refused.value.field == field


class TestNextStepRule(HypothesisTestCase):
    @given(step=st.text(max_size=20), has_due=st.booleans())
    def test_an_open_case_never_loses_its_dated_next_step(self, step, has_due):
        case = _case()
        due = clock.today() if has_due else None
        valid = bool(step.strip()) and has_due and "\x00" not in step
        try:
            cases.case_update(
                case=case,
                expected_version=case.version,
                next_step=step,
                next_step_due=due,
                actor=SYSTEM,
            )
        except DomainError:
            assert not valid
        else:
            assert valid
        case.refresh_from_db()
        assert case.next_step.strip() and case.next_step_due is not None


def test_the_database_also_refuses_an_open_case_without_next_step():
    case = _case()
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(next_step="")


# (from, to, allowed)
TRANSITIONS = [
    ("open", "on_hold", True),
    ("open", "closed", True),
    ("on_hold", "open", True),
    ("on_hold", "closed", True),
    ("closed", "open", True),
    ("closed", "on_hold", False),
]


def _move(case, to):
    if to == "on_hold":
        return cases.case_hold(case=case, reason="waiting_on_citizen", actor=SYSTEM)
    if to == "closed":
        return cases.case_close(case=case, outcome="resolved", actor=SYSTEM)
    return cases.case_resume(
        case=case, next_step="Bellen", next_step_due=clock.today(), actor=SYSTEM
    )


@pytest.mark.parametrize(("start", "to", "allowed"), TRANSITIONS)
def test_state_machine_allows_only_the_table(start, to, allowed):
    case = _case()
    if start != "open":
        case = _move(case, start)
    if allowed:
        moved = _move(case, to)
        assert moved.status == to
        assert CaseStatusChange.objects.filter(case=case, to_status=to).exists()
        assert AuditEntry.objects.filter(action=f"case_{to}", object_id=str(case.pk)).exists()
    else:
        with pytest.raises(DomainError):
            _move(case, to)


def test_asking_for_the_current_state_is_a_no_op():
    case = _case()
    held = cases.case_hold(case=case, reason="waiting_on_citizen", actor=SYSTEM)
    again = cases.case_hold(case=held, reason="other", actor=SYSTEM)
    assert again.version == held.version
    assert again.hold_reason == "waiting_on_citizen"


def test_hold_needs_a_reason_close_an_outcome_resume_a_dated_next_step():
    case = _case()
    with pytest.raises(DomainError):
        cases.case_hold(case=case, reason="", actor=SYSTEM)
    with pytest.raises(DomainError):
        cases.case_close(case=case, outcome="", actor=SYSTEM)
    held = cases.case_hold(case=case, reason="other", note="Op vakantie", actor=SYSTEM)
    with pytest.raises(DomainError):
        cases.case_resume(case=held, next_step="Bellen", next_step_due=None, actor=SYSTEM)


def test_closing_tells_the_citizen():
    case = _case()
    cases.case_close(case=case, outcome="resolved", note="Alles geregeld", actor=SYSTEM)
    confirmation = Confirmation.objects.get(case=case)
    assert confirmation.recipient == case.person
    assert confirmation.next_steps == "Alles geregeld"


def test_the_second_of_two_concurrent_edits_is_refused_and_nothing_is_overwritten():
    case = _case(summary="Eerste versie")
    opened_by_both = case.version
    cases.case_update(
        case=case, expected_version=opened_by_both, summary="Van medewerker A", actor=SYSTEM
    )
    with pytest.raises(cases.ConcurrentEdit) as refused:
        cases.case_update(
            case=case, expected_version=opened_by_both, summary="Van medewerker B", actor=SYSTEM
        )
    case.refresh_from_db()
    assert case.summary == "Van medewerker A"
    assert refused.value.current.summary == "Van medewerker A"


def test_update_saves_and_audits_only_changed_fields_and_a_new_summary_needs_confirming():
    case = _case(summary="Samenvatting")
    case = cases.case_summary_confirm(case=case, expected_version=case.version, actor=SYSTEM)
    assert case.summary_state == SummaryState.CONFIRMED
    case = cases.case_update(
        case=case,
        expected_version=case.version,
        summary="Nieuwe samenvatting",
        next_step=case.next_step,
        actor=SYSTEM,
    )
    assert case.summary_state == SummaryState.DRAFT
    entry = AuditEntry.objects.filter(action="case_update").get()
    assert set(entry.changes) == {"summary"}


def test_citizen_correction_is_kept():
    case = _case(summary="Samenvatting")
    case = cases.case_summary_confirm(
        case=case, expected_version=case.version, correction="Het zijn drie brieven", actor=SYSTEM
    )
    assert case.summary_state == SummaryState.CORRECTED
    assert case.summary_correction == "Het zijn drie brieven"


def _contact(case, **fields):
    values = {
        "case": case,
        "channel": "desk",
        "direction": "incoming",
        "verification": "id_document",
        "summary": "Sandra vertelde over haar ontslag.",
        "actor": SYSTEM,
    } | fields
    return cases.contact_record(**values)


def test_a_conversation_needs_a_real_verification():
    case = _case()
    with pytest.raises(DomainError) as refused:
        _contact(case, channel="phone", verification="not_needed")
    assert refused.value.field == "verification"
    with pytest.raises(DomainError):
        _contact(case, verification="written_authorisation")  # nobody represents here
    _contact(case, channel="letter_received", verification="not_needed")


def test_a_contact_produces_a_confirmation_on_the_preferred_channel():
    sandra = people.person_create(
        surname="Jansen",
        phone="0612345678",
        channels_preferred=["desk", "phone"],
        channels_refused=["email"],
        actor=SYSTEM,
    )
    case = _case(person=sandra)
    contact = _contact(case)
    confirmation = Confirmation.objects.get(contact=contact)
    assert confirmation.channel == "desk"
    assert confirmation.state == ConfirmationState.HANDED_OVER_IN_PERSON
    phone_contact = _contact(case, channel="phone", verification="callback")
    by_phone = Confirmation.objects.get(contact=phone_contact)
    assert by_phone.channel == "desk"  # she comes by: the first preference stays
    assert by_phone.state == ConfirmationState.QUEUED
    # Not at the desk this time: a worker must tell her (she refused e-mail), as a call task.
    assert by_phone.message.channels == ["call"]
    assert confirmation.message is None


def test_confirmation_skips_refused_and_unreachable_channels_and_hides_detail_on_shared_ones():
    person = people.person_create(
        surname="Vries",
        channels_preferred=["email", "letter", "phone"],
        channels_refused=["sms"],
        phone="0301234567",
        actor=SYSTEM,
    )
    choice = cases.confirmation_channel(person)
    assert choice.channel == "phone"  # no e-mail address and no address for letters known
    assert choice.with_detail is False


def test_the_representative_who_spoke_gets_a_confirmation_too():
    father = people.person_create(
        surname="Vries",
        surname_prefix="de",
        address_kind="residential",
        street_and_number="Lange Nieuwstraat 4",
        postal_code="3512 PH",
        city="Utrecht",
        channels_preferred=["letter"],
        actor=SYSTEM,
    )
    peter = people.person_create(
        given_names="Peter",
        surname="Vries",
        surname_prefix="de",
        email="peter@example.org",
        channels_preferred=["email"],
        shared_channels_may_carry_detail=True,
        actor=SYSTEM,
    )
    case = _case(person=father)
    representation = people.representation_create(
        represented=father,
        representative=peter,
        kind="family",
        matters=["financial"],
        basis="written_authorisation",
        valid_from=clock.today(),
        case=case,
        actor=SYSTEM,
    )
    contact = _contact(
        case,
        channel="phone",
        verification="written_authorisation",
        representation=representation,
    )
    confirmations = Confirmation.objects.filter(contact=contact).select_related("message")
    sent = {c.recipient_id: c.channel for c in confirmations}
    assert sent == {father.pk: "letter", peter.pk: "email"}
    queued = {c.recipient_id: (c.message.recipient_kind, c.message.channels) for c in confirmations}
    assert queued == {
        father.pk: ("person", ["letter", "call"]),
        peter.pk: ("representative", ["email", "call"]),
    }


def test_a_confirmation_reaches_the_citizen_through_the_outbox_in_her_language():
    """The contact and its message are one transaction; the worker then sends the letter with
    what we understood, the next step and who to reach, to the address on file."""
    from eenloket.notifications import outbox
    from eenloket.notifications.models import Letter, MessageStatus

    amira = people.person_create(
        given_names="Amira",
        surname="Haddad",
        address_kind="postal",
        street_and_number="Stadsplateau 1",
        postal_code="3521 AZ",
        city="Utrecht",
        preferred_language="en",
        channels_preferred=["letter"],
        actor=SYSTEM,
    )
    case = _case(person=amira)
    contact = _contact(case, channel="phone", verification="callback", summary="Rent arrears")
    confirmation = Confirmation.objects.get(contact=contact)
    assert outbox.send_due("test-worker") == 1
    confirmation.message.refresh_from_db()
    assert confirmation.message.status == MessageStatus.SENT
    assert confirmation.message.channel_used == "letter"
    pdf = Letter.objects.get(message=confirmation.message).pdf
    text = pdf_text(pdf)
    assert "Stadsplateau 1" in text and "3521 AZ" in text
    # What the citizen reads of the call, in English; never the worker's summary (#25).
    assert "You called us." in text and "This is what we understood" in text
    assert "Rent arrears" not in text


def test_an_expired_representation_cannot_speak():
    father = factories.PersonFactory()
    case = _case(person=father)
    representation = people.representation_create(
        represented=father,
        representative=factories.PersonFactory(),
        kind="family",
        matters=["all"],
        basis="in_person",
        valid_from=clock.today() - dt.timedelta(days=30),
        valid_until=clock.today() - dt.timedelta(days=1),
        actor=SYSTEM,
    )
    with pytest.raises(DomainError):
        _contact(case, representation=representation, verification="id_document")


def test_a_scanned_letter_is_stored_and_wrong_files_are_refused(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = _case()
    contact = _contact(case, documents=[(SimpleUploadedFile("cjib.pdf", PDF), "Brief CJIB")])
    document = contact.documents.get()
    assert document.content_type == "application/pdf"
    assert document.original_name == "cjib.pdf"
    assert "cjib" not in document.file.name  # the citizen's file name stays in the database
    with pytest.raises(DomainError):
        _contact(case, documents=[(SimpleUploadedFile("virus.exe", b"MZ"), "")])
    with pytest.raises(DomainError):
        _contact(case, documents=[(SimpleUploadedFile("fake.pdf", b"MZ\x90\x00"), "")])
    settings.EENLOKET_DOCUMENT_MAX_BYTES = 10
    with pytest.raises(DomainError):
        _contact(case, documents=[(SimpleUploadedFile("big.pdf", PDF * 2), "")])
    assert contact.case.contacts.count() == 1


def test_notes_are_internal_by_default():
    note = cases.note_add(case=_case(), text="Let op: schaamte over schulden", actor=SYSTEM)
    assert note.internal
    with pytest.raises(DomainError):
        cases.note_add(case=note.case, text=" ", actor=SYSTEM)
