"""Numbers and dates in a language's own digits and calendar: Persian and Arabic digits, the Solar Hijri calendar.

Pure functions: the caller says which digits and calendar (a site's choice, `organisation.locale_choice`). The
Solar Hijri conversion is Borkowski's algorithm (as in jalaali-js): the leap years follow the astronomical
calendar Iran uses for Gregorian years 560–3799; outside them a date keeps the Gregorian calendar.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.utils import formats, timezone

LATIN = "latin"
NATIVE = "native"
GREGORIAN = "gregorian"
SOLAR_HIJRI = "solar_hijri"

# Languages written with their own digits, and the digits (zero to nine, group and decimal separators).
_NATIVE_DIGITS = {
    "fa": ("۰۱۲۳۴۵۶۷۸۹", "٬", "٫"),
    "ar": ("٠١٢٣٤٥٦٧٨٩", "٬", "٫"),
}
# Intl.NumberFormat locales that write exactly what `number` writes, for the live counter.
_INTL = {("fa", NATIVE): "fa-IR", ("fa", LATIN): "fa-IR-u-nu-latn",
         ("ar", NATIVE): "ar-EG", ("ar", LATIN): "ar-u-nu-latn"}

SOLAR_HIJRI_MONTHS = ("فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
                      "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند")
_BREAKS = (-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192, 2262, 2324, 2394,
           2456, 3178)


def _div(a, b):
    return int(a / b)  # truncates toward zero, as the published algorithm does


def _farvardin_first(jy):
    """The Gregorian date of 1 Farvardin of Solar Hijri year `jy`."""
    if not _BREAKS[0] <= jy < _BREAKS[-1]:
        raise ValueError(f"Solar Hijri year {jy} is outside the supported range")
    leap_j, jp, jump = -14, _BREAKS[0], 0
    for jm in _BREAKS[1:]:
        jump = jm - jp
        if jy < jm:
            break
        leap_j += _div(jump, 33) * 8 + _div(jump % 33, 4)
        jp = jm
    n = jy - jp
    leap_j += _div(n, 33) * 8 + _div(n % 33 + 3, 4)
    if jump % 33 == 4 and jump - n == 4:
        leap_j += 1
    gy = jy + 621
    leap_g = _div(gy, 4) - _div((_div(gy, 100) + 1) * 3, 4) - 150
    return datetime.date(gy, 3, 20 + leap_j - leap_g)


def to_solar_hijri(day):
    """(year, month, day) of the Solar Hijri calendar for a Gregorian date."""
    jy = day.year - 621
    start = _farvardin_first(jy)
    if day < start:
        jy -= 1
        start = _farvardin_first(jy)
    days = (day - start).days
    if days < 186:
        return jy, 1 + days // 31, 1 + days % 31
    days -= 186
    return jy, 7 + days // 30, 1 + days % 30


def digits(text, lang, choice, separators=False):
    """`text` with its Latin digits (and with `separators`, its , and .) in `lang`'s own, when `choice` is NATIVE."""
    native = _NATIVE_DIGITS.get(lang)
    if choice != NATIVE or native is None:
        return text
    figures, group, decimal = native
    table = {ord(str(i)): figures[i] for i in range(10)}
    if separators:
        table.update({ord(","): group, ord("."): decimal})
    return str(text).translate(table)


def number(value, lang, choice):
    """A figure grouped in thousands as `lang` writes it: 12,340 · ۱۲٬۳۴۰ · ١٢٬٣٤٠; anything else as given."""
    if isinstance(value, bool) or value is None or value == "":
        return value
    try:
        figure = value if isinstance(value, (int, Decimal)) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return value
    if lang not in _NATIVE_DIGITS:
        return formats.number_format(figure, force_grouping=True)
    return digits(format(figure, ","), lang, choice, separators=True)


def intl_locale(lang, choice):
    """The Intl.NumberFormat locale that writes a figure as `number` does, for the page's script."""
    return _INTL.get((lang, choice), lang)


def date(value, lang, digit_choice, calendar, fmt="DATE_FORMAT"):
    """A date (or a datetime, in the site's time zone) as `lang` writes it, in the chosen calendar and digits."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    if not isinstance(value, datetime.date):
        return value
    day = value.date() if isinstance(value, datetime.datetime) else value
    if lang == "fa" and calendar == SOLAR_HIJRI:
        try:
            year, month, dom = to_solar_hijri(day)
        except ValueError:
            pass
        else:
            return digits(f"{dom} {SOLAR_HIJRI_MONTHS[month - 1]} {year}", lang, digit_choice)
    return digits(formats.date_format(value, fmt), lang, digit_choice)
