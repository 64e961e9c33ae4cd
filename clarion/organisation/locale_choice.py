"""Figures and dates in the active language, written with the digits and calendar the site chose for it.

Pages, mail and delivery papers all use the default site's choice (`identity.current`), as mail already does
for the organisation's name: a worker writing a mail has no request to find another site by.
"""

from django.utils import translation

from clarion.core import languages, localeformat
from clarion.organisation import identity


def _language():
    return languages.choose(translation.get_language())


def number(value):
    lang = _language()
    return localeformat.number(value, lang, identity.current().digits(lang))


def date(value, fmt="DATE_FORMAT"):
    lang = _language()
    site = identity.current()
    return localeformat.date(value, lang, site.digits(lang), site.calendar(lang), fmt)


def digits(text):
    lang = _language()
    return localeformat.digits(text, lang, identity.current().digits(lang))


def intl_locale():
    lang = _language()
    return localeformat.intl_locale(lang, identity.current().digits(lang))
