"""What the worker-login tests share: the routes, the Dutch messages they look for, and
logging in by hand."""

import datetime as dt
import re
from urllib.parse import urlencode

import pyotp

from eenloket.accounts import services
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
