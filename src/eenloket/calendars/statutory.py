"""Statutory terms under the Algemene termijnenwet (Atw).

Only the law's own list of recognised holidays counts (art. 3 Atw) plus the days equated with
them by decree (art. 3 lid 3 Atw); a generic holiday calendar would be wrong both ways (it
misses 5 May in most years and the decree days, and it adds days the law does not know).

Counting convention (see docs/calendars.md): the day of the start event is day 0, the day after
it is day 1, so a term of N days ends at the end of ``start + N days``; a term of N weeks ends on
the same weekday N weeks later; a term of N months ends on the same day number N months later,
or on the last day of that month when it is shorter. Art. 1 and 2 Atw then extend the end.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools

from django.utils.translation import gettext_lazy as _

from eenloket.core.errors import DomainError

# Koningsdag is celebrated on 27 April since 2014; earlier years had Koninginnedag (30 April)
# under other rules. Terms computed by eenloket start long after 2014, so earlier years are
# refused rather than guessed.
FIRST_SUPPORTED_YEAR = 2014

# Days equated with a recognised holiday by royal decree (art. 3 lid 3 Atw), published in the
# Staatscourant, usually one decree per three years. Add each new decree here with its title.
# Sources and the date they were checked are in docs/calendars.md.
_DECREE_2017_2019 = "Besluit van 31 oktober 2016, Stcrt. 2016, 58653 (gelijkstelling 2017-2019)"
_DECREE_2023_2025 = (
    "Besluit gelijkstelling van 28 april 2023, 19 mei 2023, 10 mei 2024, 27 december 2024 en "
    "30 mei 2025 met een algemeen erkende feestdag"
)
_DECREE_2026_2028 = (
    "Besluit gelijkstelling van 2 januari 2026, 15 mei 2026, 7 mei 2027, 28 april 2028 en "
    "26 mei 2028 met een algemeen erkende feestdag"
)
EQUATED_DAYS: dict[dt.date, str] = {
    dt.date(2017, 4, 28): _DECREE_2017_2019,
    dt.date(2017, 5, 26): _DECREE_2017_2019,
    dt.date(2018, 5, 11): _DECREE_2017_2019,
    dt.date(2018, 12, 24): _DECREE_2017_2019,
    dt.date(2018, 12, 31): _DECREE_2017_2019,
    dt.date(2019, 5, 31): _DECREE_2017_2019,
    dt.date(2019, 12, 27): _DECREE_2017_2019,
    dt.date(2023, 4, 28): _DECREE_2023_2025,
    dt.date(2023, 5, 19): _DECREE_2023_2025,
    dt.date(2024, 5, 10): _DECREE_2023_2025,
    dt.date(2024, 12, 27): _DECREE_2023_2025,
    dt.date(2025, 5, 30): _DECREE_2023_2025,
    dt.date(2026, 1, 2): _DECREE_2026_2028,
    dt.date(2026, 5, 15): _DECREE_2026_2028,
    dt.date(2027, 5, 7): _DECREE_2026_2028,
    dt.date(2028, 4, 28): _DECREE_2026_2028,
    dt.date(2028, 5, 26): _DECREE_2026_2028,
}

# The last year whose equated days are known (the newest decree above covers 2026-2028). A
# statutory term in a later year cannot be counted without guessing: it raises
# CalendarDataMissing, and `eenloket check` warns a year before (calendars/checks.py).
DECREES_KNOWN_UNTIL = 2028

_ONE_DAY = dt.timedelta(days=1)


class CalendarDataMissing(DomainError):
    """A statutory term reaches a year whose days equated by decree are not in eenloket yet.

    The message is for the worker; ``what_to_add`` is for whoever maintains eenloket.
    """

    def __init__(self, year: int):
        self.year = year
        self.what_to_add = (
            f"The days equated with a holiday by decree (art. 3 lid 3 Atw) are known up to "
            f"{DECREES_KNOWN_UNTIL}; {year} needs the decree that covers it. Add its days with "
            f"its title to EQUATED_DAYS in src/eenloket/calendars/statutory.py, raise "
            f"DECREES_KNOWN_UNTIL, and add a line to docs/calendars.md."
        )
        super().__init__(
            _(
                "eenloket cannot count this term yet: the holidays of %(year)s are not in it. "
                "Tell your application manager that the holiday decree for %(year)s must be "
                "added."
            )
            % {"year": year}
        )


def easter_sunday(year: int) -> dt.date:
    """Return Easter Sunday of ``year`` (Gregorian calendar, anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def kings_day(year: int) -> dt.date:
    """Return the day the King's birthday is celebrated: 27 April, or 26 April for a Sunday."""
    _check_year(year)
    day = dt.date(year, 4, 27)
    return day - _ONE_DAY if day.weekday() == calendar.SUNDAY else day


def holidays(year: int) -> dict[dt.date, str]:
    """Return the recognised holidays of ``year`` under art. 3 Atw, with their names.

    Lid 1 names New Year's Day, the second days of Easter and Whitsun, both Christmas days,
    Ascension Day, the King's birthday as celebrated and 5 May (every year); lid 2 adds Good
    Friday; lid 3 adds the days equated by decree (``EQUATED_DAYS``). Easter Sunday and Whit
    Sunday are not in the law's list: they are Sundays, which art. 1 and 2 treat alike anyway.
    Raises CalendarDataMissing for a year after DECREES_KNOWN_UNTIL, rather than answer
    without the decree days (a term could end a working day too early).
    """
    if year > DECREES_KNOWN_UNTIL:
        raise CalendarDataMissing(year)
    return holidays_known(year)


def holidays_known(year: int) -> dict[dt.date, str]:
    """Return the holidays of ``year`` as far as eenloket knows them: after
    DECREES_KNOWN_UNTIL without the decree days. Only for a desk's or a direct line's own
    closing days (a service promise, not a statutory term), never for a term set by law."""
    _check_year(year)
    easter = easter_sunday(year)
    days = {
        dt.date(year, 1, 1): "Nieuwjaarsdag",
        easter - dt.timedelta(days=2): "Goede Vrijdag",
        easter + _ONE_DAY: "Tweede Paasdag",
        kings_day(year): "Koningsdag",
        dt.date(year, 5, 5): "Bevrijdingsdag (5 mei)",
        easter + dt.timedelta(days=39): "Hemelvaartsdag",
        easter + dt.timedelta(days=50): "Tweede Pinksterdag",
        dt.date(year, 12, 25): "Eerste Kerstdag",
        dt.date(year, 12, 26): "Tweede Kerstdag",
    }
    for day, source in EQUATED_DAYS.items():
        if day.year == year:
            days.setdefault(day, f"Gelijkgestelde dag ({source})")
    return dict(sorted(days.items()))


def is_recognised_holiday(day: dt.date) -> bool:
    """Say whether ``day`` is a recognised holiday or a day equated with one (art. 3 Atw)."""
    if day.year > DECREES_KNOWN_UNTIL:
        raise CalendarDataMissing(day.year)
    return day in _holiday_set(day.year)


def is_atw_rest_day(day: dt.date) -> bool:
    """Say whether ``day`` is a Saturday, a Sunday or a recognised holiday (art. 1 Atw)."""
    return day.weekday() >= calendar.SATURDAY or is_recognised_holiday(day)


def next_atw_working_day(day: dt.date) -> dt.date:
    """Return ``day`` itself or the first later day that is not an Atw rest day."""
    while is_atw_rest_day(day):
        day += _ONE_DAY
    return day


def apply_atw(end_date: dt.date, *, term_start: dt.date | None = None) -> dt.date:
    """Return the end of a statutory term after art. 1 and 2 Atw.

    ``end_date`` is the last day of the term as counted; ``term_start`` its first day (day 1,
    the day after the start event). Art. 2: a term of at least three days is extended until it
    holds at least two days that are not a Saturday, Sunday or recognised holiday. Art. 1: a term
    ending on such a day runs until the next day that is none of them. Without ``term_start``
    only art. 1 is applied. Not for terms counted back from an event (art. 1 lid 2 Atw).
    """
    if term_start is not None:
        if term_start > end_date:
            raise ValueError("term_start must not be after end_date")
        if (end_date - term_start).days + 1 >= 3:
            working = sum(
                not is_atw_rest_day(term_start + dt.timedelta(days=n))
                for n in range((end_date - term_start).days + 1)
            )
            while working < 2:
                end_date += _ONE_DAY
                working += not is_atw_rest_day(end_date)
    return next_atw_working_day(end_date)


def add_months(day: dt.date, months: int) -> dt.date:
    """Return the same day number ``months`` later, or the last day of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def nominal_end(
    start_date: dt.date,
    *,
    days: int | None = None,
    weeks: int | None = None,
    months: int | None = None,
) -> dt.date:
    """Return the last day of a term counted from the start event, before the Atw applies."""
    given = [
        (name, value)
        for name, value in (("days", days), ("weeks", weeks), ("months", months))
        if value is not None
    ]
    if len(given) != 1:
        raise ValueError("give exactly one of days, weeks or months")
    name, value = given[0]
    if value < 1:
        raise ValueError(f"a term needs at least one {name[:-1]}, got {value}")
    if name == "months":
        return add_months(start_date, value)
    return start_date + dt.timedelta(days=value * (7 if name == "weeks" else 1))


def statutory_end(
    start_date: dt.date,
    *,
    days: int | None = None,
    weeks: int | None = None,
    months: int | None = None,
) -> dt.date:
    """Return the last day of a term set by law that starts with an event on ``start_date``.

    The day after the event is day 1. Exactly one of ``days``, ``weeks`` or ``months`` is
    given. The result is extended under art. 1 and 2 Atw and is never a rest day.
    """
    end = nominal_end(start_date, days=days, weeks=weeks, months=months)
    return apply_atw(end, term_start=start_date + _ONE_DAY)


@functools.cache
def _holiday_set(year: int) -> frozenset[dt.date]:
    return frozenset(holidays_known(year))


def _check_year(year: int) -> None:
    if year < FIRST_SUPPORTED_YEAR:
        raise ValueError(
            f"Atw holidays are computed from {FIRST_SUPPORTED_YEAR} (Koningsdag on 27 April); "
            f"got {year}"
        )
