import io
import os
import signal
import socket
import subprocess
import sys
import threading
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from clarion.config import env
from clarion.core.logs import EACH_TASK
from clarion.core.supervise import Supervisor

# How long start-up may take before the login is shown again anyway, and the quiet that marks its end.
READY_WITHIN_SECONDS = 60
QUIET_SECONDS = 1.0


def child_environment(verbosity):
    """The children's environment: unbuffered output (it is relayed line by line), one line per task at -v 2."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    if verbosity >= 2:
        env["CLARION_TASK_LOG"] = EACH_TASK
    return env


class Relay:
    """Copies each child's output to ours, noting who has spoken, when anyone last did, and whether the web server
    has said it is listening."""

    def __init__(self, stdout):
        self.stdout, self.spoken, self.last = stdout, set(), time.monotonic()
        self.listening = False
        self.lock = threading.Lock()

    def say(self, line):
        with self.lock:
            self.stdout.write(line)
            self.stdout.flush()

    def follow(self, name, child):
        threading.Thread(target=self._copy, args=(name, child), daemon=True).start()

    def _copy(self, name, child):
        for line in child.stdout:
            with self.lock:
                self.stdout.write(line, ending="")
                self.stdout.flush()
                self.spoken.add(name)
                self.last = time.monotonic()
                self.listening = self.listening or (name == "web" and "Listening at: " in line)


def web_answers():
    try:
        with socket.create_connection(("127.0.0.1", int(settings.PORT)), timeout=1):
            return True
    except OSError:
        return False


class Command(BaseCommand):
    help = ("Serve the site with gunicorn, the task worker and the scheduler in the foreground, restarting any that "
            "exits; Ctrl-C stops. -v 2 logs each task run instead of a count a minute.")

    def add_arguments(self, parser):
        # One process per core measured best (SQLite and PostgreSQL): more only add GIL and lock contention.
        parser.add_argument("--workers", type=int,
                            default=env("WEB_CONCURRENCY") or os.cpu_count() or 2)
        parser.add_argument("--demo-admin", action="store_true",
                            help="Create the first administrator if there is none (ensure_demo_admin) and show "
                                 "its login again once the server and worker have started.")

    def handle(self, *args, workers, demo_admin=False, verbosity=1, **options):
        login = self.ensure_admin() if demo_admin else ""
        python = sys.executable
        manage = [python, str(settings.BASE_DIR / "manage.py")]
        commands = {
            "web": [python, "-m", "gunicorn", "clarion.wsgi", "--bind", f"127.0.0.1:{settings.PORT}",
                    "--workers", str(workers), "--threads", "4", "--access-logfile", "-",
                    "--logger-class", "clarion.core.accesslog.AccessLog",
                    "--graceful-timeout", "10", "--no-control-socket"],
            "worker": [*manage, *settings.TASK_WORKER_COMMAND],
            "scheduler": [*manage, "run_scheduler"],
        }
        relay = Relay(self.stdout)
        env = child_environment(verbosity)

        def start(name, command):
            child = subprocess.Popen(command, cwd=settings.BASE_DIR, env=env, text=True, bufsize=1,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            relay.follow(name, child)
            return child

        supervisor = Supervisor(commands, start, relay.say, lambda: relay.listening)
        supervisor.start_all()
        self.stdout.write(f"Serving {settings.CLARION_BASE_URL}/ — press Ctrl-C to stop.")
        self.run_until_stopped(supervisor, relay, login)

    def ensure_admin(self):
        """ensure_demo_admin's output, shown now (its question, if any, comes first) and kept to show again."""
        out = io.StringIO()
        call_command("ensure_demo_admin", stdout=out)
        self.stdout.write(out.getvalue())
        return out.getvalue()

    def started(self, relay, since):
        """The web server answers, it and the worker have announced themselves, and their output has settled."""
        if time.monotonic() - since > READY_WITHIN_SECONDS:
            return True
        return ({"web", "worker"} <= relay.spoken and time.monotonic() - relay.last > QUIET_SECONDS
                and web_answers())

    def run_until_stopped(self, supervisor, relay, login):
        stopping = False

        def stop(*_):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        since = time.monotonic()
        failure = None
        while not stopping and not failure:
            failure = supervisor.check()
            if login and self.started(relay, since):
                # Start-up output has pushed the login printed before it out of sight: show it once more.
                relay.say(login)
                login = ""
            time.sleep(0.25)
        supervisor.stop_all()
        if failure:
            raise CommandError(failure)
        self.stdout.write("Stopped.")
