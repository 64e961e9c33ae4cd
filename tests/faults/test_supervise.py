"""Issue 14, finding 2: `make run` used to stop the web server when its worker died. Now `manage.py serve`
restarts a worker or scheduler that exits, with a back-off, while the site keeps answering; SIGTERM still
stops every process it started."""

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from django.utils import timezone

from clarion.core.supervise import FIRST_DELAY, LONGEST_DELAY, STABLE_SECONDS, Child, Supervisor
from clarion.core.tasks import prune_task_results
from clarion.core.taskstate import last_runs
from tests.core.test_access_log import database_url, free_port
from tests.core.test_serve import Output

ROOT = Path(__file__).resolve().parent.parent.parent
# The longest a killed worker or scheduler may take to be doing its work again (back-off, start-up, one task).
RECOVERY_SECONDS = 30


def children_of():
    """{parent pid: [child pids]} from /proc, for every process on the machine (no psutil)."""
    tree = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:  # gone while we looked
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def descendants(pid):
    tree, found, todo = children_of(), [], [pid]
    while todo:
        kids = tree.get(todo.pop(), [])
        found += kids
        todo += kids
    return found


def alive(pid):
    """Running, not merely a zombie waiting for its parent."""
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


class Prober:
    """Asks the site for a page every 0.1 s from a thread and keeps every answer (status code or error)."""

    def __init__(self, url):
        self.url, self.answers, self.stopped = url, [], threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self.stopped.is_set():
            try:
                self.answers.append(requests.get(self.url, timeout=10).status_code)
            except requests.RequestException as error:
                self.answers.append(type(error).__name__)
            self.stopped.wait(0.1)

    def stop(self):
        self.stopped.set()
        self.thread.join(timeout=15)
        return self.answers


class Served:
    """`manage.py serve` as a real process on the test database, with the pids it reports."""

    def __init__(self, port=None):
        self.port = port or free_port()
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "DATABASE_URL": database_url(),
               "PORT": str(self.port), "CLARION_BASE_URL": f"http://127.0.0.1:{self.port}", "LOG_LEVEL": "INFO"}
        self.process = subprocess.Popen([sys.executable, "manage.py", "serve", "--workers", "1"], cwd=ROOT, env=env,
                                        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        text=True, start_new_session=True)
        self.output = Output(self.process)
        self.url = f"http://127.0.0.1:{self.port}/admin/login/"

    def pid_of(self, name):
        """The newest pid serve reported for `name` (at start, or started again)."""
        pids = re.findall(rf"\b{name} (?:started again )?\(pid (\d+)\)", self.output.text)
        return int(pids[-1]) if pids else None

    def wait_until_working(self):
        self.output.wait_for(r"^Started web \(pid \d+\), worker \(pid \d+\), scheduler \(pid \d+\)\.$")
        self.output.wait_for(r"Listening at: ")
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(self.url, timeout=10).status_code == 200:
                    return
            except requests.RequestException:
                pass
            assert time.monotonic() < deadline, self.output.text
            time.sleep(0.3)

    def stop(self):
        """SIGTERM to serve alone, as a service manager sends it: every process under it must go."""
        under = descendants(self.process.pid)
        assert under, "serve runs its children"
        self.process.send_signal(signal.SIGTERM)
        assert self.process.wait(timeout=40) == 0, self.output.text
        deadline = time.monotonic() + 10
        while any(alive(pid) for pid in under) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert [pid for pid in under if alive(pid)] == [], self.output.text
        assert "Stopped." in self.output.text


@pytest.fixture
def served(transactional_db, django_db_serialized_rollback):
    served = Served()
    try:
        served.wait_until_working()
        yield served
    finally:
        if served.process.poll() is None:
            os.killpg(served.process.pid, signal.SIGKILL)
            served.process.wait(timeout=30)


def kill(served, name):
    """SIGKILL `name`'s process and wait for serve to say so; returns the killed pid and when (monotonic, wall)."""
    pid = served.pid_of(name)
    assert pid and alive(pid)
    os.kill(pid, signal.SIGKILL)
    moment = time.monotonic(), timezone.now()
    served.output.wait_for(rf"^{name} \(pid {pid}\) was killed by SIGKILL; restarting it in {FIRST_DELAY} s\.$",
                           seconds=10)
    return pid, moment


