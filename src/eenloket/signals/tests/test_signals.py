"""Signals: from the breakthrough table to the organisation concerned and back to the
reporter; grouped with a count; kept without personal data after the case is gone."""

import datetime as dt

import pytest
from django.utils import translation

from eenloket.accounts.models import Role
from eenloket.cases import services as cases
from eenloket.cases.models import Case
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError, NotFoundOrForbidden
from eenloket.notifications.models import WorkerNotification
from eenloket.people.models import Person
from eenloket.retention import periods
from eenloket.retention import services as retention
from eenloket.signals import report, selectors, services
from eenloket.signals.models import Signal, SignalReport, State
from eenloket.teamwork import services as teamwork
from eenloket.teamwork.models import BreakthroughTable
from eenloket.testing import factories
from eenloket.testing.fixtures import log_in
from eenloket.testing.pdf import assert_tagged, pdf_text

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("test")


def _actor(membership):
    return Actor.worker(membership.user, membership)


@pytest.fixture
def world():
    desk = factories.MembershipFactory(role=Role.COORDINATOR)
    uwv_coordinator = factories.MembershipFactory(role=Role.COORDINATOR)
    uwv_worker = factories.MembershipFactory(
        role=Role.PARTNER_WORKER,
        organisation=uwv_coordinator.organisation,
        team=uwv_coordinator.team,
    )
    programme = factories.MembershipFactory(
        role=Role.PROGRAMME_STAFF, organisation=desk.organisation, team=None
    )
    case = cases.case_open(
        person=factories.PersonFactory(),
        question_verbatim="Ik heb geen inkomen sinds mijn WW stopte.",
        owning_team=desk.team,
        coordinator=desk.user,
        next_step="Tafel",
        next_step_due=clock.today() + dt.timedelta(days=2),
        actor=SYSTEM,
    )
    table = BreakthroughTable.objects.create(name="Tafel (test)")
    table.members.add(uwv_coordinator.user)
    return {
        "desk": desk,
        "uwv": uwv_coordinator,
        "uwv_worker": uwv_worker,
        "programme": programme,
        "case": case,
        "table": table,
    }


BLOCKER = "De WW stopt bij ziekte, maar de Ziektewet start pas na een nieuwe keuring van weken."


def test_a_breakthrough_signal_reaches_the_organisation_is_answered_and_outlives_the_case(
    world, client
):
    desk, uwv = _actor(world["desk"]), _actor(world["uwv"])
    teamwork.breakthrough_submit(
        case=world["case"],
        table=world["table"],
        question="Kan de WW doorlopen tot de keuring?",
        blocker=BLOCKER,
        proposal="WW doorbetalen tot de keuring.",
        regulation="ww",
        organisation=world["uwv"].organisation,
        effect="no_income",
        suggested_fix="Keuring binnen een week plannen.",
        actor=desk,
    )
    signal = Signal.objects.get()
    # Routed: the coordinators of the organisation concerned are told, and it is in their inbox.
    assert WorkerNotification.objects.filter(user=uwv.user, kind="signal").exists()
    assert selectors.inbox(uwv) == [signal]
    assert selectors.inbox(_actor(world["uwv_worker"])) == []  # not a coordinator
    with pytest.raises(DomainError):  # only the organisation concerned answers
        services.signal_transition(signal=signal, target=State.ACKNOWLEDGED, actor=desk)
    services.signal_transition(signal=signal, target=State.ACKNOWLEDGED, actor=uwv)
    with pytest.raises(DomainError) as no_reason:  # "will not change" needs the reason
        services.signal_transition(signal=signal, target=State.WONT_FIX, actor=uwv)
    assert no_reason.value.field == "answer"
    answer = "Vanaf volgend kwartaal plannen we de keuring binnen vijf werkdagen."
    services.signal_transition(signal=signal, target=State.SOLVED, answer=answer, actor=uwv)
    with pytest.raises(DomainError):  # solved is final
        services.signal_transition(signal=signal, target=State.BEING_ADDRESSED, actor=uwv)

    # The reporter sees the answer: told, in their list, and on the signal's page.
    assert WorkerNotification.objects.filter(user=desk.user, kind="signal").count() == 2
    mine = selectors.my_reports(desk)
    assert mine[0].signal.state == State.SOLVED and mine[0].signal.answer == answer
    log_in(client, world["desk"].user)
    page = client.get(f"/werk/knelpunten/{signal.pk}/").content.decode()
    assert (answer in page and "Opgelost" in page) or "Solved" in page

    # The case goes by the retention job after its term (#23): the signal, its report, its
    # count and the answer stay, linked to neither the case nor the person.
    person = world["case"].person
    cases.case_close(case=world["case"], outcome="resolved", actor=desk)
    with clock.frozen(periods.months_before(clock.now(), -120)):
        retention.retention_apply()
    assert not Case._base_manager.filter(pk=world["case"].pk).exists()
    assert not Person._base_manager.filter(pk=person.pk).exists()
    signal.refresh_from_db()
    kept = SignalReport.objects.get()
    assert signal.report_count == 1 and signal.state == State.SOLVED and signal.answer == answer
    assert kept.case_id is None and kept.breakthrough_id is None
    assert kept.what_happened == BLOCKER
    stored = " ".join(str(v) for v in SignalReport.objects.values().get().values())
    for personal in (person.surname, person.given_names, person.bsn_hash):
        assert not personal or personal not in stored


