from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers


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
        return response
