"""The quarterly report per regulation, for the programme: CSV and PDF (docs/signals.md).

The PDF takes the same print path as letters and the printed overview (``notifications/pdf.py``,
decision 0036): an HTML print template rendered by WeasyPrint as tagged PDF/UA-1 with the
vendored Unicode font, so every name of a regulation or organisation prints as written.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.utils import formats
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from eenloket.notifications import pdf
from eenloket.signals.models import Effect, State
from eenloket.signals.selectors import RegulationRow


def _quarter_name(start: dt.date) -> str:
    return f"{start.year} Q{(start.month - 1) // 3 + 1}"


def report_csv(rows: list[RegulationRow], start: dt.date, end: dt.date) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        [_("quarter"), _("regulation"), _("code"), _("reports"), _("signals")]
        + [f"{_('effect')}: {label}" for _code, label in Effect.choices]
        + [f"{_('state')}: {label}" for _code, label in State.choices]
    )
    for row in rows:
        writer.writerow(
            [_quarter_name(start), row.name, row.code, row.reports, row.signals]
            + [row.effects.get(code, 0) for code in Effect.values]
            + [row.states.get(code, 0) for code in State.values]
        )
    return out.getvalue()


def _summary(reports: int, signals: int) -> str:
    """ "3 reports, grouped in 2 signals." — each number with its own singular or plural."""
    return _("%(reports)s, grouped in %(signals)s.") % {
        "reports": ngettext("%(n)d report", "%(n)d reports", reports) % {"n": reports},
        "signals": ngettext("%(n)d signal", "%(n)d signals", signals) % {"n": signals},
    }


def report_pdf(rows: list[RegulationRow], start: dt.date, end: dt.date) -> bytes:
    """The report as a tagged PDF (PDF/UA-1), through the one print path all letters take."""
    quarter = _quarter_name(start)
    regulations = []
    for row in rows:
        states = ", ".join(
            f"{label}: {row.states[code]}" for code, label in State.choices if row.states.get(code)
        )
        regulations.append(
            {
                "name": row.name,
                "summary": _summary(row.reports, row.signals),
                "effects": [
                    (str(label), row.effects[code])
                    for code, label in Effect.choices
                    if row.effects.get(code)
                ],
                "states": _("Where they stand: %(states)s") % {"states": states or "—"},
            }
        )
    context = {
        "title": _("Signals per regulation, %(quarter)s") % {"quarter": quarter},
        "introduction": _(
            "Where a law, rule, system or organisation blocked help, as workers of the 1 Loket "
            "reported it from %(start)s to %(end)s: how often, with which effect on citizens, and "
            "where the signals stand now. Without personal data."
        )
        % {
            "start": formats.date_format(start, "j F Y"),
            "end": formats.date_format(end, "j F Y"),
        },
        "regulations": regulations,
        "effect_heading": _("Effect on the citizen"),
        "reports_heading": _("Reports"),
        "nothing": _("No signals were reported in this quarter."),
    }
    return pdf.render_pdf("signals/print/quarterly.html", context, language=get_language())
