"""What a process keeps in memory between requests, in one registry: `clear_all()` empties every kept thing.

Each module still forgets its own entries when its data changes (signals call its own `forget`); the registry
is for whoever must start from nothing at once: the test suite before each test, an operator's shell.
Standard library only: logging filters import modules that keep things before Django is set up.
"""

from functools import lru_cache

_clearers = {}


def register(name, clear):
    """Keep `clear` (no arguments) under `name`; registering a name again replaces it (a module reloaded)."""
    _clearers[name] = clear
    return clear


def kept_dict(name):
    """A new dict that `clear_all()` empties."""
    kept = {}
    register(name, kept.clear)
    return kept


def lru(maxsize):
    """functools.lru_cache whose entries `clear_all()` drops; named after the function it decorates."""

    def decorate(function):
        cached = lru_cache(maxsize=maxsize)(function)
        register(f"{function.__module__}.{function.__qualname__}", cached.cache_clear)
        return cached

    return decorate


def names():
    return sorted(_clearers)


def clear_all():
    for clear in list(_clearers.values()):
        clear()
