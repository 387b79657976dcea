"""The demo world: invented people and workers at real kinds of organisations.

Everything is made through the services, never written around them, so the demo obeys the
same rules as real use. Dates are relative to the day the demo is loaded.
"""

from eenloket.demo.data.accounts import (
    ACCOUNTS,
    DEMO_BSN_SEED,
    DEMO_PASSWORD,
    MARKER_ORGANISATION,
    ORGANISATIONS,
    DemoAccount,
    describe_accounts,
)
from eenloket.demo.data.direct_lines import (
    DEMO_DIRECT_LINES,
    DEMO_HOURS,
)
from eenloket.demo.data.loading import (
    demo_data_present,
    load,
)

__all__ = [
    "ACCOUNTS",
    "DEMO_BSN_SEED",
    "DEMO_DIRECT_LINES",
    "DEMO_HOURS",
    "DEMO_PASSWORD",
    "MARKER_ORGANISATION",
    "ORGANISATIONS",
    "DemoAccount",
    "demo_data_present",
    "describe_accounts",
    "load",
]
