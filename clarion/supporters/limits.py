"""Fixed-window counters in the cache (Redis when scaled out): cheap limits on who may ask for mail."""

from django.core.cache import cache


def within_limit(key, limit, seconds):
    """Count one more use of `key`; False once more than `limit` uses fell in the current window."""
    cache.add(key, 0, seconds)
    try:
        used = cache.incr(key)
    except ValueError:  # the window ended between add and incr
        cache.set(key, 1, seconds)
        used = 1
    return used <= limit
