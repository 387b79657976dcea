"""Worker login through the back office: password, second factor, lockout, redirects, logout."""

import datetime as dt
import re
from urllib.parse import urlencode

import pyotp
import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from eenloket.accounts import services
from eenloket.accounts.models import User
from eenloket.core import clock
from eenloket.testing import factories
from eenloket.testing.factories import TEST_PASSWORD

LOGIN = "/werk/inloggen/"
VERIFY = "/werk/inloggen/code/"
ENROL = "/werk/inloggen/code-instellen/"
LOGOUT = "/werk/uitloggen/"
HOME = "/werk/"

WRONG_CREDENTIALS = "De gebruikersnaam of het wachtwoord klopt niet."
LOCKED = "Het is te vaak niet gelukt met deze gebruikersnaam."
SLOWED = "Het is te vaak niet gelukt vanaf dit netwerk."
WRONG_CODE = "Deze code klopt niet. Gebruik de nieuwste code in je app."
PENDING_SECRET = "eenloket_pending_totp_secret"

MOMENT = dt.datetime(2026, 3, 2, 9, 0, 7, tzinfo=dt.UTC)

pytestmark = pytest.mark.django_db


def log_in(client, username, password=TEST_PASSWORD, *, next_url=None):
    url = LOGIN if next_url is None else f"{LOGIN}?{urlencode({'next': next_url})}"
    return client.post(url, {"username": username, "password": password})


def assert_logged_in(client):
    response = client.get(HOME)
    assert response.status_code == 200
    assert response.wsgi_request.user.is_authenticated


def assert_logged_out(client):
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert not response.wsgi_request.user.is_authenticated


def enrolled_user(**kwargs):
    """A worker whose second factor is set up at the current (frozen) time."""
    user = factories.UserFactory(**kwargs)
    secret = pyotp.random_base32()
    services.totp_confirm_enrolment(
        user=user, secret=secret, code=pyotp.TOTP(secret).at(clock.now())
    )
    return user, secret


def comparable(response, *names):
    """The page without what may differ between two requests: the CSRF token, the typed name."""
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", html)
    for name in names:
        html = html.replace(name, "NAME")
    return html


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


# Wrong credentials and lockout -----------------------------------------------------------


def test_wrong_password_and_unknown_name_look_exactly_the_same(client):
    factories.UserFactory(username="anna-bakker")

    wrong_password = log_in(client, "anna-bakker", "not-the-password")
    unknown_name = log_in(Client(), "anna-bekker", "not-the-password")

    assert wrong_password.status_code == unknown_name.status_code == 200
    assert WRONG_CREDENTIALS in wrong_password.content.decode()
    assert comparable(wrong_password, "anna-bakker") == comparable(unknown_name, "anna-bekker")
    assert_logged_out(client)


def test_wrong_credentials_message_follows_the_chosen_language(client):
    factories.UserFactory(username="anna-bakker")

    response = log_in(client, "anna-bakker", "not-the-password")
    english = Client(HTTP_ACCEPT_LANGUAGE="en").post(
        LOGIN, {"username": "anna-bakker", "password": "not-the-password"}
    )

    assert WRONG_CREDENTIALS in response.content.decode()
    assert "The user name or password is not right." in english.content.decode()
    assert WRONG_CREDENTIALS not in english.content.decode()


def test_four_failures_do_not_lock_the_name(client, settings):
    user = factories.UserFactory(is_demo=True)
    for _ in range(settings.EENLOKET_LOGIN_MAX_FAILURES - 1):
        log_in(client, user.username, "not-the-password")

    response = log_in(client, user.username)

    assert response["Location"] == HOME


def test_five_failures_lock_the_name_even_for_the_correct_password(client, settings):
    assert settings.EENLOKET_LOGIN_MAX_FAILURES == 5
    user = factories.UserFactory(is_demo=True)
    for _ in range(5):
        failed = log_in(client, user.username, "not-the-password")
        assert WRONG_CREDENTIALS in failed.content.decode()

    response = log_in(client, user.username)

    assert response.status_code == 200
    assert LOCKED in response.content.decode()
    assert WRONG_CREDENTIALS not in response.content.decode()
    assert_logged_out(client)


