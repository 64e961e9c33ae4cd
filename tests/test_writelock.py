"""On SQLite, a signer's write waits its turn on the file lock rather than in SQLite's sleeping busy handler."""

import threading

import pytest
from django.db import connection

from clarion.core.writelock import queued_write

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL writers need no queue")
def test_a_second_writer_waits_until_the_first_is_done():
    inside, release, order = threading.Event(), threading.Event(), []

    def first():
        with queued_write():
            order.append("first in")
            inside.set()
            release.wait(10)
            order.append("first out")

    def second():
        inside.wait(10)
        with queued_write():
            order.append("second in")

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    inside.wait(10)
    threads[1].join(0.3)
    assert threads[1].is_alive() and order == ["first in"]  # still waiting for the lock
    release.set()
    for thread in threads:
        thread.join(10)
    assert order == ["first in", "first out", "second in"]
