"""A page's published translations, for hreflang alternates, the sitemap and the language switcher.

Every page render asks (the switcher, the alternates, the home link), so a process remembers each group's
translations for as long as it keeps a rendered page (`KeptWithPages`): a kept page is as old as that anyway,
and whatever makes kept pages stale (publishing, unpublishing, moving, deleting, restricting) forgets them too.
"""

from wagtail.models import Page, Site

from clarion.core import languages
from clarion.core.pagecache import KeptWithPages

_remembered = KeptWithPages("clarion.core.translations")


def live_translations(page, request=None):
    """{language code: page} of `page` and its live, public translations in the languages the site speaks
    (looked up once per request: the alternates and the switcher both ask)."""
    seen = getattr(request, "_clarion_translations", None)
    if seen is None:
        seen = {}
        if request is not None:
            request._clarion_translations = seen
    if page.translation_key not in seen:
        seen[page.translation_key] = _remembered.get(page.translation_key, lambda: _live_translations(page))
    return seen[page.translation_key]


def _live_translations(page):
    pages = (Page.objects.filter(translation_key=page.translation_key).live().public()
             .select_related("locale").order_by("pk"))
    found = {}
    for translation in pages:
        code = languages.spoken(translation.locale.language_code)
        if code and code not in found:
            found[code] = translation
    return found


def home_pages(request):
    """{language code: the site's home page in it}: the Site root's live translations."""
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return {}
    return live_translations(site.root_page, request)


def alternates(page, request):
    """[(hreflang, absolute address)] of the page's live translations in the site's languages' order, then
    x-default: the root address, which sends each visitor to their own language."""
    found = live_translations(page, request)
    links = [(code, found[code].get_full_url(request)) for code in languages.codes() if code in found]
    site = Site.find_for_request(request) if request is not None else None
    if links and site is not None:
        links.append(("x-default", f"{site.root_url}/"))
    return links


def switcher(page, request, current):
    """One link per language the site speaks: the page's translation, else that language's home page."""
    translations = live_translations(page, request) if isinstance(page, Page) else {}
    homes = home_pages(request)
    links = []
    for code in languages.codes():
        target = translations.get(code) or homes.get(code)
        url = target.get_url(request) if target is not None else None
        if url:
            links.append({"code": code, "name": languages.native_name(code), "url": url,
                          "direction": languages.direction(code), "current": code == current})
    return links