def test_unknown_name_is_locked_the_same_way_as_an_existing_one(client, settings):
    factories.UserFactory(username="anna-bakker", is_demo=True)
    other_client = Client(REMOTE_ADDR="192.0.2.2")  # ten failures from one address slow it
    for _ in range(settings.EENLOKET_LOGIN_MAX_FAILURES):
        log_in(client, "anna-bakker", "not-the-password")
        log_in(other_client, "anna-bekker", "not-the-password")

    existing = log_in(client, "anna-bakker")
    unknown = log_in(other_client, "anna-bekker")

    assert LOCKED in unknown.content.decode()
    assert existing.status_code == unknown.status_code == 200
    assert comparable(existing, "anna-bakker") == comparable(unknown, "anna-bekker")


def test_lock_is_not_dodged_by_changing_case_or_spaces(client, settings):
    factories.UserFactory(is_demo=True, username="kees")
    for variant in ["kees", "KEES", " Kees", "kEEs ", "Kees"]:
        log_in(client, variant, "not-the-password")

    response = log_in(client, "kees")

    assert LOCKED in response.content.decode()


def test_lock_of_one_name_leaves_other_workers_alone(client, settings):
    locked = factories.UserFactory(is_demo=True)
    other = factories.UserFactory(is_demo=True)
    for _ in range(settings.EENLOKET_LOGIN_MAX_FAILURES):
        log_in(client, locked.username, "not-the-password")

    response = log_in(client, other.username)

    assert response["Location"] == HOME


def test_the_wait_lifts_after_a_minute_and_doubles_with_each_further_failure(client, settings):
    with clock.frozen(MOMENT):
        user = factories.UserFactory(is_demo=True)
        for _ in range(settings.EENLOKET_LOGIN_MAX_FAILURES):
            log_in(client, user.username, "not-the-password")

        clock.advance(dt.timedelta(seconds=59))
        assert LOCKED in log_in(client, user.username).content.decode()
        clock.advance(dt.timedelta(seconds=2))
        log_in(client, user.username, "not-the-password")  # the sixth failure: two minutes

        clock.advance(dt.timedelta(seconds=119))
        assert LOCKED in log_in(client, user.username).content.decode()
        clock.advance(dt.timedelta(seconds=2))
        response = log_in(client, user.username)

        assert response.status_code == 302
        assert response["Location"] == HOME
        assert_logged_in(client)


def test_attempts_while_waiting_do_not_make_the_wait_longer(client, settings):
    """#26: a hard lock let anyone keep a colleague out; now hammering changes nothing."""
    with clock.frozen(MOMENT):
        user = factories.UserFactory(is_demo=True)
        for _ in range(settings.EENLOKET_LOGIN_MAX_FAILURES):
            log_in(client, user.username, "not-the-password")
        for _ in range(50):
            log_in(Client(REMOTE_ADDR="192.0.2.9"), user.username, "not-the-password")

        clock.advance(dt.timedelta(seconds=61))
        response = log_in(client, user.username)

        assert response["Location"] == HOME


def test_the_wait_never_exceeds_fifteen_minutes_and_waiting_it_out_keeps_the_count(settings):
    with clock.frozen(MOMENT):
        user = factories.UserFactory(is_demo=True)
        waits = []
        for _ in range(12):
            log_in(Client(REMOTE_ADDR="192.0.2.10"), user.username, "not-the-password")
            wait = services.login_wait(username=user.username)
            waits.append(wait.minutes if wait else 0)
            clock.advance(dt.timedelta(seconds=wait.seconds if wait else 0))
        # Doubling from the fifth failure, capped: waiting each wait out does not reset it.
        assert waits == [0, 0, 0, 0, 1, 2, 4, 8, 15, 15, 15, 15]


