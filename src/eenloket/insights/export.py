"""The figures as CSV: one line per cell, a suppressed cell without a number."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _

from eenloket.insights.figures import Dashboard

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(text: str) -> str:
    """Keep a spreadsheet from reading a label as a formula (CSV injection)."""
    text = str(text)
    return "'" + text if text.startswith(_FORMULA_START) else text


def dashboard_csv(board: Dashboard) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_("figure"), _("title"), _("row"), _("column"), _("value"), _("note")])
    suppressed = _("fewer than %(k)d persons: not shown") % {"k": board.k}
    for figure in board.figures:
        for row in figure.rows:
            for column, cell in zip(figure.columns, row.cells, strict=True):
                writer.writerow(
                    [
                        figure.key,
                        _safe(figure.title),
                        _safe(row.label),
                        _safe(column),
                        "" if not cell.shown else cell.value,
                        suppressed if cell.suppressed else "",
                    ]
                )
    return out.getvalue()
