"""On SQLite, signers queue for the write lock in the kernel instead of in SQLite's busy handler.

SQLite lets one writer in at a time; the others sleep in its busy handler in growing steps (up to 100 ms)
and retry, so under a surge some wait far longer than the lock was held: the tail latency of signing was
ten times its median. A file lock taken just before the write transaction queues them instead, and the
kernel wakes the next one the moment the lock is free. PostgreSQL needs none of this.
"""

import fcntl
import os
import threading
from contextlib import contextmanager

from django.conf import settings
from django.db import connection

_local = threading.local()


def _lock_file():
    # One open file per thread: flock excludes open files, not processes or threads.
    handle = getattr(_local, "handle", None)
    if handle is None:
        handle = _local.handle = os.open(settings.DATA_DIR / "write.lock", os.O_RDWR | os.O_CREAT, 0o600)
    return handle


@contextmanager
def queued_write():
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    handle = _lock_file()
    fcntl.flock(handle, fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
