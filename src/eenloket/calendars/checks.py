"""Warn a year before the holiday data runs out, so nobody meets CalendarDataMissing."""

import datetime as dt

from django.core import checks

from eenloket.calendars import statutory
from eenloket.core import clock

# Statutory terms run up to about a year (an objection term, a decision with extensions):
# warn when a term started today could reach a year whose decree days are unknown.
LOOK_AHEAD = dt.timedelta(days=366)


@checks.register()
def decree_days_known_a_year_ahead(app_configs=None, **kwargs):
    """Warn when the days equated by decree are not known for the coming year."""
    reaches = (clock.today() + LOOK_AHEAD).year
    if reaches <= statutory.DECREES_KNOWN_UNTIL:
        return []
    return [
        checks.Warning(
            f"Statutory terms counted from today can reach {reaches}, but the holiday data "
            f"ends in {statutory.DECREES_KNOWN_UNTIL}.",
            hint=statutory.CalendarDataMissing(reaches).what_to_add,
            id="eenloket.calendars.W001",
        )
    ]
