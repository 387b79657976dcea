"""System check: the suppression threshold k is a whole number of at least 5."""

from django.conf import settings
from django.core import checks

LOWEST_K = 5


def min_persons() -> int:
    """The threshold k: a figure's cell with fewer distinct persons shows no number."""
    try:
        value = int(str(settings.EENLOKET_INSIGHTS_MIN_PERSONS).strip())
    except (TypeError, ValueError):
        return 10
    return max(value, LOWEST_K)


@checks.register()
def check_min_persons(app_configs=None, **kwargs):
    raw = str(getattr(settings, "EENLOKET_INSIGHTS_MIN_PERSONS", "10")).strip()
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or value < LOWEST_K:
        return [
            checks.Error(
                f"EENLOKET_INSIGHTS_MIN_PERSONS={raw!r}: give a whole number of at least "
                f"{LOWEST_K} (the default is 10).",
                id="insights.E001",
            )
        ]
    return []
