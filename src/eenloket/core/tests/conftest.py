import pytest
from django.db import transaction

from eenloket.testing import authz


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The matrix world (testing/authz/) and a logged-in client per actor, built once for a
    module and rolled back at its end; each test runs inside it in a transaction of its own."""
    with django_db_blocker.unblock(), transaction.atomic():
        built = authz.build_world()
        built.clients = {actor: authz.client_for(actor, built) for actor in authz.ACTORS}
        built.cookies = {
            actor: {name: morsel.value for name, morsel in c.cookies.items()}
            for actor, c in built.clients.items()
        }
        yield built
        transaction.set_rollback(True)
