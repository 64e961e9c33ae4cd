"""Anonymous page views kept for a few seconds in each process, and answered before Django.

When an appeal goes viral nearly every request is a visitor without cookies asking for the same few pages
and the live count; one render then serves everyone for CLARION_PAGE_CACHE_SECONDS (the count document for
one second). The cache is read in one place, `front` (a WSGI front, see CLARION_WSGI_FRONTS): it answers
from it without building a request or running any middleware, or hands the request on with its key in the
environ; AnonymousPageCacheMiddleware then keeps the finished response under that key. A request that did
not come through the front (Django's test client) is neither answered from the cache nor kept.

Only requests without cookies or credentials are answered from the cache. The key is made of the request's
raw WSGI fields, taken before the render (a publish during the render makes that key's generation stale, so
its render is never served), and a key is only ever stored after Django accepted the request (its host
included), and only for a response that varies on nothing else.
"""

import time
from hashlib import md5

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.utils.cache import cc_delim_re

from clarion.core import memo

GENERATION_KEY = "clarion:pages:generation"
# Where `front` leaves the key of a request it could not answer, for the middleware to keep the response.
ENVIRON_KEY = "clarion.page_cache_key"
# Served as files by WhiteNoise (or nginx), never from the page cache.
_FILES = (settings.STATIC_URL, settings.MEDIA_URL)
# Every field of the WSGI environ that can change which page, or which absolute addresses in it, is sent.
_KEY_FIELDS = ("HTTP_X_FORWARDED_HOST", "HTTP_HOST", "SERVER_NAME", "SERVER_PORT", "HTTP_X_FORWARDED_PROTO",
               "wsgi.url_scheme", "SCRIPT_NAME", "PATH_INFO", "QUERY_STRING")
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


def forget_pages_on_commit(**kwargs):
    """forget_pages once the change is committed: a render in between would keep what is about to change."""
    forget_pages()
    transaction.on_commit(forget_pages)


class KeptWithPages:
    """What every render asks and few changes alter (a page's translations, the modules of a language), kept in
    this process no longer than a rendered page is: for CLARION_PAGE_CACHE_SECONDS, and only while the pages'
    generation stands. Whatever makes kept pages stale (a publish, a move, a deletion, a restriction, a module or
    a setting saved) forgets these too: at once in this process, within a second in the others sharing Redis.
    Without a page cache (CLARION_PAGE_CACHE_SECONDS=0) nothing is kept."""

    def __init__(self, name):
        self._kept = memo.kept_dict(name)
        self._generation = None

    @staticmethod
    def keeping():
        return bool(settings.CLARION_PAGE_CACHE_SECONDS)

    def get(self, key, compute):
        if not self.keeping():
            return compute()
        # The generation is read before computing: a change during the computation makes its value stale at once.
        now, generation = time.monotonic(), _generation()
        if generation != self._generation:
            # Everything kept is stale: dropped, not left to wait for its key (keys made of content, such as a
            # picture's alt text, may never be asked again, and a long-lived process must not grow with edits).
            self._kept.clear()
            self._generation = generation
        kept = self._kept.get(key)
        if kept is None or kept[1] != generation or now - kept[0] >= settings.CLARION_PAGE_CACHE_SECONDS:
            kept = self._kept[key] = (now, generation, compute())
        return kept[2]

    def __bool__(self):
        return bool(self._kept)


def forget_local_pages():
    caches["pages"].clear()
    _seen["checked"] = float("-inf")


memo.register(f"{__name__}.pages", forget_local_pages)


def cache_key(environ):
    """The key of an anonymous GET, or None when it must not be answered from the cache."""
    if (not settings.CLARION_PAGE_CACHE_SECONDS or environ.get("REQUEST_METHOD") != "GET"
            or environ.get("HTTP_COOKIE") or environ.get("HTTP_AUTHORIZATION") or environ.get("HTTP_OSDI_API_TOKEN")
            or environ.get("PATH_INFO", "").startswith(_FILES)):
        return None
    fields = "\n".join(str(environ.get(field, "")) for field in _KEY_FIELDS).encode("utf-8", "surrogateescape")
    return f"clarion:page:{_generation()}:{md5(fields, usedforsecurity=False).hexdigest()}"


def same_for_every_anonymous_visitor(response):
    """Whether the response varies on nothing a cookieless visitor's request can change: kept answers go out
    whatever the request's other headers say, so a response chosen by, say, Accept-Language is never kept."""
    varies = {field.strip().lower() for field in cc_delim_re.split(response.get("Vary", "")) if field.strip()}
    # Accept-Encoding only matters when the body itself is encoded; Cookie, when there is one, skips the cache.
    allowed = {"cookie"} if response.has_header("Content-Encoding") else {"cookie", "accept-encoding"}
    if response.get("Access-Control-Allow-Origin") == "*":
        # CorsMiddleware names Origin for every API answer; one that allows every origin whether or not the
        # request named one (clarion.api.caching) is the same for all of them.
        allowed.add("origin")
    return varies <= allowed


def keep(key, response, seconds):
    headers = [*response.items()]
    caches["pages"].set(key, (f"{response.status_code} {response.reason_phrase}", headers, response.content),
                        seconds)


def front(application):
    """Wrap a WSGI application so kept answers go out before Django builds a request."""

    def serve(environ, start_response):
        key = cache_key(environ)
        answer = caches["pages"].get(key) if key else None
        if answer is None:
            if key:
                environ[ENVIRON_KEY] = key
            return application(environ, start_response)
        status, headers, body = answer
        start_response(status, headers)
        return [body]

    return serve
