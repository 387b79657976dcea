"""Opening hours and closing days as an application manager types them, one per line.

A line of hours is days and a time span: ``ma-vr 09:00-17:00``, ``di,do 13:00-16:30`` or the
HSDS codes ``MO,TU 9:00-12:00``. A line of closing days is a date: ``2027-04-27`` or
``27-04-2027``, optionally followed by a note after a space (kept out of the data: the note is
for the reader of the form). Every refusal names its line, so a long list is fixed in one go.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _

DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DUTCH_DAYS = ("ma", "di", "wo", "do", "vr", "za", "zo")
NAMES = {
    **{code.lower(): i for i, code in enumerate(DAY_CODES)},
    **{name: i for i, name in enumerate(DUTCH_DAYS)},
}
LINE = re.compile(
    r"^\s*(?P<days>[A-Za-z ,\-]+?)\s+"
    r"(?P<opens>\d{1,2}[:.]\d{2})\s*-\s*(?P<closes>\d{1,2}[:.]\d{2})\s*$"
)


class LinesError(ValueError):
    """One or more lines could not be read: ``messages`` names each by its number."""

    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__("; ".join(messages))


def _time(text: str) -> dt.time | None:
    hours, minutes = re.split(r"[:.]", text)
    hours, minutes = int(hours), int(minutes)
    if hours > 23 or minutes > 59:
        return None
    return dt.time(hours, minutes)


def _days(text: str) -> list[int] | None:
    found: list[int] = []
    for part in text.replace(" ", "").lower().split(","):
        if not part:
            return None
        ends = part.split("-")
        if len(ends) > 2 or any(end not in NAMES for end in ends):
            return None
        first, last = NAMES[ends[0]], NAMES[ends[-1]]
        if last < first:
            return None
        found += [day for day in range(first, last + 1) if day not in found]
    return found


def parse_hours(text: str) -> list[dict[str, str]]:
    """Read opening hours, one line each; return schedule rows (HSDS ``byday``, ``opens_at``,
    ``closes_at``) or raise ``LinesError`` naming every bad line."""
    rows, errors = [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        match = LINE.match(line)
        days = _days(match["days"]) if match else None
        if match is None or days is None:
            errors.append(
                _("Line %(n)s: write days and times like “ma-vr 09:00-17:00”.") % {"n": number}
            )
            continue
        opens, closes = _time(match["opens"]), _time(match["closes"])
        if opens is None or closes is None:
            errors.append(_("Line %(n)s: a time runs from 00:00 to 23:59.") % {"n": number})
            continue
        if opens >= closes:
            errors.append(
                _("Line %(n)s: the opening time must be before the closing time.") % {"n": number}
            )
            continue
        rows.append(
            {
                "byday": ",".join(DAY_CODES[day] for day in days),
                "opens_at": opens.strftime("%H:%M"),
                "closes_at": closes.strftime("%H:%M"),
            }
        )
    if errors:
        raise LinesError(errors)
    return rows


def hours_text(schedules) -> str:
    """Write schedule rows back the way ``parse_hours`` reads them (Dutch day names)."""
    lines = []
    for row in schedules:
        codes = [code.strip().upper() for code in row.byday.split(",") if code.strip()]
        days = [DUTCH_DAYS[DAY_CODES.index(code)] for code in codes if code in DAY_CODES]
        indexes = [DAY_CODES.index(code) for code in codes if code in DAY_CODES]
        if len(days) > 2 and indexes == list(range(indexes[0], indexes[-1] + 1)):
            spoken = f"{days[0]}-{days[-1]}"
        else:
            spoken = ",".join(days)
        lines.append(f"{spoken} {row.opens_at:%H:%M}-{row.closes_at:%H:%M}")
    return "\n".join(lines)


def parse_days(text: str) -> list[dt.date]:
    """Read closing days, one date per line (``2027-04-27`` or ``27-04-2027``, a note may
    follow); raise ``LinesError`` naming every bad line."""
    days, errors = [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        word = line.split()[0]
        day = None
        for form in ("%Y-%m-%d", "%d-%m-%Y"):
            try:
                day = dt.datetime.strptime(word, form).date()
                break
            except ValueError:
                continue
        if day is None:
            errors.append(_("Line %(n)s: write a date like 27-04-2027.") % {"n": number})
            continue
        days.append(day)
    if errors:
        raise LinesError(errors)
    return sorted(set(days))


def days_text(values) -> str:
    """Write stored ISO dates back one per line, as ``dd-mm-yyyy``."""
    out = []
    for value in values or ():
        try:
            out.append(dt.date.fromisoformat(str(value)).strftime("%d-%m-%Y"))
        except ValueError:
            continue
    return "\n".join(out)