def wait_for(condition, since, served):
    deadline = since + RECOVERY_SECONDS
    while not condition():
        assert time.monotonic() < deadline, served.output.text
        time.sleep(0.2)
    return time.monotonic() - since


def test_a_killed_worker_is_restarted_and_runs_the_next_task_while_the_site_answers(served):
    prober = Prober(served.url)
    pid, (killed, _) = kill(served, "worker")
    result = prune_task_results.enqueue()

    def ran():
        result.refresh()
        return result.is_finished

    recovery = wait_for(ran, killed, served)
    answers = prober.stop()
    print(f"worker SIGKILLed: a new worker ran a queued task {recovery:.1f} s later")
    assert result.status.name == "SUCCESSFUL"
    assert served.pid_of("worker") != pid and alive(served.pid_of("worker"))
    assert len(answers) > 10 and set(answers) == {200}, answers
    served.stop()


def test_a_killed_scheduler_is_restarted_and_enqueues_again_while_the_site_answers(served):
    prober = Prober(served.url)
    pid, (killed, killed_at) = kill(served, "scheduler")

    def scheduled_again():
        return any(at >= killed_at and outcome == "successful" for at, outcome in last_runs().values())

    recovery = wait_for(scheduled_again, killed, served)
    answers = prober.stop()
    print(f"scheduler SIGKILLed: a periodic task enqueued by its successor had run {recovery:.1f} s later")
    assert served.pid_of("scheduler") != pid and alive(served.pid_of("scheduler"))
    assert len(answers) > 10 and set(answers) == {200}, answers
    served.stop()


def test_a_web_server_that_cannot_listen_stops_serve_with_a_clear_message(transactional_db,
                                                                          django_db_serialized_rollback):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        served = Served(port=taken.getsockname()[1])
        try:
            assert served.process.wait(timeout=60) == 1, served.output.text
        finally:
            if served.process.poll() is None:
                os.killpg(served.process.pid, signal.SIGKILL)
    time.sleep(0.5)  # the relay threads' last lines
    assert "The web server exited with status 1 before it answered; stopping the worker and the scheduler." in (
        served.output.text)
    assert not [pid for pid in (served.pid_of("worker"), served.pid_of("scheduler")) if alive(pid)]


def python(code):
    return [sys.executable, "-c", code]


def test_back_off_doubles_to_a_minute_and_starts_again_after_a_long_run():
    child = Child("worker", [])
    delays = [child.next_delay(now=child.started_at + 1) for _ in range(8)]
    assert delays == [1, 2, 4, 8, 16, 32, LONGEST_DELAY, LONGEST_DELAY]
    assert child.next_delay(now=child.started_at + STABLE_SECONDS) == FIRST_DELAY


def test_a_worker_that_exits_is_started_again_after_its_delay_and_each_step_is_said():
    said = []
    start = lambda name, command: subprocess.Popen(command)  # noqa: E731
    supervisor = Supervisor({"web": python("import time; time.sleep(30)"), "worker": python("raise SystemExit(3)")},
                            start, said.append, web_listening=lambda: True)
    supervisor.start_all()
    try:
        web, worker = supervisor.children
        first = worker.process.pid
        worker.process.wait(timeout=10)
        assert supervisor.check() is None
        assert said[-1] == f"worker (pid {first}) exited with status 3; restarting it in 1 s."
        assert supervisor.check(now=worker.restart_at - 0.1) is None and worker.process.pid == first
        assert supervisor.check(now=worker.restart_at) is None
        assert worker.process.pid != first and said[-1] == f"worker started again (pid {worker.process.pid})."
        assert web.served and web.running
    finally:
        supervisor.stop_all()
    assert not web.running and not worker.running


def test_a_web_server_that_never_listened_stops_everything():
    said = []
    supervisor = Supervisor({"web": python("raise SystemExit(1)"), "worker": python("import time; time.sleep(30)")},
                            lambda name, command: subprocess.Popen(command), said.append,
                            web_listening=lambda: False)
    supervisor.start_all()
    web, worker = supervisor.children
    web.process.wait(timeout=10)
    assert supervisor.check() == ("The web server exited with status 1 before it answered; stopping the worker "
                                  "and the scheduler.")
    supervisor.stop_all()
    assert worker.process.returncode == -signal.SIGTERM
