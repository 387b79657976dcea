import pytest
from django.db import transaction
from django.utils import translation

from eenloket.accounts.models import Role
from eenloket.core.actor import Actor
from eenloket.directory import reference
from eenloket.testing import factories


@pytest.fixture(autouse=True)
def english():
    """Assert on the English message ids; the Dutch texts are checked by the translation test."""
    with translation.override("en"):
        yield


@pytest.fixture
def system():
    return Actor.system("tests")


@pytest.fixture
def reference_content(db, system):
    """The shipped reference content, loaded through the services."""
    return reference.load(actor=system)


@pytest.fixture(scope="module")
def reference_once(django_db_setup, django_db_blocker):
    """The shipped reference content loaded once for a module (about 4 s of CPU each time) and
    rolled back at its end; each test runs inside it in a transaction of its own, as the
    matrix's world does. Only for a module where every test that touches the directory wants
    the reference content: once loaded, the module's later tests all see it."""
    with django_db_blocker.unblock(), transaction.atomic():
        summary = reference.load(actor=Actor.system("tests"))
        yield summary
        transaction.set_rollback(True)


@pytest.fixture
def manager(db):
    membership = factories.MembershipFactory(role=Role.APPLICATION_MANAGER, team=None)
    return Actor.worker(membership.user, membership)
