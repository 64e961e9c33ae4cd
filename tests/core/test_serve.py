"""`make run` on day one: the admin login it prints is shown again once the web server and the worker have
started, and the worker's routine task lines become a count a minute, so the login stays in sight."""

import logging
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from clarion.core.logs import SummariseRoutineTasks
from clarion.core.management.commands.serve import child_environment
from tests.core.test_access_log import database_url, free_port

ROOT = Path(__file__).resolve().parent.parent.parent
TASK_LINE = "Task id=%s path=%s state=%s"


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def task_logger(monkeypatch, each=None):
    """A logger with the worker's filter whose records are kept; returns (logger, kept records, clock)."""
    if each:
        monkeypatch.setenv("CLARION_TASK_LOG", each)
    else:
        monkeypatch.delenv("CLARION_TASK_LOG", raising=False)
    clock, kept = Clock(), []
    logger = logging.getLogger(f"tests.tasks.{id(clock)}")
    logger.propagate, logger.level = False, logging.INFO
    logger.addFilter(SummariseRoutineTasks(clock=clock))
    handler = logging.Handler()
    handler.emit = lambda record: kept.append(record.getMessage())
    logger.addHandler(handler)
    return logger, kept, clock


def run_tasks(logger, count, path="clarion.petitions.tasks.count_signatures"):
    for n in range(count):
        logger.info(TASK_LINE, n, path, "RUNNING")
        logger.info(TASK_LINE, n, path, "SUCCESSFUL")


def test_routine_task_lines_become_a_count_a_minute_and_failures_still_show(monkeypatch):
    logger, kept, clock = task_logger(monkeypatch)

    run_tasks(logger, 5)
    logger.error(TASK_LINE, "f", "clarion.mail.tasks.deliver", "FAILED")
    clock.now += 59
    run_tasks(logger, 2)
    assert kept == ["Task id=f path=clarion.mail.tasks.deliver state=FAILED"]

    clock.now += 2
    run_tasks(logger, 1)
    assert kept[1:] == ["8 tasks run in the last minute (one line per task: CLARION_TASK_LOG=each, or make run V=1)"]
    clock.now += 180
    run_tasks(logger, 1)
    assert kept[2:] == ["1 task run in the last 3 minutes"]


def test_the_rq_workers_lines_per_job_give_way_to_the_count(monkeypatch):
    logger, kept, clock = task_logger(monkeypatch)

    for n in range(3):
        logger.info("Worker %s: %s: %s (%s)", "w1", "default", "clarion.petitions.tasks.count_signatures()", n)
        run_tasks(logger, 1)
        logger.info("Successfully completed %s job in %ss on worker %s", "count_signatures()", "0.01", "w1")
        logger.info("Worker %s: %s: %s (%s)", "w1", "default", "Job OK", n)
    logger.info("Worker %s: started with PID %d, version %s", "w1", 42, "2.0")
    clock.now += 60
    run_tasks(logger, 1)

    assert kept[0] == "Worker w1: started with PID 42, version 2.0"
    assert kept[1].startswith("4 tasks run in the last minute") and len(kept) == 2


def test_each_task_line_is_kept_when_asked_for(monkeypatch):
    logger, kept, clock = task_logger(monkeypatch, each="each")
    run_tasks(logger, 2)
    clock.now += 61
    assert len(kept) == 4 and all(line.startswith("Task id=") for line in kept)
    assert child_environment(verbosity=2)["CLARION_TASK_LOG"] == "each"
    monkeypatch.delenv("CLARION_TASK_LOG")
    assert "CLARION_TASK_LOG" not in child_environment(verbosity=1)


def test_the_task_loggers_filter_is_configured():
    for name in ("django_tasks", "rq.worker"):
        assert any(isinstance(f, SummariseRoutineTasks) for f in logging.getLogger(name).filters)


class Output:
    """A process's output, read as it comes."""

    def __init__(self, process):
        self.text, self.process = "", process
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.text += line

    def wait_for(self, pattern, seconds=120):
        deadline = time.monotonic() + seconds
        while not re.search(pattern, self.text, re.MULTILINE):
            assert time.monotonic() < deadline and self.process.poll() is None, self.text
            time.sleep(0.2)


@pytest.fixture
def serving(transactional_db, django_db_serialized_rollback):
    """`manage.py serve --demo-admin`, as `make run` starts it on a fresh database (the test database)."""
    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "DATABASE_URL": database_url(),
           "PORT": str(port), "CLARION_BASE_URL": f"http://127.0.0.1:{port}",
           "CLARION_ADMIN_EMAIL": "farah@appeal.example.org", "LOG_LEVEL": "INFO"}
    env.pop("CLARION_TASK_LOG", None)
    process = subprocess.Popen([sys.executable, "manage.py", "serve", "--demo-admin", "--workers", "1"], cwd=ROOT,
                               env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, start_new_session=True)
    output = Output(process)
    try:
        yield output
    finally:
        os.killpg(process.pid, signal.SIGINT)  # Ctrl-C at the terminal
        process.wait(timeout=60)


def tasks_run():
    """Tasks the worker has finished: RQ's registry in the scale-out configuration, the task table otherwise."""
    from django.conf import settings

    if settings.REDIS_URL:
        import django_rq

        return django_rq.get_queue("default").finished_job_registry.count
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(status="SUCCESSFUL").count()


def test_the_login_is_shown_again_after_start_up_and_task_runs_are_not_listed(serving):
    earlier = tasks_run()  # RQ keeps finished jobs of earlier tests for a while
    serving.wait_for(r"Password: .*[\s\S]*Password: ")
    deadline = time.monotonic() + 60
    while tasks_run() < earlier + 3:  # the scheduler's first tasks, run
        assert time.monotonic() < deadline, serving.text
        time.sleep(0.3)
    time.sleep(1)

    text = serving.text
    first, again = [m.start() for m in re.finditer(r"^  Login: +admin$", text, re.MULTILINE)]
    assert text.count("Password: ") == 2 and re.search(r"E-mail: +farah@appeal\.example\.org", text)
    assert first < text.index("Listening at: ") < again
    assert first < re.search(r"Starting worker|started with PID", text).start() < again  # db_worker or RQ
    assert "Task id=" not in text
    assert not re.search(r"Successfully completed|result is kept for|: Job OK", text)  # RQ's lines per job
