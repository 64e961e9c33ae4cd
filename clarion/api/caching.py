"""How every public read of the API is answered: like the live count document (public, a few seconds'
max-age), open to every origin, with a weak ETag so a client that already holds the answer gets a 304.

Each answer carries `Access-Control-Allow-Origin: *` whether or not the request named an Origin, so it is the
same for every origin; that is what lets the page cache keep it although CorsMiddleware adds `Vary: Origin`
(clarion.core.pagecache.same_for_every_anonymous_visitor).
"""

from functools import wraps
from hashlib import md5

from django.conf import settings
from django.utils.cache import get_conditional_response, patch_cache_control

ALLOW_ORIGIN = "Access-Control-Allow-Origin"


def weak_etag(content):
    # Weak: a proxy that compresses the body keeps the same validator (RFC 9110 §8.8.1).
    return f'W/"{md5(content, usedforsecurity=False).hexdigest()}"'


def public_read(view):
    """Wrap a read view (DRF's as_view() keeps its `cls` for the OpenAPI generator through wraps)."""

    @wraps(view)
    def read(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        response[ALLOW_ORIGIN] = "*"
        if response.status_code != 200 or request.method not in ("GET", "HEAD"):
            return response
        patch_cache_control(response, public=True, max_age=settings.CLARION_COUNT_CACHE_SECONDS)
        response["ETag"] = weak_etag(response.content)
        answer = get_conditional_response(request, etag=response["ETag"], response=response)
        answer[ALLOW_ORIGIN] = "*"
        return answer

    return read
