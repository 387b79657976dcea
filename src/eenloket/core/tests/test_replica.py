"""Read replica routing (core/replica.py, decision 0052).

On PostgreSQL a second database alias ``replica`` is opened on the same test database through a
connection of its own. The test's data lives in the primary connection's open transaction, so the
replica connection does not see it — like a replica that has not caught up yet. A page that reads
the replica therefore misses that data, and a page that reads the primary finds it.
"""

import pytest
from django.conf import settings
from django.db import connections, router, transaction
from django.test.utils import CaptureQueriesContext

from eenloket.accounts.models import Role
from eenloket.audit.models import ProcessingLogEntry
from eenloket.core import replica
from eenloket.core.actor import Actor
from eenloket.directory import services
from eenloket.directory.models import Organisation
from eenloket.testing import factories
from eenloket.testing.fixtures import log_in

# The alias is added before the test case is built (a module fixture comes before the
# function-scoped database fixtures), so the test case lets its queries through.
pytestmark = [
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="needs PostgreSQL: run with DATABASE_URL=postgres://... (CI does)",
    ),
    pytest.mark.django_db(databases=["default", "replica"]),
]
SYSTEM = Actor.system("tests")
SEARCH = "/werk/sociale-kaart/"


@pytest.fixture(scope="module", autouse=True)
def _replica_in_settings(django_db_setup, django_db_blocker):
    """The alias ``replica`` on a connection of its own to the primary's test database."""
    if connections["default"].vendor != "postgresql":
        yield
        return
    connections.settings[replica.REPLICA] = dict(connections["default"].settings_dict)
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            connections[replica.REPLICA].close()
        del connections[replica.REPLICA]
        del connections.settings[replica.REPLICA]


@pytest.fixture
def replica_alias(postgres_only):
    return connections[replica.REPLICA]


@pytest.fixture
def directory():
    organisation = services.organisation_create(
        name="UWV", kind="national_agency", key="uwv", actor=SYSTEM
    )
    services.scheme_create(
        organisation=organisation,
        key="ww",
        name="WW-uitkering",
        gives="Een deel van uw loon",
        keywords="werkloos ontslagen",
        actor=SYSTEM,
    )
    team = factories.TeamFactory(organisation=organisation, name="Directe lijn WW")
    point = services.contact_point_create(
        team=team,
        name="Directe lijn WW (demo)",
        service_level_hours=8,
        phone="030 - 000 00 01",
        topics="werkloos ww",
        schemes=["ww"],
        actor=SYSTEM,
    )
    coordinator = factories.MembershipFactory(role=Role.COORDINATOR, team=team)
    services.contact_point_update(contact_point=point, coordinator=coordinator.user, actor=SYSTEM)
    return {"point": point, "coordinator": coordinator}


def _read() -> str:
    return router.db_for_read(Organisation)


def test_routing_decisions(replica_alias):
    assert replica.configured()
    # Outside a scope that allows stale reads: the primary.
    assert _read() == "default"
    with replica.stale_reads_allowed():
        assert _read() == "replica"
        # The processing log and the policy point's tables never read the replica.
        assert router.db_for_read(ProcessingLogEntry) == "default"
        assert router.db_for_read(factories.MembershipFactory._meta.model) == "default"
        # In a transaction: the primary.
        with transaction.atomic():
            assert _read() == "default"
        assert _read() == "replica"
        # A processing-log write goes to the primary and does not pin the request.
        assert router.db_for_write(ProcessingLogEntry) == "default"
        assert _read() == "replica"
        # Any other write: the primary, and every later read of this request too.
        assert router.db_for_write(Organisation) == "default"
        assert _read() == "default"
    with replica.stale_reads_allowed():
        assert _read() == "replica"  # a new scope starts unpinned
    assert router.allow_migrate("replica", "cases") is False
    assert router.allow_migrate("default", "cases") is True


def test_a_request_after_a_write_reads_the_primary(client, replica_alias, directory):
    log_in(client, directory["coordinator"].user)
    # The search reads the replica, which has not seen the scheme yet; the login itself (session,
    # user, memberships) read the primary, else the worker would not be logged in at all.
    with CaptureQueriesContext(replica_alias) as on_replica:
        response = client.get(SEARCH, {"q": "werkloos"})
    assert response.status_code == 200
    assert len(on_replica) > 0
    assert "WW-uitkering" not in response.content.decode()
    assert replica.PIN_COOKIE not in response.cookies  # only session and log were written

    # A write: the response pins this client to the primary for a while.
    url = f"/werk/sociale-kaart/directe-lijn/{directory['point'].pk}/capaciteit/"
    response = client.post(url, {"capacity": "temporarily_closed"})
    assert response.status_code == 302
    pin = response.cookies[replica.PIN_COOKIE]
    assert int(pin["max-age"]) > 0 and pin["httponly"]

    with CaptureQueriesContext(replica_alias) as on_replica:
        response = client.get(SEARCH, {"q": "werkloos"})
    assert response.status_code == 200
    assert len(on_replica) == 0
    assert "WW-uitkering" in response.content.decode()

    # Once the pin has expired the client reads the replica again.
    client.cookies.pop(replica.PIN_COOKIE)
    with CaptureQueriesContext(replica_alias) as on_replica:
        response = client.get(SEARCH, {"q": "werkloos"})
    assert len(on_replica) > 0 and "WW-uitkering" not in response.content.decode()


def test_a_post_to_a_replica_view_reads_the_primary(client, replica_alias, directory):
    log_in(client, directory["coordinator"].user)
    with CaptureQueriesContext(replica_alias) as on_replica:
        client.post(SEARCH, {"q": "werkloos"})
    assert len(on_replica) == 0
