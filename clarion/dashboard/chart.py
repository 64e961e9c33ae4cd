"""A bar chart's geometry, for an inline SVG the server draws: no script, nothing fetched from elsewhere."""

from dataclasses import dataclass

BAR_WIDTH = 10
GAP = 2
HEIGHT = 100


@dataclass
class Bar:
    moment: object
    submitted: int
    confirmed: int
    x: int
    submitted_y: float
    submitted_height: float
    confirmed_y: float
    confirmed_height: float


@dataclass
class Chart:
    bars: list
    width: int
    height: int
    peak: int
    submitted: int
    confirmed: int
    bar_width: int = BAR_WIDTH - GAP


def _height(value, peak):
    return round(HEIGHT * value / peak, 2) if peak else 0


def bar_chart(series):
    """`series` is [(moment, submitted, confirmed)]; submitted bars stand behind confirmed ones, to one scale."""
    peak = max((max(submitted, confirmed) for _moment, submitted, confirmed in series), default=0)
    bars = []
    for index, (moment, submitted, confirmed) in enumerate(series):
        submitted_height, confirmed_height = _height(submitted, peak), _height(confirmed, peak)
        bars.append(Bar(moment, submitted, confirmed, index * BAR_WIDTH + GAP // 2,
                        HEIGHT - submitted_height, submitted_height, HEIGHT - confirmed_height, confirmed_height))
    return Chart(bars, len(series) * BAR_WIDTH, HEIGHT, peak, sum(b.submitted for b in bars),
                 sum(b.confirmed for b in bars))
