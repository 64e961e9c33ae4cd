"""What each process does while Redis (scale-out: cache, rate limits, sessions, task queue) or the database
cannot be reached.

Signing, confirming and the count document go on without Redis:
- the default cache (clarion.core.fallbackcache) answers from this process's memory instead: a read misses and
  is computed from the database, a write stays in this process, and a rate limit counts per process (each
  web process allows the limit, so N processes allow at most N times it, until Redis is back);
- a task that cannot be queued is left out: mail waits in the outbox (written in the signing transaction) and
  the scheduler's sweep sends it once the queue answers again;
- sessions keep a cache without that fallback (a session ended during the outage must not live on in Redis),
  so signed-in pages and the admin answer 503 with a page saying so (clarion.core.error_pages).

Without the database nothing can be stored: a request that needs it answers 503 with a page saying that nothing
was saved (clarion.core.error_pages), and Django opens a fresh connection once it is back. The scheduler and
the worker's tasks wait for it the same way (run_scheduler, the outbox sweep).

After a Redis failure the process leaves Redis alone for RETRY_SECONDS, so an outage costs one refused
connection per process every few seconds, not one per call. For each service the log says so once per
WARN_SECONDS, and once when it answers again; the 503s' tracebacks are left out (QuietOutages).
Standard library, redis and django.db's exceptions only: the logging filter is imported while Django is set up.
"""

import logging
import threading
import time

from django.db import InterfaceError, OperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from clarion.core import memo

log = logging.getLogger(__name__)

# Redis refused, dropped or did not answer in time: an outage, not a mistake in a call.
ERRORS = (RedisConnectionError, RedisTimeoutError)
# The database refused or dropped the connection (psycopg's errors as Django wraps them; a cancelled statement
# is one too: also temporary, so also a 503 rather than a 500).
DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_SECONDS = 2
WARN_SECONDS = 60


class Notice:
    """One service's outage as this process sees it: a warning when it starts and at most one per WARN_SECONDS
    while it lasts, one when the service answers again."""

    def __init__(self, service, errors, effects):
        self.service, self.errors, self.effects = service, errors, effects
        self._lock = threading.Lock()
        self.reset()

    def reset(self):
        self.down_since, self.retry_at, self.warned_at, self.missed = None, float("-inf"), float("-inf"), 0

    def down(self):
        """True while this process leaves the service alone after a failure."""
        return time.monotonic() < self.retry_at

    def failed(self, error, what):
        """Note that `what` (the cache, the queue, a request) went without the service; warn at most once per
        WARN_SECONDS."""
        now = time.monotonic()
        with self._lock:
            self.retry_at = now + RETRY_SECONDS
            self.missed += 1
            if self.down_since is None:
                self.down_since = now
            if now - self.warned_at < WARN_SECONDS:
                return
            self.warned_at, missed, self.missed = now, self.missed, 0
            down_for = now - self.down_since
        log.warning("%s cannot be reached (%s: %s), down for %.0f s: %s (%d calls went without it since the last "
                    "such warning; next one in %d s).", self.service, what, str(error).strip(), down_for,
                    self.effects, missed, WARN_SECONDS)

    def answered(self):
        """Note that the service answered; True when it had been down (the caller may drop what it kept)."""
        if self.down_since is None:
            return False
        with self._lock:
            since, self.down_since = self.down_since, None
            self.warned_at = float("-inf")
        if since is None:
            return False
        log.warning("%s answers again, after %.0f s without it.", self.service, time.monotonic() - since)
        return True


redis = Notice("Redis", ERRORS, "the cache and rate limits use this process's memory, new mail waits in the "
               "outbox for the queue, signed-in pages answer 503")
database = Notice("The database", DATABASE_ERRORS, "requests that need it answer 503 and store nothing, "
                  "mail waits in the outbox and periodic tasks run again once it is back")
memo.register(f"{__name__}.state", redis.reset)
memo.register(f"{__name__}.database", database.reset)

redis_down, failed, answered = redis.down, redis.failed, redis.answered


def notice_for(error):
    """The Notice of the service whose outage raised `error`, or None for any other error."""
    return next((notice for notice in (redis, database) if isinstance(error, notice.errors)), None)


def is_outage(exc_info):
    return bool(exc_info) and notice_for(exc_info[1]) is not None


class QuietOutages(logging.Filter):
    """Django logs each failed request with its traceback; during an outage `failed` says it once a minute.

    With note=True (the task loggers: no error page notes a task's failure) the filter notes it itself. RQ runs
    each job in a process of its own, so there it is one line per job the outage failed, not a traceback."""

    def __init__(self, note=False):
        super().__init__()
        self.note = note

    def filter(self, record):
        notice = notice_for(record.exc_info[1]) if record.exc_info else None
        if notice is not None and self.note:
            notice.failed(record.exc_info[1], record.name)
        return notice is None
