"""Leases: work a worker holds stays its own only while the worker renews it.

A holder renews its claim every quarter of CLARION_LEASE_SECONDS from a thread of its own, so a holder that is
slow (a stalled SMTP server, a long batch) keeps its work, and one that died (SIGKILL, power loss) stops renewing
and loses it a lease later: recovery takes seconds, not the minutes a fixed claim time had to allow for the
slowest live holder. A holder whose renewals fail (database unreachable) asks `held()` before each step and stops,
so another worker taking the work back never overlaps more than the one step in flight.
"""

import logging
import threading
import time

from django.db import connections

from clarion.config import setting
from clarion.core import outage

logger = logging.getLogger(__name__)


def lease_seconds():
    return setting("CLARION_LEASE_SECONDS")


class Renewal:
    """Calls `renew` every quarter lease in a thread while the `with` block runs; `renew` returns False when the
    work was taken back meanwhile (the holder was silent too long), and the holder then no longer holds it."""

    def __init__(self, renew, seconds=None):
        self.renew = renew
        self.seconds = seconds if seconds is not None else lease_seconds()
        self.every = self.seconds / 4
        self.renewed_at = time.monotonic()
        self.lost = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="clarion-lease", daemon=True)

    def __enter__(self):
        self.renewed_at = time.monotonic()
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def held(self):
        """True while the last renewal (or the claim) is recent enough that nobody can have taken the work back,
        with a quarter lease to spare for the step about to start."""
        return not self.lost and time.monotonic() - self.renewed_at < self.seconds - self.every

    def _run(self):
        try:
            while not self._stop.wait(self.every):
                try:
                    self.lost = self.lost or self.renew() is False
                except Exception as error:  # the database may be back before the lease runs out; held() tells
                    notice = outage.notice_for(error)  # the holder. An outage is said once a minute, not each beat.
                    if notice is None:
                        logger.warning("Could not renew a lease", exc_info=True)
                    else:
                        notice.failed(error, "a lease renewal")
                else:
                    self.renewed_at = time.monotonic()
        finally:
            # This thread's own database connections, not the holder's (Django keeps one per thread).
            connections.close_all()
