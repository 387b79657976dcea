"""The readable copy of the citizen's data (#23, #25): "more about your questions" in words,
never the database's own field names or codes (``next_step_due``, ``what_citizen_key``)."""

import re

import pytest
from django.apps import apps

from eenloket.access import subject_records
from eenloket.applications import services as applications
from eenloket.assessment.models import Assessment
from eenloket.cases import citizen_texts
from eenloket.cases.models import AccessRequest, Referral, ReferralEvent
from eenloket.consent.models import BreakGlassAccess
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.directory.models import ContactPoint, LifeEvent, LifeEventTask
from eenloket.guide.models import GuideItem, LifeEventDate
from eenloket.handovers.models import ColleagueQuestion, Handover, HandoverEvent, WarmCall
from eenloket.notifications.models import CallTask, Letter, Message, PortalMessage
from eenloket.outcomes.models import NeedOutcome, Verdict
from eenloket.portal import data_words
from eenloket.portal.tests.test_my_data import world  # noqa: F401 (fixture)
from eenloket.portal.views_my_data import FOR_COMPUTERS
from eenloket.retention.models import LegalHold
from eenloket.teamwork import services as teamwork
from eenloket.teamwork.models import Breakthrough, BreakthroughTable, Invitation, Member
from eenloket.testing.fixtures import log_in_citizen
from eenloket.testing.pdf import pdf_text

pytestmark = pytest.mark.django_db
SNAKE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")


def _shown_fields():
    for kind in subject_records.MORE:
        model = apps.get_model(kind.label)
        for name, _how in subject_records._fields(model):
            if name not in FOR_COMPUTERS:
                yield kind.label, name


def test_every_field_the_copy_shows_has_a_label():
    missing = sorted({name for _kind, name in _shown_fields() if name not in data_words.LABELS})
    assert not missing


def _every_kind(world):  # noqa: F811
    worker = world["worker"]
    user, team = worker.user, worker.team
    actor = Actor.worker(user, worker)
    case = world["cases"][0]
    now, today = clock.now(), clock.today()
    stranger = world["stranger"] = team.__class__.objects.exclude(pk=team.pk).first()
    AccessRequest._base_manager.create(
        case=case, requesting_team=stranger, requested_by=user, reason="Balie"
    )
    BreakGlassAccess._base_manager.create(
        case=case, user=user, membership=worker, reason="Spoed: zonder onderdak",
        reason_code="danger", opened_at=now, expires_at=now, reviewed_at=now,
        review_finding="not_justified",
    )  # fmt: skip
    LegalHold._base_manager.create(
        case=case, kind="complaint", reason="Klacht", until=today, placed_by=user
    )
    event = LifeEvent.objects.create(key="job_loss_x", name="Baan kwijt", name_en="Job loss")
    task = LifeEventTask.objects.create(
        life_event=event, title="WW aanvragen", organisation=worker.organisation
    )
    LifeEventDate._base_manager.create(case=case, key="job_loss", occurred_on=today)
    GuideItem._base_manager.create(case=case, task=task)
    Assessment._base_manager.create(
        case=case, scores={"finances": 2, "housing_x": 3}, rationales={"finances": "Schulden"},
        capacity="very_limited", capacity_rationale="Overzicht kwijt", support_level="intensive",
    )  # fmt: skip
    applications.application_record(
        case=case, organisation=worker.organisation, what="Bijzondere bijstand",
        filed_on=today, actor=actor,
    )  # fmt: skip
    teamwork.action_add(
        case=case, what="Brieven meenemen", owner_kind="citizen", owner_team=team,
        due_on=today, actor=actor, what_citizen_key=citizen_texts.BRING_LETTERS,
    )  # fmt: skip
    teamwork.team_note_add(case=case, text="Bel haar morgen", actor=actor)
    point = ContactPoint.objects.create(team=stranger, name="Schuldhulp", service_level_hours=24,
                                        phone="0201234567")  # fmt: skip
    handover = Handover._base_manager.create(
        case=case, from_team=team, from_user=user, contact_point=point, to_team=stranger,
        question="Schulden", why_this_organisation="Schuldhulp", asked="Hulp",
    )  # fmt: skip
    HandoverEvent._base_manager.create(
        handover=handover, kind="transition", source="sent", target="declined",
        reason_code="no_capacity",
    )  # fmt: skip
    WarmCall._base_manager.create(
        handover=handover, spoke_with="Anna", called_at=now, agreed="Zij belt", recorded_by=user
    )
    ColleagueQuestion._base_manager.create(
        case=case, contact_point=point, asked_by=user, question="Kan dit?",
        capacity_seen="very_limited",
    )  # fmt: skip
    Invitation._base_manager.create(case=case, team=stranger, role_on_case="Schuldhulp",
                                    invited_by=user)  # fmt: skip
    Member._base_manager.create(case=case, user=user, team=team, role_on_case="Regie")
    table = BreakthroughTable.objects.create(name="Doorbraaktafel")
    Breakthrough._base_manager.create(
        case=case, table=table, question="Huur", blocker="Regel", proposal="Uitzondering",
        submitted_by=user, shared=["income", "housing"],
    )  # fmt: skip
    referral = Referral._base_manager.create(
        from_team=stranger, to_team=team, person=world["sandra"], case=case, kind="arrears",
        state="help_accepted", reason="Huurachterstand", creditor="health_insurer",
        arrears_cents=123456, months_in_arrears=3, urgent=True, next_step="Bellen",
        next_step_due=today,
    )  # fmt: skip
    ReferralEvent._base_manager.create(referral=referral, kind="answered", by_team=team)
    NeedOutcome._base_manager.create(
        case=world["cases"][1], need="debt_help", outcome="partly", recorded_by=user
    )
    Verdict._base_manager.create(case=world["cases"][1], asked_at=now)
    ref = str(world["sandra"].pk)
    theirs = Message.objects.filter(recipient_ref=ref)
    if message := theirs.filter(call_task=None).first():
        CallTask._base_manager.create(message=message, subject="Bellen", body="Over uw vraag")
    if message := theirs.filter(portal_copy=None).first():
        PortalMessage._base_manager.create(
            message=message, recipient_ref=ref, subject="Nieuws", body="Er is nieuws"
        )
    if message := theirs.filter(letter=None).first():
        Letter._base_manager.create(message=message, pdf=b"%PDF", printed_at=now)


