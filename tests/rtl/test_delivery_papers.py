"""Shirin delivers a Persian petition: its summary is right-to-left, set in Vazirmatn (embedded, so the minister's
office sees Persian letters, not boxes), with figures in Persian digits; an English pack keeps DejaVu Sans."""

import re
import zlib

import pytest
from wagtail.models import Locale

from clarion.delivery.summary import summary_html
from clarion.petitions.models import PetitionPage
from tests.delivery.conftest import build_pack
from tests.petitions.test_admin_support import add_signatures

pytestmark = pytest.mark.django_db


def embedded_fonts(pdf):
    """The names of the fonts a PDF embeds (WeasyPrint packs them into compressed object streams)."""
    names = set()
    for start in re.finditer(rb"stream\r?\n", pdf):
        try:
            data = zlib.decompressobj().decompress(pdf[start.end():start.end() + 400_000])
        except zlib.error:
            continue
        names |= {name.split(b"+")[-1].decode() for name in re.findall(rb"/FontName\s*/([A-Za-z0-9+_-]+)", data)}
    return names


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path


def in_persian(petition):
    fa, _ = Locale.objects.get_or_create(language_code="fa")
    PetitionPage.objects.filter(pk=petition.pk).update(
        locale=fa, title="بگذارید خانواده‌های دره تمسین بمانند", demand="اخراج اجباری را متوقف کنید.")
    petition.refresh_from_db()
    add_signatures(petition, 1234, country="DE")
    return petition


def test_a_persian_summary_embeds_vazirmatn_and_writes_persian_figures(petition):
    pack = build_pack(in_persian(petition))
    html = summary_html(pack)
    assert '<html lang="fa" dir="rtl">' in html
    assert "۱٬۲۳۴" in html and "1,234" not in html
    assert "Vazirmatn" in embedded_fonts((pack.directory / "summary.pdf").read_bytes())


def test_an_english_summary_keeps_its_font(petition):
    add_signatures(petition, 3, country="DE")
    pack = build_pack(petition)
    assert '<html lang="en" dir="ltr">' in summary_html(pack)
    fonts = embedded_fonts((pack.directory / "summary.pdf").read_bytes())
    assert "DejaVu-Sans" in fonts and not [name for name in fonts if "Vazirmatn" in name]


def test_the_chart_runs_from_right_to_left_in_persian():
    import datetime

    from django.utils import translation

    from clarion.delivery.chart import WIDTH, signatures_svg

    days = [(datetime.date(2026, 3, 20), 10), (datetime.date(2026, 3, 21), 1990)]
    with translation.override("fa"):
        svg = signatures_svg(days, "نمودار")
    first = re.search(r'<text x="([\d.]+)"[^>]*>۲۹ اسفند ۱۴۰۴</text>', svg)
    last = re.search(r'<text x="([\d.]+)"[^>]*>۱ فروردین ۱۴۰۵</text>', svg)
    assert first and last, svg
    assert float(first[1]) > WIDTH / 2 > float(last[1])
    assert ">۲٬۰۰۰</text>" in svg
    # The line starts at the right in Persian, at the left in English.
    assert line_xs(svg)[0] > line_xs(svg)[-1]
    with translation.override("en"):
        english = signatures_svg(days, "t")
    assert line_xs(english)[0] < line_xs(english)[-1]


def line_xs(svg):
    return [float(pair.split(",")[0]) for pair in re.search(r'points="([^"]+)"', svg)[1].split()]
