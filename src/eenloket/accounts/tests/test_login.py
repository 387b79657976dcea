"""Worker login through the back office: password, second factor, production mode, redirects,
logout (wrong credentials and the lockout: test_login_lockout.py)."""

import datetime as dt

import pyotp
import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from eenloket.accounts import services
from eenloket.accounts.models import User
from eenloket.accounts.tests.login_steps import (
    ENROL,
    HOME,
    LOCKED,
    LOGIN,
    LOGOUT,
    MOMENT,
    PENDING_SECRET,
    VERIFY,
    WRONG_CODE,
    WRONG_CREDENTIALS,
    assert_logged_in,
    assert_logged_out,
    enrolled_user,
    log_in,
)
from eenloket.core import clock
from eenloket.testing import factories
from eenloket.testing.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


# Password step ---------------------------------------------------------------------------


def test_demo_account_in_demo_mode_logs_in_without_second_factor(client):
    user = factories.UserFactory(is_demo=True)

    response = log_in(client, user.username)

    assert response.status_code == 302
    assert response["Location"] == HOME
    assert_logged_in(client)


def test_user_name_is_matched_case_insensitively(client):
    factories.UserFactory(is_demo=True, username="sandra")

    response = log_in(client, "  Sandra ")

    assert response["Location"] == HOME
    assert_logged_in(client)


def test_login_gives_a_new_session_key(client):
    user = factories.UserFactory(is_demo=True)
    client.get(LOGIN)
    session = client.session
    session["something"] = "before login"
    session.save()
    key_before = client.session.session_key

    log_in(client, user.username)

    assert client.session.session_key != key_before
    assert not Session.objects.filter(session_key=key_before).exists()


def test_worker_without_second_factor_is_sent_to_enrol_and_not_logged_in(client):
    user = factories.UserFactory()

    response = log_in(client, user.username)

    assert response.status_code == 302
    assert response["Location"] == ENROL
    assert_logged_out(client)


def test_enrolling_with_a_valid_code_logs_in_and_stores_the_secret_encrypted(client):
    user = factories.UserFactory()
    log_in(client, user.username)

    page = client.get(ENROL)
    assert page.status_code == 200
    secret = client.session[PENDING_SECRET]
    response = client.post(ENROL, {"code": pyotp.TOTP(secret).at(clock.now())})

    assert response.status_code == 302
    assert response["Location"] == HOME
    assert_logged_in(client)
    user.refresh_from_db()
    assert user.totp_confirmed_at is not None
    assert user.totp_secret_encrypted
    assert secret not in user.totp_secret_encrypted
    assert PENDING_SECRET not in client.session


def test_enrolling_with_a_wrong_code_is_refused_and_stores_nothing(client):
    user = factories.UserFactory()
    log_in(client, user.username)
    client.get(ENROL)
    secret = client.session[PENDING_SECRET]
    wrong = f"{(int(pyotp.TOTP(secret).at(clock.now())) + 1) % 1_000_000:06d}"

    response = client.post(ENROL, {"code": wrong})

    assert response.status_code == 200
    assert "Deze code klopt niet." in response.content.decode()
    assert_logged_out(client)
    user.refresh_from_db()
    assert user.totp_confirmed_at is None
    assert user.totp_secret_encrypted == ""


def test_enrolled_worker_cannot_skip_the_code_by_enrolling_again(client):
    with clock.frozen(MOMENT):
        user, _secret = enrolled_user()
        response = log_in(client, user.username)
        assert response["Location"] == VERIFY

        attacker_secret = pyotp.random_base32()
        assert client.get(ENROL)["Location"] == LOGIN
        response = client.post(ENROL, {"code": pyotp.TOTP(attacker_secret).at(clock.now())})

        assert response.status_code == 302
        assert response["Location"] == LOGIN
        assert_logged_out(client)


def test_code_pages_without_a_password_step_send_back_to_login(client):
    assert client.get(VERIFY)["Location"] == LOGIN
    assert client.get(ENROL)["Location"] == LOGIN
    assert_logged_out(client)


# Second factor at later logins -----------------------------------------------------------


def test_totp_code_is_accepted_once_and_refused_when_replayed(client):
    with clock.frozen(MOMENT):
        user, secret = enrolled_user()
        clock.advance(dt.timedelta(minutes=5))
        code = pyotp.TOTP(secret).at(clock.now())

        response = log_in(client, user.username)
        assert response["Location"] == VERIFY
        assert_logged_out(client)

        response = client.post(VERIFY, {"code": code})
        assert response.status_code == 302
        assert response["Location"] == HOME
        assert_logged_in(client)

        client.post(LOGOUT)
        assert log_in(client, user.username)["Location"] == VERIFY
        replay = client.post(VERIFY, {"code": code})

        assert replay.status_code == 200
        assert WRONG_CODE in replay.content.decode()
        assert_logged_out(client)


def test_code_of_the_enrolment_cannot_be_used_to_log_in(client):
    with clock.frozen(MOMENT):
        user, secret = enrolled_user()
        enrolment_code = pyotp.TOTP(secret).at(clock.now())

        log_in(client, user.username)
        response = client.post(VERIFY, {"code": enrolment_code})

        assert WRONG_CODE in response.content.decode()
        assert_logged_out(client)