@pytest.fixture
def full(world):  # noqa: F811
    from eenloket.testing import factories

    factories.TeamFactory()
    _every_kind(world)
    return world


def _raw_names(text: str, *, words: bool = True) -> list[str]:
    """snake_case words, and a field's raw name as a label ("state:", "next step due:"): the
    latter only where lines start where fields start (the HTML, not the wrapped PDF text)."""
    found = set(SNAKE.findall(text))
    for _kind, name in _shown_fields() if words else ():
        for raw in {name, name.replace("_", " ")}:
            if re.search(rf"(^|;)\s*{re.escape(raw)}:", text, re.MULTILINE):
                found.add(name)
    return sorted(found)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_no_raw_field_name_or_code_in_the_readable_copy(full, language):
    client = log_in_citizen(full["sandra"])
    client.cookies["django_language"] = language
    data = client.get("/mijn/gegevens/mijn-gegevens.json").json()
    kinds = {kind["kind"] for kind in data["more_records"]}
    assert len(kinds) == len(subject_records.MORE), (
        set(k.label for k in subject_records.MORE) - kinds
    )

    html = client.get("/mijn/gegevens/mijn-gegevens.html").content.decode()
    body = re.sub(r"<[^>]+>", "\n", html.split("<body>", 1)[1])
    pdf = pdf_text(client.get("/mijn/gegevens/mijn-gegevens.pdf").content)
    assert _raw_names(body) == [], body
    assert _raw_names(pdf, words=False) == []
    expected = (
        r"Afgesproken met u: (ja|nee)", r"Wat u leest: Neem uw brieven mee",
        r"Reden uit de lijst: \w", r"Nieuwe stand: \w", r"\d{1,2} [a-z]+ \d{4}",
        r"Achterstand: € 1\.234,56", r"Tafel: Doorbraaktafel", r"Uitkomst: Deels",
    ) if language == "nl" else (
        r"Agreed with you: (yes|no)", r"What you read: Bring your letters",
        r"Reason from the list: \w", r"New state: \w", r"\d{1,2} [A-Z][a-z]+ \d{4}",
        r"Arrears: € 1,234\.56", r"Table: Doorbraaktafel", r"Outcome: Partly solved",
    )  # fmt: skip
    for words in expected:
        assert re.search(words, body), (words, body[body.find("Meer over") :][:6000])


def test_language_household_and_contact_channel_are_words_in_the_copy():
    """The readable copy said "Taal: nl", "(child, …)" and "(desk)": codes for a computer."""
    from django.utils import translation

    from eenloket.portal.views_my_data import _labels

    data = {
        "person": {"preferred_language": "nl"},
        "household": [{"relation": "child"}],
        "questions": [
            {"status": "open", "facts": [], "handovers": [], "contacts": [{"channel": "desk"}]}
        ],
        "consents": [],
        "messages": [],
        "more_records": [],
    }
    with translation.override("nl"):
        words = _labels(data)
    assert words["person"]["preferred_language"] == "Nederlands"
    assert words["household"][0]["relation"] == "Kind"
    assert words["questions"][0]["contacts"][0]["channel"] == "Balie"
