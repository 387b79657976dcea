"""The handover tests' common world: a sender, a receiving direct line and a case
(``walk.make_world``). A test module that needs a world of its own defines ``world`` itself,
which takes precedence (test_loop, test_reach, test_views)."""

import pytest

from eenloket.handovers.tests.walk import make_world


@pytest.fixture
def world():
    return make_world()
