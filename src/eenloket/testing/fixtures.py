"""Fixtures shared by every app's tests."""

import pytest

from eenloket.accounts.middleware import SESSION_EPOCH, SESSION_LOGIN_AT, SESSION_SECOND_FACTOR_AT
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.testing import factories


@pytest.fixture
def membership(db):
    """A frontline worker in a team of a municipality."""
    return factories.MembershipFactory()


@pytest.fixture
def actor(membership):
    return Actor.worker(membership.user, membership)


def log_in_citizen(person, assurance="substantieel"):
    """A client logged in to the portal as ``person`` through the demo login (the person needs
    a case or a representation to be offered there)."""
    from django.test import Client

    client = Client()
    response = client.post("/mijn/inloggen/", {"person": str(person.pk), "assurance": assurance})
    assert response.status_code == 302
    return client


def log_in(client, user):
    """Log ``client`` in as ``user`` as after a full login (password and second factor done)."""
    client.force_login(user, backend="eenloket.accounts.backends.WorkerBackend")
    session = client.session
    session[SESSION_LOGIN_AT] = session[SESSION_SECOND_FACTOR_AT] = clock.now().timestamp()
    session[SESSION_EPOCH] = (
        type(user).objects.values_list("session_epoch", flat=True).get(pk=user.pk)
    )
    session.save()
    return client


@pytest.fixture
def worker_client(client, membership):
    """A test client logged in as the ``membership`` fixture's worker (second factor done)."""
    return log_in(client, membership.user)


@pytest.fixture
def postgres_only(settings):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://... (CI does)")


def _register_in_the_database(services) -> None:
    """A transactional test ends with a flush, which empties the register of processing
    activities that migrate filled. Fill it again here, in the test's own transaction: else
    the first log line of the next test makes the register version inside whatever atomic
    block it runs in, and a refusal's rolled-back block takes the version with it."""
    from eenloket.audit.models import ProcessingActivityVersion

    try:
        if not ProcessingActivityVersion.objects.exists():
            services.register_sync()
    except RuntimeError:
        pass  # the test has no database access


@pytest.fixture(autouse=True)
def fresh_log_caches(request):
    """Per-process caches of the logs must not outlive a test's rolled-back database."""
    from eenloket.audit import chain, services

    services.forget_cached_versions()
    chain.forget_partitions()
    uses_db = request.node.get_closest_marker("django_db") or {
        "db",
        "transactional_db",
    } & set(request.fixturenames)
    if uses_db:
        request.getfixturevalue("_django_db_helper")
        _register_in_the_database(services)
    yield
    services.forget_cached_versions()
    chain.forget_partitions()


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker):
    """The demo world (``eenloket demo``'s data) loaded once for a module and rolled back at
    its end; each test runs inside it in a transaction of its own, as the matrix's world does.
    Loading costs about 5 s of CPU, and a module of ten tests loaded it ten times. Use it for
    every test of a module (``pytestmark = pytest.mark.usefixtures("demo_world")``): a test
    that did not ask for it would still see it once an earlier test of the module loaded it,
    and then depend on the order of the run."""
    from django.db import transaction

    from eenloket.demo import data as demodata

    with django_db_blocker.unblock(), transaction.atomic():
        demodata.load()
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def reference_once(django_db_setup, django_db_blocker):
    """The shipped reference content loaded once for a module (about 4 s of CPU each time) and
    rolled back at its end; each test runs inside it in a transaction of its own, as the
    matrix's world does. Only for a module where every test that touches the directory wants
    the reference content: once loaded, the module's later tests all see it."""
    from django.db import transaction

    from eenloket.directory import reference

    with django_db_blocker.unblock(), transaction.atomic():
        yield reference.load(actor=Actor.system("tests"))
        transaction.set_rollback(True)
