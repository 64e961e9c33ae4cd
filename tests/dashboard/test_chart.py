"""The chart draws every figure to one scale, newest at the end, and says in its table what it draws."""

from datetime import date

from bs4 import BeautifulSoup

from clarion.dashboard.chart import bar_chart


def rects(chart):
    svg = BeautifulSoup(str(chart.svg_bars()), "html.parser")
    return [(rect["class"][0].rsplit("__", 1)[1], float(rect["x"]), float(rect["y"]), float(rect["height"]))
            for rect in svg.select("rect")]


def test_bars_are_drawn_to_the_peak_and_stand_on_the_baseline():
    chart = bar_chart([(date(2026, 12, 1), 40, 10), (date(2026, 12, 2), 20, 20)])
    assert rects(chart) == [("submitted", 1, 0, 100), ("confirmed", 1, 75, 25),
                            ("submitted", 11, 50, 50), ("confirmed", 11, 50, 50)]
    assert (chart.peak, chart.submitted, chart.confirmed, chart.width) == (40, 60, 30, 20)


def test_a_short_campaign_keeps_its_days_to_the_right_of_a_fortnight():
    chart = bar_chart([(date(2026, 12, 1), 4, 2), (date(2026, 12, 2), 2, 1)], minimum_slots=14)
    assert chart.width == 140
    assert [x for _kind, x, _y, _height in rects(chart)] == [121, 121, 131, 131]


def test_nothing_signed_draws_empty_bars_and_a_table_of_zeros():
    chart = bar_chart([(date(2026, 12, 1), 0, 0)])
    assert [height for *_rest, height in rects(chart)] == [0, 0]
    row = BeautifulSoup(str(chart.table_rows()), "html.parser").select_one("tr")
    assert row["data-moment"] == "2026-12-01"
    assert [cell.get_text() for cell in row.select("td")] == ["0", "0"]
