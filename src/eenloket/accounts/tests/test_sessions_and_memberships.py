"""Session lifetime, memberships (creating, switching, expiry) and account safety checks."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.contrib.sessions.models import Session
from django.core import checks
from django.utils import timezone, translation

from eenloket.accounts import services, startup
from eenloket.accounts.middleware import SESSION_LOGIN_AT, SESSION_MEMBERSHIP
from eenloket.accounts.models import CASEWORK_ROLES, Membership, Role, User
from eenloket.core import clock
from eenloket.core.config import ConfigurationError
from eenloket.core.errors import DomainError
from eenloket.testing import factories

LOGIN = "/werk/inloggen/"
HOME = "/werk/"
SWITCH = "/werk/werken-als/"
SESSION_ENDED = "Je sessie is afgelopen. Log opnieuw in."
CANNOT_SWITCH = "Je kunt niet werken als dit lidmaatschap."

MOMENT = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
# 22:00 in Amsterdam: three hours later it is the next day, well within one session.
LATE_EVENING = dt.datetime(2026, 3, 2, 21, 0, tzinfo=dt.UTC)

pytestmark = pytest.mark.django_db


def log_in(client, user):
    """Log in as the login view does once both steps passed: with the login time noted."""
    client.force_login(user, backend="eenloket.accounts.backends.WorkerBackend")
    session = client.session
    session[SESSION_LOGIN_AT] = clock.now().timestamp()
    session.save()


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def acting_membership(client):
    response = client.get(HOME)
    assert response.status_code == 200
    return response.wsgi_request.actor.membership


# Session lifetime ------------------------------------------------------------------------


def test_session_is_ended_after_the_maximum_even_when_active(client, settings):
    maximum = dt.timedelta(seconds=settings.EENLOKET_SESSION_MAX_SECONDS)
    with clock.frozen(MOMENT):
        log_in(client, factories.MembershipFactory().user)
        started = clock.now()

        # Active every 20 minutes, well within the idle timeout, until just before the maximum.
        while clock.now() + dt.timedelta(minutes=20) < started + maximum:
            clock.advance(dt.timedelta(minutes=20))
            assert client.get(HOME).status_code == 200
        clock.advance(started + maximum - dt.timedelta(seconds=1) - clock.now())
        assert client.get(HOME).status_code == 200

        clock.advance(dt.timedelta(seconds=2))
        session_key = client.session.session_key
        response = client.get(HOME)

        assert response.status_code == 302
        assert response["Location"] == LOGIN
        assert SESSION_ENDED in messages_of(response)
        assert not Session.objects.filter(session_key=session_key).exists()
        assert SESSION_ENDED in client.get(LOGIN).content.decode()
        follow_up = client.get(HOME)
        assert follow_up.status_code == 302
        assert not follow_up.wsgi_request.user.is_authenticated


def test_maximum_session_lifetime_is_ten_hours(settings):
    assert settings.EENLOKET_SESSION_MAX_SECONDS == 10 * 60 * 60


def test_session_without_a_login_time_is_ended(client):
    user = factories.MembershipFactory().user
    client.force_login(user, backend="eenloket.accounts.backends.WorkerBackend")

    response = client.get(HOME)

    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert not client.get(HOME).wsgi_request.user.is_authenticated


def test_idle_timeout_is_at_most_thirty_minutes_and_renewed_once_a_minute(settings):
    # Renewed by core.middleware.SessionRenewalMiddleware (core/tests/test_session_renewal.py).
    assert settings.SESSION_COOKIE_AGE <= 30 * 60
    assert "eenloket.core.middleware.SessionRenewalMiddleware" in settings.MIDDLEWARE
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_HTTPONLY is True


def test_stored_session_expires_within_the_idle_timeout(worker_client, settings):
    worker_client.get(HOME)

    stored = Session.objects.get(session_key=worker_client.session.session_key)

    remaining = stored.expire_date - timezone.now()
    assert remaining <= dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert remaining > dt.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)


# Creating memberships --------------------------------------------------------------------


@pytest.fixture
def worker(db):
    return factories.UserFactory()


@pytest.mark.parametrize("role", CASEWORK_ROLES)
def test_membership_create_refuses_a_casework_role_without_team(worker, actor, role):
    organisation = factories.OrganisationFactory()

    with pytest.raises(DomainError) as refused:
        services.membership_create(
            user=worker, organisation=organisation, team=None, role=role, actor=actor
        )

    assert refused.value.field == "team"
    assert not Membership.objects.filter(user=worker).exists()


@pytest.mark.parametrize("role", [Role.APPLICATION_MANAGER, Role.PRIVACY_OFFICER])
def test_membership_create_allows_a_role_without_casework_without_team(worker, actor, role):
    organisation = factories.OrganisationFactory()

    created = services.membership_create(
        user=worker, organisation=organisation, team=None, role=role, actor=actor
    )

    assert created.team is None
    assert created.valid_from == clock.today()


def test_membership_create_refuses_a_team_of_another_organisation(worker, actor):
    organisation = factories.OrganisationFactory()
    foreign_team = factories.TeamFactory()

    with pytest.raises(DomainError) as refused:
        services.membership_create(
            user=worker,
            organisation=organisation,
            team=foreign_team,
            role=Role.FRONTLINE_WORKER,
            actor=actor,
        )

    assert refused.value.field == "team"
    assert not Membership.objects.filter(user=worker).exists()


def test_membership_create_refuses_an_end_before_the_start(worker, actor):
    team = factories.TeamFactory()

    with pytest.raises(DomainError) as refused:
        services.membership_create(
            user=worker,
            organisation=team.organisation,
            team=team,
            role=Role.FRONTLINE_WORKER,
            valid_from=dt.date(2026, 3, 2),
            valid_until=dt.date(2026, 3, 1),
            actor=actor,
        )

    assert refused.value.field == "valid_until"
    assert not Membership.objects.filter(user=worker).exists()


def test_membership_create_allows_a_single_day(worker, actor):
    team = factories.TeamFactory()

    created = services.membership_create(
        user=worker,
        organisation=team.organisation,
        team=team,
        role=Role.FRONTLINE_WORKER,
        valid_from=dt.date(2026, 3, 2),
        valid_until=dt.date(2026, 3, 2),
        actor=actor,
    )

    assert created.valid_until == created.valid_from


def test_membership_create_refuses_a_duplicate(worker, actor):
    team = factories.TeamFactory()
    arguments = dict(user=worker, organisation=team.organisation, team=team, role=Role.COORDINATOR)
    services.membership_create(**arguments, actor=actor)

    with pytest.raises(DomainError):
        services.membership_create(**arguments, actor=actor)

    assert Membership.objects.filter(user=worker).count() == 1


def test_membership_create_refuses_a_duplicate_without_team(worker, actor):
    """The database's unique constraint treats missing teams as different; the service not."""
    organisation = factories.OrganisationFactory()
    arguments = dict(user=worker, organisation=organisation, team=None, role=Role.PRIVACY_OFFICER)
    services.membership_create(**arguments, actor=actor)

    with pytest.raises(DomainError):
        services.membership_create(**arguments, actor=actor)

    assert Membership.objects.filter(user=worker).count() == 1


