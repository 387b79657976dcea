"""pytest plugin, loaded before any conftest (``-p eenloket.testing.run`` in pyproject.toml):
names the test run and cleans up after it, in the process that starts the run.

It cannot live in ``src/eenloket/conftest.py``: with a path above that directory on the command
line (``pytest src``), the xdist controller never loads that conftest, so its workers started
without a run name and every database test failed with ``KeyError: 'EENLOKET_TEST_RUN'``.
"""

from eenloket.testing import database


def pytest_configure(config):
    if not hasattr(config, "workerinput"):  # pytest alone, or the xdist controller
        database.start_run()


def pytest_unconfigure(config):
    if not hasattr(config, "workerinput"):
        database.end_run()