def test_wrong_totp_code_is_refused(client):
    with clock.frozen(MOMENT):
        user, secret = enrolled_user()
        clock.advance(dt.timedelta(minutes=5))
        stale = pyotp.TOTP(secret).at(clock.now() - dt.timedelta(minutes=3))

        log_in(client, user.username)
        response = client.post(VERIFY, {"code": stale})

        assert response.status_code == 200
        assert WRONG_CODE in response.content.decode()
        assert_logged_out(client)


def test_wrong_totp_codes_lock_the_name_and_end_the_pending_login(client, settings):
    with clock.frozen(MOMENT):
        user, secret = enrolled_user()
        clock.advance(dt.timedelta(minutes=5))
        log_in(client, user.username)
        for _ in range(settings.EENLOKET_LOGIN_MAX_FAILURES):
            client.post(VERIFY, {"code": "000000"})

        response = client.post(VERIFY, {"code": pyotp.TOTP(secret).at(clock.now())})

        assert response.status_code == 302
        assert response["Location"] == LOGIN
        assert_logged_out(client)
        assert client.get(VERIFY)["Location"] == LOGIN  # the pending login is gone
        assert LOCKED in log_in(client, user.username).content.decode()


# Production mode -------------------------------------------------------------------------


@pytest.fixture
def production(settings):
    settings.EENLOKET_MODE = "production"
    settings.EENLOKET_DEMO_LOGIN = False
    return settings


def test_demo_account_cannot_log_in_in_production(client, production):
    user = factories.UserFactory(is_demo=True)

    response = log_in(client, user.username)

    assert response.status_code == 200
    assert WRONG_CREDENTIALS in response.content.decode()
    assert_logged_out(client)
    assert client.get(VERIFY)["Location"] == LOGIN
    assert client.get(ENROL)["Location"] == LOGIN


def test_enrolled_demo_account_cannot_log_in_in_production(client, production):
    with clock.frozen(MOMENT):
        user, _secret = enrolled_user(is_demo=True)

        response = log_in(client, user.username)

        assert WRONG_CREDENTIALS in response.content.decode()
        assert_logged_out(client)


def test_worker_must_enrol_a_second_factor_in_production(client, production):
    user = factories.UserFactory()

    response = log_in(client, user.username)

    assert response["Location"] == ENROL
    assert_logged_out(client)


def test_worker_must_pass_the_code_in_production(client, production):
    with clock.frozen(MOMENT):
        user, secret = enrolled_user()
        clock.advance(dt.timedelta(minutes=1))

        response = log_in(client, user.username)
        assert response["Location"] == VERIFY
        assert_logged_out(client)

        response = client.post(VERIFY, {"code": pyotp.TOTP(secret).at(clock.now())})

        assert response["Location"] == HOME
        assert_logged_in(client)


@pytest.mark.parametrize(
    ("mode", "is_demo", "required"),
    [
        ("demo", True, False),
        ("demo", False, True),
        ("production", True, True),
        ("production", False, True),
    ],
)
def test_only_demo_accounts_in_demo_mode_skip_the_second_factor(settings, mode, is_demo, required):
    settings.EENLOKET_MODE = mode

    assert services.second_factor_required(User(is_demo=is_demo)) is required


def test_login_page_shows_no_demo_accounts_in_production(client, production):
    factories.UserFactory(is_demo=True)

    html = client.get(LOGIN).content.decode()

    assert "eenloket-demo" not in html


# Redirects after login -------------------------------------------------------------------


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/phish",
        "//evil.example/phish",
        "http://evil.example",
        "https:evil.example",
        "javascript:alert(1)",
        "/\\evil.example",
    ],
)
def test_next_to_another_host_is_ignored(client, next_url):
    user = factories.UserFactory(is_demo=True)

    response = log_in(client, user.username, next_url=next_url)

    assert response.status_code == 302
    assert response["Location"] == HOME


def test_next_on_this_site_is_followed(client):
    user = factories.UserFactory(is_demo=True)

    response = log_in(client, user.username, next_url="/werk/privacy/logboek/")

    assert response["Location"] == "/werk/privacy/logboek/"


def test_next_to_another_host_is_ignored_after_the_code_step(client):
    with clock.frozen(MOMENT):
        user, secret = enrolled_user()
        clock.advance(dt.timedelta(minutes=1))
        log_in(client, user.username, next_url="https://evil.example/phish")

        response = client.post(VERIFY, {"code": pyotp.TOTP(secret).at(clock.now())})

        assert response["Location"] == HOME


# Logout ----------------------------------------------------------------------------------


def test_logout_by_get_is_refused_and_keeps_the_session(worker_client):
    response = worker_client.get(LOGOUT)

    assert response.status_code == 405
    assert_logged_in(worker_client)


def test_logout_by_post_ends_the_session(worker_client):
    session_key = worker_client.session.session_key

    response = worker_client.post(LOGOUT)

    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert not Session.objects.filter(session_key=session_key).exists()
    assert_logged_out(worker_client)


def test_login_form_needs_a_csrf_token(db):
    user = factories.UserFactory(is_demo=True)
    strict = Client(enforce_csrf_checks=True)

    response = strict.post(LOGIN, {"username": user.username, "password": TEST_PASSWORD})

    assert response.status_code == 403
    assert not User.objects.get(pk=user.pk).last_login
