"""Issue 14: a host boots its RQ worker before Redis answers (or Redis is down when the worker restarts).

The real `manage.py rqworker` against a private redis-server on a free loopback port that is not started yet:
the worker says why it waits, tries again with growing pauses, and takes work within RECOVERY_SECONDS of
Redis starting (measured: printed by the test), without anyone restarting it.
"""

import os
import shutil
import subprocess
import time
from pathlib import Path

from tests.faults.lease_kit import processes, wait_for
from tests.fixtures.mail import _free_port

# The worker's pause grows to clarion.core.rqworker.MAX_WAIT (5 s): measured at up to 5 s, with a margin.
RECOVERY_SECONDS = 10


def test_a_worker_started_before_redis_waits_for_it(tmp_path):
    assert shutil.which("redis-server"), "redis-server is required (CI installs it)"
    port = _free_port()
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("DJANGO_", "CLARION_", "DATABASE_URL", "REDIS_URL"))}
    env.update(DJANGO_SETTINGS_MODULE="clarion.settings", CLARION_DATA_DIR=str(tmp_path),
               DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", REDIS_URL=f"redis://127.0.0.1:{port}/0")
    with processes(env, tmp_path / "logs") as running:
        worker = running.worker()

        def said(words):
            return words in Path(worker.log.name).read_text()

        wait_for(lambda: said("trying again in 2 s") or worker.poll() is not None, 90, "the worker waits for Redis",
                 running)
        assert worker.poll() is None, running.output()
        assert said("Redis cannot be reached") and said("trying again in 1 s"), running.output()

        redis = subprocess.Popen(["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "",
                                  "--appendonly", "no", "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
        try:
            started = time.monotonic()
            wait_for(lambda: said("Listening on default"), RECOVERY_SECONDS, "the worker takes work", running)
            print(f"rqworker started before Redis: listening {time.monotonic() - started:.1f} s after Redis started")
            workers = subprocess.run(["redis-cli", "-p", str(port), "smembers", "rq:workers"], capture_output=True,
                                     text=True, timeout=10).stdout
            assert workers.startswith("rq:worker:"), workers
            assert worker.poll() is None and not said("Traceback"), running.output()
        finally:
            redis.terminate()
            redis.wait(timeout=10)
