from django.conf import settings
from django.utils.cache import get_max_age, patch_cache_control, patch_vary_headers

from clarion.core import pagecache


class PublicCacheMiddleware:
    """Lets browsers and proxies keep anonymous GETs of public pages for a short while.

    Public pages hold nothing per visitor (no CSRF token, no user name), so one copy serves everyone;
    a response that set a cookie or already chose its own caching is left alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (request.user.is_authenticated or settings.SESSION_COOKIE_NAME in request.COOKIES) and not \
                response.has_header("Cache-Control"):
            # An editor's view may show drafts and their name, and a visitor with a session may have passed a
            # page's password: never for a shared cache.
            patch_cache_control(response, private=True)
        elif (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and not response.cookies
            and not response.has_header("Cache-Control")
            and not request.path.startswith(("/admin/", "/django-admin/"))
        ):
            patch_cache_control(response, public=True, max_age=settings.CLARION_PUBLIC_CACHE_SECONDS)
            patch_vary_headers(response, ["Cookie"])
            response.clarion_shared = True
        return response


class AnonymousPageCacheMiddleware:
    """Keeps anonymous page views for the WSGI front to answer (see clarion.core.pagecache).

    Only responses PublicCacheMiddleware marked as the same for everyone are kept, and views that chose
    public caching themselves (the live count document) for one second; only for requests the front
    handed on with a key, so nothing is kept that nobody would read.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = request.META.get(pagecache.ENVIRON_KEY)
        seconds = self._seconds(response, settings.CLARION_PAGE_CACHE_SECONDS) if key else 0
        if seconds:
            pagecache.keep(key, response, seconds)
        return response

    @staticmethod
    def _seconds(response, page_seconds):
        if (response.streaming or response.status_code != 200 or response.cookies
                or not pagecache.same_for_every_anonymous_visitor(response)):
            return 0
        if getattr(response, "clarion_shared", False):
            return page_seconds
        # A view that chose public caching itself (the live count document) is kept one second: at most
        # one answer per second per process is computed, and the count is never more than a second staler.
        max_age = get_max_age(response)
        return 1 if max_age and "public" in response.get("Cache-Control", "") else 0