def test_similar_reports_are_grouped_with_a_count_and_different_ones_are_not(world):
    desk = _actor(world["desk"])
    values = {
        "regulation": "ww",
        "kind": "law",
        "organisation": world["uwv"].organisation,
        "effect": "no_income",
        "actor": desk,
    }
    first = services.signal_report(what_happened=BLOCKER, **values)
    again = services.signal_report(
        what_happened="WW stopt bij ziekte; de Ziektewet start pas na een keuring van weken.",
        **values,
    )
    other = services.signal_report(
        what_happened="Het formulier voor WW-aanvragen weigert een briefadres.", **values
    )
    assert again.signal == first.signal and other.signal != first.signal
    first.signal.refresh_from_db()
    assert first.signal.report_count == 2
    joined = services.signal_report(
        what_happened="Iets heel anders geformuleerd.", join=other.signal, **values
    )
    assert joined.signal == other.signal


@pytest.mark.parametrize(
    "text",
    [
        "BSN 123456782 kreeg geen WW",
        "Op 12-03-2026 stopte de WW",
        "Woont op 3512 AE en kreeg niets",
        "Bel haar op 06 12345678",
        "Mail naar jan@example.org",
        "Rekening NL91ABNA0417164300 geblokkeerd",
    ],
)
def test_a_signal_with_personal_data_is_refused_and_says_why(world, text):
    with pytest.raises(DomainError) as refused:
        services.signal_report(
            regulation="ww",
            kind="law",
            organisation=world["uwv"].organisation,
            effect="no_income",
            what_happened=text,
            actor=_actor(world["desk"]),
        )
    assert refused.value.field == "what_happened"
    assert not Signal.objects.exists()


def test_who_sees_a_signal_and_who_may_report(world):
    desk = _actor(world["desk"])
    report_ = services.signal_report(
        regulation="other",
        kind="system",
        organisation=world["uwv"].organisation,
        effect="long_wait",
        what_happened="Het systeem kan geen twee adressen aan.",
        actor=desk,
    )
    signal = report_.signal
    assert selectors.signal_for(desk, signal.pk) == signal  # the reporter
    assert selectors.signal_for(_actor(world["uwv"]), signal.pk) == signal  # concerned
    assert selectors.signal_for(_actor(world["programme"]), signal.pk) == signal
    stranger = _actor(factories.MembershipFactory(role=Role.COORDINATOR))
    with pytest.raises(NotFoundOrForbidden):
        selectors.signal_for(stranger, signal.pk)
    with pytest.raises(DomainError):  # programme staff do no case work: they do not report
        services.signal_report(
            regulation="ww",
            kind="law",
            organisation=world["uwv"].organisation,
            effect="no_income",
            what_happened="Iets",
            actor=_actor(world["programme"]),
        )


def test_the_quarterly_report_counts_per_regulation_as_csv_and_pdf(world, client):
    desk = _actor(world["desk"])
    for text in (BLOCKER, "De WW-aanvraag loopt vast op DigiD zonder telefoon."):
        services.signal_report(
            regulation="ww",
            kind="law",
            organisation=world["uwv"].organisation,
            effect="no_income",
            what_happened=text,
            actor=desk,
        )
    start, end = selectors.quarter_of(clock.today())
    rows = selectors.quarterly_report(_actor(world["programme"]), start=start, end=end)
    assert [(r.code, r.reports, r.signals, r.effects) for r in rows] == [
        ("ww", 2, 2, {"no_income": 2})
    ]
    csv = report.report_csv(rows, start, end)
    assert "Werkloosheidswet" in csv and ",2,2," in csv
    with translation.override("nl"):
        pdf = report.report_pdf(rows, start, end)
    assert_tagged(pdf)  # PDF/UA-1, the Unicode font embedded
    text = " ".join(pdf_text(pdf).split())
    assert "Knelpunten per regeling" in text and "Werkloosheidswet" in text
    assert "2 meldingen" in text
    with pytest.raises(NotFoundOrForbidden):
        selectors.quarterly_report(desk, start=start, end=end)
    log_in(client, world["programme"].user)
    quarter = (start.month - 1) // 3 + 1
    response = client.get(f"/werk/knelpunten/kwartaal.pdf?jaar={start.year}&kwartaal={quarter}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert client.get("/werk/knelpunten/kwartaal.csv?jaar=x&kwartaal=9").status_code == 404
