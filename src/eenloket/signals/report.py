"""The quarterly report per regulation, for the programme: CSV and PDF (docs/signals.md).

The PDF is made with fpdf2 and embeds DejaVu Sans (a free Unicode font, vendored in
``signals/fonts`` with its licence), so every Dutch and other letter prints as written; the
letters in ``notifications/pdf.py`` still use the built-in Helvetica until that moves too.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from django.utils import formats
from django.utils.translation import gettext as _

from eenloket.signals.models import Effect, State
from eenloket.signals.selectors import RegulationRow

FONTS = Path(__file__).resolve().parent / "fonts"


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


def _line(pdf, width, height, text) -> None:
    """A paragraph, after which the next one starts at the left margin."""
    pdf.multi_cell(width, height, text, new_x="LMARGIN", new_y="NEXT")


def report_pdf(rows: list[RegulationRow], start: dt.date, end: dt.date) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_title(_("Signals per regulation, %(quarter)s") % {"quarter": _quarter_name(start)})
    pdf.set_author("eenloket")
    pdf.set_lang("nl")
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 16)
    _line(pdf, 0, 9, _("Signals per regulation, %(quarter)s") % {"quarter": _quarter_name(start)})
    pdf.set_font("DejaVu", "", 10)
    _line(
        pdf,
        0,
        6,
        _(
            "Where a law, rule, system or organisation blocked help, as workers of the 1 Loket "
            "reported it from %(start)s to %(end)s: how often, with which effect on citizens, and "
            "where the signals stand now. Without personal data."
        )
        % {
            "start": formats.date_format(start, "j F Y"),
            "end": formats.date_format(end, "j F Y"),
        },
    )
    pdf.ln(3)
    if not rows:
        _line(pdf, 0, 6, _("No signals were reported in this quarter."))
    for row in rows:
        pdf.set_font("DejaVu", "B", 12)
        _line(pdf, 0, 7, row.name)
        pdf.set_font("DejaVu", "", 10)
        _line(
            pdf,
            0,
            6,
            _("%(reports)d reports, grouped in %(signals)d signals.")
            % {"reports": row.reports, "signals": row.signals},
        )
        with pdf.table(
            col_widths=(3, 1), text_align=("LEFT", "RIGHT"), first_row_as_headings=True
        ) as table:
            heading = table.row()
            heading.cell(_("Effect on the citizen"))
            heading.cell(_("Reports"))
            for code, label in Effect.choices:
                if row.effects.get(code):
                    line = table.row()
                    line.cell(str(label))
                    line.cell(str(row.effects[code]))
        pdf.ln(2)
        states = ", ".join(
            f"{label}: {row.states[code]}" for code, label in State.choices if row.states.get(code)
        )
        _line(pdf, 0, 6, _("Where they stand: %(states)s") % {"states": states or "—"})
        pdf.ln(4)
    return bytes(pdf.output())
