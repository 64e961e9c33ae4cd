"""The languages the site speaks (settings.LANGUAGES, from CLARION_LANGUAGE and CLARION_LANGUAGES).

A language recorded earlier (a supporter's, a signature's) may be one the site has since stopped speaking:
`choose` turns anything, even a malformed code, into one the site speaks, so a mail or a page never fails on it.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import get_language_info


def codes():
    """The site's languages, the default first."""
    return [code for code, _name in settings.LANGUAGES]


def spoken(code):
    """The site's language for `code` (`fa-IR` → `fa`), or None when the site does not speak it."""
    if not isinstance(code, str):
        return None
    base = code.strip().lower().replace("_", "-").split("-")[0]
    return base if base in codes() else None


def choose(code):
    """`code` when the site speaks it, else the default language."""
    return spoken(code) or settings.LANGUAGE_CODE


def is_rtl(code):
    """Written right to left (Persian, Arabic…), as Django's table of languages says."""
    return get_language_info(choose(code))["bidi"]


def direction(code):
    return "rtl" if is_rtl(code) else "ltr"


def native_name(code):
    """The language's name in itself (فارسی), as a switcher shows it."""
    return get_language_info(choose(code))["name_local"]


def answered_in(code, respond):
    """`respond()`'s response, rendered in `code` (chosen as above): an unprefixed address that answers for a record
    (a signature's petition, a supporter from a mail's link) speaks that record's language, never the browser's."""
    with translation.override(choose(code)):
        response = respond()
        if hasattr(response, "render"):
            response.render()
    return response
