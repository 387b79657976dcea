"""Bar charts drawn on the server as SVG: no JavaScript, no chart library.

Each chart shows one column of a figure; the figure's table below it is the accessible version
(the SVG is an image whose title says where the numbers are). Each row is its label on a line
of its own with the bar under it, so the chart reads at 320 px as well as on a wide screen. A
suppressed cell draws no bar and says "fewer than k" instead.
"""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from eenloket.insights.figures import Figure

WIDTH, ROW, FONT = 320, 44, 14
VALUE_SPACE = 80  # room right of the longest bar for its value
# A blue with enough contrast on white for a graphic (WCAG 1.4.11), and near-black text.
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
    shown = [cell.value for _label, cell in rows if cell.shown and cell.value is not None]
    top = max(shown or [0]) or 1
    plot = WIDTH - VALUE_SPACE
    title_id = f"chart-{figure.key}-title"

    def bar(index, label, cell):
        y = index * ROW
        name = label if len(label) <= 40 else label[:38] + "…"
        if cell.suppressed:
            value, length = _("fewer than %(k)d") % {"k": k}, 0
        elif cell.value is None:
            value, length = "—", 0
        else:
            value, length = _number(cell.value), max(1, round(plot * cell.value / top))
        return (y + FONT, name, y + FONT + 6, length, y + FONT + 20, length + 6, value)

    bars = format_html_join(
        "",
        '<text x="0" y="{}">{}</text>'
        '<rect x="0" y="{}" width="{}" height="16" fill="' + BAR_COLOUR + '"></rect>'
        '<text x="{}" y="{}">{}</text>',
        (
            (y_label, name, y_bar, length, length + 6, y_value, value)
            for (y_label, name, y_bar, length, y_value, _x, value) in (
                bar(i, label, cell) for i, (label, cell) in enumerate(rows)
            )
        ),
    )
    return format_html(
        '<svg class="eenloket-chart" role="img" aria-labelledby="{}" viewBox="0 0 {} {}" '
        'font-size="{}" fill="{}" font-family="sans-serif" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{}">{}</title>{}</svg>',
        title_id,
        WIDTH,
        len(rows) * ROW,
        FONT,
        TEXT_COLOUR,
        title_id,
        _("%(title)s: %(column)s. The numbers are in the table below.")
        % {"title": figure.title, "column": figure.columns[column]},
        bars,
    )
