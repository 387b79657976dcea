"""Worker login: wrong credentials look the same for every name, and failures lock a name and
slow an address, with a wait that doubles up to fifteen minutes."""

import datetime as dt

import pyotp
import pytest
from django.test import Client

from eenloket.accounts import services
from eenloket.accounts.tests.login_steps import (
    HOME,
    LOCKED,
    LOGIN,
    LOGOUT,
    MOMENT,
    SLOWED,
    WRONG_CREDENTIALS,
    assert_logged_in,
    assert_logged_out,
    comparable,
    enrolled_user,
    log_in,
)
from eenloket.core import clock
from eenloket.testing import factories
from eenloket.testing.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


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
