"""Without DATABASE_REPLICA_URL every read goes to the primary (core/replica.py)."""

from django.db import router

from eenloket.core import replica
from eenloket.directory.models import Organisation


def test_without_a_replica_every_read_goes_to_the_primary():
    assert not replica.configured()
    with replica.stale_reads_allowed():
        assert router.db_for_read(Organisation) == "default"
    assert router.db_for_read(Organisation) == "default"
