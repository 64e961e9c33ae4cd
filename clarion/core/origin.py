"""Whether a browser's form post came from one of this site's own pages.

The public forms (signing, newsletter sign-up, invitations) carry no CSRF token, because the pages that hold
them are cached for everyone; what a browser says about where the post came from decides instead. An origin
is the exact scheme, host and port: another port or scheme of the same host is another site to a browser,
and `Origin: null` (a sandboxed frame, a page opened from a file) is a page of unknown origin.
"""

from urllib.parse import urlsplit

from django.conf import settings

from clarion.core import memo

DEFAULT_PORTS = {"http": 80, "https": 443}
# Without an Origin header, what Sec-Fetch-Site may say: the site itself, or a person typing or following a
# bookmark. A missing header too (old browsers, curl): only browsers guard their users' posts, and they send it.
UNCROSSED = {"", "same-origin", "none"}


def origin_of(url):
    """(scheme, host, port) of a URL or Origin header, or None when it names no web origin (`null`, junk)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except (ValueError, AttributeError):
        return None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    return scheme, parts.hostname.lower().rstrip("."), port or DEFAULT_PORTS[scheme]


@memo.lru(maxsize=4)
def _own(base_url, extra):
    return frozenset(filter(None, map(origin_of, (base_url, *extra))))


def own_origins():
    """CLARION_BASE_URL's origin and the extra origins allowed to post our forms (CLARION_EXTRA_ORIGINS)."""
    return _own(settings.CLARION_BASE_URL, tuple(settings.CLARION_EXTRA_ORIGINS))


def foreign_origin(request):
    """True for a post a browser made from a page that is not ours: refuse it without reading it."""
    origin = request.headers.get("Origin")
    if origin is not None:
        return origin_of(origin) not in own_origins()
    return request.headers.get("Sec-Fetch-Site", "").strip().lower() not in UNCROSSED
