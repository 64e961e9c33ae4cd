"""Who is calling: the API key in `Authorization: Bearer <key>` or OSDI's `OSDI-API-Token: <key>`, what it may
do (scopes), and how often (its own per-minute limit, counted in the cache)."""

import os
import time

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import BasePermission
from rest_framework.throttling import BaseThrottle

from clarion.api import actions, keys
from clarion.api.models import ApiKey
from clarion.config import setting
from clarion.core import outage

WINDOW = 60


def presented_key(request):
    """The key the request carries, "" when none; never logged or echoed back."""
    bearer = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _space, value = bearer.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.META.get("HTTP_OSDI_API_TOKEN", "").strip()


class ApiKeyAuthentication(BaseAuthentication):
    """No key: anonymous (the permission then answers 401). A key we cannot use: 401 at once, whatever the view."""

    def authenticate(self, request):
        presented = presented_key(request)
        if not presented:
            return None
        key = keys.find(presented)
        if key is None or not key.is_usable():
            # One answer for unknown, revoked and expired keys: nobody learns which keys once existed.
            raise exceptions.AuthenticationFailed("This API key is not valid.", code="invalid_key")
        return AnonymousUser(), key

    def authenticate_header(self, request):
        return 'Bearer realm="clarion"'


class KeyRateThrottle(BaseThrottle):
    """Each key's own requests-per-minute, in fixed one-minute windows in the cache (Redis when scaled out).

    While Redis cannot be reached the cache counts in each process's memory: every process then allows only its
    share of the limit (WEB_CONCURRENCY processes), so the key never gets more than it was given."""

    def allow_request(self, request, view):
        key = request.auth
        if not isinstance(key, ApiKey):
            return True
        now = time.time()
        window = int(now // WINDOW)
        self.retry_after = WINDOW - int(now % WINDOW)
        name = f"api:rate:{key.pk}:{window}"
        cache.add(name, 0, WINDOW + 5)
        try:
            used = cache.incr(name)
        except ValueError:  # the entry expired between add and incr
            cache.set(name, 1, WINDOW + 5)
            used = 1
        limit = key.rate_per_minute
        if outage.redis_down():
            limit = max(1, limit // (setting("WEB_CONCURRENCY") or os.cpu_count() or 2))
        if used > limit:
            return False
        actions.note_use(key)
        return True

    def wait(self):
        return self.retry_after


class HasScope(BasePermission):
    """A usable key holding the view's `required_scope` (any usable key when the view names none)."""

    def has_permission(self, request, view):
        key = request.auth
        if not isinstance(key, ApiKey):
            raise exceptions.NotAuthenticated("Send an API key as “Authorization: Bearer <key>”.")
        scope = getattr(view, "required_scope", None)
        if scope and not key.allows(scope):
            raise exceptions.PermissionDenied(f"This key does not have the “{scope}” scope.")
        return True
