"""Applications awaited: the expected decision date on the statutory calendar, reminders and
the overdue signal with a moved clock, and the screens."""

import datetime as dt

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from eenloket.access import casework
from eenloket.accounts.models import Role
from eenloket.applications import services
from eenloket.applications.models import Application
from eenloket.calendars import decision_terms, statutory
from eenloket.cases import services as cases
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.notifications.models import WorkerNotification
from eenloket.testing import factories
from eenloket.testing.fixtures import log_in

SYSTEM = Actor.system("test")


@given(
    filed=st.dates(min_value=dt.date(2017, 1, 1), max_value=dt.date(2027, 12, 31)),
    weeks=st.integers(1, 26),
    pause=st.integers(0, 60),
    extension=st.integers(0, 60),
)
def test_the_expected_date_is_never_a_rest_day_and_pauses_and_extensions_never_bring_it_forward(
    filed, weeks, pause, extension
):
    plain = Application(filed_on=filed, term_value=weeks, term_unit="weeks")
    paused = Application(
        filed_on=filed,
        term_value=weeks,
        term_unit="weeks",
        suspensions=[[filed.isoformat(), (filed + dt.timedelta(days=pause)).isoformat()]],
        extension_days=extension,
    )
    assert not statutory.is_atw_rest_day(plain.expected_on)
    assert not statutory.is_atw_rest_day(paused.expected_on)
    assert plain.expected_on >= filed + dt.timedelta(weeks=weeks)
    assert paused.expected_on >= filed + dt.timedelta(weeks=weeks, days=pause + extension)
    assert paused.expected_on >= plain.expected_on


def _world():
    coordinator = factories.MembershipFactory(role=Role.COORDINATOR)
    case = cases.case_open(
        person=factories.PersonFactory(),
        question_verbatim="Ik wacht al lang op de WW.",
        owning_team=coordinator.team,
        coordinator=coordinator.user,
        next_step="Navragen bij UWV",
        next_step_due=clock.today() + dt.timedelta(days=2),
        actor=SYSTEM,
    )
    return coordinator, case


@pytest.mark.django_db
def test_a_reminder_before_and_one_signal_when_overdue_with_a_moved_clock():
    coordinator, case = _world()
    uwv = factories.OrganisationFactory(name="UWV (test)")
    application = services.application_record(
        case=case,
        organisation=uwv,
        what="WW-uitkering",
        filed_on=clock.today(),
        term_value=4,
        term_unit="weeks",
        actor=SYSTEM,
    )
    assert services.applications_remind() == 0  # four weeks ahead: nothing yet
    expected = application.expected_on
    with clock.frozen(clock.now() + dt.timedelta(days=(expected - clock.today()).days - 2)):
        assert services.applications_remind() == 1
        assert services.applications_remind() == 0  # once
    with clock.frozen(clock.now() + dt.timedelta(days=(expected - clock.today()).days + 1)):
        application.refresh_from_db()
        assert application.overdue
        assert services.applications_remind() == 1
        assert services.applications_remind() == 0
        actor = Actor.worker(coordinator.user, coordinator)
        assert [a.pk for a in casework.overdue_applications(actor)] == [application.pk]
    texts = list(
        WorkerNotification.objects.filter(user=coordinator.user).values_list("text", flat=True)
    )
    assert len(texts) == 2 and any("UWV (test)" in t for t in texts)


@pytest.mark.django_db
def test_without_a_term_the_reasonable_term_of_eight_weeks_applies_and_bad_input_is_refused():
    _coordinator, case = _world()
    organisation = factories.OrganisationFactory()
    application = services.application_record(
        case=case,
        organisation=organisation,
        what="Bijzondere bijstand",
        filed_on=clock.today(),
        actor=SYSTEM,
    )
    assert (application.term_value, application.term_unit) == (8, "weeks")
    assert "4:13" in application.legal_source
    with pytest.raises(DomainError) as future:
        services.application_record(
            case=case,
            organisation=organisation,
            what="X",
            filed_on=clock.today() + dt.timedelta(days=1),
            actor=SYSTEM,
        )
    assert future.value.field == "filed_on"