def test_a_worker_held_back_logs_in_at_once_with_password_and_authenticator_code(client):
    """Whoever types wrong passwords for a colleague's name cannot keep them out: the second
    factor proves it is the worker (#26)."""
    with clock.frozen(MOMENT):
        user, secret = enrolled_user()
        attacker = Client(REMOTE_ADDR="192.0.2.66")
        for _ in range(8):
            log_in(attacker, user.username, "guess")
        clock.advance(dt.timedelta(seconds=31))

        held = log_in(client, user.username)
        assert LOCKED in held.content.decode()
        assert 'name="code"' in held.content.decode()  # the page offers the code field
        response = client.post(
            LOGIN,
            {
                "username": user.username,
                "password": TEST_PASSWORD,
                "code": pyotp.TOTP(secret).at(clock.now()),
            },
        )

        assert response.status_code == 302
        assert response["Location"] == HOME
        assert_logged_in(client)


def test_the_code_route_needs_the_right_password_and_the_right_code(client):
    with clock.frozen(MOMENT):
        user, secret = enrolled_user()
        for _ in range(5):
            log_in(Client(REMOTE_ADDR="192.0.2.66"), user.username, "guess")
        clock.advance(dt.timedelta(seconds=31))
        code = pyotp.TOTP(secret).at(clock.now())

        wrong_password = client.post(
            LOGIN, {"username": user.username, "password": "guess", "code": code}
        )
        wrong_code = client.post(
            LOGIN, {"username": user.username, "password": TEST_PASSWORD, "code": "000000"}
        )

        assert WRONG_CREDENTIALS in wrong_password.content.decode()
        assert WRONG_CREDENTIALS in wrong_code.content.decode()
        assert_logged_out(client)


def test_many_user_names_from_one_address_are_slowed(settings):
    """30 user names from one address: after 10 failures the address waits, for any name; a
    worker elsewhere is not affected (#26)."""
    with clock.frozen(MOMENT):
        worker = factories.UserFactory(is_demo=True)
        spray = Client(REMOTE_ADDR="203.0.113.7")
        answers = [log_in(spray, f"collega{n}", "Welkom01!").content.decode() for n in range(30)]

        assert all(WRONG_CREDENTIALS in a for a in answers[:10])
        assert all(SLOWED in a for a in answers[10:])
        assert SLOWED in log_in(spray, worker.username).content.decode()  # even the right one
        elsewhere = log_in(Client(REMOTE_ADDR="198.51.100.1"), worker.username)
        assert elsewhere["Location"] == HOME
        clock.advance(dt.timedelta(seconds=11))
        assert log_in(spray, worker.username)["Location"] == HOME


def test_an_ipv6_client_is_throttled_by_its_64_prefix():
    assert services.address_key("2001:db8:1:2:aaaa::1") == services.address_key(
        "2001:db8:1:2:ffff::9"
    )
    assert services.address_key("2001:db8:1:3::1") != services.address_key("2001:db8:1:2::1")
    assert services.address_key("::ffff:192.0.2.1") == "192.0.2.1"
    assert services.address_key("not an address") == "not an address"


def test_failures_spread_over_more_than_the_window_do_not_lock(client, settings):
    window = dt.timedelta(seconds=settings.EENLOKET_LOGIN_WINDOW_SECONDS)
    with clock.frozen(MOMENT):
        user = factories.UserFactory(is_demo=True)
        for _ in range(settings.EENLOKET_LOGIN_MAX_FAILURES - 1):
            log_in(client, user.username, "not-the-password")
        clock.advance(window + dt.timedelta(seconds=1))
        log_in(client, user.username, "not-the-password")  # starts a new window

        response = log_in(client, user.username)

        assert response["Location"] == HOME


def test_successful_login_forgets_earlier_failures(client, settings):
    user = factories.UserFactory(is_demo=True)
    for _ in range(settings.EENLOKET_LOGIN_MAX_FAILURES - 1):
        log_in(client, user.username, "not-the-password")
    log_in(client, user.username)
    client.post(LOGOUT)

    log_in(client, user.username, "not-the-password")
    response = log_in(client, user.username)

    assert response["Location"] == HOME


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
