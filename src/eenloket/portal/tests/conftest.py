from eenloket.testing.clamd import clamd, clamd_address  # noqa: F401
