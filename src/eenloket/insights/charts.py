"""Bar charts drawn on the server as SVG: no JavaScript, no chart library.

Each chart shows one column of a figure; the figure's table beside it is the accessible
version (the SVG is an image with a title and says where the numbers are). A suppressed cell
draws no bar and says "fewer than k" instead.
"""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from eenloket.insights.figures import Figure

WIDTH, LABEL_WIDTH, BAR_HEIGHT, GAP = 640, 250, 22, 8
# NL Design System (Utrecht-like) blue, with enough contrast on white for a graphic (WCAG 1.4.11).
BAR_COLOUR, TEXT_COLOUR = "#1a5e9a", "#1b1b1b"


def _number(value) -> str:
    if isinstance(value, float):
        return f"{value:,.1f}".replace(",", " ").replace(".", ",")
    return f"{value:,}".replace(",", " ")


def bar_chart(figure: Figure, k: int) -> SafeString:
    """An SVG bar chart of the figure's chart column."""
    column = figure.chart_column
    rows = figure.values(column) if figure.columns else []
    if not rows:
        return SafeString("")
    shown = [cell.value for _label, cell in rows if cell.shown]
    top = max([v for v in shown if v is not None] or [0]) or 1
    plot = WIDTH - LABEL_WIDTH - 70
    height = len(rows) * (BAR_HEIGHT + GAP) + GAP
    title_id = f"chart-{figure.key}-title"

    def bar(index, label, cell):
        y = GAP + index * (BAR_HEIGHT + GAP)
        middle = y + BAR_HEIGHT / 2 + 5
        name = label if len(label) <= 38 else label[:36] + "…"
        if cell.suppressed:
            value, length = _("fewer than %(k)d") % {"k": k}, 0
        elif cell.value is None:
            value, length = "—", 0
        else:
            value, length = _number(cell.value), max(1, round(plot * cell.value / top))
        return (
            LABEL_WIDTH - 8,
            middle,
            name,
            LABEL_WIDTH,
            y,
            length,
            BAR_HEIGHT,
            LABEL_WIDTH + length + 6,
            middle,
            value,
        )

    bars = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="end">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" fill="' + BAR_COLOUR + '"></rect>'
        '<text x="{}" y="{}">{}</text>',
        (bar(i, label, cell) for i, (label, cell) in enumerate(rows)),
    )
    return format_html(
        '<svg class="eenloket-chart" role="img" aria-labelledby="{}" viewBox="0 0 {} {}" '
        'width="100%" preserveAspectRatio="xMinYMin meet" font-size="13" fill="{}" '
        'font-family="sans-serif" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{}">{}</title>{}</svg>',
        title_id,
        WIDTH,
        height,
        TEXT_COLOUR,
        title_id,
        _("%(title)s: %(column)s. The numbers are in the table below.")
        % {"title": figure.title, "column": figure.columns[column]},
        bars,
    )
