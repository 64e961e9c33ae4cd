"""Language prefixes of the public pages (/en/…, /fa/…, /ar/…) and the Locale rows behind them.

A public page's language is its address's prefix and nothing else, so a kept page is the same for every
visitor. Only two answers look at the visitor's browser (its `django_language` cookie, then Accept-Language),
and both are 302s that vary on it and are never kept: "/" to the best language's home page, and an old
unprefixed page address (a link shared before the site spoke several languages) to its prefixed one.
Every other unprefixed address (the action endpoints, the API, feeds) speaks the default language; the
endpoints that answer for a record take its language themselves.
"""

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers

from clarion.core import languages, memo


@memo.lru(maxsize=64)
def language_of(locale_id):
    """The language code of a Locale row, which every render asks of its page. Rows change only when a language
    is added (migrate) or removed in the admin's Locales screen; either forgets these (`forget_locales`)."""
    from wagtail.models import Locale

    return Locale.all_objects.filter(pk=locale_id).values_list("language_code", flat=True).first() or ""


def forget_locales(**kwargs):
    language_of.cache_clear()


def create_locales(**kwargs):
    """After migrate: a Locale row for every language the site speaks (adding one = CLARION_LANGUAGES + migrate)."""
    from wagtail.models import Locale

    for code in languages.codes():
        Locale.objects.get_or_create(language_code=code)


def visitor_language(request):
    """The language the visitor's browser asks for among the site's, the default when it asks for none."""
    return languages.choose(translation.get_language_from_request(request))


class PathLanguageMiddleware:
    """Speaks the language of the address's prefix, or the default; redirects "/" and old page addresses."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        prefixed = translation.get_language_from_path(request.path_info)
        language = languages.spoken(prefixed) if prefixed else None
        translation.activate(language or settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        if language is None and response.status_code == 404 and request.method in ("GET", "HEAD"):
            response = _redirect_to_prefixed(request) or response
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


def _redirect_to_prefixed(request):
    """A 302 to the visitor's language's version of the page at this unprefixed address, or None."""
    page = _page_at(request, request.path_info)
    if page is None:
        return None
    from wagtail.models import Locale

    locale = Locale.objects.filter(language_code=visitor_language(request)).first()
    translated = page.get_translation_or_none(locale) if locale else None
    target = translated if translated is not None and translated.live else page
    url = target.get_url(request)
    if not url:
        return None
    if request.META.get("QUERY_STRING"):
        url = f"{url}?{request.META['QUERY_STRING']}"
    response = HttpResponseRedirect(url)
    # Chosen by the visitor's browser: no shared cache, and the page cache never, keeps it.
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    patch_cache_control(response, private=True)
    return response


def _page_at(request, path):
    """The live page of the default language at `path` on the request's site, or None."""
    from wagtail.models import Site

    site = Site.find_for_request(request)
    if site is None:
        return None
    components = [component for component in path.split("/") if component]
    try:
        return site.root_page.specific.route(request, components).page
    except Http404:
        return None
