"""Signatures over time as an inline SVG line (drawn here: no plotting library in the worker)."""

from django.utils import translation
from django.utils.html import escape

from clarion.organisation import locale_choice

WIDTH, HEIGHT, MARGIN = 640, 240, 44


def cumulative(days):
    """[(date, count per day)] → [(date, running total)]."""
    total, points = 0, []
    for day, count in days:
        total += count
        points.append((day, total))
    return points


def signatures_svg(days, title):
    """A cumulative line over [(date, count)] in date order; an empty chart says so instead of drawing nothing.

    In a right-to-left language time runs from right to left, with the figures' axis on the right.
    """
    points = cumulative(days)
    rtl = translation.get_language_bidi()

    def x_at(x):
        return WIDTH - x if rtl else x

    def anchor(side):
        return {"start": "end", "end": "start"}[side] if rtl else side

    head = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
            f'height="{HEIGHT}" role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>')
    axes = (f'<line x1="{x_at(MARGIN)}" y1="{HEIGHT - MARGIN}" x2="{x_at(WIDTH - 8)}" y2="{HEIGHT - MARGIN}" '
            f'stroke="#555"/>'
            f'<line x1="{x_at(MARGIN)}" y1="8" x2="{x_at(MARGIN)}" y2="{HEIGHT - MARGIN}" stroke="#555"/>')
    if not points:
        return head + axes + "</svg>"
    top = points[-1][1] or 1
    span = max(len(points) - 1, 1)
    plot_w, plot_h = WIDTH - MARGIN - 8, HEIGHT - MARGIN - 8

    def xy(i, value):
        return x_at(MARGIN + plot_w * i / span), HEIGHT - MARGIN - plot_h * value / top

    def label(x, y, text, side):
        return (f'<text x="{x_at(x)}" y="{y}" font-size="11" text-anchor="{anchor(side)}">'
                f'{escape(text)}</text>')

    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(i, v) for i, (_, v) in enumerate(points)))
    labels = (label(MARGIN - 4, 14, locale_choice.number(top), "end")
              + label(MARGIN - 4, HEIGHT - MARGIN, locale_choice.number(0), "end")
              + label(MARGIN, HEIGHT - MARGIN + 16, locale_choice.date(points[0][0], "SHORT_DATE_FORMAT"), "start")
              + label(WIDTH - 8, HEIGHT - MARGIN + 16, locale_choice.date(points[-1][0], "SHORT_DATE_FORMAT"),
                      "end"))
    return (head + axes + labels
            + f'<polyline fill="none" stroke="#b3261e" stroke-width="2" points="{line}"/></svg>')
