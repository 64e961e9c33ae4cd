"""A bar chart for an inline SVG the server draws (no script, nothing fetched from elsewhere), and its table.

The bars and the table rows are written here with format_html_join rather than template loops: a screen
has a hundred bars per petition, and the template engine took longer over them than the queries did.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html_join

BAR_WIDTH = 10
GAP = 2
HEIGHT = 100


@dataclass
class Bar:
    moment: object  # an hour (aware datetime) or a day (date)
    submitted: int
    confirmed: int

    @property
    def hourly(self):
        return isinstance(self.moment, datetime)

    def key(self):
        """The moment in ISO 8601 (an hour in the site's time zone), for the table row's data-moment."""
        return timezone.localtime(self.moment).isoformat() if self.hourly else self.moment.isoformat()

    def label(self):
        if self.hourly:
            return date_format(timezone.localtime(self.moment), "D j M, H:i")
        return date_format(self.moment, "D j M")


@dataclass
class Chart:
    bars: list
    peak: int
    slots: int
    height: int = HEIGHT
    bar_width: int = BAR_WIDTH - GAP

    @property
    def width(self):
        return self.slots * BAR_WIDTH

    @property
    def submitted(self):
        return sum(bar.submitted for bar in self.bars)

    @property
    def confirmed(self):
        return sum(bar.confirmed for bar in self.bars)

    def _height(self, value):
        return round(HEIGHT * value / self.peak, 2) if self.peak else 0

    def svg_bars(self):
        """Two <rect>s a bar: submitted behind, confirmed in front, to one scale; y grows downwards."""
        rects = []
        first = self.slots - len(self.bars)
        for index, bar in enumerate(self.bars, start=first):
            x = index * BAR_WIDTH + GAP // 2
            for kind, value in (("submitted", bar.submitted), ("confirmed", bar.confirmed)):
                height = self._height(value)
                rects.append((kind, x, HEIGHT - height, self.bar_width, height))
        return format_html_join(
            "", '<rect class="clarion-chart__{}" x="{}" y="{}" width="{}" height="{}"/>', rects)

    def table_rows(self):
        return format_html_join(
            "", '<tr data-moment="{}"><th scope="row">{}</th><td>{}</td><td>{}</td></tr>',
            ((bar.key(), bar.label(), bar.submitted, bar.confirmed) for bar in self.bars))


def bar_chart(series, minimum_slots=0):
    """`series` is [(moment, submitted, confirmed)], oldest first; a short series keeps to the right of
    `minimum_slots` places, so the first days of a campaign are not drawn as a few very wide blocks."""
    bars = [Bar(moment, submitted, confirmed) for moment, submitted, confirmed in series]
    peak = max((max(bar.submitted, bar.confirmed) for bar in bars), default=0)
    return Chart(bars, peak, max(len(bars), minimum_slots))
