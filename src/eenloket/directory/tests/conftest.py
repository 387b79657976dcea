import pytest
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


@pytest.fixture
def manager(db):
    membership = factories.MembershipFactory(role=Role.APPLICATION_MANAGER, team=None)
    return Actor.worker(membership.user, membership)
