"""What each process does while Redis (scale-out: cache, rate limits, sessions, task queue) cannot be reached.

Signing, confirming and the count document go on without it:
- the default cache (clarion.core.fallbackcache) answers from this process's memory instead: a read misses and
  is computed from the database, a write stays in this process, and a rate limit counts per process (each
  web process allows the limit, so N processes allow at most N times it, until Redis is back);
- a task that cannot be queued is left out: mail waits in the outbox (written in the signing transaction) and
  the scheduler's sweep sends it once the queue answers again;
- sessions keep a cache without that fallback (a session ended during the outage must not live on in Redis),
  so signed-in pages and the admin answer 503 with a page saying so (clarion.core.error_pages).

After a failure the process leaves Redis alone for RETRY_SECONDS, so an outage costs one refused connection
per process every few seconds, not one per call. The log says so once per WARN_SECONDS, and once when Redis
answers again; the 503s' tracebacks are left out (QuietOutages).
Standard library and redis only: the logging filter is imported before Django is set up.
"""

import logging
import threading
import time

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from clarion.core import memo

log = logging.getLogger(__name__)

# Redis refused, dropped or did not answer in time: an outage, not a mistake in a call.
ERRORS = (RedisConnectionError, RedisTimeoutError)
RETRY_SECONDS = 2
WARN_SECONDS = 60

_lock = threading.Lock()
_state = {}


def _reset():
    _state.update(down_since=None, retry_at=float("-inf"), warned_at=float("-inf"), missed=0)


_reset()
memo.register(f"{__name__}.state", _reset)


def redis_down():
    """True while this process leaves Redis alone after a failure."""
    return time.monotonic() < _state["retry_at"]


def failed(error, what):
    """Note that `what` (the cache, the queue, sessions) went without Redis; warn at most once per WARN_SECONDS."""
    now = time.monotonic()
    with _lock:
        _state["retry_at"] = now + RETRY_SECONDS
        _state["missed"] += 1
        if _state["down_since"] is None:
            _state["down_since"] = now
        if now - _state["warned_at"] < WARN_SECONDS:
            return
        _state["warned_at"], missed, _state["missed"] = now, _state["missed"], 0
        down_for = now - _state["down_since"]
    log.warning("Redis cannot be reached (%s: %s), down for %.0f s: the cache and rate limits use this process's "
                "memory, new mail waits in the outbox for the queue, signed-in pages answer 503 "
                "(%d calls went without Redis since the last such warning; next one in %d s).",
                what, error, down_for, missed, WARN_SECONDS)


def answered():
    """Note that Redis answered; True when it had been down (the caller may drop what it kept meanwhile)."""
    if _state["down_since"] is None:
        return False
    with _lock:
        since, _state["down_since"] = _state["down_since"], None
        _state["warned_at"] = float("-inf")
    if since is None:
        return False
    log.warning("Redis answers again, after %.0f s without it.", time.monotonic() - since)
    return True


def is_outage(exc_info):
    return bool(exc_info) and isinstance(exc_info[1], ERRORS)


class QuietOutages(logging.Filter):
    """Django logs each failed request with its traceback; during an outage `failed` says it once a minute."""

    def filter(self, record):
        return not is_outage(record.exc_info)
