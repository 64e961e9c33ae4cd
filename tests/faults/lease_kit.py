"""What the lease fault tests share: a real SMTP sink that counts per recipient and can stall on one message,
and real worker and scheduler processes, started in their own session so SIGKILL takes a worker's children too."""

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from tests.fixtures.mail import _free_port
from tests.test_tasks import ROOT


class StallingSink:
    """Counts every recipient of every message; holds its answer to the `stall_at`-th message until released,
    as a server that stalls does: the message is in, the sender has not heard so."""

    def __init__(self):
        self.received = Counter()
        self.messages = 0
        self.stall_at = None
        self.stalled = threading.Event()
        self.release = threading.Event()
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            self.received.update(envelope.rcpt_tos)
            self.messages += 1
            stall = self.messages == self.stall_at
        if stall:
            self.stalled.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
        return "250 OK"

    def duplicates(self):
        return {address: count for address, count in self.received.items() if count > 1}


@pytest.fixture
def stalling_sink():
    sink, port = StallingSink(), _free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    sink.url = f"smtp://127.0.0.1:{port}"
    yield sink
    sink.release.set()
    controller.stop()


def worker_command(env):
    """The configured worker, as `make run` starts it: rqworker when REDIS_URL is set, else db_worker."""
    if env.get("REDIS_URL"):
        return ["rqworker", "--job-class", "django_tasks_rq.Job", "default"]
    return ["db_worker", "--no-startup-delay"]


def _parents():
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    return parents


def children(pid):
    """The processes whose parent is `pid` (gunicorn's workers of a master), read from /proc."""
    return _parents().get(pid, [])


def descendants(pid):
    """Children, their children and so on: RQ's work horse, though it runs in a session of its own."""
    parents, found, todo = _parents(), [], [pid]
    while todo:
        below = parents.get(todo.pop(), [])
        found += below
        todo += below
    return found


def kill_with_children(process):
    """SIGKILL, as the kernel's OOM killer or a power cut would: no handler runs, nothing is marked. RQ's work
    horse runs in a session of its own, so children are found by parent, not by process group; the parent is
    stopped first so it forks none after the look. Returns the children killed."""
    with suppress(ProcessLookupError):
        os.kill(process.pid, signal.SIGSTOP)
    below = descendants(process.pid)
    for pid in [*below, process.pid]:
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    return below


class Processes:
    """Manage.py commands running beside the test; every one still running is killed at the end."""

    def __init__(self, env, logs):
        self.env, self.logs, self.running = env, logs, []

    def start(self, name, *args):
        log = open(self.logs / f"{name}-{len(self.running)}.log", "w")  # noqa: SIM115  (closed with the process)
        process = subprocess.Popen([sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, env=self.env,
                                   start_new_session=True, stdout=log, stderr=subprocess.STDOUT)
        process.log = log
        self.running.append(process)
        return process

    def worker(self):
        return self.start("worker", *worker_command(self.env))

    def scheduler(self):
        return self.start("scheduler", "run_scheduler")

    @staticmethod
    def kill(process):
        kill_with_children(process)
        process.log.close()

    def output(self):
        return "\n".join(f"--- {path.name}\n{path.read_text()[-3000:]}" for path in sorted(self.logs.glob("*.log")))


@contextmanager
def processes(env, logs):
    logs.mkdir(exist_ok=True)
    started = Processes(env, logs)
    try:
        yield started
    finally:
        for process in started.running:
            if process.poll() is None:
                Processes.kill(process)


def wait_for(condition, seconds, what, processes=None):
    """Poll until `condition()`; fail with what did not happen (and the processes' output) after `seconds`."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not within {seconds} s\n{processes.output() if processes else ''}")
        time.sleep(0.05)
