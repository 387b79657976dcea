import pytest

from eenloket.accounts.models import Role
from eenloket.core.actor import Actor
from eenloket.testing import factories
from eenloket.testing.fixtures import log_in


@pytest.fixture
def manager(db):
    """An application manager of a municipality (no team: they do no case work)."""
    return factories.MembershipFactory(role=Role.APPLICATION_MANAGER, team=None)


@pytest.fixture
def manager_actor(manager):
    return Actor.worker(manager.user, manager)


@pytest.fixture
def manager_client(client, manager):
    return log_in(client, manager.user)