def test_membership_create_allows_the_same_role_in_another_team(worker, actor):
    team = factories.TeamFactory()
    other_team = factories.TeamFactory(organisation=team.organisation)
    for each in (team, other_team):
        services.membership_create(
            user=worker,
            organisation=team.organisation,
            team=each,
            role=Role.FRONTLINE_WORKER,
            actor=actor,
        )

    assert Membership.objects.filter(user=worker).count() == 2


def test_membership_create_refuses_an_unknown_role(worker, actor):
    team = factories.TeamFactory()

    with pytest.raises(DomainError) as refused:
        services.membership_create(
            user=worker, organisation=team.organisation, team=team, role="superuser", actor=actor
        )

    assert refused.value.field == "role"
    assert "superuser" in str(refused.value.message)
    assert not Membership.objects.filter(user=worker).exists()


# Switching memberships -------------------------------------------------------------------


@pytest.fixture
def two_memberships(db):
    first = factories.MembershipFactory()
    second = factories.MembershipFactory(user=first.user, role=Role.COORDINATOR)
    return first, second


def test_worker_with_two_memberships_is_offered_both(client, two_memberships):
    first, second = two_memberships
    log_in(client, first.user)

    html = client.get(HOME).content.decode()

    assert f'value="{first.pk}"' in html
    assert f'value="{second.pk}"' in html


