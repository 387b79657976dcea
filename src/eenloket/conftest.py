"""Shared test set-up: hypothesis profiles, factories as fixtures, actors, browser launch."""

import os

from hypothesis import HealthCheck, settings

# Playwright's sync API runs an event loop in the test thread; the ORM calls in the same test
# are safe there because nothing else uses that loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

settings.register_profile(
    "ci", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

import pytest  # noqa: E402
from django.conf import settings as django_settings  # noqa: E402
from django.test import override_settings  # noqa: E402
from django.utils import translation  # noqa: E402


@pytest.fixture(autouse=True, scope="session")
def fast_password_hashing(django_test_environment):
    """Every test hashes with MD5: many tests log in, and PBKDF2 costs ~0.3 s a time. The
    login rules do not depend on the hasher; production keeps Django's default (PBKDF2)."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language (Dutch). A request in English (the language
    choice, an Accept-Language header) leaves English active in the thread after it (Django's
    LocaleMiddleware does not switch back), and a later test on the same xdist worker then read
    English messages where it expects Dutch: a failure that depended on the order of the run."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield


# Tests that start a real ClamAV daemon are in the slow lane (about 10 s to load, per worker).
SLOW_LANE_FIXTURES = {"clamd", "clamd_address"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if SLOW_LANE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


from eenloket.testing.browser import browser, page  # noqa: E402, F401
from eenloket.testing.database import django_db_setup  # noqa: E402, F401
from eenloket.testing.fixtures import *  # noqa: E402, F403
from eenloket.testing.oidc import oidc_provider  # noqa: E402, F401
from eenloket.testing.processes import migrated_template, process_env  # noqa: E402, F401
from eenloket.testing.smtp import smtp_server  # noqa: E402, F401