@pytest.mark.django_db
def test_the_page_records_an_application_and_explains_what_to_do_when_it_is_late():
    coordinator, case = _world()
    organisation = factories.OrganisationFactory(name="Toeslagen (test)")
    client = log_in(Client(), coordinator.user)
    url = f"/werk/zaken/{case.pk}/aanvragen/"
    filed = clock.today() - dt.timedelta(days=70)
    response = client.post(
        url,
        {
            "organisation": str(organisation.pk),
            "what": "Huurtoeslag",
            "filed_on": filed.isoformat(),
            "term_value": "",
            "term_unit": "weeks",
        },
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Huurtoeslag" in page and "ingebrekestelling" in page
    assert "Huurtoeslag" in client.get("/werk/").content.decode()  # late decisions on home
    bad = client.post(
        url, {"organisation": str(organisation.pk), "what": "", "filed_on": "gisteren"}
    )
    assert bad.status_code == 400
    partner = factories.MembershipFactory(role=Role.PARTNER_WORKER)
    cases.case_add_team(case=case, team=partner.team, actor=SYSTEM)
    assert log_in(Client(), partner.user).get(url).status_code == 404


@pytest.mark.django_db
def test_a_suspension_moves_the_date_and_a_decision_ends_the_wait():
    _coordinator, case = _world()
    application = services.application_record(
        case=case,
        organisation=factories.OrganisationFactory(),
        what="WW-uitkering",
        filed_on=clock.today() - dt.timedelta(days=20),
        term_value=4,
        term_unit="weeks",
        actor=SYSTEM,
    )
    before = application.expected_on
    start = application.filed_on + dt.timedelta(days=2)
    services.application_suspend(
        application=application, start=start, end=start + dt.timedelta(days=10), actor=SYSTEM
    )
    assert application.expected_on > before
    assert application.expected_on == decision_terms.expected_decision_date(
        application.filed_on,
        application.term(),
        suspensions=[(start, start + dt.timedelta(days=10))],
    )
    with pytest.raises(DomainError):
        services.application_suspend(
            application=application, start=start, end=start - dt.timedelta(days=1), actor=SYSTEM
        )
    services.application_decided(
        application=application, decided_on=clock.today(), outcome="Toegekend", actor=SYSTEM
    )
    assert not application.overdue
    with pytest.raises(DomainError):
        services.application_decided(
            application=application, decided_on=clock.today(), outcome="", actor=SYSTEM
        )


@pytest.mark.django_db
def test_the_stored_due_date_follows_every_change_and_drives_the_overdue_list():
    coordinator, case = _world()
    actor = Actor.worker(coordinator.user, coordinator)
    application = services.application_record(
        case=case,
        organisation=factories.OrganisationFactory(),
        what="Huurtoeslag",
        filed_on=clock.today() - dt.timedelta(days=60),
        term_value=8,
        term_unit="weeks",
        actor=SYSTEM,
    )
    assert application.due_on == application.expected_on < clock.today()
    assert [a.pk for a in casework.overdue_applications(actor)] == [application.pk]
    services.application_extend(application=application, days=30, actor=SYSTEM)
    application.refresh_from_db()
    assert application.due_on == application.expected_on > clock.today()
    assert casework.overdue_applications(actor) == []
    # An overlapping pause would count the same days twice: refused, with the period it hits.
    start = application.filed_on + dt.timedelta(days=3)
    services.application_suspend(
        application=application, start=start, end=start + dt.timedelta(days=5), actor=SYSTEM
    )
    with pytest.raises(DomainError) as overlap:
        services.application_suspend(
            application=application,
            start=start + dt.timedelta(days=5),
            end=start + dt.timedelta(days=9),
            actor=SYSTEM,
        )
    assert overlap.value.field == "start"
    application.refresh_from_db()
    assert len(application.suspensions) == 1 and application.due_on == application.expected_on
    services.application_withdraw(application=application, reason="Verhuisd", actor=SYSTEM)
    with pytest.raises(DomainError):
        services.application_extend(application=application, days=5, actor=SYSTEM)


@pytest.mark.django_db
def test_the_application_page_records_a_pause_an_extension_and_the_decision():
    coordinator, case = _world()
    application = services.application_record(
        case=case,
        organisation=factories.OrganisationFactory(name="UWV (test)"),
        what="WW-uitkering",
        filed_on=clock.today() - dt.timedelta(days=35),
        term_value=4,
        term_unit="weeks",
        actor=SYSTEM,
    )
    client = log_in(Client(), coordinator.user)
    url = f"/werk/zaken/{case.pk}/aanvragen/{application.pk}/"
    page = client.get(url).content.decode()
    assert "ingebrekestelling" in page  # 35 days after filing, four weeks: late
    start = application.filed_on + dt.timedelta(days=7)
    bad = client.post(
        url,
        {
            "action": "suspend",
            "suspend-start": start.isoformat(),
            "suspend-end": (start - dt.timedelta(days=2)).isoformat(),
        },
    )
    assert bad.status_code == 400
    assert "mag niet eindigen voordat hij begint" in bad.content.decode()
    assert start.isoformat() in bad.content.decode()  # the input is kept
    ok = client.post(
        url,
        {
            "action": "suspend",
            "suspend-start": start.isoformat(),
            "suspend-end": (start + dt.timedelta(days=13)).isoformat(),
        },
    )
    assert ok.status_code == 302
    application.refresh_from_db()
    assert not application.overdue and application.due_on > clock.today()
    assert client.post(url, {"action": "extend", "extend-days": "0"}).status_code == 400
    assert client.post(url, {"action": "extend", "extend-days": "42"}).status_code == 302
    assert client.post(url, {"action": "delete-everything"}).status_code == 302
    application.refresh_from_db()
    assert application.extension_days == 42 and application.state == "waiting"
    tomorrow = (clock.today() + dt.timedelta(days=1)).isoformat()
    assert client.post(url, {"action": "decide", "decide-decided_on": tomorrow}).status_code == 400
    decided = client.post(
        url,
        {
            "action": "decide",
            "decide-decided_on": clock.today().isoformat(),
            "decide-outcome": "Toegekend",
        },
    )
    assert decided.status_code == 302
    page = client.get(url).content.decode()
    assert "Toegekend" in page and 'value="decide"' not in page
    other_case = _world()[1]
    assert client.get(f"/werk/zaken/{other_case.pk}/aanvragen/{application.pk}/").status_code == 404


@pytest.mark.django_db
def test_an_application_ends_once_and_pauses_only_while_it_waits():
    """applications/states.py: waiting → decided or withdrawn, once; pausing and extending
    only while waiting; the database keeps decided_on with "decided" alone."""
    from django.db import IntegrityError, transaction

    from eenloket.applications.models import ApplicationState

    _coordinator, case = _world()
    actor = SYSTEM
    application = services.application_record(
        case=case,
        organisation=factories.OrganisationFactory(),
        what="WW-uitkering",
        filed_on=clock.today() - dt.timedelta(days=20),
        term_value=4,
        term_unit="weeks",
        actor=actor,
    )
    decided = services.application_decided(
        application=application, decided_on=clock.today(), outcome="Toegekend", actor=actor
    )
    assert decided.state == ApplicationState.DECIDED and decided.decided_on == clock.today()
    for attempt in (
        lambda: services.application_withdraw(application=decided, reason="x", actor=actor),
        lambda: services.application_extend(application=decided, days=5, actor=actor),
        lambda: services.application_decided(
            application=decided, decided_on=clock.today(), outcome="x", actor=actor
        ),
    ):
        with pytest.raises(DomainError):
            attempt()
    with pytest.raises(IntegrityError), transaction.atomic():
        Application._base_manager.filter(pk=decided.pk).update(decided_on=None)


@pytest.mark.django_db
def test_the_application_page_offers_what_the_table_allows_in_each_state():
    import re

    from eenloket.applications.models import ApplicationState
    from eenloket.applications.states import MACHINE

    coordinator, case = _world()
    client = log_in(Client(), coordinator.user)
    for state in ApplicationState.values:
        application = services.application_record(
            case=case,
            organisation=factories.OrganisationFactory(),
            what="WW-uitkering",
            filed_on=clock.today() - dt.timedelta(days=20),
            term_value=4,
            term_unit="weeks",
            actor=SYSTEM,
        )
        if state == ApplicationState.DECIDED:
            services.application_decided(
                application=application, decided_on=clock.today(), outcome="Ja", actor=SYSTEM
            )
        elif state == ApplicationState.WITHDRAWN:
            services.application_withdraw(application=application, reason="", actor=SYSTEM)
        url = f"/werk/zaken/{case.pk}/aanvragen/{application.pk}/"
        page = client.get(url).content.decode()
        offered = set(re.findall(r'name="action" value="([a-z_]+)"', page))
        assert offered == MACHINE.actions(state), state
        if not offered:
            refused = client.post(url, {"action": "decide", "decide-decided_on": "2020-01-01"})
            assert refused.status_code == 302  # told, nothing recorded
            application.refresh_from_db()
            assert application.state == state
