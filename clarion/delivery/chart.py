"""Signatures over time as an inline SVG line (drawn here: no plotting library in the worker)."""

from django.utils.formats import date_format
from django.utils.html import escape

WIDTH, HEIGHT, MARGIN = 640, 240, 44


def cumulative(days):
    """[(date, count per day)] → [(date, running total)]."""
    total, points = 0, []
    for day, count in days:
        total += count
        points.append((day, total))
    return points


def signatures_svg(days, title):
    """A cumulative line over [(date, count)] in date order; an empty chart says so instead of drawing nothing."""
    points = cumulative(days)
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
            f'height="{HEIGHT}" role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>')
    axes = (f'<line x1="{MARGIN}" y1="{HEIGHT - MARGIN}" x2="{WIDTH - 8}" y2="{HEIGHT - MARGIN}" stroke="#555"/>'
            f'<line x1="{MARGIN}" y1="8" x2="{MARGIN}" y2="{HEIGHT - MARGIN}" stroke="#555"/>')
    if not points:
        return head + axes + "</svg>"
    top = points[-1][1] or 1
    span = max(len(points) - 1, 1)
    plot_w, plot_h = WIDTH - MARGIN - 8, HEIGHT - MARGIN - 8

    def xy(i, value):
        return MARGIN + plot_w * i / span, HEIGHT - MARGIN - plot_h * value / top

    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(i, v) for i, (_, v) in enumerate(points)))
    labels = (f'<text x="{MARGIN - 4}" y="14" font-size="11" text-anchor="end">{top:,}</text>'
              f'<text x="{MARGIN - 4}" y="{HEIGHT - MARGIN}" font-size="11" text-anchor="end">0</text>'
              f'<text x="{MARGIN}" y="{HEIGHT - MARGIN + 16}" font-size="11">'
              f'{escape(date_format(points[0][0], "SHORT_DATE_FORMAT"))}</text>'
              f'<text x="{WIDTH - 8}" y="{HEIGHT - MARGIN + 16}" font-size="11" text-anchor="end">'
              f'{escape(date_format(points[-1][0], "SHORT_DATE_FORMAT"))}</text>')
    return (head + axes + labels
            + f'<polyline fill="none" stroke="#b3261e" stroke-width="2" points="{line}"/></svg>')