def test_worker_can_switch_between_own_memberships(client, two_memberships):
    first, second = two_memberships
    log_in(client, first.user)

    for target in (second, first, second):
        response = client.post(SWITCH, {"membership": str(target.pk)})

        assert response.status_code == 302
        assert response["Location"] == HOME
        assert client.session[SESSION_MEMBERSHIP] == str(target.pk)
        assert acting_membership(client) == target


def test_worker_cannot_switch_to_a_membership_of_someone_else(client, two_memberships):
    first, second = two_memberships
    someone_else = factories.MembershipFactory()
    log_in(client, first.user)
    client.post(SWITCH, {"membership": str(second.pk)})

    response = client.post(SWITCH, {"membership": str(someone_else.pk)})

    assert response.status_code == 302
    assert CANNOT_SWITCH in messages_of(response)
    assert client.session[SESSION_MEMBERSHIP] == str(second.pk)
    assert acting_membership(client) == second


@pytest.mark.parametrize("value", ["", "not-a-uuid", "00000000-0000-0000-0000-000000000000"])
def test_switching_to_nonsense_is_refused(client, two_memberships, value):
    first, second = two_memberships
    log_in(client, first.user)
    client.post(SWITCH, {"membership": str(second.pk)})

    response = client.post(SWITCH, {"membership": value})

    assert CANNOT_SWITCH in messages_of(response)
    assert acting_membership(client) == second


def test_switching_needs_post(client, two_memberships):
    first, second = two_memberships
    log_in(client, first.user)

    response = client.get(SWITCH, {"membership": str(second.pk)})

    assert response.status_code == 405
    assert SESSION_MEMBERSHIP not in client.session


def test_switching_needs_a_logged_in_worker(client, two_memberships):
    _first, second = two_memberships

    response = client.post(SWITCH, {"membership": str(second.pk)})

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert SESSION_MEMBERSHIP not in client.session


@pytest.mark.parametrize(
    ("valid_from", "valid_until"),
    [
        pytest.param(-60, -1, id="ended-yesterday"),
        pytest.param(1, None, id="starts-tomorrow"),
    ],
)
def test_membership_outside_its_period_is_not_offered_or_used(client, valid_from, valid_until):
    with clock.frozen(MOMENT):
        today = clock.today()
        current = factories.MembershipFactory()
        outside = factories.MembershipFactory(
            user=current.user,
            role=Role.COORDINATOR,
            valid_from=today + dt.timedelta(days=valid_from),
            valid_until=None if valid_until is None else today + dt.timedelta(days=valid_until),
        )
        log_in(client, current.user)

        response = client.get(HOME)
        assert response.wsgi_request.memberships == [current]
        assert str(outside.pk) not in response.content.decode()

        switched = client.post(SWITCH, {"membership": str(outside.pk)})

        assert CANNOT_SWITCH in messages_of(switched)
        assert acting_membership(client) == current


def test_chosen_membership_stops_being_used_when_it_ends(client):
    with clock.frozen(LATE_EVENING):
        lasting = factories.MembershipFactory()
        ending = factories.MembershipFactory(
            user=lasting.user, role=Role.COORDINATOR, valid_until=clock.today()
        )
        log_in(client, lasting.user)
        client.post(SWITCH, {"membership": str(ending.pk)})
        assert acting_membership(client) == ending

        clock.advance(dt.timedelta(hours=3))
        assert clock.today() == dt.date(2026, 3, 3)

        assert acting_membership(client) == lasting


