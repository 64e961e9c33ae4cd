"""Shirin runs the Persian site: dates read in the Solar Hijri calendar with Persian digits unless she switches
either off in Settings › Organisation; Arabic pages take Arabic-Indic digits only when she asks for them."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation
from wagtail.models import Site

from clarion.core import localeformat
from clarion.organisation.models import OrganisationSettings


@pytest.mark.parametrize(("gregorian", "solar_hijri"), [
    ((2026, 3, 21), (1405, 1, 1)),    # Nowruz 1405
    ((2026, 3, 20), (1404, 12, 29)),  # 1404 is a common year: Esfand has 29 days
    ((2025, 3, 20), (1403, 12, 30)),  # 1403 is a leap year: Esfand has 30 days
    ((2025, 3, 21), (1404, 1, 1)),
    ((2024, 3, 20), (1403, 1, 1)),    # Nowruz fell on 20 March in 2024
    ((2024, 3, 19), (1402, 12, 29)),
    ((1979, 2, 11), (1357, 11, 22)),  # 22 Bahman 1357
    ((2000, 1, 1), (1378, 10, 11)),
    ((2025, 9, 22), (1404, 6, 31)),   # the last day of the 31-day months
    ((2025, 9, 23), (1404, 7, 1)),
])
def test_gregorian_dates_convert_to_solar_hijri(gregorian, solar_hijri):
    assert localeformat.to_solar_hijri(datetime.date(*gregorian)) == solar_hijri


def test_every_day_of_a_span_follows_the_one_before():
    day, before = datetime.date(1990, 1, 1), localeformat.to_solar_hijri(datetime.date(1989, 12, 31))
    while day < datetime.date(2060, 1, 1):
        now = localeformat.to_solar_hijri(day)
        assert now in ((before[0], before[1], before[2] + 1), (before[0], before[1] + 1, 1), (before[0] + 1, 1, 1))
        assert now[2] <= (31 if now[1] <= 6 else 30)
        before, day = now, day + datetime.timedelta(days=1)


def test_a_date_outside_the_known_years_keeps_the_gregorian_calendar():
    with translation.override("fa"):
        assert localeformat.date(datetime.date(4000, 1, 1), "fa", "latin", "solar_hijri") == "1 ژانویه 4000"


def test_figures_are_grouped_in_each_script():
    assert localeformat.number(1234567, "fa", "native") == "۱٬۲۳۴٬۵۶۷"
    assert localeformat.number(1234567, "fa", "latin") == "1,234,567"
    assert localeformat.number(1234567, "ar", "native") == "١٬٢٣٤٬٥٦٧"
    assert localeformat.number("12.5", "ar", "native") == "١٢٫٥"
    assert localeformat.number("not a figure", "fa", "native") == "not a figure"
    with translation.override("en"):
        assert localeformat.number(1234567, "en", "native") == "1,234,567"


def render(source, language, **context):
    with translation.override(language):
        return Template("{% load locale_format %}" + source).render(Context(context))


def choose(**fields):
    OrganisationSettings.objects.update_or_create(site=Site.objects.get(is_default_site=True), defaults=fields)


@pytest.mark.django_db
def test_persian_pages_write_solar_hijri_dates_in_persian_digits_by_default():
    nowruz = datetime.date(2026, 3, 21)
    assert render("{{ d|local_date }} · {{ n|local_number }}", "fa", d=nowruz, n=12340) == "۱ فروردین ۱۴۰۵ · ۱۲٬۳۴۰"
    assert render("{{ d|local_date }} · {{ n|local_number }}", "en", d=nowruz, n=12340) == "March 21, 2026 · 12,340"
    assert render("{{ n|local_number }}", "ar", n=12340) == "12,340"


@pytest.mark.django_db
def test_the_organisation_switches_digits_and_calendar_per_language():
    choose(persian_digits="latin", persian_calendar="gregorian", arabic_digits="native")
    nowruz = datetime.date(2026, 3, 21)
    assert render("{{ d|local_date }} · {{ n|local_number }}", "fa", d=nowruz, n=12340) == "21 مارس 2026 · 12,340"
    assert render("{{ n|local_number }} {% number_locale %}", "ar", n=12340) == "١٢٬٣٤٠ ar-EG"
    choose(persian_digits="native", persian_calendar="gregorian", arabic_digits="native")
    assert render("{{ d|local_date }}", "fa", d=nowruz) == "۲۱ مارس ۲۰۲۶"
    choose(persian_digits="latin", persian_calendar="solar_hijri", arabic_digits="native")
    assert render("{{ d|local_date }} {% number_locale %}", "fa", d=nowruz) == "1 فروردین 1405 fa-IR-u-nu-latn"


@pytest.mark.django_db
def test_a_moment_is_dated_in_the_sites_time_zone(settings):
    settings.TIME_ZONE = "Asia/Tehran"
    late = datetime.datetime(2026, 3, 20, 21, 0, tzinfo=datetime.UTC)  # 00:30 on Nowruz in Tehran
    assert render("{{ d|local_date }}", "fa", d=late) == "۱ فروردین ۱۴۰۵"


@pytest.mark.django_db
def test_an_editor_switches_persian_pages_to_latin_digits(staff, petition, settings, visitor):
    from tests.i18n.translate import translate
    from tests.organisation.test_identity import open_settings

    settings.CLARION_PAGE_CACHE_SECONDS = 30
    petition.goal = 5000
    petition.save()
    persian = translate(petition, "fa")
    assert persian.url.startswith("/fa/")
    first = visitor(persian.url).text
    assert '<html lang="fa" dir="rtl"' in first and "<span data-goal>۵٬۰۰۰</span>" in first
    answer = staff.post(open_settings(staff), {"name": "", "sender_address": "", "reply_to": "", "postal_address": "",
                                               "logo": "", "persian_digits": "latin", "persian_calendar": "gregorian",
                                               "arabic_digits": "latin"})
    assert answer.status_code == 302
    page = visitor(persian.url).text  # saving settings empties the page cache
    assert "<span data-goal>5,000</span>" in page and 'data-number-locale="fa-IR-u-nu-latn"' in page
