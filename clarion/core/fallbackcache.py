"""The default cache when scaled out: Redis, or this process's memory while Redis cannot be reached.

Why not django-redis's IGNORE_EXCEPTIONS: it answers None to every call during an outage, and an `add` or
`incr` that returns None breaks the rate limits and the mail wake-up (supporters.limits, mail.rounds); it
tries Redis again on every call, which costs a connect timeout each when Redis's host is unreachable; and it
logs every failure or none. Here each call falls back to a local-memory cache with the same semantics, Redis
is left alone for a few seconds after a failure, and clarion.core.outage logs once a minute.
"""

from django.core.cache.backends.locmem import LocMemCache
from django_redis.cache import RedisCache

from clarion.core import outage

LOCAL_NAME = "clarion-redis-fallback"


def _redis_or_local(name):
    def call(self, *args, **kwargs):
        if not outage.redis_down():
            try:
                answer = getattr(RedisCache, name)(self, *args, **kwargs)
            except outage.ERRORS as error:
                outage.failed(error, "cache")
            else:
                if outage.answered():
                    self.local.clear()  # what was kept meanwhile may be stale by now
                return answer
        return getattr(self.local, name)(*args, **kwargs)

    call.__name__ = name
    return call


class RedisOrLocalCache(RedisCache):
    """django-redis's cache whose every call Django's cache API offers falls back to this process's memory."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self.local = LocMemCache(LOCAL_NAME, {**params, "OPTIONS": {"MAX_ENTRIES": 10_000}})

    # get_or_set, `in` and the async variants are built on these.
    get = _redis_or_local("get")
    get_many = _redis_or_local("get_many")
    has_key = _redis_or_local("has_key")
    set = _redis_or_local("set")
    set_many = _redis_or_local("set_many")
    add = _redis_or_local("add")
    touch = _redis_or_local("touch")
    incr = _redis_or_local("incr")
    decr = _redis_or_local("decr")
    delete = _redis_or_local("delete")
    delete_many = _redis_or_local("delete_many")
    _clear = _redis_or_local("clear")

    def clear(self):
        self.local.clear()
        return self._clear()