def test_worker_whose_only_membership_ended_acts_without_membership(client):
    with clock.frozen(LATE_EVENING):
        only = factories.MembershipFactory(valid_until=clock.today())
        log_in(client, only.user)
        assert acting_membership(client) == only

        clock.advance(dt.timedelta(hours=3))
        assert clock.today() == dt.date(2026, 3, 3)
        response = client.get(HOME)

        assert response.wsgi_request.actor.membership is None
        assert response.wsgi_request.memberships == []


# Account safety at start-up --------------------------------------------------------------


def test_active_demo_account_is_reported_in_production(settings):
    settings.EENLOKET_MODE = "production"
    factories.UserFactory(is_demo=True)
    factories.UserFactory()

    problems = startup.unsafe_account_problems()

    assert len(problems) == 1
    assert "demo account" in problems[0]
    with pytest.raises(ConfigurationError):
        startup.refuse_unsafe_accounts()
    errors = startup.check_no_demo_accounts(databases=["default"])
    assert [error.id for error in errors] == ["eenloket.E001"]
    assert errors[0].level == checks.ERROR


def test_demo_accounts_are_fine_in_demo_mode(settings):
    assert settings.EENLOKET_MODE == "demo"
    factories.UserFactory(is_demo=True)

    assert startup.unsafe_account_problems() == []
    startup.refuse_unsafe_accounts()  # does not raise


def test_deactivated_demo_account_does_not_block_production(settings):
    settings.EENLOKET_MODE = "production"
    factories.UserFactory(is_demo=True, is_active=False)
    factories.UserFactory()

    assert startup.unsafe_account_problems() == []
    startup.refuse_unsafe_accounts()  # does not raise


# Creating workers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short-pw", "This password is too short. It must contain at least 12 characters."),
        ("password1234", "This password is too common."),
        ("738201946573", "This password is entirely numeric."),
        ("sandra.jansen1", "The password is too similar to the username."),
    ],
)
def test_worker_create_refuses_a_weak_password_with_the_rule_it_breaks(actor, password, message):
    with translation.override("en"), pytest.raises(DomainError) as refused:
        services.worker_create(
            username="sandra.jansen",
            display_name="Sandra Jansen",
            password=password,
            actor=actor,
        )

    assert refused.value.field == "password"
    assert message in str(refused.value.message)
    assert not User.objects.filter(username="sandra.jansen").exists()


def test_worker_create_stores_a_strong_password_hashed_and_lowercases_the_name(actor):
    user = services.worker_create(
        username="  Sandra.Jansen ",
        display_name="Sandra Jansen",
        password="correct-horse-battery",
        actor=actor,
    )

    assert user.username == "sandra.jansen"
    assert user.check_password("correct-horse-battery")
    assert "correct-horse-battery" not in user.password
    assert user.is_demo is False


def test_worker_create_refuses_a_taken_name_in_any_case(actor):
    factories.UserFactory(username="sandra")

    with pytest.raises(DomainError) as refused:
        services.worker_create(
            username="SANDRA", display_name="", password="correct-horse-battery", actor=actor
        )

    assert refused.value.field == "username"
    assert User.objects.filter(username__iexact="sandra").count() == 1


def test_worker_create_refuses_a_demo_account_in_production(actor, settings):
    settings.EENLOKET_MODE = "production"

    with translation.override("en"), pytest.raises(DomainError) as refused:
        services.worker_create(
            username="demo.worker",
            display_name="Demo",
            password="correct-horse-battery",
            is_demo=True,
            actor=actor,
        )

    assert "Demo accounts can only be made in demo mode." in str(refused.value.message)
    assert not User.objects.filter(username="demo.worker").exists()


def test_worker_create_makes_a_demo_account_in_demo_mode(actor, settings):
    assert settings.EENLOKET_MODE == "demo"

    user = services.worker_create(
        username="demo.worker",
        display_name="Demo",
        password="correct-horse-battery",
        is_demo=True,
        actor=actor,
    )

    assert user.is_demo is True
