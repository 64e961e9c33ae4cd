import time

from django.conf import settings
from django.core.cache import cache, caches
from django.utils.cache import get_max_age, patch_cache_control, patch_vary_headers


class PublicCacheMiddleware:
    """Lets browsers and proxies keep anonymous GETs of public pages for a short while.

    Public pages hold nothing per visitor (no CSRF token, no user name), so one copy serves everyone;
    a response that set a cookie or already chose its own caching is left alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated and not response.has_header("Cache-Control"):
            # An editor's view may show drafts and their name: never for a shared cache.
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


GENERATION_KEY = "clarion:pages:generation"
# Served as files by WhiteNoise (or nginx), never from the page cache.
_FILES = (settings.STATIC_URL, settings.MEDIA_URL)
# The generation every process shares (through Redis when there is one), looked up at most once a second.
_seen = {"generation": 0, "checked": float("-inf")}


def _generation():
    now = time.monotonic()
    if now - _seen["checked"] >= 1:
        _seen["generation"] = cache.get_or_set(GENERATION_KEY, 0, None)
        _seen["checked"] = now
    return _seen["generation"]


def forget_pages(**kwargs):
    """After a publish: every page rendered before it is stale, at once in this process, within a second in
    the others with Redis, and within CLARION_PAGE_CACHE_SECONDS with local memory only."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, None)
    _seen["checked"] = float("-inf")


def forget_local_pages():
    caches["pages"].clear()
    _seen["checked"] = float("-inf")


class AnonymousPageCacheMiddleware:
    """Serves anonymous visitors' page views from the cache for a few seconds.

    When an appeal goes viral nearly every request is a visitor without cookies asking for the same few
    pages; one render then serves everyone for CLARION_PAGE_CACHE_SECONDS. Only requests without cookies
    are answered from it, and only responses PublicCacheMiddleware marked as the same for everyone are kept.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.CLARION_PAGE_CACHE_SECONDS
        if not seconds or request.method != "GET" or request.META.get("HTTP_COOKIE") or (
                request.META.get("HTTP_AUTHORIZATION")) or request.path.startswith(_FILES):
            return self.get_response(request)
        key = f"clarion:page:{_generation()}:{request.get_host()}:{request.get_full_path()}"
        # Kept in this process's memory, not in Redis: a hit then costs no network round trip.
        response = caches["pages"].get(key)
        if response is not None:
            return response
        response = self.get_response(request)
        keep = self._seconds(response, seconds)
        if keep:
            caches["pages"].set(key, response, keep)
        return response

    @staticmethod
    def _seconds(response, page_seconds):
        if response.streaming or response.status_code != 200 or response.cookies:
            return 0
        if getattr(response, "clarion_shared", False):
            return page_seconds
        # A view that chose public caching itself (the live count document) is kept one second: at most
        # one answer per second per process is computed, and the count is never more than a second staler.
        max_age = get_max_age(response)
        return 1 if max_age and "public" in response.get("Cache-Control", "") else 0
